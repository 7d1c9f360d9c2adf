"""The partner API's OpenAPI document: valid by the specification, and true to the server. A
client is generated from the served document as a partner would (openapi-python-client), and
every endpoint is called through it against a running server; each answer must have a status
the document lists and a body that fits the schema the document gives for that status."""

import hashlib
import importlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.db import transaction
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate

from certificates.models import Certificate
from field.actions import ConfirmAttendance, DecideAttendance
from field.models import Attendance
from lms.roles import Role
from partner_api.openapi import document
from tests.factories import OrganisationFactory, UserFactory

PACKAGE = "manara_partner_client"


def test_the_document_is_valid_openapi():
    validate(document("https://manara.example"))  # raises with the first problem


def test_the_attendance_schema_is_the_one_that_reads_submissions():
    schema = document("https://manara.example")["components"]["schemas"]["AttendanceSubmission"]
    assert schema["required"] == ["deployment", "volunteer", "day"]
    assert schema["properties"]["check_in"]["anyOf"][0]["pattern"].startswith("^([01]")


@pytest.fixture(scope="session")
def served_document(live_server, django_db_blocker) -> dict:
    url = f"{live_server.url}/api/v1/openapi.json"
    # The server's request handling looks at its database connection, even for this page.
    with django_db_blocker.unblock(), urllib.request.urlopen(url) as answer:  # noqa: S310
        return json.load(answer)


@pytest.fixture(scope="session")
def partner_client(served_document, tmp_path_factory):
    """The package openapi-python-client makes from the served document, imported. Made once
    a session in a temporary folder (a couple of seconds, no network)."""
    folder = tmp_path_factory.mktemp("generated")
    (folder / "openapi.json").write_text(json.dumps(served_document))
    (folder / "config.yml").write_text("post_hooks: []\n")  # no formatter run on the output
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(  # noqa: S603
        [
            str(generator),
            "generate",
            "--path",
            "openapi.json",
            "--config",
            "config.yml",
            "--meta",
            "none",
            "--output-path",
            PACKAGE,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=folder,
    )
    output = result.stdout + result.stderr
    # A warning means a piece of the document the generator could not turn into code.
    assert result.returncode == 0 and "Warning" not in output, output
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


class Checked:
    """Calls through the generated client and checks each raw answer against the document."""

    def __init__(self, package, served_document: dict):
        self.package = package
        self.document = served_document

    def call(self, endpoint: str, path: str, method: str, **kwargs):
        module = importlib.import_module(f"{PACKAGE}.api.default.{endpoint}")
        response = module.sync_detailed(**kwargs)  # an undocumented status raises here
        status = str(int(response.status_code))
        listed = self.document["paths"][path][method]["responses"]
        assert status in listed, f"{endpoint} answered {status}, not in the document"
        schema = listed[status]["content"]["application/json"]["schema"]
        body = json.loads(response.content)
        OAS31Validator(
            {**schema, "components": self.document["components"]},
            format_checker=oas31_format_checker,
        ).validate(body)
        return int(status), response.parsed, body


def canonical_digest(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_endpoint_through_a_client_generated_from_the_document(
    live_server,
    partner_client,
    served_document,
    partner,
    office_staff,
    volunteer,
    accredited,
    complete_course,
):
    api = partner_client
    models = importlib.import_module(f"{PACKAGE}.models")
    checked = Checked(api, served_document)
    client = api.AuthenticatedClient(
        base_url=live_server.url, token=partner["token"], raise_on_unexpected_status=True
    )
    public = api.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    volunteer_id = partner["volunteer"].pk
    stranger = UserFactory(organisation=OrganisationFactory())

    # Attendance: recorded, repeated, refused with the same key and another body.
    attendance = "/api/v1/attendance/"
    shift = models.AttendanceSubmission(
        deployment=partner["deployment"].pk,
        volunteer=volunteer_id,
        day=partner["deployment"].starts_on,
        check_in="08:00",
        check_out="12:30",
    )
    status, recorded, _ = checked.call(
        "submit_attendance", attendance, "post", client=client, body=shift, idempotency_key="a-1"
    )
    assert status == 201 and recorded.hours == "4.5"
    assert recorded.status == models.AttendanceRecordedStatus.RECORDED
    status, again, _ = checked.call(
        "submit_attendance", attendance, "post", client=client, body=shift, idempotency_key="a-1"
    )
    assert status == 200 and again.id == recorded.id
    hours_only = models.AttendanceSubmission(
        deployment=partner["deployment"].pk,
        volunteer=volunteer_id,
        day=partner["deployment"].starts_on,
        hours=2.5,
    )
    status, conflict, body = checked.call(
        "submit_attendance",
        attendance,
        "post",
        client=client,
        body=hours_only,
        idempotency_key="a-1",
    )
    assert status == 409 and isinstance(conflict, models.IdempotencyConflict)
    assert body["first_request_digest"] == canonical_digest(shift.to_dict())
    assert body["request_digest"] == canonical_digest(hours_only.to_dict())
    status, refused, _ = checked.call(
        "submit_attendance",
        attendance,
        "post",
        client=client,
        body=models.AttendanceSubmission(
            deployment=partner["deployment"].pk, volunteer=stranger.pk, day=shift.day
        ),
        idempotency_key="a-2",
    )
    assert status == 404 and refused.error == "not_found"
    assert Attendance.objects.count() == 1

    # Approved, the shift reaches the volunteer's hours.
    with transaction.atomic():
        record = Attendance.objects.get()
        deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="men")
        ConfirmAttendance(attendance=[record], user=deputy).execute()
        record.refresh_from_db()
        DecideAttendance(attendance=[record], user=office_staff, approve=True).execute()
    hours_path = "/api/v1/volunteers/{volunteer_id}/hours/"
    status, hours, _ = checked.call(
        "volunteer_hours", hours_path, "get", client=client, volunteer_id=volunteer_id
    )
    assert status == 200 and hours.total_hours == "4.5"
    assert [(t.category, t.hours) for t in hours.totals] == [("training", "4.5")]
    status, missing, _ = checked.call(
        "volunteer_hours", hours_path, "get", client=client, volunteer_id=stranger.pk
    )
    assert status == 404 and missing.error == "not_found"
    outsider = api.AuthenticatedClient(base_url=live_server.url, token="mnr_forged")
    status, unauthorised, _ = checked.call(
        "volunteer_hours", hours_path, "get", client=outsider, volunteer_id=volunteer_id
    )
    assert status == 401 and unauthorised.error == "unauthorised"

    # Eligibility, with its findings in the language asked for.
    eligibility_path = "/api/v1/roles/{role_id}/eligibility/{volunteer_id}/"
    status, answer, _ = checked.call(
        "volunteer_eligibility",
        eligibility_path,
        "get",
        client=client,
        role_id=partner["role"].pk,
        volunteer_id=volunteer_id,
        lang=models.VolunteerEligibilityLang.EN,
    )
    assert status == 200 and answer.eligible is True
    assert [(f.kind.value, f.status.value, f.needed) for f in answer.findings] == [
        ("age", "met", "18")
    ]

    # Verification, public: a certificate that exists, and a code that does not.
    complete_course(volunteer, accredited)
    code = Certificate.objects.get(holder=volunteer).code
    verify_path = "/api/v1/certificates/{code}/"
    status, verdict, body = checked.call(
        "verify_certificate", verify_path, "get", client=public, code=code
    )
    assert status == 200 and verdict.status == models.VerdictStatus.VALID
    assert verdict.issued_at is not None and body["holder"]
    status, verdict, _ = checked.call(
        "verify_certificate", verify_path, "get", client=public, code="NO-SUCH-CODE"
    )
    assert status == 200 and verdict.status.value in {"unknown", "invalid"}
