"""Scale data for the knowledge base benchmarks: 5,000 Arabic articles in ten topics.

Creating pages one by one through Wagtail takes tens of milliseconds each, so the articles
are written in bulk: the page rows with their tree paths computed here, then the article
rows. They are published pages without revisions, which is all search and listing read.
"""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.utils import timezone
from wagtail.models import Page, Site

from knowledge_base.models import (
    ArticleKind,
    ArticlePage,
    Audience,
    KnowledgeBaseIndexPage,
    TopicPage,
)
from knowledge_base.search import articles_index

ARTICLES = 5_000
TOPICS = 10
BATCH = 1_000

# Words with diacritics, hamza forms, taa marbuta and alef maqsura, as editors write them.
_WORD_LIST = (
    "المتطوع المتطوعة الزائر الحاج المسجد النبوي الساحة الباب المناوبة الاستراحة الإسعاف "
    "الإرشاد التائه الفندق الحملة الهوية البطاقة الصدرية قائد الفريق المسؤول السلامة الزحام "
    "الماء البارد الظهيرة الشمس الإغماء الإبلاغ الموقع التسليم التحضير الحضور الساعات الشهادة "
    "التدريب المعتمد الخصوصية التصوير الهدية التعليمات الموسم العمرة الزيارة مُصلّى النساء "
    "الأبواب إدارة التطوع مسؤولية حقوق واجبات إجراء سؤال جواب الرعاية الكرامة الأمانة الصبر "
    "مستشفى مبنى مرضى الصلاة الجمعة الرَّوضة الشَّرِيفة القُبَّة الخَضْراء"
)
WORDS = _WORD_LIST.split()
KINDS = list(ArticleKind.values)
AUDIENCES = [Audience.EVERYONE, Audience.VOLUNTEERS, Audience.VOLUNTEERS, Audience.TEAM_LEADERS]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _topics(index: KnowledgeBaseIndexPage) -> list[TopicPage]:
    topics = []
    for number in range(TOPICS):
        slug = f"bench-topic-{number}"
        topic = TopicPage.objects.child_of(index).filter(slug=slug).first()
        if topic is None:
            topic = TopicPage(title=f"موضوع {number}", slug=slug)
            index.add_child(instance=topic)
            topic.save_revision().publish()
        topics.append(topic)
    return topics


def _add_articles(topic: TopicPage, count: int, rng: random.Random) -> int:
    """Append ``count`` published articles to ``topic`` in a few bulk inserts."""
    topic.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    start = topic.numchild
    using = router.db_for_write(ArticlePage)
    own_fields = ArticlePage._meta.local_concrete_fields
    for offset in range(0, count, BATCH):
        numbers = range(start + offset, start + min(offset + BATCH, count))
        pages = []
        for number in numbers:
            title = f"{_sentence(rng, 4)} {number}"
            slug = f"bench-article-{number}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(topic.path, topic.depth + 1, number + 1),
                    depth=topic.depth + 1,
                    numchild=0,
                    url_path=f"{topic.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    locale_id=topic.locale_id,
                    translation_key=uuid.uuid4(),
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        Page.objects.bulk_create(pages)
        articles = []
        for page, number in zip(pages, numbers, strict=True):
            article = ArticlePage(
                page_ptr_id=page.pk,
                title=page.title,
                kind=KINDS[number % len(KINDS)],
                audience=AUDIENCES[number % len(AUDIENCES)],
                section="",
                requires_acknowledgement=number % 50 == 0,
                summary=_sentence(rng, 12),
                body=f"<p>{_sentence(rng, 60)}</p><p>{_sentence(rng, 40)}</p>",
            )
            articles.append(article)
        # Only the article table: the page rows above are its parents (multi-table
        # inheritance, which bulk_create refuses). This is what Model.save_base does per row.
        ArticlePage._base_manager._insert(articles, fields=own_fields, using=using)
        articles_index(ArticlePage.objects.filter(pk__in=[page.pk for page in pages]))
    Page.objects.filter(pk=topic.pk).update(numchild=start + count)
    return count


@transaction.atomic
def generate(*, articles: int = ARTICLES) -> int:
    """Top the bench knowledge base up to ``articles`` articles; returns how many were added."""
    home = Site.objects.get(is_default_site=True).root_page
    index = KnowledgeBaseIndexPage.objects.child_of(home).filter(slug="bench-kb").first()
    if index is None:
        index = KnowledgeBaseIndexPage(title="Bench knowledge base", slug="bench-kb")
        home.add_child(instance=index)
        index.save_revision().publish()
    topics = _topics(index)
    have = ArticlePage.objects.descendant_of(index).count()
    missing = max(articles - have, 0)
    rng = random.Random(1448 + have)  # noqa: S311 - sample text, not secrets
    per_topic, extra = divmod(missing, TOPICS)
    for number, topic in enumerate(topics):
        wanted = per_topic + (1 if number < extra else 0)
        if wanted:
            _add_articles(topic, wanted, rng)
    return missing
