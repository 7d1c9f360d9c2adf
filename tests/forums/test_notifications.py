"""Subscriptions: a new post emails each immediate subscriber once, in their language,
never its author; the daily digest gathers a day's posts for digest subscribers."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from forums import notifications, services, tasks
from forums.models import Notification, Post, Subscription
from lms.models import Section
from lms.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_ur(db):
    return UserFactory(roles=[Role.TEAM_LEADER], section=Section.MEN, preferred_language="ur")


def subscribe(user, mode="immediate", **target):
    return services.subscription_set(user=user, mode=mode, **target)


def test_a_new_post_emails_each_subscriber_once_in_their_language(
    boards,
    leader_men,
    leader_women,
    leader_ur,
    office_staff,
    make_topic,
    django_capture_on_commit_callbacks,
):
    topic = make_topic(boards["all"], leader_men, title="خطة الموسم")
    # leader_women (English) follows the board and the topic: still one email.
    subscribe(leader_women, board=boards["all"])
    subscribe(leader_women, topic=topic)
    subscribe(leader_ur, topic=topic)
    subscribe(office_staff, mode="digest", board=boards["all"])  # not immediate
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(topic=topic, author=leader_ur, body="**رأيي** كذا")
    # The author (leader_ur) hears nothing; leader_men follows his own topic.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader_men.email, leader_women.email])
    by_person = {m.to[0]: m for m in mail.outbox}
    english = by_person[leader_women.email]
    assert english.subject == "New post in “خطة الموسم”"
    assert "**رأيي** كذا" in english.body
    assert f"http://testserver/en/forums/topics/{topic.pk}/#post-2" in english.body
    arabic = by_person[leader_men.email]
    assert "/ar/forums/topics/" in arabic.body
    assert "New post" not in arabic.subject
    assert Notification.objects.filter(post=post).count() == 2


def test_a_retried_task_tells_nobody_twice(
    boards, leader_men, leader_women, make_topic, django_capture_on_commit_callbacks
):
    topic = make_topic(boards["all"], leader_men)
    subscribe(leader_women, topic=topic)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(topic=topic, author=leader_men, body="x")
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.post_notify.delay(post_id=post.pk).get() == 0
    assert len(mail.outbox) == 1


def test_subscribers_who_lost_access_are_not_told(
    boards, leader_men, leader_women, make_topic, django_capture_on_commit_callbacks
):
    topic = make_topic(boards["all"], leader_men)
    subscribe(leader_women, topic=topic)
    topic.board = boards["men"]  # moved to the men's section since
    topic.save(update_fields=["board"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(topic=topic, author=leader_men, body="x")
    assert mail.outbox == []


def test_a_rolled_back_post_notifies_nobody(boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men)
    subscribe(leader_women, topic=topic)
    mail.outbox.clear()
    # The test's transaction never commits, so on_commit callbacks never run.
    services.post_create(topic=topic, author=leader_men, body="x")
    assert mail.outbox == []


def test_following_from_the_page(client, boards, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_women)
    client.force_login(leader_women)
    response = client.post(
        "/en/forums/subscription/", {"board": boards["all"].pk, "mode": "digest"}
    )
    assert response.status_code == 302
    assert Subscription.objects.get(user=leader_women, board=boards["all"]).mode == "digest"
    page = client.get("/en/forums/boards/all/")
    assert page.context["board"].subscription == "digest"
    # The topic page says so too (its board came without the reader's subscription).
    assert "You follow its board." in client.get(f"/en/forums/topics/{topic.pk}/").content.decode()
    following = client.get("/en/forums/").context["subscriptions"]
    assert [(s.board, s.topic, s.mode) for s in following] == [
        (boards["all"], None, "digest"),
        (None, topic, "immediate"),
    ]
    client.post("/en/forums/subscription/", {"topic": topic.pk, "mode": "off"})
    assert not Subscription.objects.filter(user=leader_women, topic=topic).exists()
    assert (
        client.post("/en/forums/subscription/", {"board": 999, "mode": "digest"}).status_code == 404
    )
    assert client.post("/en/forums/subscription/", {"mode": "digest"}).status_code == 404


def test_the_digest_gathers_a_days_posts(
    boards, leader_men, leader_women, make_topic, django_capture_on_commit_callbacks
):
    subscribe(leader_women, mode="digest", board=boards["all"])
    old = make_topic(boards["all"], leader_men, title="قديم", replies=1)
    today = make_topic(boards["all"], leader_men, title="جديد", replies=2)
    make_topic(boards["men"], leader_men, title="رجال")  # not her board, not followed
    make_topic(boards["all"], leader_women, title="موضوعها")  # her own post
    now = timezone.now()
    Post.objects.filter(topic=old).update(created_at=now - datetime.timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.digest_send_all.delay().get() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [leader_women.email]
    assert digest.subject == "Forums: 3 new posts today"
    assert "جديد" in digest.body and "رد 2" in digest.body
    assert "قديم" not in digest.body and "رجال" not in digest.body and "موضوعها" not in digest.body
    # The next run covers only what came after.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_send_all.delay().get()
    assert mail.outbox == []
    services.post_create(topic=today, author=leader_men, body="بعد الملخص", demo_data=True)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_send_all.delay().get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Forums: 1 new post today"
    assert "بعد الملخص" in mail.outbox[0].body


def test_the_same_digest_run_twice_sends_once(
    boards, leader_men, leader_women, make_topic, django_capture_on_commit_callbacks
):
    subscribe(leader_women, mode="digest", board=boards["all"])
    make_topic(boards["all"], leader_men)
    until = timezone.now() + datetime.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digest_send(user=leader_women, until=until) == 1
        assert notifications.digest_send(user=leader_women, until=until) == 0
    assert len(mail.outbox) == 1


def test_the_digest_is_a_periodic_job():
    from django.conf import settings

    job = settings.CELERY_BEAT_SCHEDULE["forums-daily-digest"]
    assert job["task"] == "forums.tasks.digest_send_all"
    assert tasks.digest_send_all.name == job["task"]


def test_large_audiences_are_told_in_batches(
    boards, leader_men, make_topic, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notifications, "BATCH", 3)
    topic = make_topic(boards["men"], leader_men)
    readers = [UserFactory(roles=[Role.TEAM_LEADER], section=Section.MEN) for _ in range(5)]
    outsiders = [UserFactory(roles=[Role.TEAM_LEADER], section=Section.WOMEN) for _ in range(4)]
    for person in readers + outsiders:
        Subscription.objects.create(user=person, board=boards["men"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(topic=topic, author=leader_men, body="للجميع")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in readers)
