"""Reads of field service for its screens: deployments, rosters with readiness, attendance."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accreditation.selectors import field_attendance_reversed
from field.eligibility import evaluate, requirements_of, standings
from field.models import (
    LIVE_ATTENDANCE,
    Assignment,
    Attendance,
    Deployment,
    FieldRole,
    Licence,
    LicenceLevel,
)
from field.permissions import (
    assignments_visible_to,
    attendance_visible_to,
    deployments_visible_to,
    field_roles_visible_to,
    licences_visible_to,
)
from lms.roles import Role, has_role, in_section, is_office_staff


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


def with_places_filled(deployments):
    """Each deployment with ``filled``, the volunteers on its roster (one query with the
    page). Latest season first, then soonest."""
    return deployments.annotate(filled=Count("assignments")).order_by("-season", "starts_on", "pk")


def deployment_seasons(deployments) -> list[int]:
    """The seasons of these deployments, latest first."""
    return list(deployments.order_by("-season").values_list("season", flat=True).distinct())


def roster(*, deployment, with_hours: bool = False) -> list[dict]:
    """The deployment's roster with each assignee's readiness for the deployment's dates
    (requirements met, missing, expired, or expiring before it ends) and, ``with_hours``,
    the hours of their standing attendance. Fixed queries."""
    assignments = deployment.assignments.select_related("volunteer", "team", "assigned_by")
    if with_hours:
        assignments = assignments.annotate(
            standing_hours=Sum(
                "attendance__hours", filter=Q(attendance__status__in=LIVE_ATTENDANCE)
            )
        )
    assignments = list(assignments.order_by("pk"))
    readiness = evaluate(
        role=deployment.role,
        volunteer_ids=deployment.assignments.values("volunteer_id"),
        on=deployment.starts_on,
        until=deployment.ends_on,
    )
    return [
        {
            "assignment": a,
            "eligibility": readiness[a.volunteer_id],
            "hours": getattr(a, "standing_hours", None) or Decimal("0"),
        }
        for a in assignments
    ]


@dataclass
class ReadinessCheck:
    """The roster's checks run for volunteers without assigning them."""

    checked: bool = True
    ready: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (volunteer, Eligibility)
    full: list = field(default_factory=list)


def readiness_check(*, deployment, volunteers) -> ReadinessCheck:
    """Whether these volunteers meet the role's requirements for the deployment's dates,
    as assigning would check them, without assigning anyone."""
    checks = evaluate(
        role=deployment.role,
        volunteer_ids=[v.pk for v in volunteers],
        on=deployment.starts_on,
        until=deployment.ends_on,
    )
    result = ReadinessCheck()
    for volunteer in volunteers:
        if checks[volunteer.pk].eligible:
            result.ready.append(volunteer)
        else:
            result.refused.append((volunteer, checks[volunteer.pk]))
    return result


def attendance_waiting_for(user):
    """Attendance waiting for ``user``'s step: recorded attendance of their section for a
    deputy, confirmed attendance (of their section, when limited) for office staff."""
    pending = (
        attendance_visible_to(user)
        .select_related(
            "assignment__volunteer",
            "assignment__deployment__role",
            "assignment__team",
            "recorded_by",
        )
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


def deployments_with_attendance_waiting_for(user):
    """The deployments with attendance waiting for ``user``'s step (the deputy's filter)."""
    return (
        deployments_visible_to(user)
        .filter(pk__in=attendance_waiting_for(user).values("assignment__deployment"))
        .select_related("role")
        .order_by("-starts_on", "pk")
    )


def deployment_attendance(*, deployment, user, limit: int = 100) -> list[dict]:
    """The deployment's latest attendance records, newest shift first, each with its stage
    as it stands now (an approved record whose ledger entry was reversed says so) and
    whether ``user`` may withdraw it. Fixed queries."""
    records = list(
        Attendance.objects.filter(assignment__deployment=deployment)
        .select_related("assignment__volunteer", "decided_by")
        .order_by("-day", "-starts_at", "-pk")[:limit]
    )
    reversed_ids = field_attendance_reversed(
        attendance_ids=[a.pk for a in records if a.status == Attendance.Status.APPROVED]
    )
    may_withdraw = _withdrawable_volunteers(user, deployment, records)
    return [
        {
            "attendance": a,
            "reversed": a.pk in reversed_ids,
            "may_withdraw": a.status == Attendance.Status.RECORDED
            and not a.partner_id
            and a.assignment.volunteer_id in may_withdraw,
        }
        for a in records
    ]


def _withdrawable_volunteers(user, deployment, records) -> set[int]:
    """The volunteers whose recorded attendance ``user`` may withdraw (those whose attendance
    they may record). One query for a team leader, none for office staff."""
    waiting = {a.assignment.volunteer_id for a in records if a.status == Attendance.Status.RECORDED}
    if not waiting:
        return set()
    if is_office_staff(user):
        return waiting if in_section(user, deployment.section) else set()
    if not has_role(user, Role.TEAM_LEADER):
        return set()
    return set(user.led_teams.filter(members__in=waiting).values_list("members", flat=True))


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
    """The ids of the people holding a personal licence of ``level`` (any when blank) that
    stands as ``standing``, as the licences page says: "in_force" (active, unexpired and the
    level's requirements still held), "lapsed" (active and unexpired, but a requirement of
    the level has lapsed), "expired", "suspended" or "revoked". A subquery, except for
    "in_force" and "lapsed", which check the requirements of the holders of each level at
    once (a few queries per level) and give a list."""
    licences = Licence.objects.filter(holder__isnull=False)
    if level:
        licences = licences.filter(level=level)
    today = timezone.localdate()
    if standing in ("in_force", "lapsed"):
        current = licences.filter(status=Licence.Status.ACTIVE, expires_on__gte=today)
        held = {}
        for item_level, holder_id in current.values_list("level", "holder_id"):
            held.setdefault(item_level, []).append(holder_id)
        found = []
        for item_level, holder_ids in held.items():
            answers = requirements_of(item_level, holder_ids, today)
            found += [
                pk
                for pk in holder_ids
                if (answers.get(pk) is None or answers[pk].eligible) == (standing == "in_force")
            ]
        return found
    if standing == "expired":
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
