"""Writes of field service: assignments to deployments, roster checks and reminders, and
attendance on the way to the hours ledger."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from accreditation.selectors import hours_text
from accreditation.services import field_hours_credit
from field.eligibility import evaluate
from field.models import Assignment, Attendance, Deployment
from field.permissions import (
    may_assign,
    may_override_checks,
    may_record_attendance,
    serves_in_section,
)
from lms.models import Section, User
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
        Assignment.objects.create(
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


def _shift_hours(day, check_in, check_out) -> Decimal:
    start = datetime.datetime.combine(day, check_in)
    end = datetime.datetime.combine(day, check_out)
    return Decimal(int((end - start).total_seconds() // 60)) / Decimal(60)


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
) -> Attendance:
    """Record a volunteer's shift (check-in and check-out) or hours on one day of a
    deployment, pending confirmation and approval. Refused, with the reason: a volunteer not
    on the roster, a day outside the deployment or in the future, zero or negative hours,
    more than 16 hours in a day (all deployments together), a shift that overlaps another of
    the same volunteer. A partner's submission repeated with the same key returns the
    attendance recorded the first time."""
    if partner is not None and idempotency_key:
        found = Attendance.objects.filter(partner=partner, idempotency_key=idempotency_key)
        if existing := found.first():
            return existing
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
    if day > timezone.localdate():
        raise AttendanceRefused(gettext("Attendance cannot be recorded for a day to come."))
    if not deployment.starts_on <= day <= deployment.ends_on:
        raise AttendanceRefused(
            gettext("The day is outside the deployment (%(start)s to %(end)s).")
            % {"start": deployment.starts_on.isoformat(), "end": deployment.ends_on.isoformat()}
        )
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
    # One volunteer's day, whatever the deployment: locked so two recorders cannot both
    # squeeze past the limits.
    User.objects.select_for_update().filter(pk=volunteer.pk).first()
    same_day = Attendance.objects.filter(assignment__volunteer=volunteer, day=day).exclude(
        status=Attendance.Status.REJECTED
    )
    already = same_day.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if already + hours > MAX_HOURS_A_DAY:
        raise AttendanceRefused(
            gettext("At most %(limit)s hours in a day: %(already)s are already recorded.")
            % {"limit": MAX_HOURS_A_DAY, "already": hours_text(already)}
        )
    if check_in is not None:
        for other in same_day.filter(check_in__isnull=False):
            if check_in < other.check_out and other.check_in < check_out:
                raise AttendanceRefused(
                    gettext("This shift overlaps the one from %(start)s to %(end)s.")
                    % {
                        "start": other.check_in.strftime("%H:%M"),
                        "end": other.check_out.strftime("%H:%M"),
                    }
                )
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                assignment=assignment,
                day=day,
                check_in=check_in,
                check_out=check_out,
                hours=hours,
                recorded_by=actor,
                partner=partner,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        if partner is not None and idempotency_key:
            return Attendance.objects.get(partner=partner, idempotency_key=idempotency_key)
        raise


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
