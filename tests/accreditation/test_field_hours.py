"""A person's approved field hours, one definition read everywhere: the approved field entries
plus the approved corrections that reverse them (directly, or by reversing a correction),
never clamped. Eligibility for a field role, rosters, the partner API, statements of hours,
the home page and the season's impact all read it, so withdrawn field service stops counting
everywhere at once."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.models import HoursEntry
from accreditation.selectors import (
    approved_field_hours,
    approved_field_hours_of,
    hours_by_season_kind_category,
    hours_statements,
    hours_this_season,
)
from accreditation.services import HoursRefused, hours_entry_reverse
from field.eligibility import MET, MISSING, evaluate
from field.impact import impact_totals_rebuild
from field.models import ImpactTotal
from lms.dates import hijri_season
from lms.models import User
from tests.factories import FieldRoleFactory, HoursEntryFactory, ServiceCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

FIELD, TRAINING, ADJUSTMENT = (
    HoursEntry.Kind.FIELD,
    HoursEntry.Kind.TRAINING,
    HoursEntry.Kind.ADJUSTMENT,
)


def entry(volunteer, kind=FIELD, hours="6", status="approved", reverses=None):
    return HoursEntryFactory(
        volunteer=volunteer,
        kind=ADJUSTMENT if reverses else kind,
        hours=-reverses.hours if reverses else Decimal(hours),
        status=status,
        reverses=reverses,
        served_on=timezone.localdate(),
    )


def field_finding(volunteer, minimum="4"):
    role = FieldRoleFactory(minimum_field_hours=Decimal(minimum))
    answer = evaluate(role=role, volunteer_ids=[volunteer.pk])[volunteer.pk]
    (finding,) = [f for f in answer.findings if f.kind == "field_hours"]
    return finding.status, answer.eligible


# Examples -------------------------------------------------------------------------------------


def test_reversed_field_service_no_longer_makes_a_volunteer_eligible(volunteer, office_staff):
    credit = entry(volunteer, hours="6")
    assert field_finding(volunteer) == (MET, True)
    reversal = hours_entry_reverse(entry=credit, actor=office_staff, reason="Not at the post")
    assert reversal.counts_as == FIELD
    assert approved_field_hours(volunteer_ids=[volunteer.pk]) == {volunteer.pk: Decimal("0")}
    assert field_finding(volunteer) == (MISSING, False)
    assert hours_this_season(volunteer)["field"] == 0
    assert hours_statements(volunteer_ids=[volunteer.pk])[volunteer.pk]["field"] == []
    assert [
        r for r in hours_by_season_kind_category(volunteer=volunteer) if r["kind"] == FIELD
    ] == []


def test_reversing_the_reversal_counts_the_field_service_again(volunteer, office_staff):
    credit = entry(volunteer, hours="6")
    reversal = hours_entry_reverse(entry=credit, actor=office_staff, reason="Not at the post")
    with pytest.raises(HoursRefused):  # the office cannot, but the ledger may hold one
        hours_entry_reverse(entry=reversal, actor=office_staff, reason="He was")
    again = entry(volunteer, reverses=reversal)
    assert (again.kind, again.hours, again.counts_as) == (ADJUSTMENT, Decimal("6"), FIELD)
    assert approved_field_hours(volunteer_ids=[volunteer.pk])[volunteer.pk] == Decimal("6")
    assert field_finding(volunteer) == (MET, True)
    statement = hours_statements(volunteer_ids=[volunteer.pk])[volunteer.pk]
    assert [line["hours"] for line in statement["field"]] == ["6"]
    assert statement["field"][0]["served_on"] == credit.served_on.isoformat()


def test_a_reversed_training_entry_leaves_field_hours_alone(volunteer, office_staff):
    entry(volunteer, hours="5")
    training = entry(volunteer, kind=TRAINING, hours="3")
    hours_entry_reverse(entry=training, actor=office_staff, reason="Completed by mistake")
    assert approved_field_hours(volunteer_ids=[volunteer.pk])[volunteer.pk] == Decimal("5")
    assert field_finding(volunteer) == (MET, True)
    home = hours_this_season(volunteer)
    assert (home["field"], home["training"], home["total"]) == (5, 0, 5)


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_an_undecided_or_rejected_correction_does_not_count(volunteer, status):
    credit = entry(volunteer, hours="6")
    entry(volunteer, reverses=credit, status=status)
    assert approved_field_hours(volunteer_ids=[volunteer.pk])[volunteer.pk] == Decimal("6")
    assert field_finding(volunteer) == (MET, True)


def test_a_manual_adjustment_is_not_field_service(volunteer):
    entry(volunteer, kind=ADJUSTMENT, hours="10")
    assert approved_field_hours(volunteer_ids=[volunteer.pk])[volunteer.pk] == 0
    assert field_finding(volunteer, minimum="1") == (MISSING, False)


def test_bulk_loaded_corrections_count_as_what_they_reverse(volunteer):
    category = ServiceCategoryFactory()
    credit = entry(volunteer, hours="6")
    training = entry(volunteer, kind=TRAINING, hours="2")
    common = {
        "volunteer": volunteer,
        "kind": ADJUSTMENT,
        "category": category,
        "hourly_value_sar": 1,
        "served_on": credit.served_on,
        "season": credit.season,
        "source": "manual",
        "status": "approved",
    }
    # Only the ids of what they reverse, as a bulk load would have them.
    loaded = HoursEntry.objects.bulk_create(
        [
            HoursEntry(**common, hours=-6, reverses_id=credit.pk),
            HoursEntry(**common, hours=-2, reverses_id=training.pk),
            HoursEntry(**common, hours=4),
        ]
    )
    assert [e.counts_as for e in loaded] == [FIELD, TRAINING, ADJUSTMENT]
    assert approved_field_hours(volunteer_ids=[volunteer.pk])[volunteer.pk] == 0


# Every reader against the rule read plainly, over random ledgers --------------------------

HOURS = st.sampled_from(["0.25", "1", "1.5", "2.2", "3", "6"])
STATUS = st.sampled_from(["approved", "pending", "rejected"])
LEDGER = st.fixed_dictionaries(
    {
        "entries": st.lists(
            st.tuples(st.sampled_from([FIELD, TRAINING, ADJUSTMENT]), STATUS, HOURS),
            min_size=1,
            max_size=5,
        ),
        # Each correction reverses an entry not yet reversed, a correction too (a chain).
        "corrections": st.lists(st.tuples(st.integers(0, 30), STATUS), max_size=5),
        "bulk": st.booleans(),  # written as a bulk load would, reversed entries by id only
    }
)


def build(person, spec, category) -> list[dict]:
    """The ledger in the database, and as plain dicts: kind, status, hours, reverses."""
    today = timezone.localdate()
    plain, rows = [], []

    def write(kind, status, hours, reverses):
        row = HoursEntry(
            volunteer=person,
            kind=kind,
            hours=hours,
            category=category,
            hourly_value_sar=category.hourly_value_sar,
            served_on=today,
            season=hijri_season(today),
            source="manual",
            status=status,
            section=person.section,
        )
        if reverses is not None:
            row.reverses_id = rows[reverses].pk
        if spec["bulk"]:
            HoursEntry.objects.bulk_create([row])
        else:
            row.save(force_insert=True)
        rows.append(row)
        plain.append({"kind": kind, "status": status, "hours": hours, "reverses": reverses})

    for kind, status, hours in spec["entries"]:
        write(kind, status, Decimal(hours), None)
    for target, status in spec["corrections"]:
        reversed_ = {e["reverses"] for e in plain}
        open_ = [i for i in range(len(plain)) if i not in reversed_]
        index = open_[target % len(open_)]
        write(ADJUSTMENT, status, -plain[index]["hours"], index)
    return plain


def counts_as(plain, index) -> str:
    while plain[index]["reverses"] is not None:
        index = plain[index]["reverses"]
    return plain[index]["kind"]


def expected(plain, kind=FIELD) -> Decimal:
    """The rule read plainly: approved entries whose chain of corrections starts at a ``kind``
    entry, summed as they are."""
    return sum(
        (
            e["hours"]
            for i, e in enumerate(plain)
            if e["status"] == "approved" and counts_as(plain, i) == kind
        ),
        Decimal("0"),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ledgers=st.lists(LEDGER, min_size=1, max_size=3),
    minimum=st.sampled_from(["0.25", "1", "3", "4.5"]),
)
def test_every_reader_of_field_hours_agrees_with_the_rule(ledgers, minimum):
    with transaction.atomic():
        category = ServiceCategoryFactory()
        people = [UserFactory() for _ in ledgers]
        plains = {p.pk: build(p, spec, category) for p, spec in zip(people, ledgers, strict=True)}
        want = {pk: expected(plain) for pk, plain in plains.items()}
        ids = list(plains)

        assert approved_field_hours(volunteer_ids=ids) == want
        annotated = User.objects.filter(pk__in=ids).annotate(field_hours=approved_field_hours_of())
        assert {u.pk: u.field_hours or 0 for u in annotated} == want

        role = FieldRoleFactory(minimum_field_hours=Decimal(minimum))
        with CaptureQueriesContext(connection) as queries:
            answers = evaluate(role=role, volunteer_ids=ids)
        assert len(queries.captured_queries) == 2
        for pk in ids:
            met = want[pk] >= Decimal(minimum)
            (finding,) = [f for f in answers[pk].findings if f.kind == "field_hours"]
            assert finding.status == (MET if met else MISSING)
            assert answers[pk].eligible == met

        statements = hours_statements(volunteer_ids=ids)
        for person in people:
            pk = person.pk
            assert hours_this_season(person)["field"] == want[pk]
            assert hours_this_season(person)["training"] == expected(plains[pk], TRAINING)
            partner = hours_by_season_kind_category(volunteer=person)
            assert sum(Decimal(r["hours"]) for r in partner if r["kind"] == FIELD) == want[pk]
            lines = statements[pk]["field"]
            assert sum((Decimal(line["hours"]) for line in lines), Decimal("0")) == want[pk]
            courses = statements[pk]["courses"]
            assert sum((Decimal(c["hours"]) for c in courses), Decimal("0")) == expected(
                plains[pk], TRAINING
            )

        impact_totals_rebuild()
        assert sum((t.field_hours for t in ImpactTotal.objects.all()), Decimal("0")) == sum(
            want.values(), Decimal("0")
        )
        transaction.set_rollback(True)


# Existing ledgers ------------------------------------------------------------------------------


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_sets_what_existing_entries_count_as():
    """Rows written before ``counts_as`` existed (through the historical model) count as
    their kind, and corrections, at any depth, as the first entry of their chain."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("accreditation", "0017_workflow_names_in_arabic")]
    apps = MigrationExecutor(connection).migrate(before).apps
    Entry = apps.get_model("accreditation", "HoursEntry")
    category = apps.get_model("accreditation", "ServiceCategory").objects.create(
        slug="first-aid", name_ar="إسعاف", name_en="First aid", hourly_value_sar=40
    )
    person = UserFactory()
    today = timezone.localdate()

    def write(kind, hours, reverses=None):
        return Entry.objects.create(
            volunteer_id=person.pk,
            kind=kind,
            hours=hours,
            category=category,
            hourly_value_sar=40,
            served_on=today,
            season=hijri_season(today),
            source="manual",
            status="approved",
            reverses=reverses,
        )

    field = write(FIELD, 6)
    reversal = write(ADJUSTMENT, -6, field)
    again = write(ADJUSTMENT, 6, reversal)
    training = write(TRAINING, 2)
    training_reversal = write(ADJUSTMENT, -2, training)
    manual = write(ADJUSTMENT, 3)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    counted = dict(HoursEntry.objects.values_list("pk", "counts_as"))
    assert [counted[e.pk] for e in (field, reversal, again)] == [FIELD] * 3
    assert [counted[e.pk] for e in (training, training_reversal, manual)] == [
        TRAINING,
        TRAINING,
        ADJUSTMENT,
    ]
    assert approved_field_hours(volunteer_ids=[person.pk])[person.pk] == Decimal("6")
