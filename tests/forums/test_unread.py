"""Each member's unread marks: per topic on the board page, per post on the topic page,
and a link to the first unread post."""

import pytest
from django.test import override_settings

from forums import services
from forums.models import TopicRead

pytestmark = pytest.mark.django_db


def unread_titles(client) -> dict:
    page = client.get("/en/forums/boards/all/")
    return {topic.title: topic.unread for topic in page.context["topics"]}


def test_topics_are_unread_until_opened_and_again_after_a_reply(
    client, boards, leader_men, leader_women, make_topic
):
    first = make_topic(boards["all"], leader_men, title="الأول", replies=1)
    make_topic(boards["all"], leader_men, title="الثاني")
    client.force_login(leader_women)
    assert unread_titles(client) == {"الأول": True, "الثاني": True}
    page = client.get(f"/en/forums/topics/{first.pk}/")
    assert [post.unread for post in page.context["posts"]] == [True, True]
    assert unread_titles(client) == {"الأول": False, "الثاني": True}
    assert TopicRead.objects.get(user=leader_women, topic=first).last_read_number == 2
    # Another member's reading is their own.
    client.force_login(leader_men)
    assert unread_titles(client) == {"الأول": True, "الثاني": True}
    services.post_create(topic=first, author=leader_men, body="جديد")
    client.force_login(leader_women)
    assert unread_titles(client)["الأول"] is True
    page = client.get(f"/en/forums/topics/{first.pk}/")
    assert [post.unread for post in page.context["posts"]] == [False, False, True]
    assert page.context["first_unread"] == 3


def test_own_posts_are_never_unread(client, boards, leader_men, make_topic):
    topic = make_topic(boards["all"], leader_men)
    client.force_login(leader_men)
    page = client.get(f"/en/forums/topics/{topic.pk}/")
    assert [post.unread for post in page.context["posts"]] == [False]


@override_settings(MANARA_FORUM_POSTS_PER_PAGE=2)
def test_the_unread_link_opens_the_first_unread_post(
    client, boards, leader_men, leader_women, make_topic
):
    topic = make_topic(boards["all"], leader_men, replies=4)  # posts 1..5
    client.force_login(leader_women)
    assert client.get(f"/en/forums/topics/{topic.pk}/unread/")["Location"] == (
        f"/en/forums/topics/{topic.pk}/#post-1"
    )
    client.get(f"/en/forums/topics/{topic.pk}/")  # reads posts 1 and 2
    assert client.get(f"/en/forums/topics/{topic.pk}/unread/")["Location"] == (
        f"/en/forums/topics/{topic.pk}/?page=2#post-3"
    )
    # Without a page number, the topic opens where she stopped.
    assert client.get(f"/en/forums/topics/{topic.pk}/").context["pages"].number == 2
    # Reading an earlier page never moves the mark backwards.
    client.get(f"/en/forums/topics/{topic.pk}/?page=3")
    client.get(f"/en/forums/topics/{topic.pk}/?page=1")
    assert TopicRead.objects.get(user=leader_women, topic=topic).last_read_number == 5


def test_page_numbers_out_of_range_are_kept_in_range(client, boards, leader_men, make_topic):
    topic = make_topic(boards["all"], leader_men)
    client.force_login(leader_men)
    for raw in ("0", "-3", "99", "abc", "last"):
        page = client.get(f"/en/forums/topics/{topic.pk}/?page={raw}")
        assert page.status_code == 200
        assert page.context["pages"].number == 1
