"""A lesson with an H5P activity and a quiz costs the same queries whatever the history."""

import pytest
from django.test import Client

from assessments import quizzes
from assessments.models import ActivityResult
from assessments.services import package_create
from tests.assessments.conftest import build_package, minimal_files
from tests.assessments.quiz_fixtures import wrong_answers
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("history", [1, 15])
def test_lesson_page_queries_do_not_grow(
    history, h5p_root, quiz_lesson, trainer, volunteer, django_assert_num_queries
):
    tree, lesson, bank = quiz_lesson(max_attempts=0)
    package = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    lesson.body.append(("h5p", {"package": package, "required": True, "pass_mark": 100}))
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    quiz = lesson.body[1]
    for _ in range(history):
        attempt = quizzes.attempt_start(
            user=volunteer, lesson=lesson, block_id=quiz.id, quiz=quiz.value
        )
        quizzes.attempt_submit(
            user=volunteer, attempt_id=attempt.pk, answers=wrong_answers(attempt)
        )
    ActivityResult.objects.create(
        user=volunteer,
        package=package,
        lesson_key=lesson.translation_key,
        block_id=lesson.body[2].id,
        attempts=history,
    )
    client = Client()
    client.login(username=volunteer.email, password=PASSWORD)
    client.get(lesson.url)
    # The courses lesson page, plus: the bank and the package (choosers), the learner's
    # quiz attempts and H5P results in this lesson (one query each, shared by the blocks and
    # the completion gate); the lesson's translations (the gate is the family's), the route,
    # the site and the roles come from the shared cache.
    with django_assert_num_queries(8):
        response = client.get(lesson.url)
    html = response.content.decode()
    assert "quiz-block" in html and "h5p-activity__frame" in html
