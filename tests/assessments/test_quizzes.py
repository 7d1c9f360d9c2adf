"""Server-graded quizzes: the draw, the shuffle, grading, the pass mark, the attempt limit,
the cool-down and the time limit are all the server's; forged scores count for nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import quizzes
from assessments.models import Choice, Question, QuestionKind, QuizAttempt
from courses.models import Enrolment, LessonProgress
from courses.services import lesson_complete
from tests.assessments.quiz_fixtures import make_bank, right_answers, wrong_answers
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def quiz_of(lesson):
    return lesson.body[1].id, lesson.body[1].value


def start(user, lesson):
    block_id, quiz = quiz_of(lesson)
    return quizzes.attempt_start(user=user, lesson=lesson, block_id=block_id, quiz=quiz)


def client_for(user):
    client = Client()
    client.login(username=user.email, password=PASSWORD)
    return client


def test_passing_completes_the_lesson_and_course(quiz_lesson, volunteer):
    tree, lesson, _bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    done = quizzes.attempt_submit(
        user=volunteer, attempt_id=attempt.pk, answers=right_answers(attempt)
    )
    assert (done.score, done.max_score, done.percent, done.passed) == (2, 2, 100, True)
    assert Enrolment.objects.get(user=volunteer).completed_at is not None


def test_failing_never_completes(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    done = quizzes.attempt_submit(
        user=volunteer, attempt_id=attempt.pk, answers=wrong_answers(attempt)
    )
    assert (done.score, done.passed) == (0, False)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    with pytest.raises(PermissionDenied, match="Pass the quiz"):
        lesson_complete(user=volunteer, lesson=lesson)


def test_a_forged_score_counts_for_nothing(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson()
    client = client_for(volunteer)
    client.post(reverse("quiz_start", args=[lesson.pk, lesson.body[1].id]))
    attempt = QuizAttempt.objects.get()
    data = {"score": "2", "percent": "100", "passed": "true"}
    for key, value in wrong_answers(attempt).items():
        data[f"q{key}"] = value
    client.post(reverse("quiz_attempt", args=[attempt.pk]), data)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert (attempt.score, attempt.passed) == (0, False)


def test_answers_naming_choices_not_offered_are_ignored(quiz_lesson, volunteer):
    _tree, lesson, bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    foreign = Choice.objects.exclude(question__bank=bank).first() or Choice.objects.create(
        question=Question.objects.create(bank=make_bank("other"), kind="single", text="?"),
        text="x",
        is_correct=True,
    )
    answers = {str(entry["question"]): [str(foreign.pk)] for entry in attempt.layout}
    done = quizzes.attempt_submit(user=volunteer, attempt_id=attempt.pk, answers=answers)
    assert done.score == 0


def test_an_attempt_is_graded_once(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    quizzes.attempt_submit(user=volunteer, attempt_id=attempt.pk, answers=wrong_answers(attempt))
    with pytest.raises(quizzes.AttemptRefused, match="already been submitted"):
        quizzes.attempt_submit(
            user=volunteer, attempt_id=attempt.pk, answers=right_answers(attempt)
        )


def test_the_attempt_limit_is_enforced(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson(max_attempts=2)
    for _ in range(2):
        attempt = start(volunteer, lesson)
        quizzes.attempt_submit(
            user=volunteer, attempt_id=attempt.pk, answers=wrong_answers(attempt)
        )
    with pytest.raises(quizzes.AttemptRefused, match="You have used all 2 attempts"):
        start(volunteer, lesson)
    assert QuizAttempt.objects.count() == 2


def test_the_cool_down_is_enforced(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson(cooldown_minutes=10)
    attempt = start(volunteer, lesson)
    quizzes.attempt_submit(user=volunteer, attempt_id=attempt.pk, answers=wrong_answers(attempt))
    with pytest.raises(quizzes.AttemptRefused, match="You may try again at"):
        start(volunteer, lesson)
    QuizAttempt.objects.update(submitted_at=timezone.now() - timedelta(minutes=11))
    assert start(volunteer, lesson).pk != attempt.pk


def test_answers_after_the_time_limit_are_not_graded(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson(time_limit_minutes=5)
    attempt = start(volunteer, lesson)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=5)
    QuizAttempt.objects.update(deadline=timezone.now() - timedelta(seconds=30))
    done = quizzes.attempt_submit(
        user=volunteer, attempt_id=attempt.pk, answers=right_answers(attempt)
    )
    assert done.late and not done.passed and done.score == 0
    assert Enrolment.objects.get(user=volunteer).completed_at is None


def test_an_open_attempt_is_resumed_not_restarted(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson()
    assert start(volunteer, lesson).pk == start(volunteer, lesson).pk


def test_a_random_draw_takes_n_questions_and_shuffles_choices(quiz_lesson, volunteer):
    _tree, lesson, bank = quiz_lesson(draw=1)
    attempt = start(volunteer, lesson)
    assert len(attempt.layout) == 1 and attempt.max_score == 1
    question = Question.objects.get(pk=attempt.layout[0]["question"])
    assert sorted(attempt.layout[0]["choices"]) == sorted(c.pk for c in question.choices.all())


def test_learners_not_enrolled_may_not_start(quiz_lesson):
    _tree, lesson, _bank = quiz_lesson()
    with pytest.raises(quizzes.AttemptRefused, match="not enrolled"):
        start(UserFactory(), lesson)


def test_multiple_choice_and_ordering_are_graded_whole(volunteer):
    bank = make_bank()
    multiple = Question.objects.create(bank=bank, kind=QuestionKind.MULTIPLE, text="m")
    a = Choice.objects.create(question=multiple, text="a", is_correct=True, sort_order=0)
    b = Choice.objects.create(question=multiple, text="b", is_correct=True, sort_order=1)
    c = Choice.objects.create(question=multiple, text="c", is_correct=False, sort_order=2)
    ordering = Question.objects.create(bank=bank, kind=QuestionKind.ORDERING, text="o")
    first, second, third = (
        Choice.objects.create(question=ordering, text=t, sort_order=i) for i, t in enumerate("xyz")
    )
    layout = [
        {"question": multiple.pk, "choices": [c.pk, a.pk, b.pk]},
        {"question": ordering.pk, "choices": [third.pk, first.pk, second.pk]},
    ]
    grade = quizzes._grade
    assert grade(layout, {str(multiple.pk): [a.pk, b.pk]}).score == 1
    assert grade(layout, {str(multiple.pk): [a.pk]}).score == 0
    assert grade(layout, {str(multiple.pk): [a.pk, b.pk, c.pk]}).score == 0
    assert grade(layout, {str(ordering.pk): [first.pk, second.pk, third.pk]}).score == 1
    assert grade(layout, {str(ordering.pk): [second.pk, first.pk, third.pk]}).score == 0


def test_someone_elses_attempt_is_not_found(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    other = UserFactory()
    assert client_for(other).get(reverse("quiz_attempt", args=[attempt.pk])).status_code == 404
    response = client_for(other).post(reverse("quiz_attempt", args=[attempt.pk]), {})
    assert response.status_code == 404


def test_the_attempt_page_queries_are_fixed(quiz_lesson, volunteer, django_assert_num_queries):
    _tree, lesson, _bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    client = client_for(volunteer)
    client.get(reverse("quiz_attempt", args=[attempt.pk]))
    # session, user, attempt with its bank, lesson, questions, choices; the base template's
    # catalogue link and the reader's roles come from the shared cache.
    with django_assert_num_queries(6):
        response = client.get(reverse("quiz_attempt", args=[attempt.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ما رقم الهلال الأحمر؟" in html and 'type="radio"' in html


def test_a_question_removed_during_an_attempt_counts_as_unanswered(quiz_lesson, volunteer):
    _tree, lesson, _bank = quiz_lesson()
    attempt = start(volunteer, lesson)
    answers = right_answers(attempt)
    removed = attempt.layout[0]["question"]
    Question.objects.filter(pk=removed).delete()
    done = quizzes.attempt_submit(user=volunteer, attempt_id=attempt.pk, answers=answers)
    assert (done.score, done.max_score, done.passed) == (1, 2, False)
    from assessments.models import QuizAnswer

    assert list(QuizAnswer.objects.filter(attempt=done).values_list("right", flat=True)) == [True]
