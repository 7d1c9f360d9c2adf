"""The quiz result shows the learner's own answer beside the right one (as far as the quiz
reveals answers), its verdicts mean correct/incorrect, and a failed quiz is not a success."""

import pytest
from django.contrib.messages import constants
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.models import Choice, QuizAttempt
from tests.assessments.quiz_fixtures import wrong_answers
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def submit_wrong(volunteer, lesson):
    client = Client()
    client.login(username=volunteer.email, password=PASSWORD)
    client.post(reverse("quiz_start", args=[lesson.pk, lesson.body[1].id]))
    attempt = QuizAttempt.objects.get()
    answers = wrong_answers(attempt)
    data = {f"q{key}": value for key, value in answers.items()}
    response = client.post(reverse("quiz_attempt", args=[attempt.pk]), data, follow=True)
    return response, answers


def given_texts(answers):
    return [Choice.objects.get(pk=pks[0]).text for pks in answers.values()]


def test_full_feedback_shows_the_learners_answer_beside_the_right_one(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson(feedback="full")
    with translation.override("en"):
        response, answers = submit_wrong(volunteer, lesson)
    page = response.content.decode()
    assert page.count("Your answer:") == 2
    assert page.count("The right answer:") == 2
    for text in given_texts(answers):
        assert f'<dd dir="auto">{text}</dd>' in page
    assert '<dd dir="auto">997</dd>' in page  # the right answer to the first question


def test_wrong_only_feedback_shows_the_learners_answer_but_not_the_right_one(
    quiz_lesson, volunteer
):
    _tree, lesson, _bank = quiz_lesson(feedback="wrong")
    with translation.override("en"):
        response, answers = submit_wrong(volunteer, lesson)
    page = response.content.decode()
    assert page.count("Your answer:") == 2
    assert "The right answer:" not in page and '<dd dir="auto">997</dd>' not in page


def test_score_only_feedback_reveals_no_answers(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson(feedback="none")
    with translation.override("en"):
        response, _answers = submit_wrong(volunteer, lesson)
    page = response.content.decode()
    assert "Your answer:" not in page and "The right answer:" not in page


def test_the_arabic_verdict_is_wrong_not_an_entitlement(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson(feedback="full")
    with translation.override("ar"):
        response, _answers = submit_wrong(volunteer, lesson)
    page = response.content.decode()
    # "إجابة خاطئة" (a wrong answer), not "حق" (an entitlement), nor "خطأ", which is also the
    # name of a true/false question's "False" choice.
    assert "إجابة خاطئة" in page and ">حق<" not in page


def test_a_failed_quiz_notice_is_a_warning_not_a_success(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson()
    with translation.override("en"):
        response, _answers = submit_wrong(volunteer, lesson)
    [message] = list(response.context["messages"])
    assert message.level == constants.WARNING
    assert '<li class="warning">' in response.content.decode()
    css = open("lms/static/lms/css/manara.css", encoding="utf-8").read()  # noqa: SIM115
    assert ".messages li.warning" in css
