"""Field attendance: recorded by a team leader, confirmed by the section's deputy, approved
by office staff, and only then in the ledger, once; bad records are refused with the reason."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accreditation.models import HoursEntry
from field.actions import ConfirmAttendance, DecideAttendance
from field.models import Attendance
from field.services import AttendanceRefused, attendance_record, shift_bounds
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
    AttendanceFactory,
    DeploymentFactory,
    FieldRoleFactory,
    ServiceCategoryFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def in_english():
    """The refusals below are read in English (they are translated like every message)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def scene(office_staff):
    role = FieldRoleFactory(
        name_ar="مرشد", name_en="Guide", category=ServiceCategoryFactory(slug="training")
    )
    deployment = DeploymentFactory(
        role=role,
        service_point="باب السلام",
        section="women",
        capacity=10,
        starts_on=TODAY - timedelta(days=5),
        ends_on=TODAY + timedelta(days=5),
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER], section="women")
    volunteer = UserFactory(section="women")
    team = TeamFactory(section="women", leaders=[leader], members=[volunteer])
    AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="women")
    return {
        "deployment": deployment,
        "leader": leader,
        "volunteer": volunteer,
        "deputy": deputy,
        "office": office_staff,
    }


def shift(scene, start, end, day=None, **extra):
    starts_at, ends_at = shift_bounds(
        day=day or YESTERDAY, starts=datetime.time(*start), ends=datetime.time(*end)
    )
    (attendance,) = attendance_record(
        deployment=scene["deployment"],
        volunteers=[scene["volunteer"]],
        actor=scene["leader"],
        starts_at=starts_at,
        ends_at=ends_at,
        **extra,
    )
    return attendance


def test_the_three_stages_put_the_hours_in_the_ledger_once(scene):
    attendance = shift(scene, (8, 0), (14, 30))
    assert attendance.hours == Decimal("6.5") and attendance.status == "recorded"
    assert not HoursEntry.objects.exists()
    with pytest.raises(ValidationError):  # the office cannot skip the deputy
        DecideAttendance(attendance=[attendance], user=scene["office"], approve=True).execute()
    with pytest.raises(PermissionDenied):  # a leader is not a deputy
        ConfirmAttendance(attendance=[attendance], user=scene["leader"]).execute()
    men_deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="men")
    with pytest.raises(PermissionDenied):  # the men's deputy does not confirm women's teams
        ConfirmAttendance(attendance=[attendance], user=men_deputy).execute()
    ConfirmAttendance(attendance=[attendance], user=scene["deputy"]).execute()
    attendance.refresh_from_db()
    assert attendance.status == "confirmed" and attendance.confirmed_by == scene["deputy"]
    DecideAttendance(attendance=[attendance], user=scene["office"], approve=True).execute()
    entry = HoursEntry.objects.get()
    assert (entry.kind, entry.hours, entry.source_id) == ("field", Decimal("6.5"), attendance.pk)
    assert entry.decided_by == scene["office"] and entry.section == "women"
    attendance.refresh_from_db()
    with pytest.raises(ValidationError):  # decided once
        DecideAttendance(attendance=[attendance], user=scene["office"], approve=True).execute()
    assert HoursEntry.objects.count() == 1


def test_rejection_needs_a_reason_and_credits_nothing(scene):
    attendance = shift(scene, (8, 0), (12, 0))
    ConfirmAttendance(attendance=[attendance], user=scene["deputy"]).execute()
    attendance.refresh_from_db()
    with pytest.raises(ValidationError):
        DecideAttendance(attendance=[attendance], user=scene["office"], approve=False).execute()
    DecideAttendance(
        attendance=[attendance],
        user=scene["office"],
        approve=False,
        reason="Not at the service point",
    ).execute()
    attendance.refresh_from_db()
    assert attendance.status == "rejected" and attendance.decision_reason
    assert not HoursEntry.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        # An end at or before the start is the next day: 24 and 23 hours are too long.
        ({"start": (8, 0), "end": (8, 0)}, "at most 16 hours; this one lasts 24 hours"),
        ({"start": (10, 0), "end": (9, 0)}, "at most 16 hours; this one lasts 23 hours"),
        ({"start": (8, 0), "end": (12, 0), "day": TODAY + timedelta(days=1)}, "day to come"),
        ({"start": (8, 0), "end": (12, 0), "day": TODAY - timedelta(days=9)}, "outside"),
    ],
)
def test_bad_shifts_are_refused_with_the_reason(scene, kwargs, message):
    with pytest.raises(AttendanceRefused, match=message):
        shift(scene, kwargs["start"], kwargs["end"], day=kwargs.get("day"))
    assert not Attendance.objects.exists()


def test_overlapping_shifts_and_more_than_16_hours_a_day_are_refused(scene):
    shift(scene, (6, 0), (14, 0))
    with pytest.raises(AttendanceRefused, match=r"overlaps the one from \S+ 06:00 to \S+ 14:00"):
        shift(scene, (13, 0), (15, 0))
    shift(scene, (14, 0), (21, 0))  # back to back is fine: 15 hours
    with pytest.raises(AttendanceRefused, match="At most 16 hours in a day"):
        shift(scene, (21, 0), (23, 0))
    day_before = {
        "deployment": scene["deployment"],
        "volunteers": [scene["volunteer"]],
        "day": TODAY - timedelta(days=2),
        "actor": scene["leader"],
    }
    with pytest.raises(AttendanceRefused, match="more than zero"):
        attendance_record(**day_before, hours=0)
    with pytest.raises(AttendanceRefused, match="At most 16"):
        attendance_record(**day_before, hours=20)
    assert Attendance.objects.count() == 2


def test_only_assigned_volunteers_and_their_leaders(scene):
    stranger = UserFactory(section="women")
    with pytest.raises(AttendanceRefused, match="not on the roster"):
        attendance_record(
            deployment=scene["deployment"],
            volunteers=[stranger],
            day=YESTERDAY,
            actor=scene["leader"],
            hours=4,
        )
    other_leader = UserFactory(roles=[Role.TEAM_LEADER])
    with pytest.raises(PermissionDenied):
        attendance_record(
            deployment=scene["deployment"],
            volunteers=[scene["volunteer"]],
            day=YESTERDAY,
            actor=other_leader,
            hours=4,
        )
    assert not Attendance.objects.exists()


def test_a_partner_submission_repeated_with_its_key_is_recorded_once(scene):
    partner = scene["volunteer"].organisation or TeamFactory().organisation
    first = shift(scene, (8, 0), (12, 0), partner=partner, idempotency_key="sub-1")
    again = shift(scene, (8, 0), (12, 0), partner=partner, idempotency_key="sub-1")
    assert first.pk == again.pk and Attendance.objects.count() == 1


def test_the_pages_record_confirm_and_approve(client, scene, django_assert_num_queries):
    client.force_login(scene["leader"])
    url = f"/en/deployments/{scene['deployment'].pk}/attendance/"
    data = {
        "volunteers": [scene["volunteer"].pk],
        "day": YESTERDAY.isoformat(),
        "starts": "08:00",
        "ends": "20:00",
    }
    client.post(url, data)
    refused = client.post(url, {**data, "starts": "19:00", "ends": "23:00"})
    assert refused.status_code == 400
    assert f"overlaps the one from {YESTERDAY.isoformat()} 08:00" in refused.content.decode()
    assert Attendance.objects.count() == 1
    roster = client.get(f"/en/deployments/{scene['deployment'].pk}/").content.decode()
    assert "Recorded" in roster

    client.force_login(scene["deputy"])
    waiting = client.get("/en/deployments/attendance/")
    assert scene["volunteer"].display_name in waiting.content.decode()
    attendance = Attendance.objects.get()
    client.post(
        "/en/deployments/attendance/", {"attendance": [attendance.pk], "decision": "confirm"}
    )
    client.force_login(scene["office"])
    client.get("/en/deployments/attendance/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_APPROVALS_PAGE):
        client.get("/en/deployments/attendance/")
    for hours in (2, 3, 4):  # three more volunteers of the women's section, confirmed
        AttendanceFactory(
            confirmed=True,
            assignment__deployment=scene["deployment"],
            day=YESTERDAY,
            hours=hours,
            recorded_by=scene["leader"],
        )
    client.get("/en/deployments/attendance/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_APPROVALS_PAGE):
        client.get("/en/deployments/attendance/")
    client.post(
        "/en/deployments/attendance/", {"attendance": [attendance.pk], "decision": "approve"}
    )
    assert HoursEntry.objects.get().hours == Decimal("12")
    assert client.get("/en/deployments/attendance/").status_code == 200


# session, user, roles, the menu; the filters' deployments and teams; the count and the page.
QUERIES_APPROVALS_PAGE = 6
