"""A representative publishes an opportunity, the office approves it in the admin, a
volunteer who lacks the required course is told what is missing with a link to it, takes
the course, applies again and is accepted onto the deployment's roster. The list and
detail pages are shot in Arabic and English, on a desktop and a 390 px phone."""

import pytest
from django.core import mail

from courses.services import enrolment_create, lesson_complete
from field.models import Application, Assignment, Opportunity
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.e2e.test_course_authoring import admin_sign_in, click_and_wait
from tests.factories import FieldRoleFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_publish_approve_apply_missing_course_then_accepted(
    page, live_server, screenshot, sign_in, office_staff, make_course, browser
):
    base = live_server.url
    first_aid = make_course(title="الإسعافات الأولية", lessons=1)
    role = FieldRoleFactory(name_en="First aider", requirements=[first_aid.course])
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
