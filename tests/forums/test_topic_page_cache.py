"""A topic page draws its posts from the shared cache (forums.fragments), yet never shows a
stale post: an edit, a hide, a deletion, a new post, a renamed author or another language
shows at once; what a moderator or a post's author sees never reaches another member; and
every form in a post carries the reader's own CSRF token."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils import translation

from forums import actions, services
from forums.models import Post, Report

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page_of(person, topic, language="en") -> str:
    client = Client()
    client.force_login(person)
    response = client.get(f"/{language}/forums/topics/{topic.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_edited_post_shows_its_new_text(boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men, body="before the edit")
    assert "before the edit" in page_of(leader_women, topic)
    services.post_edit(post=topic.posts.get(), editor=leader_men, body="after the edit")
    page = page_of(leader_women, topic)
    assert "after the edit" in page
    assert "before the edit" not in page


def test_a_hidden_post_is_hidden_at_once_and_shown_again_at_once(
    boards, leader_men, leader_women, office_staff, make_topic
):
    topic = make_topic(
        boards["all"], leader_men, replies=1, repliers=[leader_women], body="first post"
    )
    reply = topic.posts.get(number=2)
    assert "رد 1" in page_of(leader_men, topic)
    actions.HidePost(post=reply, user=office_staff, reason="off topic").execute()
    page = page_of(leader_men, topic)
    assert "Hidden by the moderators: off topic" in page
    assert "رد 1" not in page
    reply.refresh_from_db()
    actions.UnhidePost(post=reply, user=office_staff, reason="fine after all").execute()
    page = page_of(leader_men, topic)
    assert "رد 1" in page
    assert "Hidden by the moderators" not in page


def test_a_deleted_post_and_a_new_post(boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men, replies=2, repliers=[leader_women])
    assert "رد 2" in page_of(leader_men, topic)
    Post.objects.filter(topic=topic, number=3).delete()
    assert "رد 2" not in page_of(leader_men, topic)
    services.post_create(topic=topic, author=leader_women, body="a new reply", demo_data=True)
    assert "a new reply" in page_of(leader_men, topic)


def test_a_renamed_author_and_another_language(boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men)
    english, arabic = page_of(leader_women, topic), page_of(leader_women, topic, "ar")
    assert leader_men.get_full_name() in english
    assert leader_men.name_ar in arabic
    with translation.override("ar"):
        quote_in_arabic = translation.gettext("Quote")
    assert quote_in_arabic != "Quote"
    assert ">Quote<" in english and f">{quote_in_arabic}<" not in english
    assert f">{quote_in_arabic}<" in arabic and ">Quote<" not in arabic

    leader_men.first_name, leader_men.name_ar = "Khalid", "خالد"
    leader_men.save()
    assert "Khalid" in page_of(leader_women, topic)
    assert "خالد" in page_of(leader_women, topic, "ar")


def test_what_a_moderator_sees_never_reaches_a_member(
    boards, leader_men, leader_women, office_staff, make_topic
):
    topic = make_topic(boards["all"], leader_men, replies=1, repliers=[leader_women])
    actions.HidePost(post=topic.posts.get(number=2), user=office_staff, reason="spam").execute()
    moderator_page = page_of(office_staff, topic)
    assert "رد 1" in moderator_page  # moderators still read a hidden post
    assert "Show again" in moderator_page
    assert "Hide the post" in moderator_page
    for member in (leader_men, leader_women):
        page = page_of(member, topic)
        assert "Hidden by the moderators: spam" in page
        assert "رد 1" not in page
        assert "Show again" not in page
        assert "Hide the post" not in page
        assert "/hide/" not in page and "/unhide/" not in page
    # And the other way round: a member's page first, then the moderator's.
    assert "Hide the post" in page_of(office_staff, topic)


def test_an_author_edits_their_own_posts_and_reports_only_others(
    boards, leader_men, leader_women, make_topic
):
    topic = make_topic(boards["all"], leader_men, replies=1, repliers=[leader_women])
    first, reply = topic.posts.order_by("number")
    author_page = page_of(leader_men, topic)
    other_page = page_of(leader_women, topic)
    assert f"/posts/{first.pk}/edit/" in author_page
    assert f"/posts/{first.pk}/report/" not in author_page
    assert f"/posts/{reply.pk}/report/" in author_page
    assert f"/posts/{first.pk}/edit/" not in other_page
    assert f"/posts/{first.pk}/report/" in other_page
    assert f"/posts/{reply.pk}/edit/" in other_page


def test_new_marks_are_the_readers_own(boards, leader_men, leader_women, make_topic):
    topic = make_topic(boards["all"], leader_men, replies=2)
    page_of(leader_women, topic)  # she has read everything
    services.post_create(topic=topic, author=leader_men, body="news", demo_data=True)
    seen_by_her = page_of(leader_women, topic)
    assert seen_by_her.count("forum-post--unread") == 1
    assert "New since your last visit" in seen_by_her
    seen_by_him = page_of(leader_men, topic)  # his own posts are never new to him
    assert "forum-post--unread" not in seen_by_him
    assert "New since your last visit" not in seen_by_him


def test_every_form_of_a_post_carries_the_readers_own_token(
    boards, leader_men, leader_women, make_topic
):
    topic = make_topic(boards["all"], leader_men, replies=1)
    first = topic.posts.get(number=1)
    readers = {}
    for person in (leader_men, leader_women):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        page = client.get(f"/en/forums/topics/{topic.pk}/").content.decode()
        secret = client.cookies["csrftoken"].value
        tokens = TOKENS.findall(page)
        assert len(tokens) >= 3  # sign out, follow, reply, and her report forms
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}
        readers[person] = client, page, secret
    assert readers[leader_men][2] != readers[leader_women][2]

    # The report form drawn inside the cached post works for her.
    client, page, _secret = readers[leader_women]
    form = page[page.index(f'action="/en/forums/posts/{first.pk}/report/"') :]
    token = TOKENS.search(form).group(1)
    response = client.post(
        f"/en/forums/posts/{first.pk}/report/",
        {"reason": "wrong", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Report.objects.filter(post=first, reporter=leader_women).exists()


def test_a_post_cannot_pose_as_the_token_field(boards, leader_men, leader_women, make_topic):
    stand_in = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="forum-post-csrf-placeholder">'
        " forum-post-csrf-placeholder"
    )
    topic = make_topic(boards["all"], leader_men, body=stand_in)
    client = Client()
    client.force_login(leader_women)
    page = client.get(f"/en/forums/topics/{topic.pk}/").content.decode()
    body = page[page.index('class="forum-post__body"') :]
    body = body[: body.index("</div>")]
    # Shown as the text it is, and never given the reader's token.
    assert '&lt;input type="hidden" name="csrfmiddlewaretoken"' in body
    assert TOKENS.findall(body) == ["forum-post-csrf-placeholder"]
