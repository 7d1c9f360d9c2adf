"""A pilgrim scans the QR code of a service point's poster on a phone (390 px), changes the
form to Urdu, rates the service, says they were helped, leaves a comment and is thanked; the
comment shows nowhere public until the office reads and publishes it in the admin. The form
is photographed in Urdu, Arabic and English on the phone and on a desktop."""

import datetime

import pytest
from django.utils import timezone

from field import feedback
from field.models import Feedback
from tests.e2e.test_course_authoring import admin_sign_in
from tests.factories import DeploymentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
COMMENT = "بہت اچھی رہنمائی کی، شکریہ"


def test_a_pilgrim_answers_in_urdu_on_a_phone_and_the_office_publishes_the_comment(
    browser, page, live_server, screenshot, office_staff
):
    base = live_server.url
    today = timezone.localdate()
    deployment = DeploymentFactory(
        service_point="باب جبريل",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=5),
    )
    code = feedback.feedback_code_ensure(deployment=deployment).code

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.set_default_timeout(15_000)
    pilgrim = phone.new_page()
    failures = []
    pilgrim.on("pageerror", lambda error: failures.append(str(error)))
    pilgrim.on(
        "response",
        lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )

    # The QR code carries the address without a language: it opens in Arabic.
    pilgrim.goto(f"{base}/feedback/{code}/")
    assert pilgrim.url == f"{base}/ar/feedback/{code}/"
    assert pilgrim.locator("html").get_attribute("dir") == "rtl"
    with pilgrim.expect_navigation():
        pilgrim.click(".feedback-languages a[lang=ur]")
    assert pilgrim.url == f"{base}/ur/feedback/{code}/"
    assert pilgrim.locator("html").get_attribute("lang") == "ur"

    # Nothing overflows the phone's width, and each face is a large target.
    assert pilgrim.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for face in pilgrim.locator(".feedback-face").all():
        box = face.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    screenshot("ur-phone-feedback", of=pilgrim)

    pilgrim.tap(".feedback-face--4")
    pilgrim.tap(".feedback-choice__option:has(input[value=yes])")
    assert pilgrim.locator("input[name=rating][value='4']").is_checked()
    pilgrim.fill("textarea[name=comment]", COMMENT)
    with pilgrim.expect_navigation():
        pilgrim.tap("button.feedback-form__send")
    assert pilgrim.url == f"{base}/ur/feedback/{code}/thanks/"
    assert pilgrim.locator(".feedback--done h1").is_visible()
    screenshot("ur-phone-feedback-thanks", of=pilgrim)

    answer = Feedback.objects.get()
    assert (answer.rating, answer.helped, answer.comment, answer.language) == (
        4,
        True,
        COMMENT,
        "ur",
    )
    # Unread: nowhere public.
    assert feedback.published_comments(deployment_id=deployment.pk) == []

    # The form in three languages on the phone and on a desktop.
    for language in ("ur", "ar", "en"):
        pilgrim.goto(f"{base}/{language}/feedback/{code}/")
        screenshot(f"{language}-phone-feedback-form", of=pilgrim)
        page.goto(f"{base}/{language}/feedback/{code}/")
        screenshot(f"{language}-desktop-feedback-form")
    phone.close()
    assert failures == [], failures

    # The office reads the comment and publishes it.
    admin_sign_in(page, base, office_staff)
    page.goto(f"{base}/admin/field/feedback/")
    row = page.locator("tr", has_text=COMMENT)
    assert row.count() == 1
    screenshot("admin-feedback-queue")
    with page.expect_navigation():
        row.locator("button[value=publish]").click()
    assert [c.comment for c in feedback.published_comments(deployment_id=deployment.pk)] == [
        COMMENT
    ]
    page.goto(f"{base}/admin/field/deployments/{deployment.pk}/feedback/")
    assert page.locator(".ratings svg").count() == 1
    assert page.locator(".feedback-comments", has_text=COMMENT).count() == 1
    screenshot("admin-deployment-feedback")
    page.goto(f"{base}/admin/field/deployments/{deployment.pk}/feedback/poster/")
    assert page.locator(".poster__invitations li").count() == 6
    screenshot("admin-feedback-poster")
