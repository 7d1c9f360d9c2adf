"""Board and topic pages cost the same number of queries with 10 posts or 10,000 posts.

A topic page: session, user (the roles and the catalogue link of the header come from the
shared cache, lms.pagecache), the topic (with the reader's subscriptions and reading mark in
subqueries), and its page of posts with their authors and attachments; the posts' HTML
comes from the shared cache (forums.fragments). A board page: the board and one page of its
topics with unread marks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forums import markdown
from forums.models import Board, Post, Topic
from forums.search import posts_index

pytestmark = pytest.mark.django_db

PINNED = {"board": 4, "topic": 4, "topic_first_visit": 8, "index": 4, "search": 5}


def grow(topic: Topic, total: int) -> None:
    """Add posts in bulk until the topic holds ``total``."""
    body = "ملاحظة عن **الحشود**"
    html = markdown.render(body).html
    Post.objects.bulk_create(
        [
            Post(
                topic=topic,
                number=n,
                author_id=topic.author_id,
                body=body,
                body_html=html,
            )
            for n in range(topic.post_count + 1, total + 1)
        ],
        batch_size=2000,
    )
    posts_index(Post.objects.filter(topic=topic, number__gt=topic.post_count))
    Topic.objects.filter(pk=topic.pk).update(post_count=total, last_post_at=timezone.now())
    topic.post_count = total


def more_topics(board: Board, author, count: int) -> None:
    now = timezone.now()
    Topic.objects.bulk_create(
        [
            Topic(board=board, title=f"t{n}", author=author, post_count=1, last_post_at=now)
            for n in range(count)
        ]
    )
    Board.objects.filter(pk=board.pk).update(topic_count=Topic.objects.filter(board=board).count())


def count(client, url) -> int:
    client.get(url)  # warm caches; the first visit also records the reading mark
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def first_visit(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def measure(client, topic, reader_topic) -> dict:
    return {
        "board": count(client, "/ar/forums/boards/all/"),
        "topic": count(client, f"/ar/forums/topics/{topic.pk}/?page=last"),
        "topic_first_visit": first_visit(client, f"/ar/forums/topics/{reader_topic.pk}/"),
        "index": count(client, "/ar/forums/"),
        "search": count(client, "/ar/forums/search/?q=الحشود"),
    }


def test_board_and_topic_pages_cost_the_same_for_10_and_10000_posts(
    client, boards, leader_men, leader_women, make_topic
):
    # The search finds a post at either size: the page then reads the posts it shows.
    topic = make_topic(boards["all"], leader_men, replies=4, body="تنظيم الحشود")
    unread_small = make_topic(boards["all"], leader_men, replies=4)
    client.force_login(leader_women)
    at_10 = measure(client, topic, unread_small)

    grow(topic, 9_990)
    unread_large = make_topic(boards["all"], leader_men)
    grow(unread_large, 10)
    more_topics(boards["all"], leader_men, 200)
    at_10000 = measure(client, topic, unread_large)
    assert Post.objects.count() >= 10_000
    assert at_10 == at_10000 == PINNED
