# ruff: noqa: F811  (the scene fixture is shared with test_attendance by import)
"""Four eyes on field attendance (whoever recorded it, and the volunteer it is for, neither
confirm nor approve it), one record of a day's hours per deployment, and only service that
has ended, on the office's clock (Madinah)."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accreditation.models import HoursEntry
from field.actions import ConfirmAttendance, DecideAttendance
from field.models import Assignment, Attendance
from field.permissions import may_approve_attendance, may_confirm_attendance
from field.selectors import attendance_waiting_for
from field.services import AttendanceRefused, attendance_record, shift_bounds
from lms.roles import Role
from tests.factories import UserFactory
from tests.field.test_attendance import in_english, scene  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)
RIYADH = datetime.timezone(timedelta(hours=3))


def record(scene, *, actor=None, volunteer=None, day=YESTERDAY, start=None, end=None, hours=None):
    starts_at = ends_at = None
    if start:
        starts_at, ends_at = shift_bounds(
            day=day, starts=datetime.time(*start), ends=datetime.time(*end)
        )
    (attendance,) = attendance_record(
        deployment=scene["deployment"],
        volunteers=[volunteer or scene["volunteer"]],
        day=day,
        actor=actor or scene["leader"],
        starts_at=starts_at,
        ends_at=ends_at,
        hours=hours,
    )
    return attendance


def confirmed(attendance, deputy):
    ConfirmAttendance(attendance=[attendance], user=deputy).execute()
    attendance.refresh_from_db()
    return attendance


def at_office_time(monkeypatch, moment: datetime.datetime) -> None:
    """Stop the clock at ``moment`` (an aware datetime)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


# Four eyes ------------------------------------------------------------------------------


def test_recorder_cannot_confirm_own_entry(scene):
    """A deputy who also leads the team records a shift: another deputy confirms it."""
    deputy = scene["deputy"]
    deputy.groups.add(*UserFactory(roles=[Role.TEAM_LEADER]).groups.all())
    scene["deployment"].assignments.get().team.leaders.add(deputy)
    attendance = record(scene, actor=deputy, hours=4)
    assert not may_confirm_attendance(deputy, attendance)
    with pytest.raises(PermissionDenied, match="You recorded the attendance of .*someone else"):
        ConfirmAttendance(attendance=[attendance], user=deputy).execute()
    assert Attendance.objects.get().status == "recorded"
    other_deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="women")
    assert confirmed(attendance, other_deputy).status == "confirmed"


def test_recorder_cannot_approve_own_entry(scene):
    """Office staff who recorded attendance do not approve it: someone else does."""
    office = scene["office"]
    attendance = confirmed(record(scene, actor=office, hours=5), scene["deputy"])
    assert not may_approve_attendance(office, attendance)
    with pytest.raises(PermissionDenied, match="You recorded the attendance"):
        DecideAttendance(attendance=[attendance], user=office, approve=True).execute()
    with pytest.raises(PermissionDenied, match="You recorded the attendance"):  # nor reject
        DecideAttendance(attendance=[attendance], user=office, approve=False, reason="x").execute()
    assert not HoursEntry.objects.exists()
    colleague = UserFactory(roles=[Role.OFFICE_STAFF])
    DecideAttendance(attendance=[attendance], user=colleague, approve=True).execute()
    assert HoursEntry.objects.get().hours == Decimal("5")


def test_a_superuser_who_recorded_neither_confirms_nor_approves(scene):
    admin = UserFactory(is_superuser=True, is_staff=True)
    attendance = record(scene, actor=admin, hours=3)
    with pytest.raises(PermissionDenied, match="You recorded"):
        ConfirmAttendance(attendance=[attendance], user=admin).execute()
    attendance = confirmed(attendance, scene["deputy"])
    with pytest.raises(PermissionDenied, match="You recorded"):
        DecideAttendance(attendance=[attendance], user=admin, approve=True).execute()
    assert not HoursEntry.objects.exists()


def test_a_leaders_own_hours_are_confirmed_and_approved_by_someone_else(scene):
    """A leader who serves in their own team records their own shift: it waits for the
    deputy and the office like anyone's; a leader who is also a deputy or office staff
    cannot pass it through themselves."""
    leader = scene["leader"]
    team = scene["deployment"].assignments.get().team
    team.members.add(leader)
    Assignment.objects.create(deployment=scene["deployment"], volunteer=leader, team=team)
    leader.groups.add(*UserFactory(roles=[Role.SECTION_DEPUTY, Role.OFFICE_STAFF]).groups.all())
    own = record(scene, volunteer=leader, hours=6)
    with pytest.raises(PermissionDenied, match="You recorded"):
        ConfirmAttendance(attendance=[own], user=leader).execute()
    own = confirmed(own, scene["deputy"])
    with pytest.raises(PermissionDenied):
        DecideAttendance(attendance=[own], user=leader, approve=True).execute()
    DecideAttendance(attendance=[own], user=scene["office"], approve=True).execute()
    assert HoursEntry.objects.get().volunteer == leader


def test_nobody_confirms_or_approves_their_own_attendance(scene):
    """Recorded by someone else, it is still not the volunteer's to confirm or approve."""
    volunteer = scene["volunteer"]
    volunteer.staff_section = "women"
    volunteer.save()
    volunteer.groups.add(*UserFactory(roles=[Role.SECTION_DEPUTY, Role.OFFICE_STAFF]).groups.all())
    attendance = record(scene, hours=4)
    with pytest.raises(PermissionDenied, match="is your own"):
        ConfirmAttendance(attendance=[attendance], user=volunteer).execute()
    attendance = confirmed(attendance, scene["deputy"])
    with pytest.raises(PermissionDenied, match="is your own"):
        DecideAttendance(attendance=[attendance], user=volunteer, approve=True).execute()
    assert not attendance_waiting_for(volunteer).exists()


def test_the_waiting_list_leaves_out_what_you_recorded(scene):
    office = scene["office"]
    attendance = confirmed(record(scene, actor=office, hours=2), scene["deputy"])
    assert list(attendance_waiting_for(office)) == []
    assert list(attendance_waiting_for(UserFactory(roles=[Role.OFFICE_STAFF]))) == [attendance]


# One record of a day's hours per deployment ----------------------------------------------


def test_same_day_entered_twice_is_refused(scene):
    first = record(scene, hours=5)
    with pytest.raises(AttendanceRefused) as refusal:
        record(scene, hours=5)
    message = str(refusal.value)
    assert f"record no. {first.pk}" in message and "5 hours" in message
    assert "Recorded" in message  # its stage
    confirmed(first, scene["deputy"])
    with pytest.raises(AttendanceRefused, match="Confirmed by the deputy"):
        record(scene, hours=2)
    assert Attendance.objects.count() == 1


def test_a_shift_and_hours_for_the_same_day_are_one_too_many(scene):
    record(scene, start=(8, 0), end=(12, 0))
    with pytest.raises(AttendanceRefused, match="already recorded for this deployment"):
        record(scene, hours=4)
    record(scene, start=(14, 0), end=(18, 0))  # a separate, non-overlapping shift is fine
    other_day = YESTERDAY - timedelta(days=1)
    record(scene, day=other_day, hours=4)
    with pytest.raises(AttendanceRefused, match="already recorded for this deployment"):
        record(scene, day=other_day, start=(18, 0), end=(20, 0))
    assert Attendance.objects.count() == 3


def test_a_rejected_day_may_be_recorded_again(scene):
    first = confirmed(record(scene, hours=9), scene["deputy"])
    DecideAttendance(
        attendance=[first], user=scene["office"], approve=False, reason="It was 4 hours"
    ).execute()
    again = record(scene, hours=4)
    assert again.pk != first.pk and again.status == "recorded"


def test_the_database_refuses_a_second_record_of_the_days_hours(scene):
    first = record(scene, hours=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(assignment=first.assignment, day=first.day, hours=3)


# Only service that has ended -------------------------------------------------------------


def test_shift_not_ended_cannot_be_recorded(scene, monkeypatch):
    at_office_time(monkeypatch, datetime.datetime.combine(TODAY, datetime.time(10, 0), RIYADH))
    with pytest.raises(AttendanceRefused, match="has not ended yet.*12:00"):
        record(scene, day=TODAY, start=(8, 0), end=(12, 0))
    with pytest.raises(AttendanceRefused, match="only once the day is over"):
        record(scene, day=TODAY, hours=2)
    assert not Attendance.objects.exists()
    assert record(scene, day=TODAY, start=(6, 0), end=(10, 0)).hours == Decimal("4")


def test_the_office_clock_is_madinahs(scene, monkeypatch):
    """22:00 UTC yesterday is 01:00 today in Madinah: yesterday is over there."""
    at_office_time(
        monkeypatch, datetime.datetime.combine(YESTERDAY, datetime.time(22, 0), datetime.UTC)
    )
    assert record(scene, day=YESTERDAY, hours=8).hours == Decimal("8")
    assert record(scene, day=TODAY, start=(0, 0), end=(0, 45)).hours == Decimal("0.75")
    with pytest.raises(AttendanceRefused, match="has not ended yet"):
        record(scene, day=TODAY, start=(0, 45), end=(2, 0))


def test_shift_not_ended_cannot_be_approved(scene, monkeypatch):
    """A record that slipped in before the rule (or with a clock set wrong) waits."""
    at_office_time(monkeypatch, datetime.datetime.combine(TODAY, datetime.time(10, 0), RIYADH))
    attendance = Attendance.objects.create(
        assignment=scene["deployment"].assignments.get(),
        day=TODAY,
        starts_at=datetime.datetime.combine(TODAY, datetime.time(8, 0), RIYADH),
        ends_at=datetime.datetime.combine(TODAY, datetime.time(14, 0), RIYADH),
        hours=6,
        status="confirmed",
        recorded_by=scene["leader"],
    )
    with pytest.raises(ValidationError, match="has not ended yet"):
        DecideAttendance(attendance=[attendance], user=scene["office"], approve=True).execute()
    assert not HoursEntry.objects.exists()
    at_office_time(monkeypatch, datetime.datetime.combine(TODAY, datetime.time(14, 5), RIYADH))
    DecideAttendance(attendance=[attendance], user=scene["office"], approve=True).execute()
    assert HoursEntry.objects.get().hours == Decimal("6")
