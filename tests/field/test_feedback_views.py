"""The beneficiaries' feedback pages: a pilgrim without an account answers with a working
CSRF check in any of the six languages; unknown, closed and flooded codes get a clear page
in the visitor's language; the office's screens keep to the staff member's section."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from field import feedback
from field.models import Feedback
from lms.roles import Role
from tests.factories import DeploymentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LANGUAGES = ["ar", "en", "ur", "tr", "ms", "ha"]
# The form for an anonymous visitor: the code with its deployment, role and organisation
# (one query); the site menu's link to the courses comes from the shared cache. Pinned: the
# same whatever the number of answers recorded.
QUERIES_FORM = 1


@pytest.fixture
def deployment():
    return DeploymentFactory(
        starts_on=TODAY - datetime.timedelta(days=2), ends_on=TODAY + datetime.timedelta(days=5)
    )


@pytest.fixture
def code(deployment):
    return feedback.feedback_code_ensure(deployment=deployment).code


def form_url(code, language="ar"):
    with translation.override(language):
        return reverse("feedback_form", kwargs={"code": code})


def csrf_of(response) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)[1].decode()


def test_an_anonymous_visitor_answers_through_the_csrf_check(code):
    client = Client(enforce_csrf_checks=True)
    url = form_url(code, "ur")
    page = client.get(url)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex"

    sent = client.post(
        url,
        {"rating": "5", "helped": "yes", "comment": "شکریہ", "csrfmiddlewaretoken": csrf_of(page)},
        REMOTE_ADDR="203.0.113.9",
    )

    assert sent.status_code == 302
    assert sent["Location"] == form_url(code, "ur") + "thanks/"
    answer = Feedback.objects.get()
    assert (answer.rating, answer.helped, answer.comment, answer.language) == (
        5,
        True,
        "شکریہ",
        "ur",
    )
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200 and 'lang="ur"' in thanks.content.decode()


def test_without_the_csrf_token_nothing_is_saved(code):
    client = Client(enforce_csrf_checks=True)
    refused = client.post(form_url(code), {"rating": "5", "helped": "yes"})
    assert refused.status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_speaks_each_language_and_offers_the_others(client, code, language):
    page = client.get(form_url(code, language))
    html = page.content.decode()
    assert page.status_code == 200
    direction = "rtl" if language in ("ar", "ur") else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    for other in LANGUAGES:
        assert f'href="{form_url(code, other)}"' in html
    # Five faces, each an accessible radio button with its label.
    assert html.count('type="radio" name="rating"') == 5
    assert html.count('type="radio" name="helped"') == 2


def test_the_forms_queries_are_pinned(client, code, deployment, django_assert_num_queries):
    for rating in (1, 5, 4):
        feedback.feedback_record(deployment=deployment, rating=rating, helped=True, comment="x")
    client.get(form_url(code))  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_FORM):
        assert client.get(form_url(code)).status_code == 200


def test_a_bad_answer_shows_what_to_put_right_and_saves_nothing(client, code):
    with translation.override("en"):
        page = client.post(
            form_url(code, "en"), {"rating": "9", "helped": "", "comment": "x" * 501}
        )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nothing was saved" in html
    assert "Say whether you were helped." in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("bad", ["forged-code", "AAAAAAAAAAAAAAAAAAAAAA"])
def test_a_forged_code_gets_a_clear_not_found_page(client, code, bad):
    with translation.override("en"):
        page = client.get(form_url(bad, "en"))
        posted = client.post(form_url(bad, "en"), {"rating": "5", "helped": "yes"})
    assert page.status_code == posted.status_code == 404
    assert "This feedback link is not known or is no longer in use." in page.content.decode()
    assert not Feedback.objects.exists()


def test_a_closed_deployment_says_feedback_is_closed(client, deployment, code):
    deployment.starts_on = TODAY - datetime.timedelta(days=60)
    deployment.ends_on = TODAY - datetime.timedelta(days=30)
    deployment.save()
    with translation.override("en"):
        posted = client.post(form_url(code, "en"), {"rating": "5", "helped": "yes"})
    assert "This service has ended and no longer takes feedback." in posted.content.decode()
    assert not Feedback.objects.exists()


def test_a_flood_gets_429_in_the_visitors_language(client, code, monkeypatch):
    monkeypatch.setattr(feedback, "ADDRESS_LIMIT", (2, 600))
    for _ in range(2):
        client.post(form_url(code, "en"), {"rating": "4", "helped": "no"})
    with translation.override("en"):
        limited = client.post(form_url(code, "en"), {"rating": "4", "helped": "no"})
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 600
    assert "Many answers have come from here in a short time" in limited.content.decode()
    assert Feedback.objects.count() == 2


# The office's screens -------------------------------------------------------------------


@pytest.fixture
def men_staff():
    return UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")


@pytest.fixture
def women_staff():
    return UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women")


def admin_urls(deployment, answer):
    return [
        ("get", reverse("deployment_feedback", args=[deployment.pk])),
        ("get", reverse("deployment_feedback_poster", args=[deployment.pk])),
        ("post", reverse("deployment_feedback_code_issue", args=[deployment.pk])),
        ("post", reverse("feedback_moderate", args=[answer.pk])),
    ]


def test_the_other_sections_staff_find_nothing(client, deployment, code, women_staff):
    answer = feedback.feedback_record(deployment=deployment, rating=2, helped=False, comment="no")
    client.force_login(women_staff)
    for method, url in admin_urls(deployment, answer):
        # The admin's 404 goes through the language redirect first: follow it.
        response = getattr(client, method)(url, {"decision": "publish"}, follow=True)
        assert response.status_code == 404, url
    answer.refresh_from_db()
    assert answer.comment_status == Feedback.CommentStatus.UNREAD
    assert feedback.feedback_code_ensure(deployment=deployment).code == code
    queue = client.get(reverse("feedback_comments"))
    assert queue.status_code == 200 and "no" not in [c.comment for c in queue.context["page"]]


def test_people_outside_the_office_are_refused(client, deployment, code):
    answer = feedback.feedback_record(deployment=deployment, rating=2, helped=False, comment="no")
    trainer = UserFactory(roles=[Role.TRAINER])  # opens the admin, is not the office
    client.force_login(trainer)
    for method, url in [*admin_urls(deployment, answer), ("get", reverse("feedback_comments"))]:
        # Wagtail answers a refusal with a redirect to the admin's home and a message.
        response = getattr(client, method)(url, {"decision": "publish"})
        assert (response.status_code, response.get("Location")) == (302, "/admin/"), url
    answer.refresh_from_db()
    assert answer.comment_status == Feedback.CommentStatus.UNREAD


def test_the_sections_office_sees_the_ratings_prints_the_poster_and_publishes(
    client, deployment, code, men_staff
):
    answer = feedback.feedback_record(
        deployment=deployment, rating=4, helped=True, comment="<script>alert(1)</script> thanks"
    )
    client.force_login(men_staff)
    with translation.override("en"):
        page = client.get(reverse("deployment_feedback", args=[deployment.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        # The admin speaks its user's language (Arabic here), whatever the override says.
        assert "المتوسط ٤ من ٥" in html or "المتوسط 4 من 5" in html or "Average 4 out of 5" in html
        assert "<svg" in html
        assert f"/feedback/{code}/" in html
        poster = client.get(reverse("deployment_feedback_poster", args=[deployment.pk]))
    assert poster.status_code == 200
    poster_html = poster.content.decode()
    assert poster_html.count("<li lang=") == 6 and "<svg" in poster_html

    queue = client.get(reverse("feedback_comments")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; thanks" in queue and "<script>alert" not in queue
    assert feedback.published_comments(deployment_id=deployment.pk) == []
    client.post(reverse("feedback_moderate", args=[answer.pk]), {"decision": "publish"})
    assert [c.pk for c in feedback.published_comments(deployment_id=deployment.pk)] == [answer.pk]

    client.post(reverse("deployment_feedback_code_issue", args=[deployment.pk]))
    assert feedback.feedback_code_ensure(deployment=deployment).code != code
    assert client.get(form_url(code)).status_code == 404
