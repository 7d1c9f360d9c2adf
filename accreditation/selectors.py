"""Reads of accreditation for its screens: hours, statements, verification and reports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from accreditation.certificates import normalise_code, signature_holds
from accreditation.models import Certificate, CourseAccreditation, HoursEntry, HoursTotal

APPROVED = Q(status=HoursEntry.Status.APPROVED)
# Estimated value of an entry: its hours at the category's value when it was written. Sum it
# before an annotation named "hours" hides the column.
VALUE = ExpressionWrapper(F("hours") * F("hourly_value_sar"), output_field=DecimalField())


def credit_hours_by_course(course_keys) -> dict:
    """The accredited hours in force (the newest decision) for each course key."""
    hours: dict = {}
    rows = (
        CourseAccreditation.objects.filter(course_key__in=list(course_keys))
        .order_by("course_key", "-accredited_at", "-pk")
        .values_list("course_key", "credit_hours")
    )
    for key, value in rows:
        hours.setdefault(key, Decimal(value))
    return hours


def hours_text(value) -> str:
    """Hours as people write them: "10", "5.5", "0.25" (never "1E+1")."""
    return f"{Decimal(value or 0).quantize(Decimal('0.01')).normalize():f}"


def hours_statement(*, volunteer, season: int | None = None) -> dict:
    """What a statement of hours certifies for one volunteer (see ``hours_statements``)."""
    return hours_statements(volunteer_ids=[volunteer.pk], season=season)[volunteer.pk]


def hours_statements(*, volunteer_ids, season: int | None = None) -> dict[int, dict]:
    """The approved hours of each volunteer by category, the courses credited and the field
    service, for one season or all: what a statement of hours certifies. Two queries
    whatever the number of volunteers, so a bulk issue for a season stays set-based."""
    entries = HoursEntry.objects.filter(APPROVED, volunteer_id__in=list(volunteer_ids))
    if season:
        entries = entries.filter(season=season)
    statements = {
        pk: {"total_hours": "0", "categories": [], "courses": [], "field": []}
        for pk in volunteer_ids
    }
    totals: dict[int, Decimal] = {}
    rows = (
        entries.values("volunteer_id", "category__slug", "category__name_ar", "category__name_en")
        .annotate(value=Sum(VALUE), hours=Sum("hours"))
        .order_by("volunteer_id", "-hours")
    )
    for row in rows:
        if not row["hours"]:
            continue
        pk = row["volunteer_id"]
        totals[pk] = totals.get(pk, Decimal("0")) + row["hours"]
        statements[pk]["categories"].append(
            {
                "slug": row["category__slug"],
                "name_ar": row["category__name_ar"],
                "name_en": row["category__name_en"],
                "hours": hours_text(row["hours"]),
                "value_sar": hours_text(row["value"]),
            }
        )
    lines = (
        entries.filter(
            kind__in=[HoursEntry.Kind.TRAINING, HoursEntry.Kind.FIELD], reversed_by__isnull=True
        )
        .order_by("volunteer_id", "served_on", "pk")
        .values_list("volunteer_id", "kind", "description", "served_on", "hours")
    )
    for pk, kind, description, day, hours in lines:
        key = "courses" if kind == HoursEntry.Kind.TRAINING else "field"
        statements[pk][key].append(
            {"description": description, "served_on": day.isoformat(), "hours": hours_text(hours)}
        )
    for pk, total in totals.items():
        statements[pk]["total_hours"] = hours_text(total)
    return statements


def for_volunteer_hours(user) -> dict:
    """The "My hours and certificates" screen: totals by season and category, the ledger's
    latest lines and the certificates. Four queries."""
    entries = HoursEntry.objects.filter(volunteer=user)
    by_season = list(
        entries.filter(APPROVED)
        .values("season", "category__name_ar", "category__name_en")
        .annotate(value=Sum(VALUE), hours=Sum("hours"))
        .order_by("-season", "-hours")
    )
    total = entries.filter(APPROVED).aggregate(value=Sum(VALUE), hours=Sum("hours"))
    latest = list(entries.select_related("category").order_by("-served_on", "-pk")[:50])
    certificates = list(Certificate.objects.filter(holder=user).order_by("-issued_at")[:100])
    return {
        "by_season": by_season,
        "total_hours": total["hours"] or Decimal("0"),
        "total_value": total["value"] or Decimal("0"),
        "entries": latest,
        "certificates": certificates,
    }


@dataclass
class Verification:
    status: str  # valid, expired, revoked, suspended, lapsed, invalid, unknown
    certificate: Certificate | None = None
    date: object = None  # when a licence lapsed, when known

    @property
    def found(self) -> bool:
        return self.status not in ("unknown",)


def verification(code: str) -> Verification:
    """What the public verification page says of a code. A malformed code and an unknown one
    give the same answer; a record that no longer matches its signature is "invalid"."""
    normalised = normalise_code(code)
    if normalised is None:
        return Verification("unknown")
    certificate = Certificate.objects.select_related("holder").filter(code=normalised).first()
    if certificate is None:
        return Verification("unknown")
    if not signature_holds(certificate):
        return Verification("invalid", certificate)
    if certificate.revoked_at is not None:
        return Verification("revoked", certificate)
    if certificate.expires_at is not None and certificate.expires_at <= timezone.now():
        return Verification("expired", certificate)
    if certificate.kind == Certificate.Kind.LICENCE:
        from accreditation.licences import licence_of_card, standing

        licence = licence_of_card(certificate)
        if licence is not None:
            now = standing(licence)
            if not now.in_force:
                return Verification(now.status, certificate, now.date)
    return Verification("valid", certificate)


REPORT_DIMENSIONS = {
    "category": ("category__slug", "category__name_ar", "category__name_en"),
    "organisation": ("organisation__slug", "organisation__name_ar", "organisation__name_en"),
    "section": ("section",),
    "season": ("season",),
}


def hours_report(
    *,
    group_by: str,
    season: int | None = None,
    organisation_id=None,
    section: str = "",
    category_id=None,
) -> list[dict]:
    """Approved hours, their estimated value and the number of entries, grouped by one
    dimension: one query over the totals the ledger keeps (``HoursTotal``), not over the
    millions of entries themselves."""
    fields = REPORT_DIMENSIONS[group_by]
    totals = HoursTotal.objects.all()
    if season:
        totals = totals.filter(season=season)
    if organisation_id:
        totals = totals.filter(organisation_id=organisation_id)
    if section:
        totals = totals.filter(section=section)
    if category_id:
        totals = totals.filter(category_id=category_id)
    return list(
        totals.values(*fields)
        .annotate(
            total_value=Sum("value_sar"), total_hours=Sum("hours"), total_entries=Sum("entries")
        )
        .values(*fields, value=F("total_value"), hours=F("total_hours"), entries=F("total_entries"))
        .order_by("-hours")
    )


def deployments_for(user):
    """The deployments a person plans or staffs: office staff those of their section (all,
    when not limited to one); team leaders those of the sections their teams serve in,
    for their organisation or none in particular. Soonest first."""
    from accreditation.models import Deployment
    from lms.roles import Role, has_role, is_office_staff

    deployments = Deployment.objects.select_related("role", "organisation").order_by(
        "starts_on", "pk"
    )
    if is_office_staff(user):
        return deployments.filter(section=user.staff_section) if user.staff_section else deployments
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
    from accreditation.eligibility import evaluate

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
    from accreditation.models import Attendance
    from lms.roles import Role, has_role, is_office_staff

    pending = Attendance.objects.select_related(
        "assignment__volunteer", "assignment__deployment__role", "recorded_by"
    ).order_by("day", "pk")
    if is_office_staff(user):
        pending = pending.filter(status=Attendance.Status.CONFIRMED)
    elif has_role(user, Role.SECTION_DEPUTY):
        pending = pending.filter(status=Attendance.Status.RECORDED)
    else:
        return pending.none()
    if user.staff_section:
        pending = pending.filter(assignment__deployment__section=user.staff_section)
    return pending


def deployment_attendance(*, deployment, limit: int = 100) -> list:
    """The deployment's latest attendance records, newest day first, with their stage."""
    from accreditation.models import Attendance

    return list(
        Attendance.objects.filter(assignment__deployment=deployment)
        .select_related("assignment__volunteer")
        .order_by("-day", "-pk")[:limit]
    )
