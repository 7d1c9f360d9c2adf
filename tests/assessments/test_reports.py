"""Results: learners see their own; trainers and office staff read reports and CSV."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from assessments import quizzes
from assessments.models import QuizAttempt
from courses.services import enrolment_create
from tests.assessments.quiz_fixtures import right_answers, wrong_answers
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.login(username=user.email, password=PASSWORD)
    return client


@pytest.fixture
def taken(quiz_lesson, volunteer):
    """Learners who took the quiz: the volunteer failed then passed; ``extra`` more failed."""
    tree, lesson, bank = quiz_lesson(max_attempts=0)
    block_id, quiz = lesson.body[1].id, lesson.body[1].value

    def take(user, right):
        attempt = quizzes.attempt_start(user=user, lesson=lesson, block_id=block_id, quiz=quiz)
        answers = right_answers(attempt) if right else wrong_answers(attempt)
        return quizzes.attempt_submit(user=user, attempt_id=attempt.pk, answers=answers)

    take(volunteer, False)
    take(volunteer, True)

    def more(count):
        for _ in range(count):
            learner = UserFactory()
            enrolment_create(user=learner, course=tree.course)
            take(learner, False)

    return {"lesson": lesson, "block_id": block_id, "more": more}


def test_a_volunteer_sees_their_attempts(taken, volunteer):
    response = client_for(volunteer).get(reverse("assessment_my_results"))
    assert response.status_code == 200
    assert len(response.context["attempt_rows"]) == 2
    assert response.context["attempt_rows"][0].passed


def test_reports_are_for_trainers_and_office_staff(taken, volunteer, trainer, office_staff):
    assert client_for(volunteer).get(reverse("assessment_reports")).status_code == 404
    args = ["quiz", taken["lesson"].translation_key, taken["block_id"]]
    assert client_for(volunteer).get(reverse("assessment_report", args=args)).status_code == 404
    assert client_for(volunteer).get(reverse("assessment_report_csv", args=args)).status_code == 404
    for person in (trainer, office_staff):
        assert client_for(person).get(reverse("assessment_report", args=args)).status_code == 200


def test_the_quiz_report_counts_in_the_database(taken, trainer):
    taken["more"](2)
    args = ["quiz", taken["lesson"].translation_key, taken["block_id"]]
    report = client_for(trainer).get(reverse("assessment_report", args=args)).context["report"]
    assert (report.attempts, report.learners, report.passed, report.pass_rate) == (4, 3, 1, 25)
    assert dict(report.distribution)[0] == 3 and dict(report.distribution)[90] == 1
    hardest = report.hardest[0]
    assert (hardest[1], hardest[2]) == (4, 3)


def test_the_csv_export(taken, trainer, volunteer):
    args = ["quiz", taken["lesson"].translation_key, taken["block_id"]]
    response = client_for(trainer).get(reverse("assessment_report_csv", args=args))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[1][0] == volunteer.email and rows[2][7] == "True"


@pytest.mark.parametrize("learners", [1, 12])
def test_report_pages_query_counts_do_not_grow(
    taken, trainer, volunteer, learners, django_assert_num_queries
):
    taken["more"](learners)
    args = ["quiz", taken["lesson"].translation_key, taken["block_id"]]
    staff = client_for(trainer)
    staff.get(reverse("assessment_reports"))
    # session, user, roles; quizzes: count, page, titles; activities: count (empty page
    # skips the rest); the roles and the catalogue link come from the shared cache
    with django_assert_num_queries(6):
        staff.get(reverse("assessment_reports"))
    staff.get(reverse("assessment_report", args=args))  # the shared caches warm, as in use
    with django_assert_num_queries(6):
        staff.get(reverse("assessment_report", args=args))
    mine = client_for(volunteer)
    mine.get(reverse("assessment_my_results"))
    with django_assert_num_queries(6):
        mine.get(reverse("assessment_my_results"))
    assert QuizAttempt.objects.count() == 2 + learners
