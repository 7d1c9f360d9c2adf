"""A volunteer, in Arabic, enrols in an accredited course, works through its lessons and
watches the progress bar move until the course is complete."""

import re
from decimal import Decimal

import pytest

from accreditation.actions import AccreditCourse
from courses.models import Enrolment
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def progress(page) -> int:
    bar = page.locator(".enrolment progress, .lesson-body progress").first
    return int(bar.get_attribute("value"))


def test_volunteer_completes_an_accredited_course_in_arabic(
    page, live_server, screenshot, sign_in, volunteer, office_staff, make_course
):
    tree = make_course(title="السلامة في الحشود", proposed_credit_hours=6, lessons=3)
    AccreditCourse(course=tree.course, user=office_staff, credit_hours=Decimal("4")).execute()

    sign_in(volunteer, PASSWORD, "ar")
    page.goto(f"{live_server.url}{tree.course.url}")
    assert "4" in page.locator("dl.details").inner_text()
    page.click("form[action*='/learning/enrol/'] button")
    page.wait_for_load_state("networkidle")
    assert progress(page) == 0
    screenshot("ar-course-enrolled")

    seen = []
    page.click(".enrolment a.button")
    for step in range(3):
        page.wait_for_url(re.compile(r"/lesson-\d/$"))
        seen.append(progress(page))
        if step == 1:
            screenshot("ar-lesson")
        page.click("form[action*='/complete/'] button")
        page.wait_for_load_state("networkidle")
    assert seen == [0, 33, 67]
    assert progress(page) == 100
    screenshot("ar-course-completed")
    assert Enrolment.objects.get(user=volunteer).completed_at is not None

    page.goto(f"{live_server.url}/ar/learning/")
    figures = page.locator(".summary .figure").all_inner_texts()
    assert figures[2] == "1"  # completed
    assert figures[3] == "4"  # accredited hours credited
    screenshot("ar-my-learning")
