"""One current statement of hours per person and season: a new one supersedes the old
(revoked as "superseded", with a link to the new one), the database refuses two current
ones, and a change to the ledger marks the statements it makes out of date."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from accreditation.models import HoursEntry, ServiceCategory
from accreditation.selectors import hours_statement
from accreditation.services import (
    certificate_batch_fill,
    field_hours_credit,
    hours_entry_reverse,
    hours_statement_issue,
    hours_statement_request,
)
from certificates.models import Certificate, CertificateBatch
from certificates.selectors import Status, verification
from certificates.services import certificate_new, certificate_supersede
from lms.roles import Role
from tests.accreditation.test_hours_ledger import at_once
from tests.environment import require
from tests.factories import UserFactory

SOURCE_IDS = itertools.count(1_000_000)


def credit(volunteer, *, hours="3", season_day=datetime.date(2026, 8, 1), actor=None):
    """Approved field hours through the ledger's service (served in 1448 AH by default)."""
    return field_hours_credit(
        volunteer=volunteer,
        hours=Decimal(hours),
        category=ServiceCategory.objects.get(slug="training"),
        served_on=season_day,
        source_id=next(SOURCE_IDS),
        description="Guiding pilgrims at Bab al-Salam",
        recorded_by_id=None,
        actor=actor or volunteer,
        organisation_id=None,
        section="",
    )


def bulk_issue(office, season):
    batch = CertificateBatch.objects.create(season=season, requested_by=office)
    certificate_batch_fill(batch_id=batch.pk)
    return batch


def current(holder, season=Certificate.ALL_SEASONS):
    return Certificate.objects.filter(
        holder=holder, kind="hours", season=season, revoked_at__isnull=True
    )


@pytest.fixture
def people(db, office_staff):
    volunteers = [UserFactory() for _ in range(3)]
    for volunteer in volunteers:
        credit(volunteer, actor=office_staff)
    return {"office": office_staff, "volunteers": volunteers}


def test_bulk_issue_twice_leaves_one_current_statement(people):
    office, volunteers = people["office"], people["volunteers"]
    first = bulk_issue(office, 1448)
    with translation.override("en"):
        second = bulk_issue(office, 1448)
    for volunteer in volunteers:
        (now_current,) = current(volunteer, 1448)
        assert now_current.batch_id == second.pk
        old = Certificate.objects.get(batch=first, holder=volunteer)
        assert old.revoked_at is not None and old.superseded_by == now_current
        assert old.revocation_reason == "Superseded by a newer certificate."
        assert old.revoked_by == office
    assert Certificate.objects.filter(batch=second).count() == 3
    assert certificate_batch_fill(batch_id=second.pk) == 0  # a retry changes nothing
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 3


def test_seasons_are_kept_apart_and_all_seasons_is_its_own(people):
    office, volunteer = people["office"], people["volunteers"][0]
    credit(volunteer, season_day=datetime.date(2025, 8, 1), actor=office)  # 1447 AH
    by_season = hours_statement_issue(volunteer=volunteer, issued_by=office, season=1448)
    earlier = hours_statement_issue(volunteer=volunteer, issued_by=office, season=1447)
    everything = hours_statement_issue(volunteer=volunteer, issued_by=office)
    assert (by_season.season, earlier.season, everything.season) == (1448, 1447, 0)
    assert everything.payload["total_hours"] == "6"
    assert Certificate.objects.filter(holder=volunteer, revoked_at__isnull=True).count() == 3


def test_the_database_refuses_two_current_statements_for_a_season(people):
    volunteer = people["volunteers"][0]
    hours_statement_issue(volunteer=volunteer, issued_by=people["office"])
    second = certificate_new(
        kind="hours", holder=volunteer, payload={"season": None}, season=Certificate.ALL_SEASONS
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(force_insert=True)


def test_a_request_with_the_same_figures_returns_the_current_statement(people):
    volunteer = people["volunteers"][0]
    first = hours_statement_request(volunteer=volunteer)
    assert hours_statement_request(volunteer=volunteer) == first
    credit(volunteer, hours="2", actor=people["office"])
    second = hours_statement_request(volunteer=volunteer)
    first.refresh_from_db()
    assert second != first and second.payload["total_hours"] == "5"
    assert first.superseded_by == second and first.revoked_by == volunteer
    assert second.needs_reissue_at is None


def test_statement_marked_after_ledger_correction(people):
    office, volunteer = people["office"], people["volunteers"][0]
    entry = HoursEntry.objects.get(volunteer=volunteer)
    credit(volunteer, season_day=datetime.date(2025, 8, 1), actor=office)  # 1447 AH
    this_season = hours_statement_issue(volunteer=volunteer, issued_by=office, season=1448)
    everything = hours_statement_issue(volunteer=volunteer, issued_by=office)
    other_season = hours_statement_issue(volunteer=volunteer, issued_by=office, season=1447)
    someone_else = hours_statement_issue(volunteer=people["volunteers"][1], issued_by=office)
    hours_entry_reverse(entry=entry, actor=office, reason="Counted twice")
    for statement in (this_season, everything, other_season, someone_else):
        statement.refresh_from_db()
    assert this_season.needs_reissue_at and everything.needs_reissue_at
    assert other_season.needs_reissue_at is None and someone_else.needs_reissue_at is None
    result = verification(this_season.code)
    assert result.status == Status.OUTDATED and result.date == this_season.needs_reissue_at
    # The re-issue supersedes the outdated one, with the figures now in the ledger.
    again = hours_statement_request(volunteer=volunteer, season=1448)
    assert again != this_season and again.payload["total_hours"] == "0"
    assert verification(again.code).status == Status.VALID
    assert verification(this_season.code).status == Status.SUPERSEDED


def test_a_new_approved_entry_after_a_statement_marks_it(people):
    volunteer = people["volunteers"][0]
    statement = hours_statement_issue(volunteer=volunteer, issued_by=people["office"])
    credit(volunteer, actor=people["office"])
    statement.refresh_from_db()
    assert statement.needs_reissue_at is not None


def test_what_the_holder_the_office_and_a_verifier_see(people):
    office, volunteer = people["office"], people["volunteers"][0]
    old = hours_statement_issue(volunteer=volunteer, issued_by=office, season=1448)
    credit(volunteer, hours="1", actor=office)
    outdated = hours_statement_issue(volunteer=volunteer, issued_by=office)
    new = hours_statement_issue(volunteer=volunteer, issued_by=office, season=1448)
    credit(volunteer, hours="1", actor=office)  # marks ``new`` and ``outdated``
    client = Client()
    page = client.get(f"/en/verify/{old.code}/").content.decode()
    assert "Superseded" in page and new.code in page
    facts = client.get(f"/api/v1/certificates/{old.code}/?lang=en").json()
    assert facts["status"] == "superseded" and facts["superseded_by"] == new.code
    page = client.get(f"/en/verify/{outdated.code}/").content.decode()
    assert "Outdated" in page and "a new statement is due" in page
    client.force_login(volunteer)
    mine = client.get("/en/hours/").content.decode()
    assert f'Superseded by <bdi class="code" dir="ltr">{new.code}</bdi>' in mine
    assert "request a new one below" in mine
    client.force_login(office)
    office_page = client.get(f"/admin/accreditation/certificates/{old.pk}/").content.decode()
    assert new.code in office_page
    office_page = client.get(f"/admin/accreditation/certificates/{new.pk}/").content.decode()
    with translation.override("ar"):  # the office's admin speaks Arabic by default
        assert gettext("Outdated") in office_page


def test_a_retried_bulk_issue_keeps_the_statement_it_gave(people):
    """A second worker on the same bulk issue does not revoke what the first one issued."""
    office, volunteer = people["office"], people["volunteers"][0]
    batch = bulk_issue(office, 1448)
    given = Certificate.objects.get(batch=batch, holder=volunteer)
    again = certificate_supersede(
        certificate=certificate_new(
            kind="hours", holder=volunteer, payload={}, batch=batch, season=1448
        ),
        actor=office,
    )
    assert again == given and list(current(volunteer, 1448)) == [given]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_statements_issued_at_once_leave_one_current(office_staff):
    """On PostgreSQL: ten transactions issue a statement for the same person and season at
    the same moment; one is current, every other is superseded, none fails."""
    require("postgres", connection.vendor == "postgresql", "needs concurrent transactions")
    volunteer = UserFactory()
    credit(volunteer, actor=office_staff)
    errors = at_once(
        10, lambda: hours_statement_issue(volunteer=volunteer, issued_by=office_staff, season=1448)
    )
    assert not errors
    statements = Certificate.objects.filter(holder=volunteer, kind="hours")
    assert current(volunteer, 1448).count() == 1
    # Identical figures: the later ones may return the current one; all others superseded.
    assert all(s.superseded_by_id for s in statements.filter(revoked_at__isnull=False))
    # And straight at the database: two inserts of a current statement, at once.
    again = [
        certificate_new(kind="hours", holder=volunteer, payload={}, season=1447) for _ in range(2)
    ]
    failures = at_once(2, lambda: again.pop().save(force_insert=True))
    assert len(failures) == 1 and isinstance(failures[0], IntegrityError)
    assert current(volunteer, 1447).count() == 1


# Any sequence of issues, bulk issues, credits and corrections ------------------------------

SEASONS = [None, 1447, 1448]
DAYS = {1447: datetime.date(2025, 8, 1), 1448: datetime.date(2026, 8, 1)}


class StatementsMachine(RuleBasedStateMachine):
    """At most one current statement per person and season, and its figures match the
    ledger unless it is marked for re-issue."""

    @initialize()
    def people(self):
        self.office = UserFactory(roles=[Role.OFFICE_STAFF])
        self.volunteers = [UserFactory() for _ in range(2)]

    @rule(who=st.integers(0, 1), season=st.sampled_from([1447, 1448]), hours=st.integers(1, 5))
    def credit_hours(self, who, season, hours):
        credit(self.volunteers[who], hours=str(hours), season_day=DAYS[season], actor=self.office)

    @rule(who=st.integers(0, 1), pick=st.integers(0, 20))
    def reverse(self, who, pick):
        entries = list(
            HoursEntry.objects.filter(
                volunteer=self.volunteers[who], reverses__isnull=True, reversed_by__isnull=True
            ).order_by("pk")
        )
        if entries:
            hours_entry_reverse(entry=entries[pick % len(entries)], actor=self.office, reason="x")

    @rule(who=st.integers(0, 1), season=st.sampled_from(SEASONS), by_office=st.booleans())
    def issue(self, who, season, by_office):
        volunteer = self.volunteers[who]
        if by_office:
            hours_statement_issue(volunteer=volunteer, issued_by=self.office, season=season)
        else:
            hours_statement_request(volunteer=volunteer, season=season)

    @rule(season=st.sampled_from(SEASONS))
    def bulk(self, season):
        batch = CertificateBatch.objects.create(
            season=season, organisation=None, requested_by=self.office
        )
        certificate_batch_fill(batch_id=batch.pk)

    @invariant()
    def one_current_matching_the_ledger(self):
        if not hasattr(self, "volunteers"):
            return
        for volunteer in self.volunteers:
            for season in SEASONS:
                found = list(current(volunteer, season or Certificate.ALL_SEASONS))
                assert len(found) <= 1
                if found and found[0].needs_reissue_at is None:
                    figures = hours_statement(volunteer=volunteer, season=season)
                    assert found[0].payload["total_hours"] == figures["total_hours"]
                    assert found[0].payload["categories"] == figures["categories"]
        superseded = Certificate.objects.filter(revoked_at__isnull=False)
        assert not superseded.filter(superseded_by__isnull=True).exists()


@pytest.mark.django_db
def test_any_sequence_keeps_one_current_statement_matching_the_ledger():
    """Issues, requests, bulk issues, credits and corrections in any order (examples share
    the test's transaction; each starts with new people)."""
    run_state_machine_as_test(
        StatementsMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_the_migration_keys_old_statements_and_supersedes_the_doubles(people):
    """Statements issued before the season column: the migration fills it from the payload
    (0 for all seasons) and leaves the newest current, the older superseded by it."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("certificates.migrations.0003_statement_seasons")
    with connection.cursor() as cursor:  # as before 0004 (the test's transaction restores it)
        cursor.execute('DROP INDEX "certificates_one_current_per_season"')
    volunteer = people["volunteers"][0]
    made = [
        certificate_new(kind="hours", holder=volunteer, payload={"season": season})
        for season in (None, None, 1448)
    ]
    for number, certificate in enumerate(made):
        certificate.issued_at = certificate.issued_at.replace(second=number)
        certificate.save(force_insert=True)
    migration.fill_and_supersede(apps, None)
    older, newer, seasonal = (Certificate.objects.get(pk=c.pk) for c in made)
    assert (older.season, newer.season, seasonal.season) == (0, 0, 1448)
    assert older.superseded_by == newer and older.revoked_at is not None
    assert newer.revoked_at is None and seasonal.revoked_at is None
