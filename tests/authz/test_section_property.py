"""Property: whatever people and objects exist across the sections, no ``*_visible_to(user)``
queryset ever yields an object of the other section to someone limited to one, and everyone
not limited sees everything."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.models import HoursEntry, ServiceCategory
from accreditation.permissions import hours_entries_visible_to
from certificates.models import Certificate, CertificateBatch
from certificates.permissions import batches_visible_to, certificates_visible_to
from field.feedback import feedback_visible_to
from field.models import Assignment, Attendance, Deployment, Feedback, FieldRole, Licence
from field.permissions import (
    assignments_visible_to,
    attendance_visible_to,
    deployments_visible_to,
    field_roles_changeable_by,
    field_roles_visible_to,
    licences_visible_to,
)
from lms.models import Team, User
from lms.permissions import teams_visible_to, users_visible_to
from lms.roles import Role
from tests.factories import TeamFactory, UserFactory

TODAY = timezone.localdate()
sections = st.sampled_from(["men", "women"])
maybe_section = st.sampled_from(["men", "women", ""])

# (policy, model, where the object's section is, whether a blank section is shared)
POLICIES = [
    (teams_visible_to, Team, lambda o: {o.section}, False),
    (users_visible_to, User, lambda o: {o.section}, False),
    (field_roles_visible_to, FieldRole, lambda o: {o.section}, True),
    (field_roles_changeable_by, FieldRole, lambda o: {o.section}, False),
    (deployments_visible_to, Deployment, lambda o: {o.section}, False),
    (assignments_visible_to, Assignment, lambda o: {o.deployment.section}, False),
    (attendance_visible_to, Attendance, lambda o: {o.assignment.deployment.section}, False),
    (hours_entries_visible_to, HoursEntry, lambda o: {o.section}, False),
    (
        licences_visible_to,
        Licence,
        lambda o: {o.holder.section if o.holder_id else o.team.section},
        False,
    ),
    (certificates_visible_to, Certificate, lambda o: {o.holder.section}, False),
    (batches_visible_to, CertificateBatch, lambda o: {o.section}, False),
    (feedback_visible_to, Feedback, lambda o: {o.deployment.section}, False),
]

_serial = iter(range(10**6))


def _make(spec) -> None:
    """One volunteer of ``section`` with a team, a role, a deployment, an assignment with
    attendance, a ledger line, a licence (theirs or their team's), a certificate, a batch."""
    section, role_section, entry_section, team_licence = spec
    n = next(_serial)
    category = ServiceCategory.objects.get(slug="training")
    volunteer = UserFactory(section=section)
    team = TeamFactory(section=section)
    team.members.add(volunteer)
    role = FieldRole.objects.create(
        name_ar=f"r{n}", name_en=f"r{n}", category=category, section=role_section
    )
    deployment = Deployment.objects.create(
        role=role,
        service_point=f"p{n}",
        section=section,
        capacity=3,
        starts_on=TODAY,
        ends_on=TODAY,
    )
    assignment = Assignment.objects.create(deployment=deployment, volunteer=volunteer)
    Feedback.objects.create(deployment=deployment, rating=4, helped=True)
    Attendance.objects.create(assignment=assignment, day=TODAY, hours=Decimal("2"))
    HoursEntry.objects.create(
        volunteer=volunteer,
        kind="field",
        hours=Decimal("1"),
        category=category,
        hourly_value_sar=Decimal("1"),
        served_on=TODAY,
        season=1448,
        section=entry_section,
        source="manual",
    )
    held = {"team": team} if team_licence else {"holder": volunteer}
    Licence.objects.create(level="practitioner", expires_on=TODAY + timedelta(days=9), **held)
    Certificate.objects.create(
        code=f"C{n}",
        kind="hours",
        holder=volunteer,
        language="ar",
        payload={},
        signature="-",
        issued_at=timezone.now(),
    )
    CertificateBatch.objects.create(section=entry_section, requested_by=volunteer)


objects = st.lists(st.tuples(sections, maybe_section, maybe_section, st.booleans()), max_size=4)


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=objects, staff_section=maybe_section)
def test_no_visible_to_queryset_yields_the_other_section(specs, staff_section):
    for spec in specs:
        _make(spec)
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section=staff_section, section="")
    for visible_to, model, section_of, shared in POLICIES:
        seen = set(visible_to(staff).values_list("pk", flat=True))
        for obj in model.objects.all():
            (section,) = section_of(obj)
            in_reach = not staff_section or section == staff_section or (shared and section == "")
            assert (obj.pk in seen) == in_reach, (visible_to.__name__, obj.pk, section)
