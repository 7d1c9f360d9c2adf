"""The whole course loop in Arabic, in the browser: a trainer uploads a handout and writes a
course of three lessons in the Wagtail admin and submits it; office staff accredit it at
other hours than proposed, which publishes its lessons with it; a volunteer enrols, downloads the
handout, works through the lessons and completes the course."""

import re
from decimal import Decimal

import pytest

from accreditation.models import CourseAccreditation
from accreditation.services import catalogue_setup
from courses.models import CoursePage, Enrolment, LessonPage
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n% crowd safety handout\n"


def admin_sign_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def click_and_wait(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.evaluate("button => button.click()")
    page.wait_for_load_state("networkidle")


def save_and_leave_the_form(page, selector):
    """Submit an admin form and check it was accepted (the editor would stay on a form
    with errors); name the errors if not."""
    before = page.url
    click_and_wait(page, selector)
    errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert page.url != before and not errors, errors


def title_with_slug(page, title):
    """Type a title the way an editor does, so Wagtail derives the (Arabic) slug from it."""
    page.fill("#id_title", title)
    page.locator("#id_title").blur()
    page.wait_for_function("document.querySelector('#id_slug').value !== ''")


def test_trainer_writes_office_accredits_volunteer_completes(
    browser, live_server, screenshot, page, trainer, office_staff, volunteer, catalogue
):
    catalogue_setup(page=catalogue)
    base = live_server.url

    # The trainer, in the Arabic admin.
    admin_sign_in(page, base, trainer)
    page.goto(f"{base}/admin/snippets/courses/coursefile/add/")
    page.fill("#id_name", "دليل السلامة")
    page.set_input_files(
        "#id_file", files=[{"name": "safety.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    click_and_wait(page, "button.action-save")

    page.goto(f"{base}/admin/pages/add/courses/coursepage/{catalogue.pk}/")
    title_with_slug(page, "السلامة في الحشود")
    page.fill("#id_summary", "كيف تنظم تدفق الزوار في الساحات")
    page.fill("#id_proposed_credit_hours", "6")
    save_and_leave_the_form(page, "button.action-save")
    course_id = int(re.search(r"/pages/(\d+)/edit/", page.url).group(1))

    for number in (1, 2, 3):
        page.goto(f"{base}/admin/pages/add/courses/lessonpage/{course_id}/")
        title_with_slug(page, f"الدرس {number}")
        if number == 1:
            page.click("button.c-sf-add-button")
            page.locator("[role=option]", has_text="ملف مرفق للدرس").click()
            page.locator("button[data-chooser-action-choose]").first.click()
            page.locator("[role=dialog] a", has_text="دليل السلامة").click()
            page.wait_for_selector("[role=dialog]", state="hidden")
            page.wait_for_function(
                "[...document.querySelectorAll('input[type=hidden][name$=\"-value-file\"]')]"
                ".some(input => input.value)"
            )
            screenshot("ar-admin-lesson-with-handout")
        save_and_leave_the_form(page, "button[name=action-submit]")
    page.goto(f"{base}/admin/pages/{course_id}/edit/")
    save_and_leave_the_form(page, "button[name=action-submit]")
    course = CoursePage.objects.get(pk=course_id)
    assert not course.live
    assert course.current_workflow_state is not None

    # Office staff accredit at 4.5 hours (the trainer proposed 6); the lessons go live with it.
    office = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin_sign_in(office, base, office_staff)
    office.goto(f"{base}/admin/pages/{course_id}/edit/")
    office.wait_for_load_state("networkidle")
    office.locator("button[data-workflow-action-name=approve]").evaluate("b => b.click()")
    office.wait_for_selector("#id_credit_hours")
    assert office.locator("[data-lessons] li").count() == 3
    office.fill("#id_credit_hours", "4.5")
    office.fill("#id_comment", "اعتُمدت بعد المراجعة")
    screenshot("ar-admin-accredit", of=office)
    with office.expect_navigation():
        office.locator("form:has(#id_credit_hours) button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    office.context.close()

    course.refresh_from_db()
    assert course.live
    accreditation = CourseAccreditation.objects.get(course_key=course.translation_key)
    assert accreditation.credit_hours == Decimal("4.5")
    assert accreditation.proposed_credit_hours == Decimal("6")
    assert accreditation.accredited_by == office_staff
    assert LessonPage.objects.child_of(course).live().count() == 3

    # The volunteer, on the site in Arabic.
    learner = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    learner.goto(f"{base}/ar/accounts/login/")
    learner.fill("input[name=username]", volunteer.email)
    learner.fill("input[name=password]", PASSWORD)
    with learner.expect_navigation():
        learner.click("form.stacked button[type=submit]")
    learner.goto(f"{base}{course.url}")
    assert "4.5" in learner.locator("dl.details").inner_text()  # a decimal point (lms.numbers)
    with learner.expect_navigation():
        learner.click("form[action*='/learning/enrol/'] button")
    with learner.expect_navigation():
        learner.click(".enrolment a.button")
    with learner.expect_download() as download:
        learner.click(".handout a")
    assert download.value.suggested_filename.endswith(".pdf")
    seen = []
    for _lesson in range(3):
        seen.append(int(learner.locator(".lesson-body progress").get_attribute("value")))
        with learner.expect_navigation():
            learner.click("form[action*='/complete/'] button")
    assert seen == [0, 33, 67]
    assert int(learner.locator(".enrolment progress").get_attribute("value")) == 100
    screenshot("ar-course-completed-by-volunteer", of=learner)
    learner.context.close()
    assert Enrolment.objects.get(user=volunteer).completed_at is not None
