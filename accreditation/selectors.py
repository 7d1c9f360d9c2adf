"""Reads of accreditation for its screens: hours, statements, verification and reports."""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from wagtail.models import TaskState

from accreditation.models import (
    CourseAccreditation,
    HoursEntry,
    HoursTotal,
    OfficeAccreditationTask,
    ServiceCategory,
)
from certificates.selectors import held_by

APPROVED = Q(status=HoursEntry.Status.APPROVED)
# A person's approved field hours, the one definition every reader uses (eligibility,
# rosters, licences, the partner API, statements, the home page): approved field entries
# plus the approved corrections that reverse them, directly or by reversing a correction.
# What an entry counts as is written with it (``HoursEntry.counts_as``), so this is one
# indexed sum, never a walk along ``reverses``. Not clamped: the sum is what the ledger says.
APPROVED_FIELD_HOURS = APPROVED & Q(counts_as=HoursEntry.Kind.FIELD)


def is_approved_field_hours(entry: HoursEntry) -> bool:
    """``APPROVED_FIELD_HOURS`` for an entry in hand (totals kept as entries are written)."""
    return entry.status == HoursEntry.Status.APPROVED and entry.counts_as == HoursEntry.Kind.FIELD


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
    # Each credit listed once with what its approved corrections leave of it: a reversed
    # credit is not listed, a reversed reversal lists it again. So the field lines add up to
    # the approved field hours (APPROVED_FIELD_HOURS) and the course lines to the training.
    rows = list(
        entries.filter(counts_as__in=[HoursEntry.Kind.TRAINING, HoursEntry.Kind.FIELD])
        .order_by("volunteer_id", "served_on", "pk")
        .values_list(
            "pk", "reverses_id", "volunteer_id", "counts_as", "description", "served_on", "hours"
        )
    )
    starts = _chain_starts({row[0]: row[1] for row in rows})
    lines: dict[int, list] = {}
    for pk, reverses_id, volunteer_id, counts_as, description, day, hours in rows:
        line = lines.setdefault(starts[pk], [volunteer_id, counts_as, description, day, pk, 0])
        if reverses_id is None:  # the credit itself names and dates the line
            line[2:5] = [description, day, pk]
        line[5] += hours
    for pk, kind, description, day, _pk, hours in sorted(
        lines.values(), key=lambda line: (line[0], line[3], line[4])
    ):
        if not hours:
            continue
        key = "courses" if kind == HoursEntry.Kind.TRAINING else "field"
        statements[pk][key].append(
            {"description": description, "served_on": day.isoformat(), "hours": hours_text(hours)}
        )
    for pk, total in totals.items():
        statements[pk]["total_hours"] = hours_text(total)
    return statements


def _chain_starts(reverses: dict[int, int | None]) -> dict[int, int]:
    """For each entry (its id and the id of the entry it reverses), the first entry of its
    chain of corrections. Entries the caller did not load (another season, not approved)
    are looked up, one query per level of chain; services make chains of one level."""
    links = dict(reverses)
    while unknown := {pk for pk in links.values() if pk is not None and pk not in links}:
        links.update(HoursEntry.objects.filter(pk__in=unknown).values_list("pk", "reverses_id"))
    starts = {}
    for pk in reverses:
        start = pk
        while links[start] is not None:
            start = links[start]
        starts[pk] = start
    return starts


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
    certificates = held_by(user)
    return {
        "by_season": by_season,
        "total_hours": total["hours"] or Decimal("0"),
        "total_value": total["value"] or Decimal("0"),
        "entries": latest,
        "certificates": certificates,
    }


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


def approved_field_hours(*, volunteer_ids) -> dict[int, Decimal]:
    """Each volunteer's approved field hours (``APPROVED_FIELD_HOURS``), 0 for those with
    none. One query."""
    totals = dict.fromkeys(volunteer_ids, Decimal("0"))
    rows = (
        HoursEntry.objects.filter(APPROVED_FIELD_HOURS, volunteer_id__in=list(volunteer_ids))
        .order_by()
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .values_list("volunteer_id", "total")
    )
    totals.update(rows)
    return totals


def approved_field_hours_of(*, person: str = "pk") -> Subquery:
    """An annotation for a queryset of people (``person`` names the column holding each one's
    id): each one's approved field hours (``APPROVED_FIELD_HOURS``), NULL for those with
    none. Summed in the query that lists the people, from the ledger's (volunteer,
    counts_as, status, hours) index alone."""
    return Subquery(
        HoursEntry.objects.filter(APPROVED_FIELD_HOURS, volunteer_id=OuterRef(person))
        .order_by()
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )


def service_category(slug: str) -> ServiceCategory:
    return ServiceCategory.objects.get(slug=slug)


def hours_by_season_kind_category(*, volunteer) -> list[dict]:
    """A volunteer's approved hours by season, kind and category (what partners read). The
    kind is what entries count as, so a correction is netted into the hours it corrects and
    the "field" rows are the volunteer's approved field hours (``APPROVED_FIELD_HOURS``)."""
    rows = (
        HoursEntry.objects.filter(APPROVED, volunteer=volunteer)
        .values("season", "counts_as", "category__slug")
        .annotate(total=Sum("hours"))
        .order_by("-season", "counts_as", "category__slug")
    )
    return [
        {
            "season": r["season"],
            "kind": r["counts_as"],
            "category": r["category__slug"],
            "hours": hours_text(r["total"]),
        }
        for r in rows
        if r["total"]
    ]


def course_review(course) -> dict:
    """What the office sees when it accredits ``course``: the hours its author proposed, the
    hours in force (None before a first accreditation), and the lessons the approval
    publishes with it. Two or three queries."""
    from courses.selectors import course_has_lessons, lessons_awaiting_publication

    lessons = lessons_awaiting_publication(course)
    current = credit_hours_by_course([course.translation_key]).get(course.translation_key)
    has_lessons = bool(lessons) or course_has_lessons(course)
    return {
        "course": course,
        "proposed_hours": course.proposed_credit_hours,
        "current_hours": current,
        "lessons": lessons,
        "has_lessons": has_lessons,
    }


def hours_this_season(user) -> dict:
    """Home: the volunteer's approved hours in the current season (Hijri year), training and
    field service apart. One query."""
    from django.utils import timezone

    from lms.dates import hijri_season

    season = hijri_season(timezone.localdate())
    # By what entries count as, so a correction takes its hours from the right side.
    rows = dict(
        HoursEntry.objects.filter(APPROVED, volunteer=user, season=season)
        .values("counts_as")
        .annotate(hours=Sum("hours"))
        .order_by()
        .values_list("counts_as", "hours")
    )
    training = rows.get(HoursEntry.Kind.TRAINING) or Decimal("0")
    field = rows.get(HoursEntry.Kind.FIELD) or Decimal("0")
    total = sum(rows.values(), Decimal("0"))
    return {"season": season, "total": total, "training": training, "field": field}


def field_attendance_reversed(*, attendance_ids) -> set[int]:
    """Of these field attendance records, those whose ledger entry a correction reversed.
    One query."""
    return set(
        HoursEntry.objects.filter(
            source=HoursEntry.Source.FIELD_ATTENDANCE,
            source_id__in=attendance_ids,
            reversed_by__isnull=False,
        ).values_list("source_id", flat=True)
    )


def approved_hours_of_person(outer: str = "pk"):
    """An expression for the approved hours of the person whose key is ``outer`` in the
    outer query (0 when none): the office's volunteer list shows and filters on it."""
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    total = (
        HoursEntry.objects.filter(APPROVED, volunteer_id=OuterRef(outer))
        .order_by()
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=DecimalField(max_digits=14, decimal_places=2)),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def people_active_in_season(season: int):
    """The ids (a subquery) of the people with an approved or pending ledger entry in
    ``season``."""
    return (
        HoursEntry.objects.filter(season=season)
        .exclude(status=HoursEntry.Status.REJECTED)
        .values("volunteer_id")
    )


def seasons_with_hours() -> list[int]:
    """The seasons the ledger holds, newest first. One query."""
    return list(HoursEntry.objects.order_by("-season").values_list("season", flat=True).distinct())


def accreditation_tasks_waiting_count(user) -> int:
    """The office's accreditation tasks in progress that ``user`` may decide (a member of
    the task's groups, or a superuser): what Wagtail's "Awaiting my review" report lists of
    them. One query."""
    tasks = OfficeAccreditationTask.objects.filter(active=True)
    if not user.is_superuser:
        tasks = tasks.filter(groups__user=user)
    return (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__in=tasks.values("pk"))
        .distinct()
        .count()
    )


def hours_by_season_and_category(*, organisation_id=None, section: str = "") -> list[dict]:
    """Approved hours and their estimated value by season and service category, oldest
    season first: what the report's charts draw. One query over the totals (``HoursTotal``),
    never over the ledger itself."""
    totals = HoursTotal.objects.all()
    if organisation_id:
        totals = totals.filter(organisation_id=organisation_id)
    if section:
        totals = totals.filter(section=section)
    return list(
        totals.values("season", "category__slug", "category__name_ar", "category__name_en")
        .annotate(total_hours=Sum("hours"), total_value=Sum("value_sar"))
        .values(
            "season",
            "category__slug",
            "category__name_ar",
            "category__name_en",
            hours=F("total_hours"),
            value=F("total_value"),
        )
        .order_by("season", "category__slug")
    )


def field_credit_standing(*, attendance_id: int) -> HoursEntry | None:
    """The approved ledger credit of a field attendance record that no correction reversed,
    or None. One query."""
    return (
        HoursEntry.objects.filter(
            source=HoursEntry.Source.FIELD_ATTENDANCE,
            source_id=attendance_id,
            reverses__isnull=True,
            reversed_by__isnull=True,
            status=HoursEntry.Status.APPROVED,
        )
        .order_by()
        .first()
    )


def approved_ledger():
    """Every approved ledger entry (credits and reversals), for rebuilding totals kept
    elsewhere from the ledger."""
    return HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED).order_by()


def standing_field_credits():
    """The approved credits of field attendance that no correction reversed."""
    return approved_ledger().filter(
        source=HoursEntry.Source.FIELD_ATTENDANCE,
        reverses__isnull=True,
        reversed_by__isnull=True,
    )
