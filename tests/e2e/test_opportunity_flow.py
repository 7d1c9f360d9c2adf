"""A representative publishes an opportunity, the office approves it in the admin, a
volunteer who lacks the required course is told what is missing with a link to it, takes
the course, applies again and is accepted onto the deployment's roster. The list and
detail pages are shot in Arabic and English, on a desktop and a 390 px phone. Then the
season comes: the volunteer serves a shift, the representative reports the people served,
the shift is confirmed and approved, the people served show on the public impact page, and
a pilgrim leaves feedback in Urdu from a phone, which the impact page counts."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from courses.services import enrolment_create, lesson_complete
from field import feedback
from field.actions import ConfirmAttendance, DecideAttendance
from field.models import Application, Assignment, Attendance, Opportunity
from field.services import attendance_record, shift_bounds
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.e2e.test_course_authoring import admin_sign_in, click_and_wait
from tests.factories import FieldRoleFactory, OrganisationFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_publish_approve_apply_missing_course_then_accepted(
    page, live_server, screenshot, sign_in, office_staff, make_course, browser
):
    base = live_server.url
    first_aid = make_course(title="الإسعافات الأولية", lessons=1)
    role = FieldRoleFactory(
        name_en="First aider", requirements=[first_aid.course], beneficiary_kind="treated"
    )
    organisation = OrganisationFactory(name_en="Red Crescent", name_ar="الهلال الأحمر")
    rep = UserFactory(roles=[Role.REPRESENTATIVE], organisation=organisation)
    volunteer = UserFactory(roles=[Role.VOLUNTEER], preferred_language="en")

    # The representative drafts the call and submits it to the office.
    sign_in(rep, PASSWORD, language="en")
    page.goto(f"{base}/en/organisation/opportunities/new/")
    page.fill("#id_title_ar", "إسعاف عند باب السلام")
    page.fill("#id_title_en", "First aid at Bab al-Salam")
    page.fill("#id_description_en", "Treat pilgrims who feel unwell.")
    page.select_option("#id_category", str(role.category_id))
    page.select_option("#id_role", str(role.pk))
    page.fill("#id_service_point", "Bab al-Salam")
    page.select_option("#id_section", "men")
    page.fill("#id_starts_on", "2030-06-01")
    page.fill("#id_ends_on", "2030-06-10")
    page.fill("#id_places", "2")
    page.fill("#id_shifts_text", "Fajr 03:00-09:00")
    page.check("#id_auto_accept")
    click_and_wait(page, "main form button[type=submit]")
    opportunity = Opportunity.objects.get()
    assert opportunity.organisation == organisation and opportunity.status == "draft"
    click_and_wait(page, "form[action$='/submit/'] button")
    assert "office will approve" in page.content()

    # The office approves it in the admin.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    office = context.new_page()
    admin_sign_in(office, base, office_staff)
    office.goto(f"{base}/admin/field/opportunities/")
    assert "إسعاف عند باب السلام" in office.content()
    with office.expect_navigation():
        office.locator("form:has(input[value=approve]) button").first.click()
    context.close()
    opportunity.refresh_from_db()
    assert opportunity.status == "published" and opportunity.deployment_id

    # The volunteer lacks the course: told what is missing, with a link; nothing saved.
    page.context.clear_cookies()
    sign_in(volunteer, PASSWORD, language="en")
    page.goto(f"{base}/en/opportunities/{opportunity.pk}/")
    click_and_wait(page, "main form button[type=submit]")
    missing = page.locator("#missing")
    assert "الإسعافات الأولية" in missing.inner_text()
    assert missing.locator("a").get_attribute("href") == first_aid.course.url
    assert not Application.objects.exists()
    screenshot("en-opportunity-missing")

    # Takes the course, applies again: accepted, on the roster, told by email.
    enrolment_create(user=volunteer, course=first_aid.course)
    for lesson in first_aid.lessons:
        lesson_complete(user=volunteer, lesson=lesson)
    page.goto(f"{base}/en/opportunities/{opportunity.pk}/")
    click_and_wait(page, "main form button[type=submit]")
    assert "accepted" in page.content()
    assert Application.objects.get().status == "accepted"
    assert Assignment.objects.get().deployment == opportunity.deployment
    assert any("You are accepted" in message.subject for message in mail.outbox)

    # The list and the detail, in Arabic and English, desktop and phone.
    for width, device in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        for language in ("ar", "en"):
            page.goto(f"{base}/{language}/opportunities/")
            assert page.locator("html").get_attribute("dir") == (
                "rtl" if language == "ar" else "ltr"
            )
            screenshot(f"{language}-opportunities-{device}")
            page.goto(f"{base}/{language}/opportunities/{opportunity.pk}/")
            screenshot(f"{language}-opportunity-{device}")
            # Nothing sticks out sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1

    # The season comes (the deployment's dates move to this week), and the volunteer
    # serves yesterday's morning shift, recorded by their team's leader.
    today = timezone.localdate()
    deployment = opportunity.deployment
    deployment.starts_on = today - datetime.timedelta(days=3)
    deployment.ends_on = today + datetime.timedelta(days=3)
    deployment.save()  # and its season with them
    leader = UserFactory(roles=[Role.TEAM_LEADER], organisation=organisation)
    TeamFactory(organisation=organisation, section="men", leaders=[leader], members=[volunteer])
    starts_at, ends_at = shift_bounds(
        day=today - datetime.timedelta(days=1),
        starts=datetime.time(8),
        ends=datetime.time(14),
    )
    (shift,) = attendance_record(
        deployment=deployment,
        volunteers=[volunteer],
        actor=leader,
        starts_at=starts_at,
        ends_at=ends_at,
    )

    # The representative reports the people the volunteer treated in that shift.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    sign_in(rep, PASSWORD, language="en")
    page.goto(f"{base}/en/organisation/shifts/")
    page.fill(f"#people-{shift.pk}", "37")
    click_and_wait(page, f"form:has(#people-{shift.pk}) button[type=submit]")
    shift.refresh_from_db()
    assert shift.beneficiaries == 37

    # The deputy confirms and the office approves (their screens have their own tests).
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="men")
    ConfirmAttendance(attendance=[shift], user=deputy).execute()
    shift.refresh_from_db()
    DecideAttendance(attendance=[shift], user=office_staff, approve=True).execute()
    assert Attendance.objects.get().status == "approved"

    # A pilgrim the volunteer helped answers in Urdu from a phone, by the poster's code.
    code = feedback.feedback_code_ensure(deployment=deployment).code
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pilgrim = phone.new_page()
    pilgrim.goto(f"{base}/ur/feedback/{code}/")
    pilgrim.click(".feedback-face--5")
    pilgrim.click(".feedback-choice__option:has(input[value=yes])")
    with pilgrim.expect_navigation():
        pilgrim.click("button.feedback-form__send")
    assert pilgrim.url.endswith("/thanks/")
    phone.close()

    # The impact page shows the shift's people served and the rating, to anyone.
    page.context.clear_cookies()
    page.goto(f"{base}/en/impact/")
    figures = page.locator(".impact-figures").inner_text()
    assert "37" in figures and "people served" in figures
    ratings = page.locator("#ratings").inner_text()
    assert "1 rating" in ratings and "Average 5" in ratings
    screenshot("en-impact-after-opportunity")
