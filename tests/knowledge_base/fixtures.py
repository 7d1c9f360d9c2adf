"""Knowledge base fixtures, shared by tests/knowledge_base and the browser tests."""

import pytest
from wagtail.models import Site

from knowledge_base.models import (
    ArticleKind,
    ArticlePage,
    Audience,
    KnowledgeBaseIndexPage,
    TopicPage,
)
from tests.course_fixtures import publish_child


@pytest.fixture
def kb_index(locales):
    home = Site.objects.get(is_default_site=True).root_page
    return publish_child(home, KnowledgeBaseIndexPage(title="دليل المتطوع", slug="knowledge-base"))


@pytest.fixture
def kb_topic(kb_index):
    return publish_child(kb_index, TopicPage(title="واجبات المتطوع", slug="duties"))


@pytest.fixture
def make_article(kb_topic):
    counter = {"n": 0}

    def make(topic=None, **fields) -> ArticlePage:
        counter["n"] += 1
        fields.setdefault("title", f"مقالة {counter['n']}")
        fields.setdefault("slug", f"article-{counter['n']}")
        fields.setdefault("kind", ArticleKind.DUTY)
        fields.setdefault("audience", Audience.VOLUNTEERS)
        fields.setdefault("body", "<p>نص المقالة</p>")
        return publish_child(topic or kb_topic, ArticlePage(**fields))

    return make


def publish_revision(article: ArticlePage, *, major: bool = False, **changes) -> ArticlePage:
    """Edit ``article`` as an editor would and publish; ``major`` ticks "major revision"."""
    article = ArticlePage.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value)
    article.is_major_revision = major
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)
