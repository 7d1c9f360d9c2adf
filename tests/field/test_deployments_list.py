"""The deployments list: places filled of the capacity, grouped by season (latest first),
filtered by season, section, role and whether upcoming, running or past; the section limit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.roles import Role
from tests.factories import AssignmentFactory, DeploymentFactory, FieldRoleFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def deployments():
    guide, medic = FieldRoleFactory(name_en="Guide"), FieldRoleFactory(name_en="Medic")
    made = {
        "running": DeploymentFactory(
            role=guide,
            service_point="Running point",
            section="men",
            capacity=4,
            starts_on=TODAY - timedelta(days=2),
            ends_on=TODAY + timedelta(days=2),
        ),
        "upcoming": DeploymentFactory(
            role=medic,
            service_point="Upcoming point",
            section="men",
            capacity=9,
            starts_on=TODAY + timedelta(days=10),
            ends_on=TODAY + timedelta(days=12),
        ),
        "past": DeploymentFactory(
            role=guide,
            service_point="Past point",
            section="men",
            capacity=3,
            starts_on=TODAY - timedelta(days=400),
            ends_on=TODAY - timedelta(days=390),
        ),
        "women": DeploymentFactory(
            role=guide,
            service_point="Women point",
            section="women",
            capacity=5,
            starts_on=TODAY - timedelta(days=1),
            ends_on=TODAY + timedelta(days=1),
        ),
    }
    AssignmentFactory.create_batch(3, deployment=made["running"])
    return made


def shown(client, **query) -> str:
    return client.get("/en/deployments/", query).content.decode()


def test_filled_and_capacity_and_the_filters(client, deployments):
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    page = shown(client)
    assert "3 of 4" in page and "0 of 9" in page and "Past point" not in page
    assert "Upcoming point" not in shown(client, state="running")
    assert "Running point" not in shown(client, state="upcoming")
    past = shown(client, state="past")
    assert "Past point" in past and "Running point" not in past
    assert "Women point" not in shown(client, section="men")
    medics = shown(client, role=deployments["upcoming"].role_id)
    assert "Upcoming point" in medics and "Running point" not in medics
    season = deployments["past"].season
    assert "Past point" in shown(client, season=season, state="past")
    assert "Running point" not in shown(client, season=season)


def test_seasons_are_listed_latest_first(client, deployments):
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    older = DeploymentFactory(
        section="men",
        service_point="Older point",
        starts_on=TODAY - timedelta(days=800),
        ends_on=TODAY - timedelta(days=799),
    )
    page = shown(client, state="past")
    assert page.index("Past point") < page.index("Older point")
    newer, older = deployments["past"].season, older.season
    assert newer > older
    assert page.index(f"Season {newer} AH") < page.index(f"Season {older} AH")


def test_staff_of_one_section_see_only_theirs(client, deployments):
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women"))
    page = shown(client)
    assert "Women point" in page and "Running point" not in page
    assert client.get(f"/en/deployments/{deployments['running'].pk}/").status_code == 404


def test_the_list_takes_the_same_queries_for_more_deployments(
    client, deployments, django_assert_num_queries
):
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    client.get("/en/deployments/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_DEPLOYMENTS_PAGE):
        client.get("/en/deployments/")
    for _ in range(5):
        AssignmentFactory(deployment=DeploymentFactory(section="women"))
    client.get("/en/deployments/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_DEPLOYMENTS_PAGE):
        client.get("/en/deployments/")


QUERIES_DEPLOYMENTS_PAGE = 6


def test_the_admin_lists_deployments_by_season_latest_first(client, deployments):
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF], is_staff=True))
    page = client.get("/admin/snippets/field/deployment/").content.decode()
    # The latest season first; within a season, the soonest first.
    assert page.index("Upcoming point") < page.index("Past point")
    assert deployments["running"].season == deployments["upcoming"].season
    assert page.index("Running point") < page.index("Upcoming point")
