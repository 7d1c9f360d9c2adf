"""Office staff manage boards in the Wagtail admin and read the moderation log there;
nobody writes the log by hand."""

import pytest

from forums import actions
from forums.models import Board, ModerationEntry
from lms.models import Section

pytestmark = pytest.mark.django_db


def test_office_staff_add_a_section_board(client, office_staff):
    client.force_login(office_staff)
    assert client.get("/admin/snippets/forums/board/").status_code == 200
    response = client.post(
        "/admin/snippets/forums/board/add/",
        {
            "title": "قسم النساء",
            "slug": "women",
            "description": "",
            "scope": "section",
            "section": "women",
            "position": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    board = Board.objects.get(slug="women")
    assert (board.scope, board.section, board.organisation) == ("section", Section.WOMEN, None)


def test_a_section_board_needs_its_section(client, office_staff):
    client.force_login(office_staff)
    response = client.post(
        "/admin/snippets/forums/board/add/",
        {"title": "x", "slug": "x", "scope": "section", "section": "", "position": 0},
    )
    assert response.status_code == 200
    assert "اختر القسم الذي خُصص له هذا المنتدى." in response.content.decode()  # in Arabic
    assert not Board.objects.exists()


def test_the_moderation_log_is_read_only(
    client, admin_user, office_staff, boards, leader_men, make_topic
):
    topic = make_topic(boards["all"], leader_men)
    actions.HidePost(post=topic.posts.get(), user=office_staff, reason="سبب").execute()
    entry = ModerationEntry.objects.get()
    client.force_login(office_staff)
    listing = client.get("/admin/snippets/forums/moderationentry/")
    assert listing.status_code == 200
    assert "سبب" in listing.content.decode()
    for person in (office_staff, admin_user):
        client.force_login(person)
        assert client.get("/admin/snippets/forums/moderationentry/add/").status_code in (302, 403)
        edit = client.get(f"/admin/snippets/forums/moderationentry/edit/{entry.pk}/")
        assert edit.status_code in (302, 403)
        delete = client.post(f"/admin/snippets/forums/moderationentry/delete/{entry.pk}/")
        assert delete.status_code in (302, 403)
    assert ModerationEntry.objects.filter(pk=entry.pk).exists()
