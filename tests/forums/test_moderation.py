"""Office staff hide posts with a reason, lock, pin and move topics, and handle members'
reports; every action is audited (who, when, what, why) and refused to anyone else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forums import actions, services
from forums.models import Board, ModerationEntry, Report, Topic

pytestmark = pytest.mark.django_db


def test_hiding_a_post_with_a_reason(
    client, boards, leader_men, leader_women, office_staff, make_topic
):
    topic = make_topic(
        boards["all"], leader_men, body="نص مسيء", replies=1, repliers=[leader_women]
    )
    post = topic.posts.get(number=2)
    client.force_login(office_staff)
    response = client.post(f"/en/forums/posts/{post.pk}/hide/", {"reason": "off topic"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.is_hidden, post.hidden_reason, post.hidden_by) == (True, "off topic", office_staff)
    entry = ModerationEntry.objects.get()
    assert (entry.actor, entry.action, entry.post, entry.topic, entry.reason) == (
        office_staff,
        "hide",
        post,
        topic,
        "off topic",
    )
    assert entry.created_at is not None
    # Members see the reason, not the text; the attachment and search hide it too.
    client.force_login(leader_men)
    page = client.get(f"/en/forums/topics/{topic.pk}/").content.decode()
    assert "Hidden by the moderators: off topic" in page
    assert "رد 1" not in page
    # Moderators still see it, marked hidden.
    client.force_login(office_staff)
    assert "رد 1" in client.get(f"/en/forums/topics/{topic.pk}/").content.decode()


def test_a_reason_is_required_and_nothing_is_half_done(
    client, boards, leader_men, office_staff, make_topic
):
    topic = make_topic(boards["all"], leader_men)
    post = topic.posts.get()
    client.force_login(office_staff)
    response = client.post(f"/en/forums/posts/{post.pk}/hide/", {"reason": "  "}, follow=True)
    assert "Give a reason" in response.content.decode()
    post.refresh_from_db()
    assert not post.is_hidden
    assert not ModerationEntry.objects.exists()


def test_only_office_staff_moderate(client, boards, leader_men, trainer, make_topic):
    topic = make_topic(boards["all"], leader_men)
    post = topic.posts.get()
    for person in (leader_men, trainer):
        client.force_login(person)
        assert client.post(f"/en/forums/posts/{post.pk}/hide/", {"reason": "x"}).status_code == 403
        response = client.post(
            f"/en/forums/topics/{topic.pk}/moderate/", {"action": "lock", "reason": "x"}
        )
        assert response.status_code == 403
        response = client.post(
            f"/en/forums/topics/{topic.pk}/move/", {"board": boards["men"].pk, "reason": "x"}
        )
        assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.HidePost(post=post, user=leader_men, reason="x").execute()
    post.refresh_from_db()
    topic.refresh_from_db()
    assert not post.is_hidden and not topic.is_locked and topic.board == boards["all"]
    assert not ModerationEntry.objects.exists()


def test_lock_pin_and_unhide_are_audited(client, boards, leader_men, office_staff, make_topic):
    topic = make_topic(boards["all"], leader_men)
    older = make_topic(boards["all"], leader_men, title="أقدم")
    client.force_login(office_staff)
    client.post(f"/en/forums/topics/{older.pk}/moderate/", {"action": "pin"})
    client.post(
        f"/en/forums/topics/{topic.pk}/moderate/", {"action": "lock", "reason": "انتهى النقاش"}
    )
    topic.refresh_from_db()
    older.refresh_from_db()
    assert older.is_pinned and topic.is_locked
    board = client.get("/en/forums/boards/all/")
    assert [t.pk for t in board.context["topics"]] == [older.pk, topic.pk]  # pinned first
    # Locking needs a reason.
    client.post(f"/en/forums/topics/{older.pk}/moderate/", {"action": "lock", "reason": ""})
    older.refresh_from_db()
    assert not older.is_locked
    post = topic.posts.get()
    actions.HidePost(post=post, user=office_staff, reason="خطأ").execute()
    client.post(f"/en/forums/posts/{post.pk}/unhide/", {"reason": "أعيد بعد المراجعة"})
    post.refresh_from_db()
    assert not post.is_hidden
    assert list(ModerationEntry.objects.order_by("pk").values_list("action", "reason")) == [
        ("pin", ""),
        ("lock", "انتهى النقاش"),
        ("hide", "خطأ"),
        ("unhide", "أعيد بعد المراجعة"),
    ]
    assert (
        client.post(f"/en/forums/topics/{topic.pk}/moderate/", {"action": "x"}).status_code == 404
    )


def test_moving_a_topic_moves_its_counts(client, boards, leader_men, office_staff, make_topic):
    topic = make_topic(boards["all"], leader_men, replies=2)
    client.force_login(office_staff)
    response = client.post(
        f"/en/forums/topics/{topic.pk}/move/", {"board": boards["men"].pk, "reason": "للرجال"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.board == boards["men"]
    source, target = Board.objects.get(slug="all"), Board.objects.get(slug="men")
    assert (source.topic_count, source.post_count) == (0, 0)
    assert (target.topic_count, target.post_count) == (1, 3)
    entry = ModerationEntry.objects.get(action="move")
    assert entry.details == {"from_board": boards["all"].pk, "to_board": boards["men"].pk}
    assert entry.reason == "للرجال"
    with pytest.raises(ValidationError):
        actions.MoveTopic(topic=topic, user=office_staff, board=boards["men"], reason="x").execute()


def test_report_queue_and_resolution(
    client, boards, leader_men, leader_women, office_staff, make_topic
):
    topic = make_topic(boards["all"], leader_men, body="إعلان تجاري")
    post = topic.posts.get()
    client.force_login(leader_women)
    response = client.post(f"/en/forums/posts/{post.pk}/report/", {"reason": "إعلان"}, follow=True)
    assert "the moderators will look at this post" in response.content.decode()
    again = client.post(f"/en/forums/posts/{post.pk}/report/", {"reason": "مرة أخرى"}, follow=True)
    assert "already reported" in again.content.decode()
    assert Report.objects.count() == 1
    with pytest.raises(services.ForumError):
        services.report_create(post=post, reporter=leader_men, reason="my own")

    client.force_login(office_staff)
    assert client.get("/en/forums/").context["open_reports"] == 1
    queue = client.get("/en/forums/reports/")
    assert [r.pk for r in queue.context["reports"]] == [Report.objects.get().pk]
    report = Report.objects.get()
    response = client.post(
        f"/en/forums/reports/{report.pk}/handle/", {"decision": "hide", "reason": "دعاية"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, report.handled_by, report.note) == ("resolved", office_staff, "دعاية")
    assert post.is_hidden and post.hidden_reason == "دعاية"
    assert sorted(ModerationEntry.objects.values_list("action", flat=True)) == ["hide", "resolve"]
    assert client.get("/en/forums/reports/").context["reports"] == []
    # Handling twice is refused.
    with pytest.raises(ValidationError):
        actions.HandleReport(report=report, user=office_staff, hide=False, reason="x").execute()


def test_dismissing_a_report_keeps_the_post(
    boards, leader_men, leader_women, office_staff, make_topic
):
    topic = make_topic(boards["all"], leader_men)
    post = topic.posts.get()
    report = services.report_create(post=post, reporter=leader_women, reason="لا أوافق")
    actions.HandleReport(report=report, user=office_staff, hide=False, reason="رأي مقبول").execute()
    report.refresh_from_db()
    post.refresh_from_db()
    assert report.status == "dismissed" and not post.is_hidden
    entry = ModerationEntry.objects.get()
    assert (entry.action, entry.report, entry.reason) == ("dismiss", report, "رأي مقبول")


def test_topics_flags_reach_the_topic_model(boards, leader_men, office_staff, make_topic):
    topic = make_topic(boards["all"], leader_men)
    actions.SetTopicFlag(topic=topic, user=office_staff, flag="is_pinned", value=True).execute()
    assert Topic.objects.get(pk=topic.pk).is_pinned
    with pytest.raises(ValidationError):
        actions.SetTopicFlag(topic=topic, user=office_staff, flag="is_pinned", value=True).execute()
