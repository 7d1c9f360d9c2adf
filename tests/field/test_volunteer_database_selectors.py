"""The field selectors the office's volunteer database reads: licence holders by level and
standing, a person's licences with history, rosters, and eligibility among many."""

import datetime

import pytest
from django.utils import timezone

from courses.models import CourseCompletion, Enrolment
from field.eligibility import standings
from field.models import Licence, LicenceLevel
from field.selectors import assignments_of, eligible_among, licence_holders, licences_of
from lms.models import Section, User
from tests.factories import (
    AssignmentFactory,
    DeploymentFactory,
    FieldRoleFactory,
    LicenceEventFactory,
    LicenceFactory,
    LicencePolicyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_licence_holders_by_level_and_standing():
    today = timezone.localdate()
    in_force = LicenceFactory(level=LicenceLevel.PRACTITIONER)
    expired = LicenceFactory(
        level=LicenceLevel.PRACTITIONER, expires_on=today - datetime.timedelta(days=1)
    )
    suspended = LicenceFactory(level=LicenceLevel.TEAM_LEADER, status=Licence.Status.SUSPENDED)

    def holders(**kwargs):
        return set(User.objects.filter(pk__in=licence_holders(**kwargs)))

    assert holders(standing="in_force") == {in_force.holder}
    assert holders(standing="expired") == {expired.holder}
    assert holders(standing="suspended") == {suspended.holder}
    assert holders(level=LicenceLevel.PRACTITIONER) == {in_force.holder, expired.holder}
    assert holders(level=LicenceLevel.TEAM_LEADER, standing="in_force") == set()


def test_licences_of_gives_standing_and_history():
    licence = LicenceFactory()
    LicenceEventFactory(licence=licence)
    [row] = licences_of(licence.holder)
    assert row["licence"] == licence
    assert row["standing"].in_force
    assert len(row["events"]) == 1


def test_assignments_of_splits_coming_and_past():
    person = UserFactory()
    today = timezone.localdate()
    coming = AssignmentFactory(
        volunteer=person,
        deployment=DeploymentFactory(starts_on=today, ends_on=today + datetime.timedelta(days=3)),
    )
    past = AssignmentFactory(
        volunteer=person,
        deployment=DeploymentFactory(
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today - datetime.timedelta(days=20),
        ),
    )
    rosters = assignments_of(person)
    assert rosters["coming"] == [coming]
    assert rosters["past"] == [past]


def test_eligible_among_a_subquery():
    role = FieldRoleFactory(section=Section.WOMEN)
    woman = UserFactory(section=Section.WOMEN)
    UserFactory(section=Section.MEN)
    ids = User.objects.values("pk")
    assert eligible_among(role=role, volunteer_ids=ids) == [woman.pk]


def test_in_force_means_what_the_licences_page_says(make_course):
    """A licence valid by its dates whose level's course has expired is lapsed, as the
    licences page says, not "in force"."""
    course = make_course(title="الإسعافات الأولية", validity_months=24).course
    LicencePolicyFactory(level=LicenceLevel.PRACTITIONER, requirements__requirements=[course])
    holds, lapsed = LicenceFactory(), LicenceFactory()
    now = timezone.now()
    for licence, expires in ((holds, 100), (lapsed, -1)):
        enrolment = Enrolment.objects.create(
            user=licence.holder, course_key=course.translation_key, course=course
        )
        CourseCompletion.objects.create(
            enrolment=enrolment,
            user=licence.holder,
            course_key=course.translation_key,
            completed_at=now - datetime.timedelta(days=30),
            expires_at=now + datetime.timedelta(days=expires),
        )

    def holders(**kwargs):
        return set(User.objects.filter(pk__in=licence_holders(**kwargs)))

    assert holders(standing="in_force") == {holds.holder}
    assert holders(standing="lapsed") == {lapsed.holder}
    assert {pk: s.status for pk, s in standings([holds, lapsed]).items()} == {
        holds.pk: "valid",
        lapsed.pk: "lapsed",
    }
