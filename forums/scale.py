"""Scale data for the forum benchmarks: a board with a topic of 10 posts and a topic of
10,000 posts, a search board of 100,000 posts in 2,000 topics, written in bulk, and a team
leader to read them."""

import html
import random
from collections import Counter

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from forums import markdown
from forums.models import Board, Post, PostTerm, Topic
from forums.search import POST_LANGUAGE, posts_index, topics_terms_sum
from lms.models import User
from lms.roles import Role
from lms.search import index_terms

SIZES = {"bench-topic-10": 10, "bench-topic-10000": 10_000}
READER = "leader@scale.manara.test"
TEXT = "ملاحظة رقم {n} عن **تنظيم الحشود** عند باب السلام، انظر https://example.org/guide"


def bench_reader() -> User:
    reader, created = User.objects.get_or_create(
        email=READER,
        defaults={
            "first_name": "Scale",
            "last_name": "Leader",
            "section": "men",
            "id_number": "L00000001",
            "id_type": "passport",
        },
    )
    if created:
        reader.groups.add(Group.objects.get(name=Role.TEAM_LEADER.value))
    return reader


@transaction.atomic
def generate() -> None:
    reader = bench_reader()
    board, _created = Board.objects.get_or_create(
        slug="bench-board", defaults={"title": "Bench board"}
    )
    authors = list(
        User.objects.filter(email__endswith="@scale.manara.test").order_by("pk")[:50]
    ) or [reader]
    for title, size in SIZES.items():
        topic = Topic.objects.filter(board=board, title=title).first()
        if topic is not None and topic.post_count >= size:
            continue
        now = timezone.now()
        topic = topic or Topic.objects.create(board=board, title=title, author=authors[0])
        start = topic.post_count
        posts = []
        for n in range(start + 1, size + 1):
            body = TEXT.format(n=n)
            posts.append(
                Post(
                    topic=topic,
                    number=n,
                    author=authors[n % len(authors)],
                    body=body,
                    body_html=markdown.render(body).html,
                )
            )
        Post.objects.bulk_create(posts, batch_size=2000)
        posts_index(Post.objects.filter(topic=topic, number__gt=start))
        Topic.objects.filter(pk=topic.pk).update(
            post_count=size, last_post_at=now, last_post_author=authors[(size) % len(authors)]
        )
    Board.objects.filter(pk=board.pk).update(
        topic_count=Topic.objects.filter(board=board).count(),
        post_count=sum(SIZES.values()),
        last_post_at=timezone.now(),
    )


SEARCH_POSTS = 100_000
SEARCH_TOPICS = 2_000
# Words of team leaders' notes, as they write them; each post takes twelve at random, so a
# word such as الحشود is in about one post in six: a common word.
_VOCABULARY_TEXT = (
    "تنظيم الحشود عند باب السلام المتطوع المتطوعة الزائر الحاج المسجد النبوي الساحة الباب "
    "المناوبة الاستراحة الإسعاف الإرشاد التائه الفندق الحملة الهوية البطاقة قائد الفريق "
    "المسؤول السلامة الزحام الماء البارد الظهيرة الشمس الإغماء الإبلاغ الموقع التسليم "
    "التحضير الحضور الساعات الشهادة التدريب الخصوصية التصوير التعليمات الموسم العمرة "
    "الزيارة مصلى النساء الأبواب إدارة التطوع مسؤولية حقوق واجبات مستشفى مبنى مرضى الصلاة "
    "الجمعة الروضة الشريفة القبة الخضراء العربات المظلات المراوح الكراسي الطوارئ الممرات"
)
VOCABULARY = _VOCABULARY_TEXT.split()


@transaction.atomic
def generate_search(*, posts: int = SEARCH_POSTS) -> int:
    """Top the search board up to ``posts`` posts in ``SEARCH_TOPICS`` topics, indexed;
    returns how many were added. The terms of the vocabulary are computed once (the same
    as ``index_terms`` gives word by word), which keeps 100,000 posts to about a minute."""
    board, _created = Board.objects.get_or_create(
        slug="bench-search", defaults={"title": "Bench search board"}
    )
    have = Post.objects.filter(topic__board=board).count()
    if have >= posts:
        return 0
    author = bench_reader()
    rng = random.Random(1448 + have)  # noqa: S311 - sample text, not secrets
    term_of = {word: next(iter(index_terms(word, POST_LANGUAGE)), "") for word in VOCABULARY}
    per_topic = max(posts // SEARCH_TOPICS, 1)
    topics = list(Topic.objects.filter(board=board).order_by("pk"))
    now = timezone.now()
    while len(topics) < SEARCH_TOPICS:
        topics.extend(
            Topic.objects.bulk_create(
                [
                    Topic(board=board, title=f"{rng.choice(VOCABULARY)} {n}", author=author)
                    for n in range(len(topics), min(len(topics) + 1_000, SEARCH_TOPICS))
                ]
            )
        )
    for start in range(have, posts, 5_000):
        batch, texts = [], []
        for n in range(start, min(start + 5_000, posts)):
            topic = topics[n % SEARCH_TOPICS]
            chosen = [rng.choice(VOCABULARY) for _ in range(12)]
            body = " ".join(chosen)
            texts.append(chosen)
            batch.append(
                Post(
                    topic=topic,
                    number=n // SEARCH_TOPICS + 1,
                    author=author,
                    body=body,
                    body_html=f"<p>{html.escape(body)}</p>",
                )
            )
        created = Post.objects.bulk_create(batch, batch_size=2_000)
        if not created or created[0].pk is None:  # databases that return no ids
            created = list(Post.objects.filter(topic__board=board).order_by("-pk")[: len(batch)])
            created.reverse()
        rows = []
        for post, chosen in zip(created, texts, strict=True):
            counts = Counter(term_of[word] for word in chosen if term_of[word])
            rows.extend(
                PostTerm(
                    post_id=post.pk,
                    topic_id=post.topic_id,
                    board_id=board.pk,
                    term=term,
                    weight=count / (count + 1.2),
                )
                for term, count in counts.items()
            )
        PostTerm.objects.bulk_create(rows, batch_size=5_000)
    topics_terms_sum(Topic.objects.filter(board=board))
    Topic.objects.filter(board=board).update(post_count=per_topic, last_post_at=now)
    Board.objects.filter(pk=board.pk).update(
        topic_count=SEARCH_TOPICS, post_count=posts, last_post_at=now
    )
    return posts - have
