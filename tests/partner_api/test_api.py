"""The partner API: tokens, a volunteer's hours and eligibility, attendance submissions that
count once per idempotency key, and a schemathesis run against the API's own OpenAPI
document with no server errors."""

import hashlib
import json
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from accreditation.models import HoursEntry
from field.actions import ConfirmAttendance, DecideAttendance
from field.models import Assignment, Attendance
from lms.roles import Role
from partner_api.models import ApiToken
from tests.environment import require
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def submit(partner, key="k-1", **fields):
    body = {
        "deployment": partner["deployment"].pk,
        "volunteer": partner["volunteer"].pk,
        "day": (TODAY - timedelta(days=1)).isoformat(),  # a shift that has ended
        "check_in": "08:00",
        "check_out": "12:00",
        **fields,
    }
    return partner["client"].post(
        "/api/v1/attendance/?lang=en",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_no_token_or_a_revoked_one_is_unauthorised(partner):
    url = f"/api/v1/volunteers/{partner['volunteer'].pk}/hours/"
    assert Client().get(url).status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer mnr_forged").get(url).status_code == 401
    assert partner["client"].get(url).status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert partner["client"].get(url).json()["error"] == "unauthorised"
    assert ApiToken.objects.get().digest != partner["token"]  # only a digest is kept


def test_a_partner_reads_only_its_own_volunteers(partner):
    stranger = UserFactory(organisation=OrganisationFactory())
    assert partner["client"].get(f"/api/v1/volunteers/{stranger.pk}/hours/").status_code == 404
    url = f"/api/v1/roles/{partner['role'].pk}/eligibility/{stranger.pk}/"
    assert partner["client"].get(url).status_code == 404
    mine = f"/api/v1/roles/{partner['role'].pk}/eligibility/{partner['volunteer'].pk}/?lang=en"
    answer = partner["client"].get(mine).json()
    assert answer["eligible"] is True
    assert [(f["kind"], f["status"], f["needed"]) for f in answer["findings"]] == [
        ("age", "met", "18")
    ]
    assert answer["findings"][0]["label"] == "Minimum age"
    assert answer["findings"][0]["message"] == "Minimum age: met"


def test_the_eligibility_names_courses_in_the_requested_language(partner, course, locales):
    from field.models import RoleRequirement

    urdu = course.course.copy_for_translation(locales["ur"], copy_parents=True)
    urdu.title = "ابتدائی طبی امداد"
    urdu.save_revision().publish()
    RoleRequirement.objects.create(role=partner["role"], kind="course", course=course.course)
    url = f"/api/v1/roles/{partner['role'].pk}/eligibility/{partner['volunteer'].pk}/"
    findings = partner["client"].get(url + "?lang=ur").json()["findings"]
    course_finding = next(f for f in findings if f["kind"] == "course")
    assert course_finding["what"] == course_finding["label"] == "ابتدائی طبی امداد"
    assert "ابتدائی طبی امداد" in course_finding["message"]
    assert all(f["label"] for f in findings)
    english = partner["client"].get(url + "?lang=en").json()["findings"]
    assert next(f for f in english if f["kind"] == "course")["what"] == course.course.title


def test_attendance_is_recorded_once_per_key_and_reaches_the_ledger_once(partner, office_staff):
    first = submit(partner)
    assert first.status_code == 201
    again = submit(partner)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Attendance.objects.count() == 1
    attendance = Attendance.objects.get()
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="men")
    ConfirmAttendance(attendance=[attendance], user=deputy).execute()
    attendance.refresh_from_db()
    DecideAttendance(attendance=[attendance], user=office_staff, approve=True).execute()
    assert submit(partner).status_code == 200  # a late retry changes nothing
    assert HoursEntry.objects.filter(source="field_attendance").count() == 1


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"check_in": "10:00", "check_out": "11:00"}, 422, "overlaps"),
        ({"check_in": None, "check_out": None, "hours": 20}, 422, "At most 16"),
        ({"day": (TODAY + timedelta(days=1)).isoformat()}, 422, "day to come"),
        ({"day": "27-11-2026"}, 400, "day is not a valid date"),
        ({"hours": "lots", "check_in": None, "check_out": None}, 400, "number"),
        ({"volunteer": "1"}, 400, "positive integer"),
    ],
)
def test_bad_submissions_are_refused_with_a_specific_message(partner, fields, status, message):
    assert submit(partner, key="base").status_code == 201
    response = submit(partner, key="second", **fields)
    assert response.status_code == status
    assert message in response.json()["message"]
    assert Attendance.objects.count() == 1


def test_an_unassigned_volunteer_and_a_missing_key_are_refused(partner):
    outsider = UserFactory(organisation=partner["organisation"])
    response = submit(partner, volunteer=outsider.pk)
    assert response.status_code == 422 and "not on the roster" in response.json()["message"]
    no_key = partner["client"].post("/api/v1/attendance/", "{}", content_type="application/json")
    assert no_key.status_code == 400 and no_key.json()["error"] == "idempotency_key"
    assert not Attendance.objects.exists()


def body_digest(body: dict) -> str:
    """What the document promises: SHA-256 of the JSON with sorted members and no spaces."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def shift_body(partner, **fields) -> dict:
    return {
        "deployment": partner["deployment"].pk,
        "volunteer": partner["volunteer"].pk,
        "day": (TODAY - timedelta(days=1)).isoformat(),  # a shift that has ended
        "check_in": "08:00",
        "check_out": "12:00",
        **fields,
    }


def test_a_key_reused_with_another_body_is_a_conflict_naming_both_digests(partner):
    first = submit(partner, key="k-1")
    assert first.status_code == 201
    other = shift_body(partner, check_in="13:00", check_out="15:00")
    conflict = partner["client"].post(
        "/api/v1/attendance/?lang=en",
        json.dumps(other),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert conflict.status_code == 409
    assert conflict.json() == {
        "error": "idempotency_conflict",
        "message": "This Idempotency-Key was first used with another body; use a new key for a "
        "new submission.",
        "first_request_digest": body_digest(shift_body(partner)),
        "request_digest": body_digest(other),
    }
    assert Attendance.objects.count() == 1
    assert Attendance.objects.get().request_digest == body_digest(shift_body(partner))
    # The same body again, with its members in another order and spaced out, is a retry.
    reordered = json.dumps(dict(reversed(shift_body(partner).items())), indent=2)
    retry = partner["client"].post(
        "/api/v1/attendance/",
        reordered,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert retry.status_code == 200 and retry.json()["id"] == first.json()["id"]
    # Another key with the other body is a new submission.
    assert submit(partner, key="k-2", check_in="13:00", check_out="15:00").status_code == 201


def test_a_record_from_before_digests_is_still_found_by_its_key(partner):
    """Attendance submitted before digests were kept has none; its key still answers it."""
    first = submit(partner, key="k-1")
    Attendance.objects.update(request_digest="")
    again = submit(partner, key="k-1", check_in="13:00", check_out="15:00")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1, 2]", "the body must be a JSON object"),
        ("{", "not valid JSON"),
        ("[" * 50 + "]" * 50, "nested more than 10 levels"),
        ('{"deployment": 1}', "volunteer is required"),
        ('{"deployment": true, "volunteer": 1, "day": "2026-01-01"}', "deployment must be a"),
        ('{"deployment": 1, "volunteer": 1, "day": 20260101}', "day is not a valid date"),
        ('{"deployment": 1, "volunteer": 1, "day": "2026-01-01", "check_in": "8am"}', "check_in"),
        ('{"deployment": 1, "volunteer": 1, "day": "2026-01-01", "hours": 1.234}', "two decimals"),
    ],
)
def test_malformed_bodies_are_told_what_is_wrong(partner, body, message):
    response = partner["client"].post(
        "/api/v1/attendance/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and message in response.json()["message"]


def test_a_huge_or_deeply_nested_body_is_refused_not_a_server_error(partner):
    deep = partner["client"].post(
        "/api/v1/attendance/",
        "[" * 100_000 + "]" * 100_000,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert deep.status_code == 413 and deep.json()["error"] == "too_large"
    nested = partner["client"].post(
        "/api/v1/attendance/",
        '{"a": ' * 2000 + "1" + "}" * 2000,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert nested.status_code in (400, 413)
    assert not Attendance.objects.exists()


def test_a_time_with_a_zone_is_refused_not_a_server_error(partner):
    """Roster times are local: "08:00+03:00" is not one (it once crashed the comparison)."""
    response = submit(partner, check_in="08:00+03:00")
    assert response.status_code == 400 and "check_in" in response.json()["message"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("same_volunteer", [True, False], ids=["same-volunteer", "two-volunteers"])
def test_two_bodies_at_once_with_one_key_make_one_record_and_one_conflict(partner, same_volunteer):
    """On PostgreSQL: two different bodies with the same key arrive together. One is recorded
    (201), the other is told of the conflict (409), never two records: for one volunteer the
    second waits on the volunteer's lock and finds the first; for two, the unique constraint
    on (partner, key) stops it."""
    require("postgres", connection.vendor == "postgresql", "needs concurrent transactions")
    other = (
        partner["volunteer"]
        if same_volunteer
        else UserFactory(organisation=partner["organisation"])
    )
    if not same_volunteer:
        Assignment.objects.create(deployment=partner["deployment"], volunteer=other)
    bodies = [
        shift_body(partner),
        # For one volunteer the shifts overlap: the loser must hear of the key, not the overlap.
        shift_body(partner, volunteer=other.pk, check_in="10:00", check_out="11:00"),
    ]
    statuses = []
    barrier = threading.Barrier(2)

    def send(body):
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {partner['token']}")
            barrier.wait()
            response = client.post(
                "/api/v1/attendance/",
                json.dumps(body),
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY="same-key",
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409]
    assert Attendance.objects.filter(idempotency_key="same-key").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_schemathesis_run_finds_no_server_error(live_server, partner, tmp_path):
    """Schemathesis reads the API's own OpenAPI document from a running server and sends it
    generated requests, with the partner's token, in every mode; none may get a 5xx."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    cli = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    if not Path(cli).exists():
        pytest.skip("schemathesis is not installed")
    result = subprocess.run(  # noqa: S603
        [
            cli,
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--url",
            live_server.url,
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "40",
            "--seed",
            "1448",
            "--request-timeout",
            "20",
            "-H",
            f"Authorization: Bearer {partner['token']}",
            "--suppress-health-check",
            "all",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
