"""The partner API: tokens, a volunteer's hours and eligibility, attendance submissions that
count once per idempotency key, and a schemathesis run against the API's own OpenAPI
document with no server errors."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accreditation.models import HoursEntry, ServiceCategory
from field.actions import ConfirmAttendance, DecideAttendance
from field.models import Assignment, Attendance, Deployment, FieldRole
from lms.roles import Role
from partner_api.models import ApiToken
from partner_api.views import token_create
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def partner():
    organisation = OrganisationFactory(name_en="Red Crescent")
    token = token_create(organisation=organisation, name="Roster system")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    volunteer = UserFactory(organisation=organisation)
    role = FieldRole.objects.create(
        name_ar="مسعف",
        name_en="First aider",
        minimum_age=18,
        category=ServiceCategory.objects.get(slug="training"),
    )
    deployment = Deployment.objects.create(
        role=role,
        service_point="باب السلام",
        section="men",
        capacity=5,
        organisation=organisation,
        starts_on=TODAY - timedelta(days=3),
        ends_on=TODAY + timedelta(days=3),
    )
    Assignment.objects.create(deployment=deployment, volunteer=volunteer)
    return {
        "organisation": organisation,
        "client": client,
        "volunteer": volunteer,
        "role": role,
        "deployment": deployment,
        "token": token,
    }


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
