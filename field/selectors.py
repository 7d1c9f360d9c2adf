"""Reads of field service for its screens: deployments, rosters with readiness, attendance."""

import datetime

from django.db.models import Q
from django.utils import timezone

from field.eligibility import evaluate, standings
from field.models import Assignment, Attendance, Deployment, FieldRole, Licence, LicenceLevel
from field.permissions import (
    assignments_visible_to,
    attendance_visible_to,
    deployments_visible_to,
    field_roles_visible_to,
    licences_visible_to,
)
from lms.roles import Role, has_role, is_office_staff


def deployments_for(user):
    """The deployments a person plans or staffs: office staff those of their section (all,
    when not limited to one); team leaders those of the sections their teams serve in,
    for their organisation or none in particular. Soonest first."""
    deployments = (
        deployments_visible_to(user)
        .select_related("role", "organisation")
        .order_by("starts_on", "pk")
    )
    if is_office_staff(user):
        return deployments
    if not has_role(user, Role.TEAM_LEADER):
        return deployments.none()
    teams = user.led_teams.all()
    return deployments.filter(
        Q(section__in=teams.values("section")),
        Q(organisation__isnull=True) | Q(organisation__in=teams.values("organisation")),
    )


def roster(*, deployment) -> list[dict]:
    """The deployment's roster with each assignee's readiness for the deployment's dates
    (requirements met, missing, expired, or expiring before it ends). Fixed queries."""
    assignments = list(
        deployment.assignments.select_related("volunteer", "team", "assigned_by").order_by("pk")
    )
    readiness = evaluate(
        role=deployment.role,
        volunteer_ids=deployment.assignments.values("volunteer_id"),
        on=deployment.starts_on,
        until=deployment.ends_on,
    )
    return [{"assignment": a, "eligibility": readiness[a.volunteer_id]} for a in assignments]


def attendance_waiting_for(user):
    """Attendance waiting for ``user``'s step: recorded attendance of their section for a
    deputy, confirmed attendance (of their section, when limited) for office staff."""
    pending = (
        attendance_visible_to(user)
        .select_related("assignment__volunteer", "assignment__deployment__role", "recorded_by")
        .order_by("day", "pk")
    )
    if is_office_staff(user):
        pending = pending.filter(status=Attendance.Status.CONFIRMED)
    elif has_role(user, Role.SECTION_DEPUTY):
        pending = pending.filter(status=Attendance.Status.RECORDED)
    else:
        return pending.none()
    # Four eyes: what they recorded, and their own, waits for someone else.
    return pending.exclude(recorded_by=user).exclude(assignment__volunteer=user)


def deployment_attendance(*, deployment, limit: int = 100) -> list:
    """The deployment's latest attendance records, newest day first, with their stage."""
    return list(
        Attendance.objects.filter(assignment__deployment=deployment)
        .select_related("assignment__volunteer")
        .order_by("-day", "-pk")[:limit]
    )


def field_role(pk: int) -> FieldRole | None:
    return FieldRole.objects.filter(pk=pk).first()


def deployments_open_to_organisation(organisation):
    """Deployments a partner organisation reports on: its own, and those for no one in
    particular."""
    return Deployment.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


def partner_submission_exists(*, partner, idempotency_key: str) -> bool:
    return Attendance.objects.filter(partner=partner, idempotency_key=idempotency_key).exists()


def upcoming_assignments(user, *, limit: int = 3) -> list:
    """Home: the rosters the volunteer is on that have not ended yet, soonest first, with
    their role. One query."""
    from django.utils import timezone

    from field.models import Assignment

    return list(
        Assignment.objects.filter(volunteer=user, deployment__ends_on__gte=timezone.localdate())
        .select_related("deployment__role")
        .order_by("deployment__starts_on", "pk")[:limit]
    )


# The office's volunteer database -----------------------------------------------------------

LICENCE_LEVELS = LicenceLevel.choices


def licence_holders(*, level: str = "", standing: str = ""):
    """The ids (a subquery) of the people holding a personal licence of ``level`` (any when
    blank) whose licence stands as ``standing`` by its own fields: "in_force" (active and
    unexpired), "expired", "suspended" or "revoked"."""
    licences = Licence.objects.filter(holder__isnull=False)
    if level:
        licences = licences.filter(level=level)
    today = timezone.localdate()
    if standing == "in_force":
        licences = licences.filter(status=Licence.Status.ACTIVE, expires_on__gte=today)
    elif standing == "expired":
        licences = licences.filter(status=Licence.Status.ACTIVE, expires_on__lt=today)
    elif standing in (Licence.Status.SUSPENDED, Licence.Status.REVOKED):
        licences = licences.filter(status=standing)
    return licences.values("holder_id")


def licences_of(person) -> list[dict]:
    """A person's licences, newest first, each with its standing and its history (issue,
    renewals, suspensions). Two queries plus the requirements check of licences in force."""
    licences = list(
        Licence.objects.filter(holder=person).prefetch_related("events").order_by("-issued_at")
    )
    found = standings(licences)
    return [
        {"licence": item, "standing": found.get(item.pk), "events": list(item.events.all())}
        for item in licences
    ]


def assignments_of(person) -> dict:
    """A person's rosters: those not ended yet (soonest first) and past ones (latest first).
    One query."""
    today = timezone.localdate()
    rows = list(
        Assignment.objects.filter(volunteer=person)
        .select_related("deployment__role", "team")
        .order_by("deployment__starts_on", "pk")
    )
    return {
        "coming": [row for row in rows if row.deployment.ends_on >= today],
        "past": [row for row in reversed(rows) if row.deployment.ends_on < today],
    }


def eligibility_for_roles(*, person, roles) -> list[tuple]:
    """For each field role, the person's eligibility with its findings (reasons)."""
    return [(role, evaluate(role=role, volunteer_ids=[person.pk])[person.pk]) for role in roles]


def eligible_among(*, role, volunteer_ids) -> list[int]:
    """The ids among ``volunteer_ids`` (a list or a subquery) eligible for ``role`` today."""
    answers = evaluate(role=role, volunteer_ids=volunteer_ids)
    return [pk for pk, answer in answers.items() if answer.eligible]


def field_roles_for_office(user):
    """The field roles a staff member sees, by name."""
    return field_roles_visible_to(user).order_by("name_en")


# The office's dashboard and the lists it opens -------------------------------------------

EXPIRING_WITHIN_DAYS = 30
RECENT_OVERRIDE_DAYS = 30


def licences_expiring(licences, *, days: int = EXPIRING_WITHIN_DAYS):
    """Of ``licences``, the active ones whose validity ends within ``days`` from today."""
    today = timezone.localdate()
    return licences.filter(
        status=Licence.Status.ACTIVE,
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=days),
    )


def licences_expiring_count(user) -> int:
    """Licences of ``user``'s section that expire within 30 days. One query."""
    return licences_expiring(licences_visible_to(user)).count()


def attendance_waiting_count(user) -> int:
    """Attendance waiting for ``user``'s step (``attendance_waiting_for``). One query."""
    return attendance_waiting_for(user).count()


def overrides_granted(assignments, *, days: int | None = None):
    """Of ``assignments``, those the office made although the checks refused (with a written
    reason), granted within ``days`` when given."""
    found = assignments.exclude(override_reason="")
    if days:
        found = found.filter(assigned_at__gte=timezone.now() - datetime.timedelta(days=days))
    return found


def overrides_for_office_list(user):
    """The office's list of overrides: those of ``user``'s section, newest first."""
    return (
        overrides_granted(assignments_visible_to(user))
        .select_related("volunteer", "deployment__role", "assigned_by")
        .order_by("-assigned_at", "-pk")
    )


def recent_overrides_count(user, *, days: int = RECENT_OVERRIDE_DAYS) -> int:
    """Overrides granted in ``user``'s section in the last ``days`` days. One query."""
    return overrides_granted(assignments_visible_to(user), days=days).count()
