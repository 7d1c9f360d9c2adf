"""Exports of the field screens: the attendance the filters show, and a roster, with the
filters stated, numbers as numbers and the hours totalled; limited to the section."""

from datetime import timedelta

import pytest
from django.utils import timezone

from field.actions import ConfirmAttendance
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
    AttendanceFactory,
    DeploymentFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def csv_of(response) -> str:
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.fixture
def scene():
    deployment = DeploymentFactory(
        section="women", starts_on=TODAY - timedelta(days=4), ends_on=TODAY + timedelta(days=4)
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER], section="women")
    team = TeamFactory(section="women", leaders=[leader], name="Gate 25")
    records = []
    for hours in ("4.5", "6", "2.25"):
        volunteer = UserFactory(section="women")
        team.members.add(volunteer)
        assignment = AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
        records.append(AttendanceFactory(assignment=assignment, hours=hours, recorded_by=leader))
    return {"deployment": deployment, "leader": leader, "team": team, "records": records}


def test_the_deputys_export_states_its_filters_and_totals_the_hours(client, scene):
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="women")
    client.force_login(deputy)
    body = csv_of(
        client.get(
            "/en/deployments/attendance/",
            {"team": scene["team"].pk, "export": "csv"},
        )
    )
    assert "Field attendance" in body and "Team" in body and "Gate 25" in body
    assert "12.75" in body  # the totals row: 4.5 + 6 + 2.25
    assert "12.7500" not in body


def test_the_roster_export_totals_standing_hours(client, scene):
    client.force_login(scene["leader"])
    url = f"/en/deployments/{scene['deployment'].pk}/"
    body = csv_of(client.get(url, {"export": "csv"}))
    assert "Roster" in body and "12.75" in body
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_other_sections_never_export(client, scene):
    men_office = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")
    ConfirmAttendance(
        attendance=scene["records"],
        user=UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="women"),
    ).execute()
    client.force_login(men_office)
    body = csv_of(client.get("/en/deployments/attendance/", {"export": "csv"}))
    assert "4.5" not in body and "Gate 25" not in body
    roster = client.get(f"/en/deployments/{scene['deployment'].pk}/", {"export": "csv"})
    assert roster.status_code == 404
