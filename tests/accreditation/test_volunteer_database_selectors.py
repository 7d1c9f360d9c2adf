"""The ledger selectors the office's volunteer list filters on."""

from decimal import Decimal

import pytest

from accreditation.selectors import (
    approved_hours_of_person,
    people_active_in_season,
    seasons_with_hours,
)
from lms.models import User
from tests.factories import HoursEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_approved_hours_of_person_counts_approved_only():
    person, idle = UserFactory(), UserFactory()
    HoursEntryFactory(volunteer=person, approved=True, hours=Decimal("2.5"))
    HoursEntryFactory(volunteer=person, approved=True, hours=Decimal("4"))
    HoursEntryFactory(volunteer=person, hours=Decimal("7"))  # pending
    totals = dict(
        User.objects.annotate(total=approved_hours_of_person()).values_list("pk", "total")
    )
    assert totals[person.pk] == Decimal("6.5")
    assert totals[idle.pk] == 0


def test_people_active_in_season_leave_out_rejected_entries():
    active, rejected = UserFactory(), UserFactory()
    entry = HoursEntryFactory(volunteer=active)
    HoursEntryFactory(volunteer=rejected, rejected=True)
    found = set(User.objects.filter(pk__in=people_active_in_season(entry.season)))
    assert found == {active}
    assert seasons_with_hours() == [entry.season]
