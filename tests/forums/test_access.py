"""Who sees which board: team leaders, trainers and office staff use the forums; a plain
volunteer gets 404 at every forum address, GET or POST; section and organisation boards
only reach their own people; office staff see everything."""

import pytest
from django.urls import reverse

from forums.models import Board, Report, Subscription
from lms.models import Section
from lms.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def visible_slugs(client, user) -> set[str]:
    client.force_login(user)
    response = client.get("/en/forums/")
    assert response.status_code == 200
    return {board.slug for board in response.context["boards"]}


def test_boards_by_role_section_and_organisation(
    client, boards, leader_men, leader_women, leader_of_organisation, office_staff
):
    trainer_women = UserFactory(roles=[Role.TRAINER], section=Section.WOMEN)
    assert visible_slugs(client, leader_men) == {"all", "men"}
    assert visible_slugs(client, leader_women) == {"all", "women"}
    assert visible_slugs(client, leader_of_organisation) == {"all", "men", "red-crescent"}
    assert visible_slugs(client, trainer_women) == {"all", "women"}
    assert visible_slugs(client, office_staff) == {"all", "men", "women", "red-crescent"}


def test_women_leader_cannot_open_the_mens_board_or_its_topics(
    client, boards, leader_men, leader_women, make_topic
):
    topic = make_topic(boards["men"], leader_men, replies=1)
    post = topic.posts.get(number=2)
    client.force_login(leader_women)
    assert client.get("/en/forums/boards/men/").status_code == 404
    assert client.get("/en/forums/boards/men/new/").status_code == 404
    assert client.get(f"/en/forums/topics/{topic.pk}/").status_code == 404
    assert client.get(f"/en/forums/topics/{topic.pk}/reply/").status_code == 404
    assert client.get(f"/en/forums/topics/{topic.pk}/unread/").status_code == 404
    assert client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": "x"}).status_code == 404
    assert client.post(f"/en/forums/posts/{post.pk}/report/", {"reason": "x"}).status_code == 404
    assert client.get(f"/en/forums/posts/{post.pk}/edit/").status_code == 404
    response = client.post("/en/forums/subscription/", {"topic": topic.pk, "mode": "immediate"})
    assert response.status_code == 404
    response = client.post(
        "/en/forums/subscription/", {"board": boards["men"].pk, "mode": "digest"}
    )
    assert response.status_code == 404
    assert topic.posts.count() == 2
    assert not Report.objects.exists()
    assert not Subscription.objects.filter(user=leader_women).exists()


def test_a_plain_volunteer_gets_no_forum_at_all(client, volunteer, boards, leader_men, make_topic):
    topic = make_topic(boards["all"], leader_men)
    post = topic.posts.get()
    client.force_login(volunteer)
    home = client.get("/en/").content.decode()
    assert "/en/forums/" not in home
    gets = [
        "/en/forums/",
        "/en/forums/search/?q=x",
        "/en/forums/reports/",
        "/en/forums/boards/all/",
        "/en/forums/boards/all/new/",
        f"/en/forums/topics/{topic.pk}/",
        f"/en/forums/topics/{topic.pk}/reply/",
        f"/en/forums/posts/{post.pk}/edit/",
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        ("/en/forums/subscription/", {"board": boards["all"].pk, "mode": "immediate"}),
        (f"/en/forums/topics/{topic.pk}/reply/", {"body": "hello"}),
        ("/en/forums/boards/all/new/", {"title": "t", "body": "b"}),
        (f"/en/forums/posts/{post.pk}/report/", {"reason": "spam"}),
        (f"/en/forums/posts/{post.pk}/hide/", {"reason": "spam"}),
        (f"/en/forums/topics/{topic.pk}/moderate/", {"action": "lock", "reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert topic.posts.count() == 1
    assert not boards["all"].subscriptions.exists()


def test_leaders_see_the_forum_link_and_volunteers_do_not(client, volunteer, leader_men):
    client.force_login(leader_men)
    assert 'href="/en/forums/"' in client.get("/en/").content.decode()
    client.force_login(volunteer)
    assert 'href="/en/forums/"' not in client.get("/en/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, boards):
    response = client.get("/en/forums/boards/all/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_closed_board_is_read_only(client, boards, leader_men, make_topic):
    topic = make_topic(boards["all"], leader_men)
    Board.objects.filter(pk=boards["all"].pk).update(is_active=False)
    client.force_login(leader_men)
    assert client.get(f"/en/forums/topics/{topic.pk}/").status_code == 200
    assert client.get("/en/forums/boards/all/new/").status_code == 403
    response = client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": "late"})
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert topic.posts.count() == 1


def test_moderation_screens_are_for_office_staff(client, boards, leader_men, office_staff):
    client.force_login(leader_men)
    assert client.get(reverse("forum_reports")).status_code == 403
    client.force_login(office_staff)
    assert client.get(reverse("forum_reports")).status_code == 200


def test_mens_office_staff_reach_nothing_of_the_womens_board(
    client, boards, leader_women, make_topic
):
    """Office staff moderate every board, but staff limited to a section never reach the
    other section's board: not its pages, its search results or its admin screen."""
    from lms.roles import Role
    from tests.factories import UserFactory

    topic = make_topic(boards["women"], leader_women, replies=1)
    staff_men = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men", section="men")
    client.force_login(staff_men)
    assert client.get("/en/forums/boards/women/").status_code == 404
    assert client.get(f"/en/forums/topics/{topic.pk}/").status_code == 404
    assert client.post(f"/en/forums/topics/{topic.pk}/reply/", {"body": "x"}).status_code == 404
    assert client.get("/en/forums/boards/men/").status_code == 200
    edit = client.get(f"/admin/snippets/forums/board/edit/{boards['women'].pk}/", follow=True)
    assert edit.status_code == 404
    listed = set(client.get("/admin/snippets/forums/board/").context["object_list"])
    assert boards["women"] not in listed and boards["men"] in listed
    assert topic.posts.count() == 2
    whole_office = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="")
    client.force_login(whole_office)
    assert client.get(f"/en/forums/topics/{topic.pk}/").status_code == 200
