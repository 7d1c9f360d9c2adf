"""People served in a shift and the season's impact: the limit on a count (one rule, one
place), who may report it, and running totals that always equal a recomputation from the
ledger, through approvals, rejections, corrections and reversals."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.models import HoursEntry
from accreditation.services import hours_entry_reverse, hours_totals_add
from field.actions import ConfirmAttendance, DecideAttendance
from field.impact import (
    BENEFICIARIES_PER_VOLUNTEER_HOUR,
    BeneficiariesRefused,
    attendance_beneficiaries_set,
    beneficiaries_check,
    beneficiaries_limit,
    impact_totals_rebuild,
)
from field.impact_selectors import deployment_people_served, season_impact
from field.models import Attendance, ImpactHeadcount, ImpactServed, ImpactTotal
from field.services import AttendanceRefused, attendance_credit, attendance_record, shift_bounds
from lms.dates import hijri_season
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
    AttendanceFactory,
    DeploymentFactory,
    FieldRoleFactory,
    OrganisationFactory,
    ServiceCategoryFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def scene(office_staff):
    organisation = OrganisationFactory()
    role = FieldRoleFactory(category=ServiceCategoryFactory(hourly_value_sar=Decimal("15")))
    deployment = DeploymentFactory(
        role=role,
        organisation=organisation,
        section="men",
        starts_on=TODAY - timedelta(days=5),
        ends_on=TODAY + timedelta(days=5),
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER])
    volunteers = [UserFactory(), UserFactory(), UserFactory()]
    team = TeamFactory(section="men", leaders=[leader], members=volunteers)
    for volunteer in volunteers:
        AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="men")
    representative = UserFactory(roles=[Role.REPRESENTATIVE], organisation=organisation)
    return {
        "organisation": organisation,
        "deployment": deployment,
        "leader": leader,
        "volunteers": volunteers,
        "deputy": deputy,
        "office": office_staff,
        "representative": representative,
    }


def record(scene, *, volunteers=None, beneficiaries=None, start=(8, 0), end=(14, 0)):
    starts_at, ends_at = shift_bounds(
        day=YESTERDAY, starts=datetime.time(*start), ends=datetime.time(*end)
    )
    return attendance_record(
        deployment=scene["deployment"],
        volunteers=volunteers or scene["volunteers"][:1],
        actor=scene["leader"],
        starts_at=starts_at,
        ends_at=ends_at,
        beneficiaries=beneficiaries,
    )


def approve(scene, records):
    ConfirmAttendance(attendance=records, user=scene["deputy"]).execute()
    for item in records:
        item.refresh_from_db()
    DecideAttendance(attendance=records, user=scene["office"], approve=True).execute()
    for item in records:
        item.refresh_from_db()
    return records


def snapshot() -> dict:
    """The running totals, without rows that came back to nothing."""
    totals = {
        (t.season, t.category_id, t.organisation_id, t.section): (
            t.field_hours,
            t.value_sar,
            t.beneficiaries,
            t.courses_completed,
            t.training_hours,
        )
        for t in ImpactTotal.objects.all()
        if any((t.field_hours, t.value_sar, t.beneficiaries, t.courses_completed, t.training_hours))
    }
    served = {
        (s.season, s.organisation_id, s.volunteer_id): s.entries
        for s in ImpactServed.objects.all()
        if s.entries
    }
    heads = {
        (h.season, h.organisation_id): h.volunteers
        for h in ImpactHeadcount.objects.all()
        if h.volunteers
    }
    return {"totals": totals, "served": served, "headcount": heads}


def recomputed() -> dict:
    with transaction.atomic():
        impact_totals_rebuild()
        figures = snapshot()
        transaction.set_rollback(True)
    return figures


# The limit --------------------------------------------------------------------------------


def test_the_limit_is_per_volunteer_and_hour_of_the_shift():
    assert BENEFICIARIES_PER_VOLUNTEER_HOUR == 240
    assert beneficiaries_limit(hours=Decimal("6")) == 1440
    assert beneficiaries_limit(hours=Decimal("6"), volunteers=3) == 4320
    assert beneficiaries_limit(hours=Decimal("0.5")) == 120
    beneficiaries_check(count=None, hours=6)
    beneficiaries_check(count=0, hours=6)
    beneficiaries_check(count=1440, hours=6)


def test_a_negative_count_is_refused_with_a_clear_message():
    with pytest.raises(BeneficiariesRefused, match="cannot be negative"):
        beneficiaries_check(count=-1, hours=6)


def test_an_absurd_count_says_the_limit_and_why():
    with pytest.raises(BeneficiariesRefused) as refused:
        beneficiaries_check(count=14401, hours=6)
    assert str(refused.value) == (
        "14,401 people served is more than this shift could serve: at most 1,440 (240 an hour "
        "for one volunteer, 6 hours)."
    )


def test_the_database_refuses_a_negative_count(scene):
    (attendance,) = record(scene)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=attendance.pk).update(beneficiaries=-5)


# Recording --------------------------------------------------------------------------------


def test_a_shift_s_count_is_shared_among_its_volunteers(scene):
    records = record(scene, volunteers=scene["volunteers"], beneficiaries=100)
    assert [r.beneficiaries for r in records] == [34, 33, 33]
    assert all(r.beneficiaries_by == scene["leader"] for r in records)


def test_an_absurd_shift_count_records_nobody(scene):
    with pytest.raises(AttendanceRefused, match="at most 4,320"):
        record(scene, volunteers=scene["volunteers"], beneficiaries=5000)
    with pytest.raises(AttendanceRefused, match="cannot be negative"):
        record(scene, beneficiaries=-3)
    assert not Attendance.objects.exists()


# Totals follow approval, rejection, correction and reversal --------------------------------


def test_approval_moves_the_season_s_impact(scene):
    records = approve(scene, record(scene, volunteers=scene["volunteers"][:2], beneficiaries=90))
    season = hijri_season(YESTERDAY)
    impact = season_impact(season=season)
    assert impact.beneficiaries == 90
    assert impact.field_hours == Decimal("12")
    assert impact.value_sar == Decimal("180")
    assert impact.volunteers == 2
    assert impact.organisations == 1
    mine = season_impact(season=season, organisation_id=scene["organisation"].pk)
    assert (mine.beneficiaries, mine.volunteers) == (90, 2)
    assert deployment_people_served(deployment_id=scene["deployment"].pk) == 90
    assert snapshot() == recomputed()
    assert records[0].status == "approved"


def test_pending_and_rejected_shifts_count_nothing(scene):
    (pending,) = record(scene, beneficiaries=40)
    (rejected,) = record(scene, beneficiaries=50, start=(15, 0), end=(18, 0))
    ConfirmAttendance(attendance=[rejected], user=scene["deputy"]).execute()
    rejected.refresh_from_db()
    DecideAttendance(
        attendance=[rejected], user=scene["office"], approve=False, reason="not there"
    ).execute()
    assert season_impact(season=hijri_season(YESTERDAY)).beneficiaries == 0
    assert not ImpactTotal.objects.exists()
    with pytest.raises(BeneficiariesRefused, match="does not count"):
        attendance_beneficiaries_set(
            attendance=rejected, beneficiaries=10, actor=scene["representative"]
        )
    assert pending.status == "recorded"


def test_a_representative_corrects_an_approved_shift_and_the_totals_follow(scene):
    (item,) = approve(scene, record(scene, beneficiaries=40))
    attendance_beneficiaries_set(attendance=item, beneficiaries=65, actor=scene["representative"])
    season = hijri_season(YESTERDAY)
    assert season_impact(season=season).beneficiaries == 65
    attendance_beneficiaries_set(attendance=item, beneficiaries=None, actor=scene["office"])
    assert season_impact(season=season).beneficiaries == 0
    assert snapshot() == recomputed()


def test_an_absurd_correction_changes_nothing(scene):
    (item,) = approve(scene, record(scene, beneficiaries=40))
    with pytest.raises(BeneficiariesRefused, match="at most 1,440"):
        attendance_beneficiaries_set(
            attendance=item, beneficiaries=20000, actor=scene["representative"]
        )
    item.refresh_from_db()
    assert item.beneficiaries == 40
    assert season_impact(season=hijri_season(YESTERDAY)).beneficiaries == 40


def test_a_representative_of_another_organisation_may_not_report(scene):
    (item,) = record(scene, beneficiaries=40)
    stranger = UserFactory(roles=[Role.REPRESENTATIVE], organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        attendance_beneficiaries_set(attendance=item, beneficiaries=1, actor=stranger)
    with pytest.raises(PermissionDenied):
        attendance_beneficiaries_set(attendance=item, beneficiaries=1, actor=scene["volunteers"][0])
    item.refresh_from_db()
    assert item.beneficiaries == 40


def test_a_reversal_takes_the_shift_out_of_the_totals(scene):
    (item,) = approve(scene, record(scene, beneficiaries=40))
    credit = HoursEntry.objects.get(source="field_attendance", source_id=item.pk)
    hours_entry_reverse(entry=credit, actor=scene["office"], reason="wrong deployment")
    impact = season_impact(season=hijri_season(YESTERDAY))
    assert (impact.beneficiaries, impact.field_hours, impact.volunteers) == (0, 0, 0)
    # A correction of a reversed shift's people served moves nothing.
    attendance_beneficiaries_set(attendance=item, beneficiaries=80, actor=scene["representative"])
    assert season_impact(season=hijri_season(YESTERDAY)).beneficiaries == 0
    assert deployment_people_served(deployment_id=scene["deployment"].pk) == 0
    assert snapshot() == recomputed()


def test_a_volunteer_counts_once_however_many_shifts(scene):
    volunteer = scene["volunteers"][0]
    approve(scene, record(scene, volunteers=[volunteer], beneficiaries=10))
    approve(scene, record(scene, volunteers=[volunteer], start=(15, 0), end=(18, 0)))
    assert season_impact(season=hijri_season(YESTERDAY)).volunteers == 1
    assert ImpactServed.objects.get(organisation=None).entries == 2


def test_training_credit_counts_courses_and_hours(scene):
    training = ServiceCategoryFactory(slug="training")
    entry = HoursEntry(
        volunteer=scene["volunteers"][0],
        kind="training",
        hours=Decimal("5"),
        category=training,
        hourly_value_sar=Decimal("55"),
        served_on=YESTERDAY,
        season=hijri_season(YESTERDAY),
        source="course_completion",
        source_id=4242,
        status="approved",
    )
    entry.save(force_insert=True)
    hours_totals_add([entry])
    impact = season_impact(season=hijri_season(YESTERDAY))
    assert (impact.courses_completed, impact.training_hours) == (1, Decimal("5"))
    assert (impact.field_hours, impact.volunteers) == (0, 0)
    hours_entry_reverse(entry=entry, actor=scene["office"], reason="completed by mistake")
    impact = season_impact(season=hijri_season(YESTERDAY))
    assert (impact.courses_completed, impact.training_hours) == (0, 0)
    assert snapshot() == recomputed()


# Incremental equals recomputed, whatever the sequence --------------------------------------

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["approve", "reject", "correct", "reverse", "train"]),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=1500),
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_running_totals_always_equal_a_recomputation(office_staff, steps):
    """Random sequences of approved shifts (over two organisations, one none, and two
    seasons), rejections, corrections of people served, reversals and training credits:
    after each, the running totals are what a recomputation from the ledger gives."""
    with transaction.atomic():
        organisations = [OrganisationFactory(), OrganisationFactory(), None]
        category = ServiceCategoryFactory()
        training = ServiceCategoryFactory(slug="training")
        volunteers = [UserFactory(organisation=organisations[n % 2]) for n in range(3)]
        deployments = [
            DeploymentFactory(
                role=FieldRoleFactory(category=category),
                organisation=organisations[n % 3],
                starts_on=TODAY - timedelta(days=400 * (n % 2) + 3),
                ends_on=TODAY - timedelta(days=400 * (n % 2)),
            )
            for n in range(3)
        ]
        shifts, credits = [], []
        for number, (action, pick, count) in enumerate(steps):
            deployment = deployments[pick % 3]
            volunteer = volunteers[pick % 3]
            if action in ("approve", "reject"):
                assignment, _new = deployment.assignments.get_or_create(volunteer=volunteer)
                item = AttendanceFactory(
                    assignment=assignment,
                    day=deployment.starts_on,
                    hours=Decimal(1 + pick),
                    beneficiaries=min(count, 240 * (1 + pick)),
                    check_in=datetime.time(number % 20),
                    status="approved" if action == "approve" else "rejected",
                )
                if action == "approve":
                    credits.append(attendance_credit(attendance=item, actor=office_staff))
                    shifts.append(item)
            elif action == "correct" and shifts:
                item = shifts[pick % len(shifts)]
                attendance_beneficiaries_set(
                    attendance=item,
                    beneficiaries=min(count, 240 * int(item.hours)),
                    actor=office_staff,
                )
            elif action == "reverse" and credits:
                entry = credits.pop(pick % len(credits))
                hours_entry_reverse(entry=entry, actor=office_staff, reason="correction")
            elif action == "train":
                entry = HoursEntry(
                    volunteer=volunteer,
                    kind="training",
                    hours=Decimal(pick + 1),
                    category=training,
                    hourly_value_sar=Decimal("55"),
                    served_on=deployment.starts_on,
                    season=hijri_season(deployment.starts_on),
                    organisation=volunteer.organisation,
                    source="course_completion",
                    source_id=10_000 + number,
                    status="approved",
                )
                entry.save(force_insert=True)
                hours_totals_add([entry])
                credits.append(entry)
        assert snapshot() == recomputed()
        transaction.set_rollback(True)
