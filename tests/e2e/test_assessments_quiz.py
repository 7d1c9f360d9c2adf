"""A volunteer, in Arabic, fails a quiz, waits out the cool-down, passes, and the course
completes. The server grades; the page only sends the choices ticked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Choice, QuizAttempt
from courses.models import Enrolment
from tests.assessments import quiz_fixtures
from tests.conftest import PASSWORD

quiz_lesson = quiz_fixtures.quiz_lesson

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def answer(page, attempt, right: bool):
    for entry in attempt.layout:
        choice = Choice.objects.filter(pk__in=entry["choices"], is_correct=right).first()
        page.check(f"input[name='q{entry['question']}'][value='{choice.pk}']")
    page.click("form.quiz__form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_volunteer_fails_waits_and_passes_a_quiz_in_arabic(
    page, live_server, sign_in, volunteer, quiz_lesson, screenshot
):
    _tree, lesson, _bank = quiz_lesson(cooldown_minutes=10)
    sign_in(volunteer, PASSWORD, "ar")
    page.goto(f"{live_server.url}{lesson.url}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot("ar-quiz-lesson")
    page.click("form[action*='/quiz/'] button")
    page.wait_for_url("**/quiz/attempts/*/")
    screenshot("ar-quiz-attempt")
    answer(page, QuizAttempt.objects.get(), right=False)
    assert page.locator(".quiz__result--failed").is_visible()
    assert page.locator(".quiz__question--wrong").count() == 2
    screenshot("ar-quiz-failed")

    page.goto(f"{live_server.url}{lesson.url}")
    assert page.locator(".quiz-block__refusal").is_visible()
    assert page.locator("form[action*='/quiz/']").count() == 0
    # Ten minutes pass.
    QuizAttempt.objects.update(submitted_at=timezone.now() - timedelta(minutes=11))
    page.reload()
    page.click("form[action*='/quiz/'] button")
    page.wait_for_url("**/quiz/attempts/*/")
    answer(page, QuizAttempt.objects.filter(submitted_at__isnull=True).get(), right=True)
    assert page.locator(".quiz__result--passed").is_visible()
    screenshot("ar-quiz-passed")
    assert Enrolment.objects.get(user=volunteer).completed_at is not None
    assert QuizAttempt.objects.filter(passed=True).count() == 1
    assert QuizAttempt.objects.count() == 2
