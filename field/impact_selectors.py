"""Reads of the season's impact for its pages: a few queries over the running totals
(field.models ``ImpactTotal``, ``ImpactHeadcount``), never over the ledger, whatever its
size."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from field.feedback import published_comments, rating_summary
from field.models import Attendance, ImpactHeadcount, ImpactTotal
from lms.dates import hijri_season
from lms.i18n import reads_arabic_script
from lms.models import Organisation


@dataclass
class SeasonImpact:
    """What a season's impact page shows: its figures, and the same by service category."""

    season: int | None
    volunteers: int = 0
    field_hours: Decimal = Decimal(0)
    value_sar: Decimal = Decimal(0)
    beneficiaries: int = 0
    organisations: int = 0
    courses_completed: int = 0
    training_hours: Decimal = Decimal(0)
    categories: list = field(default_factory=list)


def impact_seasons() -> list[int]:
    """The seasons with any impact, newest first. One query."""
    return list(ImpactTotal.objects.order_by("-season").values_list("season", flat=True).distinct())


def default_season(seasons: list[int]) -> int | None:
    """The current season when it has figures, else the latest that has."""
    current = hijri_season(timezone.localdate())
    if current in seasons:
        return current
    return seasons[0] if seasons else None


def season_impact(*, season: int | None, organisation_id: int | None = None) -> SeasonImpact:
    """A season's impact, in all or for one organisation: three queries over the totals."""
    impact = SeasonImpact(season=season)
    if season is None:
        return impact
    totals = ImpactTotal.objects.filter(season=season)
    if organisation_id is not None:
        totals = totals.filter(organisation_id=organisation_id)
    name = "category__name_ar" if reads_arabic_script() else "category__name_en"
    rows = (
        totals.values("category_id", name)
        .annotate(
            field_hours=Sum("field_hours"),
            value_sar=Sum("value_sar"),
            beneficiaries=Sum("beneficiaries"),
            courses_completed=Sum("courses_completed"),
            training_hours=Sum("training_hours"),
        )
        .order_by("-field_hours", "-training_hours", name)
    )
    for row in rows:
        row["name"] = row.pop(name)
        impact.categories.append(row)
        impact.field_hours += row["field_hours"]
        impact.value_sar += row["value_sar"]
        impact.beneficiaries += row["beneficiaries"]
        impact.courses_completed += row["courses_completed"]
        impact.training_hours += row["training_hours"]
    headcount = ImpactHeadcount.objects.filter(
        season=season, organisation_id=organisation_id
    ).values_list("volunteers", flat=True)
    impact.volunteers = next(iter(headcount), 0)
    if organisation_id is None:
        impact.organisations = (
            ImpactHeadcount.objects.filter(
                season=season, organisation__isnull=False, volunteers__gt=0
            )
            .values("organisation_id")
            .count()
        )
    return impact


def season_ratings(*, season: int | None, organisation_id: int | None = None) -> dict | None:
    """The beneficiaries' ratings of the season (of an organisation's deployments with
    ``organisation_id``) from the running totals, and the newest comments the office has
    published, for the "ratings" block of the impact pages; None without a season. Two
    queries."""
    if season is None:
        return None
    return {
        "summary": rating_summary(season=season, organisation_id=organisation_id),
        "comments": published_comments(season=season, organisation_id=organisation_id),
    }


def organisations_with_impact() -> list:
    """The organisations with figures in any season, for office staff to choose one."""
    ids = ImpactTotal.objects.filter(organisation__isnull=False).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name_en"))


def deployment_people_served(*, deployment_id: int) -> int:
    """The people served in a deployment's approved shifts whose hours stand (a correction
    that reversed them takes them away too). One query, over one deployment's records."""
    from accreditation.selectors import standing_field_credits

    credited = standing_field_credits().values("source_id")
    return (
        Attendance.objects.filter(
            Q(assignment__deployment_id=deployment_id),
            status=Attendance.Status.APPROVED,
            pk__in=credited,
        ).aggregate(people=Sum("beneficiaries"))["people"]
        or 0
    )


def organisation_shifts(user):
    """The shifts served on the deployments of the organisation ``user`` represents, newest
    first, with what their rows show."""
    from field.permissions import organisation_attendance_visible_to

    return (
        organisation_attendance_visible_to(user)
        .select_related("assignment__volunteer", "assignment__deployment__role")
        .order_by("-day", "-starts_at", "-pk")
    )
