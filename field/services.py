"""Writes of field service: assignments to deployments, roster checks and reminders, and
attendance on the way to the hours ledger."""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accreditation.services import field_hours_credit
from audit.decisions import Decision
from audit.services import audit_record
from field.eligibility import evaluate
from field.models import Assignment, Attendance, Deployment
from field.permissions import (
    may_assign,
    may_override_checks,
    may_record_attendance,
    serves_in_section,
)
from lms.models import Section, User
from lms.numbers import format_hours
from lms.templatetags.manara import human_list

# Deployments --------------------------------------------------------------------------------


@dataclass
class AssignmentResult:
    assigned: list = field(default_factory=list)  # volunteers now on the roster
    overridden: list = field(default_factory=list)  # of those, assigned despite the checks
    already: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (volunteer, Eligibility)
    full: list = field(default_factory=list)  # no place left


@transaction.atomic
def deployment_assign(
    *, deployment, volunteers, actor: User, team=None, override_reason: str = ""
) -> AssignmentResult:
    """Put volunteers on a deployment's roster after checking each against the role's
    requirements for the deployment's dates. Ineligible volunteers are refused with the
    findings; office staff may assign them anyway with a written reason, which is kept with
    the findings it overrode. Places are counted under a lock on the deployment, so two
    assigners cannot exceed its capacity."""
    if not may_assign(actor=actor, deployment=deployment, team=team):
        raise PermissionDenied(gettext("You may not assign volunteers to this deployment."))
    if team is not None:
        members = set(team.members.values_list("pk", flat=True))
        if any(volunteer.pk not in members for volunteer in volunteers):
            raise PermissionDenied(gettext("Only members of the team can be assigned with it."))
    _refuse_other_sections(deployment, volunteers)
    override_reason = override_reason.strip()
    if override_reason and not may_override_checks(actor):
        raise PermissionDenied(gettext("Only office staff may override the checks."))
    locked = Deployment.objects.select_for_update().get(pk=deployment.pk)
    taken = set(locked.assignments.values_list("volunteer_id", flat=True))
    places = locked.capacity - len(taken)
    checks = evaluate(
        role=locked.role,
        volunteer_ids=[v.pk for v in volunteers],
        on=locked.starts_on,
        until=locked.ends_on,
    )
    result = AssignmentResult()
    for volunteer in volunteers:
        if volunteer.pk in taken:
            result.already.append(volunteer)
            continue
        eligibility = checks[volunteer.pk]
        if not eligibility.eligible and not override_reason:
            result.refused.append((volunteer, eligibility))
            continue
        if places <= 0:
            result.full.append(volunteer)
            continue
        overridden = not eligibility.eligible
        assignment = Assignment.objects.create(
            deployment=locked,
            volunteer=volunteer,
            team=team,
            assigned_by=actor,
            override_reason=override_reason if overridden else "",
            override_findings=[f.as_dict() for f in eligibility.problems] if overridden else [],
        )
        places -= 1
        taken.add(volunteer.pk)
        result.assigned.append(volunteer)
        if overridden:
            result.overridden.append(volunteer)
            audit_record(
                action=Decision.ASSIGNMENT_OVERRIDE,
                actor=actor,
                obj=assignment,
                section=locked.section,
                reason=override_reason,
                before={"findings": assignment.override_findings},
                after={"assigned": True},
            )
    return result


def _refuse_other_sections(deployment, volunteers) -> None:
    """A deployment serves one section: anyone else is refused outright, whoever assigns and
    whatever reason they give (no override, unlike the role's requirements)."""
    strangers = [v.display_name for v in volunteers if not serves_in_section(v, deployment)]
    if strangers:
        raise ValidationError(
            gettext("This deployment is for the %(section)s only. Not of that section: %(names)s.")
            % {"section": Section(deployment.section).label, "names": human_list(strangers)}
        )


# Field attendance -------------------------------------------------------------------------

MAX_HOURS_A_DAY = Decimal("16")


class AttendanceRefused(Exception):
    """Attendance that cannot be recorded; the message says why, in the user's language."""


class IdempotencyKeyReused(Exception):
    """A partner's idempotency key already names a submission with another body."""

    def __init__(self, *, attendance: Attendance, first_digest: str, digest: str):
        super().__init__(f"idempotency key reused: {first_digest} != {digest}")
        self.attendance = attendance
        self.first_digest = first_digest
        self.digest = digest


def _earlier_submission(partner, idempotency_key: str, request_digest: str) -> Attendance | None:
    """The attendance a partner already submitted with this key, if any; refused if it was
    submitted with another body (records from before digests were kept are not compared)."""
    if partner is None or not idempotency_key:
        return None
    existing = Attendance.objects.filter(partner=partner, idempotency_key=idempotency_key).first()
    if existing and request_digest and existing.request_digest not in ("", request_digest):
        raise IdempotencyKeyReused(
            attendance=existing, first_digest=existing.request_digest, digest=request_digest
        )
    return existing


def _shift_hours(day, check_in, check_out) -> Decimal:
    start = datetime.datetime.combine(day, check_in)
    end = datetime.datetime.combine(day, check_out)
    return Decimal(int((end - start).total_seconds() // 60)) / Decimal(60)


def _office_now() -> datetime.datetime:
    """Now on the office's clock (Madinah: ``settings.TIME_ZONE``), whatever the language or
    time zone of the person recording."""
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(settings.TIME_ZONE))


@transaction.atomic
def attendance_record(
    *,
    deployment,
    volunteer: User,
    day,
    actor: User | None,
    check_in=None,
    check_out=None,
    hours=None,
    partner=None,
    idempotency_key: str = "",
    request_digest: str = "",
) -> Attendance:
    """Record a volunteer's shift (check-in and check-out) or hours on one day of a
    deployment, pending confirmation and approval. Refused, with the reason: a volunteer not
    on the roster, a day outside the deployment or in the future, a shift that has not ended
    yet (hours without times for today: the day is not over), zero or negative hours, more
    than 16 hours in a day (all deployments together), a shift that overlaps another of the
    same volunteer, and a second record of the same deployment and day unless both are
    separate, non-overlapping shifts (a rejected record may be recorded again). A partner's
    submission repeated with the same key returns the attendance recorded the first time; the
    same key with another body (``request_digest`` differs from the first one's) raises
    ``IdempotencyKeyReused``, also when the two arrive at once."""
    if existing := _earlier_submission(partner, idempotency_key, request_digest):
        return existing
    assignment = _assignment_to_record(deployment=deployment, volunteer=volunteer, actor=actor)
    _check_day(deployment=deployment, day=day)
    hours = _hours_served(day=day, check_in=check_in, check_out=check_out, hours=hours)
    _check_ended(day=day, check_in=check_in, check_out=check_out)
    # One recorder at a time for a volunteer's day: the volunteer's row is locked, so two
    # recorders cannot both squeeze past the rules below.
    User.objects.select_for_update().filter(pk=assignment.volunteer_id).first()
    # A submission with the same key may have committed while this one waited for the lock:
    # it is the answer (or a conflict), before the day's rules would refuse a repeat.
    if existing := _earlier_submission(partner, idempotency_key, request_digest):
        return existing
    _check_same_day(
        assignment=assignment, day=day, check_in=check_in, check_out=check_out, hours=hours
    )
    return _attendance_create(
        assignment=assignment,
        day=day,
        check_in=check_in,
        check_out=check_out,
        hours=hours,
        actor=actor,
        partner=partner,
        idempotency_key=idempotency_key,
        request_digest=request_digest,
    )


def _assignment_to_record(*, deployment, volunteer: User, actor: User | None) -> Assignment:
    """The volunteer's place on the roster, if the actor may record their attendance."""
    assignment = (
        Assignment.objects.select_related("deployment", "volunteer")
        .filter(deployment=deployment, volunteer=volunteer)
        .first()
    )
    if assignment is None:
        raise AttendanceRefused(
            gettext("%(name)s is not on the roster of this deployment.")
            % {"name": volunteer.display_name}
        )
    if actor is not None and not may_record_attendance(actor=actor, assignment=assignment):
        raise PermissionDenied(gettext("You may not record attendance for this volunteer."))
    return assignment


def _check_day(*, deployment, day) -> None:
    if day > _office_now().date():
        raise AttendanceRefused(gettext("Attendance cannot be recorded for a day to come."))
    if not deployment.starts_on <= day <= deployment.ends_on:
        raise AttendanceRefused(
            gettext("The day is outside the deployment (%(start)s to %(end)s).")
            % {"start": deployment.starts_on.isoformat(), "end": deployment.ends_on.isoformat()}
        )


def _hours_served(*, day, check_in, check_out, hours) -> Decimal:
    """The hours of a shift from its times, or the hours given for the day."""
    if (check_in is None) != (check_out is None):
        raise AttendanceRefused(gettext("Give both the check-in and the check-out time."))
    if check_in is not None:
        if check_out <= check_in:
            raise AttendanceRefused(gettext("The check-out must come after the check-in."))
        hours = _shift_hours(day, check_in, check_out)
    if hours is None:
        raise AttendanceRefused(gettext("Give the shift's times or the hours served."))
    hours = Decimal(hours)
    if hours <= 0:
        raise AttendanceRefused(gettext("The hours served must be more than zero."))
    return hours


def _check_ended(*, day, check_in, check_out) -> None:
    """Service is recorded once it is over, on the office's clock. A shift counts from its
    check-out; hours without times cover the whole day, so for today they wait until the
    day is over (the recorder can give the shift's times instead)."""
    now = _office_now()
    if day > now.date():
        raise AttendanceRefused(gettext("Attendance cannot be recorded for a day to come."))
    if day < now.date():
        return
    if check_in is None:
        raise AttendanceRefused(
            gettext(
                "Hours without times can be recorded for today only once the day is over; "
                "give the shift's check-in and check-out instead."
            )
        )
    if check_out > now.time():
        raise AttendanceRefused(
            gettext("This shift has not ended yet: record it after its check-out at %(time)s.")
            % {"time": check_out.strftime("%H:%M")}
        )


def _check_same_day(*, assignment: Assignment, day, check_in, check_out, hours: Decimal) -> None:
    """The volunteer's other attendance that day, whatever the deployment: at most 16 hours,
    no overlapping shifts, and one record per deployment and day unless both are shifts.
    The caller holds the lock on the volunteer's row; the database also refuses a second
    record of hours without times."""
    same_day = Attendance.objects.filter(
        assignment__volunteer_id=assignment.volunteer_id, day=day
    ).exclude(status=Attendance.Status.REJECTED)
    already = sum((a.hours for a in same_day), Decimal("0"))
    if already + hours > MAX_HOURS_A_DAY:
        raise AttendanceRefused(
            gettext("At most %(limit)s in a day: %(already)s already recorded.")
            % {"limit": format_hours(MAX_HOURS_A_DAY), "already": format_hours(already)}
        )
    for other in same_day:
        if other.assignment_id != assignment.pk:
            continue
        if check_in is None or other.check_in is None:
            raise _recorded_twice(other)
    if check_in is not None:
        for other in same_day:
            if other.check_in is None:
                continue
            if check_in < other.check_out and other.check_in < check_out:
                raise AttendanceRefused(
                    gettext("This shift overlaps the one from %(start)s to %(end)s.")
                    % {
                        "start": other.check_in.strftime("%H:%M"),
                        "end": other.check_out.strftime("%H:%M"),
                    }
                )


def _recorded_twice(other: Attendance) -> AttendanceRefused:
    return AttendanceRefused(
        gettext(
            "This day is already recorded for this deployment: record no. %(number)s, "
            "%(hours)s, %(stage)s. Only separate shifts with their times can be "
            "added; if that record is wrong, the office rejects it first."
        )
        % {
            "number": other.pk,
            "hours": format_hours(other.hours),
            "stage": other.get_status_display(),
        }
    )


def _attendance_create(
    *, assignment, day, check_in, check_out, hours, actor, partner, idempotency_key, request_digest
) -> Attendance:
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                assignment=assignment,
                day=day,
                check_in=check_in,
                check_out=check_out,
                hours=hours,
                recorded_by=actor,
                partner=partner,
                idempotency_key=idempotency_key,
                request_digest=request_digest,
            )
            audit_record(
                action=Decision.API_ATTENDANCE_SUBMIT if partner else Decision.ATTENDANCE_RECORD,
                actor=actor,
                actor_label=partner.name_en if partner is not None else "",
                obj=attendance,
                section=assignment.deployment.section,
                after={"day": day, "hours": hours, "check_in": check_in, "check_out": check_out},
            )
            return attendance
    except IntegrityError:
        # Another submission with the same key won the race on the unique constraint.
        if existing := _earlier_submission(partner, idempotency_key, request_digest):
            return existing
        other = _same_day_hours(assignment=assignment, day=day)
        if other is not None:
            raise _recorded_twice(other) from None
        raise


def _same_day_hours(*, assignment, day) -> Attendance | None:
    return (
        Attendance.objects.filter(assignment=assignment, day=day, check_in__isnull=True)
        .exclude(status=Attendance.Status.REJECTED)
        .first()
    )


def attendance_check_approvable(*, attendance: Attendance) -> None:
    """The rules of recording, checked again at approval: the day within the deployment and
    the service over (a shift recorded early, or a day's hours before the day is over, wait).
    Raises ``AttendanceRefused`` with the reason."""
    _check_day(deployment=attendance.assignment.deployment, day=attendance.day)
    _check_ended(day=attendance.day, check_in=attendance.check_in, check_out=attendance.check_out)


def attendance_credit(*, attendance: Attendance, actor: User):
    """Write approved attendance to the ledger: field service in the role's category, once
    (the ledger's constraint on the source). Returns the entry, or None if already there."""
    deployment = attendance.assignment.deployment
    volunteer = attendance.assignment.volunteer
    return field_hours_credit(
        volunteer=volunteer,
        hours=attendance.hours,
        category=deployment.role.category,
        served_on=attendance.day,
        source_id=attendance.pk,
        description=str(deployment),
        recorded_by_id=attendance.recorded_by_id,
        actor=actor,
        organisation_id=deployment.organisation_id or volunteer.organisation_id,
        section=deployment.section,
    )
