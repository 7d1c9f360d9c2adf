"""Writes of the season's impact: the people served in a shift, within a limit, and the
running totals the impact pages read (``ImpactTotal``, ``ImpactServed``,
``ImpactHeadcount``), kept in the same transaction as the change that moves them:

- an approved ledger entry (a field credit, a training credit, a correction reversing
  either), announced by accreditation through the ``hours_entries_approved`` hook
  (field/wagtail_hooks.py calls :func:`impact_entries_add`);
- a change of the people served in a shift whose credit stands
  (:func:`attendance_beneficiaries_set`).

The people served in a shift count once its hours are approved, and stop counting when a
correction reverses them. :func:`impact_totals_rebuild` recomputes everything from the
ledger; the tests check that the running totals always equal it."""

import math
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from accreditation.models import HoursEntry
from accreditation.selectors import (
    APPROVED_FIELD_HOURS,
    approved_ledger,
    field_credit_standing,
    is_approved_field_hours,
    standing_field_credits,
)
from field.models import (
    LIVE_ATTENDANCE,
    Attendance,
    ImpactHeadcount,
    ImpactServed,
    ImpactTotal,
)
from field.permissions import may_report_beneficiaries
from lms.models import User
from lms.numbers import format_hours, format_number

# The most people one volunteer can be reported to have served in one hour of a shift: one
# every 15 seconds, without a pause. A guide at a gate of the Prophet's Mosque at the peak
# answers and points a stream of pilgrims, a first aider treats far fewer; the office's
# partners report about ten people per volunteer-hour over a season (the Two Holy Mosques'
# volunteer department: 802,612 beneficiaries in 77,337 hours). The limit refuses what no
# shift could be (a count typed with a digit too many, a season's total typed into a shift)
# without refusing a true peak hour.
BENEFICIARIES_PER_VOLUNTEER_HOUR = 240


class BeneficiariesRefused(Exception):
    """A count of people served that cannot be right; the message says why, in the user's
    language. Nothing is saved."""


def beneficiaries_limit(*, hours, volunteers: int = 1) -> int:
    """The most people ``volunteers`` can be reported to have served in a shift of
    ``hours`` each."""
    return math.ceil(Decimal(hours) * BENEFICIARIES_PER_VOLUNTEER_HOUR * volunteers)


def beneficiaries_check(*, count: int | None, hours, volunteers: int = 1) -> None:
    """The one place the rule is checked (the leader's form, the partner API, the
    representative's page all come here): no count is fine, a negative count or more than
    :func:`beneficiaries_limit` is refused with the reason."""
    if count is None:
        return
    if count < 0:
        raise BeneficiariesRefused(gettext("The number of people served cannot be negative."))
    limit = beneficiaries_limit(hours=hours, volunteers=volunteers)
    if count > limit:
        figures = {
            "count": format_number(count),
            "limit": format_number(limit),
            "per_hour": format_number(BENEFICIARIES_PER_VOLUNTEER_HOUR),
            "hours": format_hours(Decimal(hours)),
            "volunteers": format_number(volunteers),
        }
        if volunteers == 1:
            raise BeneficiariesRefused(
                gettext(
                    "%(count)s people served is more than this shift could serve: at most "
                    "%(limit)s (%(per_hour)s an hour for one volunteer, %(hours)s)."
                )
                % figures
            )
        raise BeneficiariesRefused(
            gettext(
                "%(count)s people served is more than this shift could serve: at most "
                "%(limit)s (%(per_hour)s an hour for each volunteer, %(hours)s, "
                "%(volunteers)s volunteers)."
            )
            % figures
        )


def beneficiaries_split(total: int | None, volunteers: int) -> list[int | None]:
    """A shift's people served, reported for the team, shared among its volunteers' records
    (the first ones take the remainder), so the records add up to what was reported."""
    if total is None:
        return [None] * volunteers
    share, remainder = divmod(total, volunteers)
    return [share + (1 if index < remainder else 0) for index in range(volunteers)]


@transaction.atomic
def attendance_beneficiaries_set(
    *, attendance: Attendance, beneficiaries: int | None, actor: User
) -> Attendance:
    """Report or correct the people a volunteer served in a shift (None clears the report).
    Refused for someone who may not report it (``PermissionDenied``), for a shift that does
    not count (rejected, sent back, withdrawn) and for a count :func:`beneficiaries_check`
    refuses. When the shift's hours are approved and stand, the season's totals move by the
    difference, in this transaction; the record is locked first, so a correction reversing
    the credit at the same moment counts the figure either before or after, never both."""
    locked = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("assignment__deployment")
        .get(pk=attendance.pk)
    )
    if not may_report_beneficiaries(actor, locked):
        raise PermissionDenied(gettext("You may not report the people served in this shift."))
    if locked.status not in LIVE_ATTENDANCE:
        raise BeneficiariesRefused(
            gettext(
                "This shift does not count (rejected, sent back or withdrawn), so no people "
                "served can be reported for it."
            )
        )
    beneficiaries_check(count=beneficiaries, hours=locked.hours)
    before = locked.beneficiaries or 0
    locked.beneficiaries = beneficiaries
    locked.beneficiaries_by = actor
    locked.save(update_fields=["beneficiaries", "beneficiaries_by"])
    change = (beneficiaries or 0) - before
    if change and locked.status == Attendance.Status.APPROVED:
        credit = field_credit_standing(attendance_id=locked.pk)
        if credit is not None:
            _totals_add({_group(credit): {"beneficiaries": change}})
    return locked


# Running totals -----------------------------------------------------------------------------

NUMBERS = ("field_hours", "value_sar", "beneficiaries", "courses_completed", "training_hours")


def _group(entry) -> tuple:
    return (entry.season, entry.category_id, entry.organisation_id, entry.section or "")


def _is_training(entry) -> bool:
    return entry.source == HoursEntry.Source.COURSE_COMPLETION


def impact_entries_add(entries) -> None:
    """Add approved ledger entries (credits, and reversals that take them back) to the
    season's impact, in the caller's transaction. Field service adds hours, value, people
    served and the volunteer to those who served; a course credit adds a course completed
    and its training hours; a reversal takes the same away."""
    groups: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(NUMBERS, 0))
    served: dict[tuple, int] = defaultdict(int)
    attendance_ids = sorted(
        e.source_id
        for e in entries
        if e.source == HoursEntry.Source.FIELD_ATTENDANCE and e.source_id is not None
    )
    people = {}
    if attendance_ids:
        # Locked, so a representative's correction at the same moment waits for this one.
        people = dict(
            Attendance.objects.select_for_update()
            .filter(pk__in=attendance_ids)
            .order_by("pk")
            .values_list("pk", "beneficiaries")
        )
    for entry in entries:
        if entry.status != HoursEntry.Status.APPROVED:
            continue
        sign = -1 if entry.reverses_id else 1
        numbers = groups[_group(entry)]
        if _is_training(entry):
            numbers["training_hours"] += entry.hours
            numbers["courses_completed"] += sign
            continue
        if not is_approved_field_hours(entry):  # a correction of something else
            continue
        numbers["field_hours"] += entry.hours
        numbers["value_sar"] += entry.hours * entry.hourly_value_sar
        numbers["beneficiaries"] += sign * (people.get(entry.source_id) or 0)
        served[(entry.season, None, entry.volunteer_id)] += sign
        if entry.organisation_id:
            served[(entry.season, entry.organisation_id, entry.volunteer_id)] += sign
    _totals_add(groups)
    _served_add(served)


def _totals_add(groups: dict) -> None:
    """Each group's row updated with increments (a row lock, so concurrent writers add up);
    a missing row created, and a creator that loses the race adds to the winner's row."""
    for (season, category_id, organisation_id, section), numbers in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0, item[0][3])
    ):
        numbers = {name: value for name, value in numbers.items() if value}
        if not numbers:
            continue
        key = {
            "season": season,
            "category_id": category_id,
            "organisation_id": organisation_id,
            "section": section,
        }
        increment = {name: F(name) + value for name, value in numbers.items()}
        if ImpactTotal.objects.filter(**key).update(**increment):
            continue
        try:
            with transaction.atomic():
                ImpactTotal.objects.create(**key, **numbers)
        except IntegrityError:
            ImpactTotal.objects.filter(**key).update(**increment)


def _served_add(served: dict) -> None:
    """Move each volunteer's net entries of a season (in all, and for an organisation); the
    headcount moves when that goes from none to some or back. Rows are taken in one order,
    so two approvals at once wait for each other instead of deadlocking."""
    headcount: dict[tuple, int] = defaultdict(int)
    for (season, organisation_id, volunteer_id), change in sorted(
        served.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])
    ):
        if not change:
            continue
        key = {"season": season, "organisation_id": organisation_id, "volunteer_id": volunteer_id}
        row = ImpactServed.objects.select_for_update().filter(**key).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = ImpactServed.objects.create(**key, entries=0)
            except IntegrityError:
                row = ImpactServed.objects.select_for_update().get(**key)
        before = row.entries
        ImpactServed.objects.filter(pk=row.pk).update(entries=F("entries") + change)
        after = before + change
        headcount[(season, organisation_id)] += (after > 0) - (before > 0)
    for (season, organisation_id), change in sorted(
        headcount.items(), key=lambda item: (item[0][0], item[0][1] or 0)
    ):
        if not change:
            continue
        key = {"season": season, "organisation_id": organisation_id}
        if ImpactHeadcount.objects.filter(**key).update(volunteers=F("volunteers") + change):
            continue
        try:
            with transaction.atomic():
                ImpactHeadcount.objects.create(**key, volunteers=change)
        except IntegrityError:
            ImpactHeadcount.objects.filter(**key).update(volunteers=F("volunteers") + change)


# Rebuilding from the ledger -------------------------------------------------------------------


def _net():
    """+1 for a credit, -1 for the reversal of one."""
    return Sum(
        Case(When(reverses__isnull=True, then=Value(1)), default=Value(-1)),
        output_field=IntegerField(),
    )


@transaction.atomic
def impact_totals_rebuild() -> int:
    """Recompute the season's impact from the ledger (after a bulk load, or to check the
    running totals): a few set-based queries. Returns the number of total rows."""
    ImpactTotal.objects.all().delete()
    ImpactServed.objects.all().delete()
    ImpactHeadcount.objects.all().delete()
    keys = ("season", "category_id", "organisation_id", "section")
    training = Q(source=HoursEntry.Source.COURSE_COMPLETION)
    field_service = ~training & APPROVED_FIELD_HOURS
    rows = (
        approved_ledger()
        .values(*keys)
        .annotate(
            field_hours=Coalesce(Sum("hours", filter=field_service), Decimal(0)),
            value_sar=Coalesce(
                Sum(F("hours") * F("hourly_value_sar"), filter=field_service), Decimal(0)
            ),
            training_hours=Coalesce(Sum("hours", filter=training), Decimal(0)),
            courses_completed=Coalesce(
                Sum(
                    Case(When(reverses__isnull=True, then=Value(1)), default=Value(-1)),
                    filter=training,
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
    )
    totals = {tuple(row[k] for k in keys): ImpactTotal(**row) for row in rows}
    people = (
        standing_field_credits()
        .annotate(
            people=Subquery(
                Attendance.objects.filter(pk=OuterRef("source_id")).values("beneficiaries")[:1]
            )
        )
        .values(*keys)
        .annotate(beneficiaries=Sum("people"))
    )
    for row in people:
        total = totals.get(tuple(row[k] for k in keys))
        if total is not None:
            total.beneficiaries = row["beneficiaries"] or 0
    ImpactTotal.objects.bulk_create(totals.values(), batch_size=2000)
    field = approved_ledger().filter(field_service)
    in_all = (
        field.values("season", "volunteer_id")
        .annotate(net=_net())
        .filter(net__gt=0)
        .values_list("season", "volunteer_id", "net")
    )
    ImpactServed.objects.bulk_create(
        (ImpactServed(season=s, volunteer_id=v, entries=n) for s, v, n in in_all.iterator()),
        batch_size=5000,
    )
    per_organisation = (
        field.filter(organisation_id__isnull=False)
        .values("season", "organisation_id", "volunteer_id")
        .annotate(net=_net())
        .filter(net__gt=0)
        .values_list("season", "organisation_id", "volunteer_id", "net")
    )
    ImpactServed.objects.bulk_create(
        (
            ImpactServed(season=s, organisation_id=o, volunteer_id=v, entries=n)
            for s, o, v, n in per_organisation.iterator()
        ),
        batch_size=5000,
    )
    counts = (
        ImpactServed.objects.order_by()
        .values("season", "organisation_id")
        .annotate(volunteers=Count("pk"))
    )
    ImpactHeadcount.objects.bulk_create(ImpactHeadcount(**row) for row in counts)
    return len(totals)
