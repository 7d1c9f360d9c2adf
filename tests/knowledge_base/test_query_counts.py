"""The knowledge base pages cost the same number of queries for a topic of 10 articles and
one of 2,000, with thousands of other people's acknowledgements. Wagtail's routing (site,
locale, one per level of the page tree) comes from the shared cache (``lms.pagecache``)."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge_base.models import Acknowledgement, ArticlePage
from knowledge_base.scale import _add_articles
from lms.models import User

pytestmark = pytest.mark.django_db

# The search repeats a query just made, whose document frequencies are remembered.
PINNED = {"index": 6, "topic": 4, "topic_page_2": 4, "article": 3, "search": 5, "waiting": 4}


def count(client, url) -> int:
    client.get(url)  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def measure(client, kb_index, kb_topic, article) -> dict:
    return {
        "index": count(client, kb_index.url),
        "topic": count(client, kb_topic.url),
        "topic_page_2": count(client, f"{kb_topic.url}?page=2"),
        "article": count(client, article.url),
        "search": count(client, "/ar/kb/search/?q=المسجد+النبوي"),
        "waiting": count(client, "/ar/kb/waiting/"),
    }


def others_acknowledge(articles, start: int, stop: int) -> None:
    people = User.objects.bulk_create(
        [User(email=f"crowd{n}@example.org", id_number=f"P{n:07d}") for n in range(start, stop)]
    )
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(user=p, article_key=a.translation_key, version=1)
            for p in people
            for a in articles
        ]
    )


def test_pages_cost_the_same_queries_for_10_and_2000_articles(
    client, volunteer, kb_index, kb_topic, make_article
):
    article = make_article(
        title="المسجد النبوي: آداب الزيارة", requires_acknowledgement=True, body="<p>المسجد</p>"
    )
    make_article(title="حقوق", requires_acknowledgement=True)
    client.force_login(volunteer)
    rng = random.Random(1)
    _add_articles(kb_topic, 20, rng)
    make_article(title="إجراء", requires_acknowledgement=True)  # on the topic's second page
    others_acknowledge([article], 0, 10)
    small = measure(client, kb_index, kb_topic, article)
    _add_articles(kb_topic, 2_000, rng)
    asking = list(ArticlePage.objects.filter(requires_acknowledgement=True))
    others_acknowledge(asking, 10, 2_000)
    large = measure(client, kb_index, kb_topic, article)
    assert small == large == PINNED
