"""A leader assigns one member of their teams as well as a whole team, and checks a team's
readiness without assigning anyone."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from courses.services import enrolment_create, lesson_complete
from field.models import Assignment
from lms.roles import Role
from tests.factories import DeploymentFactory, FieldRoleFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(course):
    today = timezone.localdate()
    role = FieldRoleFactory(requirements=[course.course])
    deployment = DeploymentFactory(
        role=role, section="men", starts_on=today + timedelta(days=3), ends_on=today + timedelta(9)
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER], section="men")
    members = [UserFactory(section="men", first_name=f"Member{i}") for i in range(3)]
    team = TeamFactory(section="men", leaders=[leader], members=members)
    return {"deployment": deployment, "leader": leader, "members": members, "team": team}


def test_a_leader_picks_only_members_and_one_not_ready_is_refused(client, scene):
    client.force_login(scene["leader"])
    url = f"/en/deployments/{scene['deployment'].pk}/"
    stranger = UserFactory(section="men")
    refused = client.post(url, {"member": stranger.pk})
    assert refused.status_code == 200 and not Assignment.objects.exists()  # not offered
    with translation.override("en"):
        page = client.post(url, {"member": scene["members"][0].pk}).content.decode()
    # Not ready (the course is not taken): refused with the reason, nothing assigned.
    assert "Not assigned" in page and not Assignment.objects.exists()


def test_checking_readiness_assigns_nobody(client, scene):
    client.force_login(scene["leader"])
    url = f"/en/deployments/{scene['deployment'].pk}/"
    page = client.post(url, {"team": scene["team"].pk, "check_only": "1"}).content.decode()
    assert "Readiness checked; nobody was assigned" in page
    assert page.count("not completed") >= 3
    assert not Assignment.objects.exists()


def test_a_ready_member_is_assigned_alone_with_the_team_named(client, scene, course):
    member = scene["members"][1]
    enrolment_create(user=member, course=course.course)
    for lesson in course.lessons:
        lesson_complete(user=member, lesson=lesson)
    client.force_login(scene["leader"])
    response = client.post(f"/en/deployments/{scene['deployment'].pk}/", {"member": member.pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.volunteer, assignment.team) == (member, scene["team"])
