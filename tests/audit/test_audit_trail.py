"""The audit trail: every decision on record, append-only, read by the section's staff."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.utils import timezone

from accreditation.actions import ReverseHoursEntry
from accreditation.models import HoursEntry, ServiceCategory
from accreditation.services import hours_statement_issue
from audit.decisions import Decision
from audit.models import AuditEvent, AuditTrailIsAppendOnly
from audit.services import audit_record
from certificates.actions import RevokeCertificate
from field.actions import ConfirmAttendance, DecideAttendance
from field.licences import ChangeLicence
from field.services import deployment_assign
from lms.roles import Role
from tests.factories import (
    AttendanceFactory,
    DeploymentFactory,
    FieldRoleFactory,
    LicenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_of():
    def make(section: str):
        return UserFactory(roles=[Role.OFFICE_STAFF], staff_section=section, section=section)

    return make


def _statement(section: str, office):
    holder = UserFactory(section=section)
    return hours_statement_issue(volunteer=holder, issued_by=office)


def test_an_event_is_never_changed_or_deleted(office_staff):
    event = audit_record(action=Decision.CERTIFICATE_REVOKE, actor=office_staff, reason="x")
    event.reason = "changed"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    # Also past the model: the database itself refuses.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="changed")
    assert AuditEvent.objects.get(pk=event.pk).reason == "x"


def test_revoking_from_the_admin_records_who_why_and_from_where(staff_of):
    staff = staff_of("men")
    certificate = _statement("men", staff)
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Mozilla/5.0 (Test)")
    client.force_login(staff)
    url = f"/admin/accreditation/certificates/{certificate.pk}/"
    assert client.post(url, {"reason": "Issued to the wrong person"}).status_code == 302
    event = AuditEvent.objects.get(action=Decision.CERTIFICATE_REVOKE)
    assert event.actor == staff
    assert event.object_id == str(certificate.pk)
    assert event.reason == "Issued to the wrong person"
    assert event.section == "men"
    assert event.after == {"status": "revoked"}
    assert event.ip_address == "203.0.113.9"
    assert event.user_agent == "Mozilla/5.0 (Test)"


def test_a_refused_decision_leaves_no_event(staff_of):
    staff = staff_of("men")
    certificate = _statement("men", staff)
    issued = AuditEvent.objects.get()
    assert (issued.action, issued.object_id) == (Decision.CERTIFICATE_ISSUE, str(certificate.pk))
    with pytest.raises(Exception):  # noqa: B017 (the refusal's kind is the action's business)
        RevokeCertificate(certificate=certificate, user=staff, reason="").execute()
    assert list(AuditEvent.objects.all()) == [issued]


def test_a_ledger_reversal_is_on_record_with_before_and_after(office_staff, volunteer):
    category = ServiceCategory.objects.create(
        slug="guidance", name_ar="إرشاد", name_en="Guidance", hourly_value_sar="30"
    )
    entry = HoursEntry.objects.create(
        volunteer=volunteer,
        kind=HoursEntry.Kind.FIELD,
        hours=Decimal("4"),
        category=category,
        hourly_value_sar=Decimal("30"),
        served_on="2026-06-01",
        season=1447,
        section="men",
        source=HoursEntry.Source.MANUAL,
        status=HoursEntry.Status.APPROVED,
    )
    reversal = ReverseHoursEntry(entry=entry, user=office_staff, reason="Duplicate").execute()
    event = AuditEvent.objects.get(action=Decision.HOURS_REVERSE)
    assert event.before["hours"] == str(entry.hours)
    assert event.after == {"reversal": reversal.pk, "hours": str(reversal.hours)}
    assert event.reason == "Duplicate"


def test_staff_read_their_sections_trail_only(staff_of):
    men, women = staff_of("men"), staff_of("women")
    mens = audit_record(action=Decision.CERTIFICATE_REVOKE, actor=men, section="men", reason="m")
    womens = audit_record(
        action=Decision.CERTIFICATE_REVOKE, actor=women, section="women", reason="w"
    )
    client = Client()
    client.force_login(women)
    listing = client.get("/admin/audit/")
    assert listing.status_code == 200
    ids = {row.pk for row in listing.context["object_list"]}
    assert womens.pk in ids
    assert mens.pk not in ids
    assert client.get(f"/admin/audit/inspect/{mens.pk}/", follow=True).status_code == 404
    assert client.get(f"/admin/audit/inspect/{womens.pk}/").status_code == 200
    assert not client.get("/admin/audit/", {"q": "zzz-nothing"}).context["object_list"]
    exported = client.get("/admin/audit/", {"export": "csv"})
    content = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    # The title, "every record" (no filter chosen), a blank line, the headings, her event.
    assert len(rows) == 5
    assert rows[4][8] == "w"
    searched = client.get("/admin/audit/", {"export": "csv", "q": "zzz-nothing"})
    body = b"".join(searched.streaming_content).decode("utf-8-sig")
    stated = list(csv.reader(io.StringIO(body)))
    assert stated[1][1] == "zzz-nothing"  # the search is stated before the headings
    assert len(stated) == 4


def test_the_trail_is_filtered_by_decision_person_and_date(staff_of):
    staff = staff_of("")
    audit_record(action=Decision.CERTIFICATE_REVOKE, actor=staff, reason="a")
    audit_record(action=Decision.HOURS_REVERSE, actor=UserFactory(), reason="b")
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(staff)
    by_decision = client.get("/admin/audit/", {"action": Decision.HOURS_REVERSE})
    assert [e.reason for e in by_decision.context["object_list"]] == ["b"]
    exported = client.get("/admin/audit/", {"action": Decision.HOURS_REVERSE, "export": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert lines[1] == ["القرار", str(Decision.HOURS_REVERSE.label)]  # the filter, stated
    assert [line[8] for line in lines[4:]] == ["b"]
    by_person = client.get("/admin/audit/", {"actor": staff.email.upper()})
    assert [e.reason for e in by_person.context["object_list"]] == ["a"]
    today = by_person.context["object_list"][0].at.date().isoformat()
    by_date = client.get("/admin/audit/", {"at_after": today, "at_before": today})
    assert len(by_date.context["object_list"]) == 2


def test_nobody_adds_or_edits_an_event_and_volunteers_see_nothing(office_staff, volunteer):
    event = audit_record(action=Decision.CERTIFICATE_REVOKE, actor=office_staff)
    client = Client()
    client.force_login(office_staff)
    assert client.get("/admin/audit/add/").status_code in (302, 403, 404)
    assert client.get(f"/admin/audit/edit/{event.pk}/").status_code in (302, 403, 404)
    assert client.get(f"/admin/audit/delete/{event.pk}/").status_code in (302, 403, 404)
    client.force_login(volunteer)
    assert client.get("/admin/audit/").status_code in (302, 403)


def test_a_section_change_made_in_the_admin_is_recorded(office_staff):
    from audit.context import AuditOriginMiddleware

    person = UserFactory(section="men")

    def change(request):
        person.section = "women"
        person.save()
        return None

    request = type("Request", (), {"user": office_staff, "META": {"REMOTE_ADDR": "10.0.0.1"}})()
    request.headers = {"User-Agent": "admin"}
    AuditOriginMiddleware(change)(request)
    event = AuditEvent.objects.get(action=Decision.USER_SECTION_CHANGE)
    assert event.actor == office_staff
    assert event.before["section"] == "men"
    assert event.after["section"] == "women"


def test_attendance_decisions_are_on_record(staff_of):
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="men")
    office = staff_of("men")
    yesterday = timezone.localdate() - timedelta(days=1)
    recorded = AttendanceFactory(
        assignment__deployment__starts_on=yesterday - timedelta(days=3),
        day=yesterday,
        recorded_by=UserFactory(roles=[Role.TEAM_LEADER]),
    )
    ConfirmAttendance(attendance=[recorded], user=deputy).execute()
    recorded.refresh_from_db()
    DecideAttendance(attendance=[recorded], user=office, approve=True).execute()
    confirm = AuditEvent.objects.get(action=Decision.ATTENDANCE_CONFIRM)
    approve = AuditEvent.objects.get(action=Decision.ATTENDANCE_APPROVE)
    assert (confirm.actor, confirm.object_id, confirm.section) == (deputy, str(recorded.pk), "men")
    assert confirm.after == {"status": "confirmed"}
    assert (approve.actor, approve.after) == (office, {"status": "approved"})


def test_licence_events_and_overrides_are_on_record(staff_of):
    office = staff_of("")
    licence = LicenceFactory(holder=UserFactory(section="women"))
    ChangeLicence(licence=licence, user=office, action="suspend", reason="Under review").execute()
    event = AuditEvent.objects.get(action=Decision.LICENCE_SUSPEND)
    assert event.before["status"] == "active" and event.after["status"] == "suspended"
    assert (event.section, event.reason) == ("women", "Under review")
    role = FieldRoleFactory(minimum_age=120)  # nobody qualifies
    deployment = DeploymentFactory(role=role, section="men")
    volunteer = UserFactory(section="men")
    deployment_assign(
        deployment=deployment, volunteers=[volunteer], actor=office, override_reason="Doctor"
    )
    override = AuditEvent.objects.get(action=Decision.ASSIGNMENT_OVERRIDE)
    assert override.reason == "Doctor" and override.before["findings"]
