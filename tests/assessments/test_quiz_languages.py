"""A quiz of an Arabic lesson read in another language: its questions are marked as Arabic,
its rules, buttons and verdicts keep the reader's language and direction, and its links
keep the reader's interface (lms.pages' fallback)."""

import re

import pytest

from assessments import quizzes
from lms.pages import interface_url
from tests.assessments.quiz_fixtures import wrong_answers

pytestmark = pytest.mark.django_db


def start(user, lesson):
    block = lesson.body[1]
    return quizzes.attempt_start(user=user, lesson=lesson, block_id=block.id, quiz=block.value)


def test_the_quiz_block_keeps_the_readers_language_inside_arabic_content(
    client, quiz_lesson, volunteer
):
    _tree, lesson, bank = quiz_lesson()
    client.force_login(volunteer)
    text = client.get(interface_url(lesson, language="en")).content.decode()
    assert re.search(r'<section class="quiz-block" aria-label="Quiz" lang="en" dir="ltr">', text)
    assert f'<h2 class="h5p-activity__title" lang="ar" dir="rtl">{bank.title}</h2>' in text


def test_the_quiz_block_of_a_lesson_in_the_readers_language_is_not_marked(
    client, quiz_lesson, volunteer
):
    _tree, lesson, _bank = quiz_lesson()
    client.force_login(volunteer)
    text = client.get(lesson.url).content.decode()
    assert '<section class="quiz-block" aria-label="' in text
    assert 'lang="ar"' not in text.split("<main", 1)[1]


def test_the_result_marks_the_arabic_questions_and_leads_back_in_the_readers_language(
    client, quiz_lesson, volunteer
):
    _tree, lesson, bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    quizzes.attempt_submit(user=volunteer, attempt_id=attempt.pk, answers=wrong_answers(attempt))
    client.force_login(volunteer)
    text = client.get(f"/ha/assessments/quiz/attempts/{attempt.pk}/").content.decode()
    assert '<html lang="ha" dir="ltr">' in text
    assert f'<h1 lang="ar" dir="rtl">{bank.title}</h1>' in text
    assert text.count('<p class="quiz__text" lang="ar" dir="rtl">') == 2
    back = interface_url(lesson, language="ha")
    assert back.startswith("/ha/")
    assert f'<a class="button" href="{back}">' in text
