"""Starting topics, replying, quoting, editing within the window, and the posting rate."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from forums import services
from forums.models import Board, Post, Subscription, Topic

pytestmark = pytest.mark.django_db


def test_start_a_topic_through_the_page(client, boards, leader_women):
    client.force_login(leader_women)
    assert client.get("/en/forums/boards/women/new/").status_code == 200
    response = client.post(
        "/en/forums/boards/women/new/", {"title": "مناوبات العيد", "body": "من **يتطوع**؟"}
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/forums/topics/{topic.pk}/"
    assert (topic.board, topic.author, topic.post_count) == (boards["women"], leader_women, 1)
    assert topic.posts.get().body_html == "<p>من <strong>يتطوع</strong>؟</p>"
    board = Board.objects.get(pk=boards["women"].pk)
    assert (board.topic_count, board.post_count) == (1, 1)
    assert Subscription.objects.filter(user=leader_women, topic=topic, mode="immediate").exists()


def test_an_empty_post_is_refused_with_a_clear_error(client, boards, leader_men):
    client.force_login(leader_men)
    response = client.post("/en/forums/boards/all/new/", {"title": "t", "body": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode() or "Write something" in (
        response.content.decode()
    )
    assert not Topic.objects.exists()


def test_replies_are_numbered_and_counted(client, boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men)
    client.force_login(leader_women)
    response = client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": "رد أول"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/forums/topics/{topic.pk}/#post-2"
    services.post_create(topic=topic, author=leader_men, body="رد ثان")
    topic.refresh_from_db()
    assert list(topic.posts.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    assert topic.post_count == 3
    assert topic.last_post_author == leader_men
    assert Board.objects.get(pk=boards["all"].pk).post_count == 3


@override_settings(MANARA_FORUM_POSTS_PER_PAGE=2)
def test_a_reply_on_a_later_page_links_to_its_page(client, boards, leader_men, make_topic):
    topic = make_topic(boards["all"], leader_men, replies=2)
    client.force_login(leader_men)
    response = client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": "الرابع"})
    assert response["Location"] == f"/en/forums/topics/{topic.pk}/?page=2#post-4"
    page = client.get(f"/en/forums/topics/{topic.pk}/?page=2")
    assert [post.number for post in page.context["posts"]] == [3, 4]
    assert page.context["pages"].count == 2


def test_quoting_prefills_the_reply_and_records_the_quote(
    client, boards, leader_men, leader_women, make_topic
):
    topic = make_topic(boards["all"], leader_men, body="الماء أولاً\nثم الظل")
    first = topic.posts.get()
    client.force_login(leader_women)
    form = client.get(f"/en/forums/topics/{topic.pk}/reply/?quote={first.pk}")
    assert form.status_code == 200
    initial = form.context["form"].initial["body"]
    assert initial.startswith(f"> **{leader_men.get_full_name()}**:\n> الماء أولاً\n> ثم الظل")
    client.post(
        f"/en/forums/topics/{topic.pk}/reply/",
        {"body": initial + "أوافق تماماً", "quote": first.pk},
    )
    reply = topic.posts.get(number=2)
    assert reply.quoted_post == first
    assert reply.body_html.startswith("<blockquote><p><strong>")
    assert "<p>أوافق تماماً</p>" in reply.body_html


def test_a_post_of_another_topic_cannot_be_quoted(boards, leader_men, make_topic):
    first, second = make_topic(boards["all"], leader_men), make_topic(boards["all"], leader_men)
    with pytest.raises(services.ForumError):
        services.post_create(
            topic=second, author=leader_men, body="x", quoted_post=first.posts.get()
        )


def test_the_author_edits_within_the_window(client, boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men, body="نص قديم")
    post = topic.posts.get()
    client.force_login(leader_men)
    page = client.get(f"/en/forums/topics/{topic.pk}/").content.decode()
    assert f"/en/forums/posts/{post.pk}/edit/" in page
    response = client.post(f"/en/forums/posts/{post.pk}/edit/", {"body": "نص **جديد**"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body_html == "<p>نص <strong>جديد</strong></p>"
    assert post.edited_at is not None
    client.force_login(leader_women)
    assert client.get(f"/en/forums/posts/{post.pk}/edit/").status_code == 403
    assert client.post(f"/en/forums/posts/{post.pk}/edit/", {"body": "x"}).status_code == 403


def test_the_edit_window_closes(client, boards, leader_men, make_topic, settings):
    settings.MANARA_FORUM_EDIT_WINDOW_MINUTES = 30
    topic = make_topic(boards["all"], leader_men, body="قديم")
    post = topic.posts.get()
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    client.force_login(leader_men)
    page = client.get(f"/en/forums/topics/{topic.pk}/").content.decode()
    assert f"/posts/{post.pk}/edit/" not in page
    response = client.post(f"/en/forums/posts/{post.pk}/edit/", {"body": "جديد"})
    assert response.status_code == 403
    assert "30 minutes" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "قديم"
    with pytest.raises(services.ForumError):
        services.post_edit(post=post, editor=leader_men, body="جديد")


def test_locked_topics_take_no_replies_except_from_moderators(
    client, boards, leader_men, office_staff, make_topic
):
    topic = make_topic(boards["all"], leader_men)
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    client.force_login(leader_men)
    page = client.get(f"/en/forums/topics/{topic.pk}/")
    assert page.context["may_reply"] is False
    response = client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": "x"})
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    services.post_create(topic=topic, author=office_staff, body="ملاحظة المشرف")
    assert topic.posts.count() == 2


@override_settings(MANARA_FORUM_POST_RATE=(3, 60))
def test_posting_is_rate_limited_per_person(client, boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men)
    client.force_login(leader_women)
    for n in range(3):
        assert (
            client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": f"{n}"}).status_code == 302
        )
    refused = client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": "الرابع"})
    assert refused.status_code == 429
    assert "You are posting too quickly" in refused.content.decode()
    assert "الرابع" in refused.content.decode()  # the text is kept for the next try
    assert topic.posts.count() == 4
    # Someone else is not slowed down by her.
    services.post_create(topic=topic, author=leader_men, body="ok")


@override_settings(MANARA_FORUM_POST_RATE=(1, 60))
def test_the_rate_limit_speaks_the_readers_language(client, boards, leader_men, make_topic):
    topic = make_topic(boards["all"], leader_men)
    client.force_login(leader_men)
    client.post(f"/ar/forums/topics/{topic.pk}/reply/", {"body": "1"})
    refused = client.post(f"/ar/forums/topics/{topic.pk}/reply/", {"body": "2"})
    assert refused.status_code == 429
    assert "You are posting too quickly" not in refused.content.decode()
    assert "بسرعة" in refused.content.decode()


def test_mentions_notify_people_who_can_read_the_board(
    boards,
    leader_men,
    leader_women,
    office_staff,
    volunteer,
    make_topic,
    django_capture_on_commit_callbacks,
):
    topic = make_topic(boards["men"], leader_men)
    mail.outbox.clear()
    body = f"@{leader_women.email} @{office_staff.email} @{volunteer.email} @nobody@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(topic=topic, author=leader_men, body=body)
    assert sorted(message.to[0] for message in mail.outbox) == [office_staff.email]
    # Office staff read Arabic (their preferred language).
    assert mail.outbox[0].subject == f"أشار إليك {leader_men.name_ar} في «موضوع»"


def test_an_edit_notifies_only_the_newly_mentioned(
    boards, leader_men, leader_women, office_staff, make_topic, django_capture_on_commit_callbacks
):
    topic = make_topic(boards["all"], leader_men)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(topic=topic, author=leader_men, body=f"@{leader_women.email}")
    assert [m.to for m in mail.outbox] == [[leader_women.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(
            post=post, editor=leader_men, body=f"@{leader_women.email} @{office_staff.email}"
        )
    assert [m.to for m in mail.outbox] == [[office_staff.email]]
