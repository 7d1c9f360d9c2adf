"""The xAPI endpoint: who may report, what a statement must look like, and how results,
passes and completions follow from what is reported."""

import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from assessments.activity import activity_token
from assessments.models import ActivityResult, ContentState, XAPIStatement
from assessments.services import package_create
from courses.models import LessonProgress
from courses.services import enrolment_create, lesson_complete
from tests.assessments.conftest import build_package, minimal_files
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


@pytest.fixture
def activity(h5p_root, make_course, trainer, volunteer):
    """A course with one lesson holding a required H5P block; the volunteer enrolled."""
    package = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    tree = make_course(lessons=2)
    lesson = tree.lessons[0]
    lesson.body = [
        ("h5p", {"package": package, "required": True, "pass_mark": 80, "policy": "best"})
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    enrolment_create(user=volunteer, course=tree.course)
    block = lesson.body[0]

    def token(user=volunteer, policy="best", pass_mark=80):
        value = {**block.value, "policy": policy, "pass_mark": pass_mark}
        return activity_token(
            user=user, lesson=lesson, block_id=block.id, package=package, value=value
        )

    return {"lesson": lesson, "package": package, "block": block, "token": token, "tree": tree}


def statement(raw=None, maximum=1, success=None, verb=ANSWERED, **extra):
    body = {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:someone-else@example.com"},
        "verb": {"id": verb},
        "object": {"id": "http://example.com/h5p/1"},
    }
    if raw is not None:
        body["result"] = {
            "score": {"raw": raw, "max": maximum, "min": 0, "scaled": raw / maximum},
            "success": success if success is not None else raw == maximum,
            "completion": True,
        }
    body.update(extra)
    return body


def signed_in(user, csrf_checks=False) -> Client:
    client = Client(enforce_csrf_checks=csrf_checks)
    client.login(username=user.email, password=PASSWORD)
    return client


def post(client, token, body, path="h5p_xapi", **payload):
    data = {"activity": token, "statement": body, **payload}
    return client.post(reverse(path), data=json.dumps(data), content_type="application/json")


def test_a_right_answer_passes_and_completes_the_lesson(activity, volunteer):
    response = post(signed_in(volunteer), activity["token"](), statement(raw=1))
    assert response.status_code == 200
    assert response.json() == {
        "stored": True,
        "passed": True,
        "scaled": 1.0,
        "raw": 1.0,
        "max": 1.0,
        "lesson_completed": True,
    }
    stored = XAPIStatement.objects.get()
    assert stored.user == volunteer
    assert stored.payload["actor"] == {
        "objectType": "Agent",
        "account": {"name": str(volunteer.pk)},
    }
    progress = LessonProgress.objects.get(lesson_key=activity["lesson"].translation_key)
    assert progress.completed_at is not None


def test_a_wrong_answer_is_stored_but_never_completes(activity, volunteer):
    response = post(signed_in(volunteer), activity["token"](), statement(raw=0))
    assert response.json()["passed"] is False
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    with pytest.raises(PermissionDenied, match="Pass the activity"):
        lesson_complete(user=volunteer, lesson=activity["lesson"])


def test_a_full_score_the_player_calls_failed_does_not_pass(activity, volunteer):
    response = post(signed_in(volunteer), activity["token"](), statement(raw=1, success=False))
    assert response.json()["passed"] is False


def test_the_pass_mark_is_the_authors(activity, volunteer):
    client = signed_in(volunteer)
    assert (
        post(client, activity["token"](), statement(raw=7, maximum=10, success=True)).json()[
            "passed"
        ]
        is False
    )
    assert (
        post(client, activity["token"](), statement(raw=8, maximum=10, success=True)).json()[
            "passed"
        ]
        is True
    )


COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
PASSED = "http://adlnet.gov/expapi/verbs/passed"


@pytest.mark.parametrize(
    ("verb", "result"),
    [
        (COMPLETED, {"completion": True}),
        (PASSED, {"success": True}),
        (PASSED, {"success": True, "completion": True}),
    ],
)
def test_a_scoreless_passing_statement_does_not_meet_a_pass_mark(activity, volunteer, verb, result):
    client = signed_in(volunteer)
    response = post(client, activity["token"](pass_mark=80), statement(verb=verb, result=result))
    assert response.json()["passed"] is False
    assert not ActivityResult.objects.get().passed
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("verb", "result"), [(COMPLETED, {"completion": True}), (PASSED, {"success": True})]
)
def test_a_scoreless_passing_statement_passes_a_block_without_a_pass_mark(
    activity, volunteer, verb, result
):
    client = signed_in(volunteer)
    response = post(client, activity["token"](pass_mark=0), statement(verb=verb, result=result))
    assert response.json()["passed"] is True


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ({"raw": 1000, "max": 1}, "A score of 1000 out of 1 is impossible."),
        ({"raw": -1, "max": 1}, "A score of -1 out of 1 is impossible."),
        ({"raw": 1, "max": 0}, "A score needs a maximum above zero."),
        ({"raw": 1, "max": 2, "scaled": 1}, "The scaled score does not match the raw score."),
        ({"scaled": 1}, "A scaled score needs the raw score and its maximum."),
        ({"raw": "1", "max": 1}, "The statement's raw score is not a number."),
    ],
)
def test_forged_scores_are_refused(activity, volunteer, score, message):
    body = statement(raw=1)
    body["result"]["score"] = score
    response = post(signed_in(volunteer), activity["token"](), body)
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert not XAPIStatement.objects.exists()
    assert not ActivityResult.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "not-a-uuid"}, "The statement needs an “id” that is a UUID."),
        ({"verb": {"id": "answered"}}, "The statement's verb needs an “id” that is an IRI."),
        ({"object": {}}, "The statement's object needs an “id”."),
        ({"result": []}, "The statement's result must be an object."),
    ],
)
def test_malformed_statements_are_refused(activity, volunteer, change, message):
    body = {**statement(raw=1), **change}
    response = post(signed_in(volunteer), activity["token"](), body)
    assert (response.status_code, response.json()) == (400, {"error": message})


def test_a_statement_is_stored_once(activity, volunteer):
    client = signed_in(volunteer)
    body = statement(raw=1)
    assert post(client, activity["token"](), body).json()["stored"] is True
    again = post(client, activity["token"](), body)
    assert again.json() == {"stored": False, "duplicate": True}
    assert XAPIStatement.objects.count() == 1
    assert ActivityResult.objects.get().attempts == 1


def test_child_statements_do_not_decide(activity, volunteer):
    child = statement(raw=1)
    child["context"] = {"contextActivities": {"parent": [{"id": "http://example.com/h5p/1"}]}}
    response = post(signed_in(volunteer), activity["token"](), child)
    assert response.json() == {"stored": True}
    assert XAPIStatement.objects.get().is_child
    assert not ActivityResult.objects.exists()


def test_best_policy_keeps_the_best_attempt(activity, volunteer):
    client = signed_in(volunteer)
    post(client, activity["token"](), statement(raw=1))
    post(client, activity["token"](), statement(raw=0))
    result = ActivityResult.objects.get()
    assert (result.passed, result.raw_score, result.attempts) == (True, 1.0, 2)


def test_last_policy_keeps_the_last_attempt(activity, volunteer):
    client = signed_in(volunteer)
    token = activity["token"](policy="last")
    post(client, token, statement(raw=1))
    post(client, token, statement(raw=0))
    result = ActivityResult.objects.get()
    assert (result.passed, result.raw_score, result.attempts) == (False, 0.0, 2)


def test_a_learner_not_enrolled_is_refused(activity, volunteer):
    stranger = UserFactory()
    token = activity["token"](user=stranger)
    response = post(signed_in(stranger), token, statement(raw=1))
    assert (response.status_code, response.json()) == (
        403,
        {"error": "You are not enrolled in this course."},
    )
    assert not XAPIStatement.objects.exists()


def test_someone_elses_activity_token_is_refused(activity, volunteer):
    other = UserFactory()
    enrolment_create(user=other, course=activity["tree"].course)
    response = post(signed_in(other), activity["token"](), statement(raw=1))
    assert response.status_code == 403
    assert not XAPIStatement.objects.exists()


def test_a_forged_token_is_refused(activity, volunteer):
    token = activity["token"]()[:-2] + "xx"
    response = post(signed_in(volunteer), token, statement(raw=1))
    assert response.status_code == 403


def test_signed_out_visitors_are_refused(activity):
    response = post(Client(), activity["token"](), statement(raw=1))
    assert response.status_code == 403
    assert not XAPIStatement.objects.exists()


def test_csrf_is_required(activity, volunteer):
    response = post(signed_in(volunteer, csrf_checks=True), activity["token"](), statement(raw=1))
    assert response.status_code == 403
    assert not XAPIStatement.objects.exists()


def test_oversized_statements_are_refused(activity, volunteer):
    body = statement(raw=1, padding="x" * 70_000)
    response = post(signed_in(volunteer), activity["token"](), body)
    assert response.status_code == 413
    assert not XAPIStatement.objects.exists()


def test_get_is_not_allowed(activity, volunteer):
    assert signed_in(volunteer).get(reverse("h5p_xapi")).status_code == 405


def test_state_is_saved_and_handed_back_to_the_player(activity, volunteer):
    client = signed_in(volunteer)
    response = post(client, activity["token"](), None, path="h5p_state", state='{"answer": 1}')
    assert response.json() == {"saved": True}
    assert ContentState.objects.get().state == '{"answer": 1}'
    player = client.get(reverse("h5p_player", args=[activity["token"]()]))
    assert player.context["config"]["state"] == '{"answer": 1}'
    assert '"state": "{\\"answer\\": 1}"' in player.content.decode()


def test_the_query_count_of_a_statement_is_fixed(activity, volunteer, django_assert_num_queries):
    """Three queries for a scored statement once the lesson's course is known (enrolment, the
    statement, and one upsert of the result that creates or updates it), two for one that
    decides nothing; the course's other lessons cost nothing, and the first scored statement
    costs no more than the next but for finding the course. The test's own transaction adds
    a savepoint pair."""
    from assessments.activity import activity_from_token
    from assessments.services import statement_record

    current = activity_from_token(activity["token"]())
    with django_assert_num_queries(5 + 2):  # the first statement also finds the course
        statement_record(user=volunteer, activity=current, statement=statement(raw=0))
    with django_assert_num_queries(3 + 2):
        statement_record(user=volunteer, activity=current, statement=statement(raw=0))
    attempted = statement(verb="http://adlnet.gov/expapi/verbs/attempted")
    with django_assert_num_queries(2 + 2):
        statement_record(user=volunteer, activity=current, statement=attempted)


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_statements_are_refused_not_a_server_error(activity, volunteer, depth):
    body = '{"activity": "x", "statement": ' + "[" * depth + "]" * depth + "}"
    response = signed_in(volunteer).post(
        reverse("h5p_xapi"), data=body, content_type="application/json"
    )
    assert response.status_code == (400 if depth == 40 else 413)
    assert "error" in response.json()
    assert not XAPIStatement.objects.exists()


def test_nesting_within_the_size_limit_is_refused_with_a_400(activity, volunteer):
    depth = 30_000  # 60 kB: under the size limit, far too deep for json.loads
    body = '{"activity": "x", "statement": ' + "[" * depth + "]" * depth + "}"
    response = signed_in(volunteer).post(
        reverse("h5p_xapi"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested more than" in response.json()["error"]


def test_deeply_nested_state_is_refused(activity, volunteer):
    body = '{"activity": "x", "state": ' + "[" * 20_000 + "]" * 20_000 + "}"
    response = signed_in(volunteer).post(
        reverse("h5p_state"), data=body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_first_statements_both_count(activity, volunteer):
    """On PostgreSQL: two first scored statements arriving at once (the player's retry, two
    tabs) are both stored, and the one result row counts two attempts and keeps the pass."""
    import threading

    from django.db import connection, connections

    from assessments.activity import activity_from_token
    from assessments.services import statement_record
    from tests.environment import require

    require("postgres", connection.vendor == "postgresql", "needs concurrent transactions")
    current = activity_from_token(activity["token"]())
    barrier = threading.Barrier(2)
    errors = []

    def report(raw):
        try:
            barrier.wait()
            statement_record(user=volunteer, activity=current, statement=statement(raw=raw))
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=report, args=(raw,)) for raw in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert XAPIStatement.objects.filter(user=volunteer).count() == 2
    result = ActivityResult.objects.get(user=volunteer)
    assert result.attempts == 2
    assert result.passed  # the best attempt is kept whichever came first
