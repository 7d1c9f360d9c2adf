"""Writes of field service: assignments to deployments, roster checks and reminders, and
attendance on the way to the hours ledger."""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accreditation.services import field_hours_credit
from audit.decisions import Decision
from audit.services import audit_record
from field.eligibility import evaluate
from field.impact import BeneficiariesRefused, beneficiaries_check, beneficiaries_split
from field.models import LIVE_ATTENDANCE, Assignment, Attendance, Deployment
from field.permissions import (
    may_assign,
    may_override_checks,
    may_record_attendance_of,
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
    return roster_place(
        deployment=deployment,
        volunteers=volunteers,
        actor=actor,
        team=team,
        override_reason=override_reason,
    )


@transaction.atomic
def roster_place(
    *, deployment, volunteers, actor: User | None, team=None, override_reason: str = ""
) -> AssignmentResult:
    """The roster's one code path, without the assigner's permission (the caller checked
    it: ``deployment_assign`` for the roster, an opportunity's acceptance for its
    applicants): the section rule, the role's checks for the deployment's dates, and the
    places counted under a lock on the deployment."""
    _refuse_other_sections(deployment, volunteers)
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

MAX_SHIFT_HOURS = MAX_HOURS_A_DAY = Decimal("16")


class AttendanceRefused(Exception):
    """Attendance that cannot be recorded; the message says why, in the user's language.
    For a batch, ``problems`` names each volunteer refused and why (nothing was recorded)."""

    def __init__(self, message: str, *, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


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


def office_clock() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _office_now() -> datetime.datetime:
    """Now on the office's clock (Madinah: ``settings.TIME_ZONE``), whatever the language or
    time zone of the person recording."""
    return timezone.localtime(timezone.now(), office_clock())


def shift_bounds(*, day: datetime.date, starts: datetime.time, ends: datetime.time):
    """The moments a shift on ``day`` starts and ends, on the office's clock: an end at or
    before the start is on the next day (a night shift, 21:00–03:00)."""
    starts_at = datetime.datetime.combine(day, starts, office_clock())
    ends_at = datetime.datetime.combine(day, ends, office_clock())
    if ends_at <= starts_at:
        ends_at += datetime.timedelta(days=1)
    return starts_at, ends_at


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment, office_clock()).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def attendance_record(
    *,
    deployment,
    volunteers: list[User],
    actor: User | None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    day: datetime.date | None = None,
    hours=None,
    partner=None,
    idempotency_key: str = "",
    request_digest: str = "",
    beneficiaries: int | None = None,
) -> list[Attendance]:
    """Record one shift (``starts_at`` to ``ends_at``, which may cross midnight) for several
    volunteers on a deployment's roster, pending confirmation and approval; or, for one
    volunteer, hours without times on a ``day`` (partners, and records from before shifts
    had times). All or nothing: if one volunteer is refused, nobody is recorded, and the
    refusal names each volunteer refused and why: not on the roster, listed twice, a shift
    overlapping or repeating one of theirs (on any deployment), more than 16 hours in a day
    (all deployments together), a second record of the day's hours. The shift itself is
    refused when it ends before it starts, lasts more than 16 hours, starts on a day outside
    the deployment or has not ended yet. A partner's submission repeated with the same key
    returns the attendance recorded the first time; the same key with another body raises
    ``IdempotencyKeyReused``, also when the two arrive at once. ``beneficiaries``, the
    people the volunteers served in the shift together, is shared among their records and
    refused when negative or more than the shift could serve (``field.impact``)."""
    if existing := _earlier_submission(partner, idempotency_key, request_digest):
        return [existing]
    day, hours = _shift_served(starts_at=starts_at, ends_at=ends_at, day=day, hours=hours)
    if starts_at is None and len(volunteers) != 1:
        raise AttendanceRefused(
            gettext("Hours without times are recorded one volunteer at a time.")
        )
    _check_day(deployment=deployment, day=day)
    _check_ended(day=day, ends_at=ends_at)
    if not volunteers:
        raise AttendanceRefused(gettext("Choose the volunteers who served this shift."))
    try:
        beneficiaries_check(count=beneficiaries, hours=hours, volunteers=len(volunteers))
    except BeneficiariesRefused as refusal:
        raise AttendanceRefused(str(refusal)) from None
    assignments, problems = _assignments_to_record(
        deployment=deployment, volunteers=volunteers, actor=actor
    )
    # One recorder at a time for a volunteer: their rows are locked (in a fixed order), so
    # two recorders cannot both squeeze past the rules below.
    list(
        User.objects.select_for_update()
        .filter(pk__in=[a.volunteer_id for a in assignments])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # A submission with the same key may have committed while this one waited for the lock:
    # it is the answer (or a conflict), before the day's rules would refuse a repeat.
    if existing := _earlier_submission(partner, idempotency_key, request_digest):
        return [existing]
    problems += _other_service_problems(
        assignments=assignments, day=day, starts_at=starts_at, ends_at=ends_at, hours=hours
    )
    if problems:
        order = {v.pk: i for i, v in enumerate(volunteers)}
        problems.sort(key=lambda p: order.get(p[0].pk, 0))
        raise _refuse(problems, single=len(volunteers) == 1)
    shares = beneficiaries_split(beneficiaries, len(assignments))
    return [
        _attendance_create(
            assignment=assignment,
            beneficiaries=share,
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            hours=hours,
            actor=actor,
            partner=partner,
            idempotency_key=idempotency_key,
            request_digest=request_digest,
        )
        for assignment, share in zip(assignments, shares, strict=True)
    ]


def _refuse(problems: list, *, single: bool) -> AttendanceRefused:
    """(volunteer, reason) pairs as one refusal. One volunteer: the reason alone; several:
    each volunteer named with the reason."""
    if single:
        return AttendanceRefused(problems[0][1], problems=problems)
    return AttendanceRefused(
        " ".join(refusal_line(volunteer, reason) for volunteer, reason in problems),
        problems=problems,
    )


def refusal_line(volunteer, reason: str) -> str:
    """A volunteer's reason for refusal, naming them unless the reason already does."""
    if volunteer is None or volunteer.display_name in reason:
        return reason
    return gettext("%(name)s: %(reason)s") % {"name": volunteer.display_name, "reason": reason}


def _assignments_to_record(*, deployment, volunteers, actor) -> tuple[list, list]:
    """Each volunteer's place on the roster, in the order given, if the actor may record
    their attendance; and the volunteers refused (not on the roster, listed twice), each
    with the reason."""
    found = {
        a.volunteer_id: a
        for a in Assignment.objects.select_related("deployment", "volunteer").filter(
            deployment=deployment, volunteer__in=[v.pk for v in volunteers]
        )
    }
    problems, seen, assignments = [], set(), []
    for volunteer in volunteers:
        if volunteer.pk in seen:
            problems.append((volunteer, gettext("listed twice in this shift.")))
        elif volunteer.pk not in found:
            problems.append(
                (
                    volunteer,
                    gettext("%(name)s is not on the roster of this deployment.")
                    % {"name": volunteer.display_name},
                )
            )
        else:
            assignments.append(found[volunteer.pk])
        seen.add(volunteer.pk)
    if actor is not None and not may_record_attendance_of(actor=actor, assignments=assignments):
        raise PermissionDenied(gettext("You may not record attendance for these volunteers."))
    return assignments, problems


def _check_day(*, deployment, day) -> None:
    if day > _office_now().date():
        raise AttendanceRefused(gettext("Attendance cannot be recorded for a day to come."))
    if not deployment.starts_on <= day <= deployment.ends_on:
        raise AttendanceRefused(
            gettext("The day is outside the deployment (%(start)s to %(end)s).")
            % {"start": deployment.starts_on.isoformat(), "end": deployment.ends_on.isoformat()}
        )


def _shift_served(*, starts_at, ends_at, day, hours) -> tuple[datetime.date, Decimal]:
    """The day the service starts on (the office's clock) and its hours: a shift's length,
    or the hours given for a day."""
    if (starts_at is None) != (ends_at is None):
        raise AttendanceRefused(gettext("Give both the start and the end of the shift."))
    if starts_at is not None:
        if ends_at <= starts_at:
            raise AttendanceRefused(
                gettext("The shift ends (%(end)s) before it starts (%(start)s).")
                % {"start": _local(starts_at), "end": _local(ends_at)}
            )
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        hours = Decimal(minutes) / Decimal(60)
        if hours > MAX_SHIFT_HOURS:
            raise AttendanceRefused(
                gettext("A shift lasts at most %(limit)s; this one lasts %(hours)s.")
                % {"limit": format_hours(MAX_SHIFT_HOURS), "hours": format_hours(hours)}
            )
        if hours <= 0:
            raise AttendanceRefused(gettext("The hours served must be more than zero."))
        return timezone.localtime(starts_at, office_clock()).date(), hours.quantize(Decimal("0.01"))
    if hours is None or day is None:
        raise AttendanceRefused(gettext("Give the shift's times or the hours served."))
    hours = Decimal(hours)
    if hours <= 0:
        raise AttendanceRefused(gettext("The hours served must be more than zero."))
    if hours > MAX_HOURS_A_DAY:
        raise AttendanceRefused(
            gettext("At most %(limit)s in a day: %(already)s already recorded.")
            % {"limit": format_hours(MAX_HOURS_A_DAY), "already": format_hours(Decimal(0))}
        )
    return day, hours


def _check_ended(*, day, ends_at) -> None:
    """Service is recorded once it is over, on the office's clock. A shift counts from its
    end; hours without times cover the whole day, so for today they wait until the day is
    over (the recorder can give the shift's times instead)."""
    now = _office_now()
    if day > now.date():
        raise AttendanceRefused(gettext("Attendance cannot be recorded for a day to come."))
    if ends_at is None:
        if day == now.date():
            raise AttendanceRefused(
                gettext(
                    "Hours without times can be recorded for today only once the day is over; "
                    "give the shift's start and end instead."
                )
            )
        return
    if ends_at > now:
        raise AttendanceRefused(
            gettext("This shift has not ended yet: record it after it ends at %(time)s.")
            % {"time": _local(ends_at)}
        )


def _other_service_problems(*, assignments, day, starts_at, ends_at, hours: Decimal) -> list:
    """Each volunteer's other standing attendance, whatever the deployment: no shift that
    overlaps or repeats this one, at most 16 hours on the day, and one record per
    deployment and day unless both are shifts. Returns (volunteer, reason) for those
    refused. One query for the batch; the caller holds the locks on the volunteers' rows.
    The database also refuses a second record of hours without times."""
    if not assignments:
        return []
    around = Q(day=day)
    if starts_at is not None:
        around |= Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    others = (
        Attendance.objects.filter(
            around,
            assignment__volunteer_id__in=[a.volunteer_id for a in assignments],
            status__in=LIVE_ATTENDANCE,
        )
        .select_related("assignment")
        .order_by("starts_at", "pk")
    )
    by_volunteer: dict[int, list[Attendance]] = {}
    for other in others:
        by_volunteer.setdefault(other.assignment.volunteer_id, []).append(other)
    volunteer_of = {a.pk: a.volunteer_id for a in assignments}
    problems = []
    for assignment in assignments:
        problem = _conflict(
            assignment=assignment,
            others=by_volunteer.get(volunteer_of[assignment.pk], []),
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            hours=hours,
        )
        if problem:
            problems.append((assignment.volunteer, problem))
    return problems


def _conflict(*, assignment, others, day, starts_at, ends_at, hours) -> str:
    """Why this volunteer's shift cannot be recorded beside their ``others``, or ''."""
    for other in others:
        if other.starts_at is None or starts_at is None:
            continue
        if (other.starts_at, other.ends_at) == (starts_at, ends_at):
            return gettext("this shift is already recorded (record no. %(number)s, %(stage)s).") % {
                "number": other.pk,
                "stage": other.get_status_display(),
            }
        if other.starts_at < ends_at and starts_at < other.ends_at:
            return gettext("This shift overlaps the one from %(start)s to %(end)s.") % {
                "start": _local(other.starts_at),
                "end": _local(other.ends_at),
            }
    for other in others:
        same_record = other.day == day and other.assignment_id == assignment.pk
        if same_record and (starts_at is None or other.starts_at is None):
            return _recorded_twice(other)
    already = sum((o.hours for o in others if o.day == day), Decimal("0"))
    if already + hours > MAX_HOURS_A_DAY:
        return gettext("At most %(limit)s in a day: %(already)s already recorded.") % {
            "limit": format_hours(MAX_HOURS_A_DAY),
            "already": format_hours(already),
        }
    return ""


def _recorded_twice(other: Attendance) -> str:
    return gettext(
        "This day is already recorded for this deployment: record no. %(number)s, "
        "%(hours)s, %(stage)s. Only separate shifts with their times can be "
        "added; if that record is wrong, the office rejects it first."
    ) % {
        "number": other.pk,
        "hours": format_hours(other.hours),
        "stage": other.get_status_display(),
    }


def _attendance_create(
    *,
    assignment,
    day,
    starts_at,
    ends_at,
    hours,
    actor,
    partner,
    idempotency_key,
    request_digest,
    beneficiaries=None,
) -> Attendance:
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                assignment=assignment,
                day=day,
                starts_at=starts_at,
                ends_at=ends_at,
                hours=hours,
                beneficiaries=beneficiaries,
                beneficiaries_by=actor if beneficiaries is not None else None,
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
                after={
                    "day": day,
                    "hours": hours,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "beneficiaries": beneficiaries,
                },
            )
            return attendance
    except IntegrityError:
        # Another submission with the same key won the race on the unique constraint.
        if existing := _earlier_submission(partner, idempotency_key, request_digest):
            return existing
        other = _same_day_hours(assignment=assignment, day=day)
        if other is not None:
            raise AttendanceRefused(_recorded_twice(other)) from None
        raise


def _same_day_hours(*, assignment, day) -> Attendance | None:
    return Attendance.objects.filter(
        assignment=assignment, day=day, starts_at__isnull=True, status__in=LIVE_ATTENDANCE
    ).first()


def attendance_check_approvable(*, attendance: Attendance) -> None:
    """The rules of recording, checked again at approval: the day within the deployment and
    the service over (a shift recorded early, or a day's hours before the day is over, wait).
    Raises ``AttendanceRefused`` with the reason."""
    _check_day(deployment=attendance.assignment.deployment, day=attendance.day)
    _check_ended(day=attendance.day, ends_at=attendance.ends_at)


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
