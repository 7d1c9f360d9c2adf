"""The impact pages: the public season page (figures, charts, table, CSV, a fixed number of
queries), an organisation's own page and its shifts for its representatives only (404 for
anyone else), and the leader's shift form with the people served."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from field.actions import ConfirmAttendance, DecideAttendance
from field.models import Attendance
from field.services import attendance_record, shift_bounds
from lms.dates import hijri_season
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
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
SEASON = hijri_season(YESTERDAY)


def served(*, office, organisation, people: int, section="men", hours=(8, 14)):
    """An approved shift of a new volunteer on a new deployment of ``organisation``."""
    role = FieldRoleFactory(
        name_en="Guide",
        category=ServiceCategoryFactory(name_en="Guiding lost pilgrims", hourly_value_sar=15),
    )
    deployment = DeploymentFactory(
        role=role,
        organisation=organisation,
        section=section,
        starts_on=TODAY - timedelta(days=3),
        ends_on=TODAY + timedelta(days=3),
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER], section=section)
    volunteer = UserFactory(section=section)
    team = TeamFactory(section=section, leaders=[leader], members=[volunteer])
    AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    starts_at, ends_at = shift_bounds(
        day=YESTERDAY, starts=datetime.time(hours[0]), ends=datetime.time(hours[1])
    )
    (item,) = attendance_record(
        deployment=deployment,
        volunteers=[volunteer],
        actor=leader,
        starts_at=starts_at,
        ends_at=ends_at,
        beneficiaries=people,
    )
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section=section)
    ConfirmAttendance(attendance=[item], user=deputy).execute()
    item.refresh_from_db()
    DecideAttendance(attendance=[item], user=office, approve=True).execute()
    item.refresh_from_db()
    return item


@pytest.fixture
def two_organisations(office_staff):
    first, second = OrganisationFactory(name_en="Taibah"), OrganisationFactory(name_en="Scouts")
    shifts = [
        served(office=office_staff, organisation=first, people=120),
        served(office=office_staff, organisation=second, people=45),
    ]
    return {"first": first, "second": second, "shifts": shifts, "office": office_staff}


# The public page ----------------------------------------------------------------------------


def test_the_public_page_shows_the_season(client, two_organisations):
    with translation.override("en"):
        page = client.get("/en/impact/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>165</strong> <span>people served</span>" in html
    assert "<strong>2</strong> <span>volunteers who served</span>" in html
    assert "<strong>2</strong> <span>organisations taking part</span>" in html
    assert "<strong>180</strong> <span>riyals of estimated value</span>" in html
    assert html.count('<figure class="chart">') == 3
    assert "<caption>" in html and 'scope="row"' in html
    assert f'value="{SEASON}" selected' in html


def test_the_page_in_arabic_uses_arabic_figures_and_names(client, two_organisations):
    page = client.get("/ar/impact/")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()


def test_the_csv_holds_the_same_figures(client, two_organisations):
    with translation.override("en"):
        response = client.get("/en/impact/", {"season": SEASON, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "People served" in text
    assert "120" in text and "45" in text and "165" in text


def test_an_unknown_season_falls_back_to_the_latest(client, two_organisations):
    page = client.get("/en/impact/", {"season": "1300"})
    assert page.status_code == 200
    assert f'value="{SEASON}" selected' in page.content.decode()


def test_no_figures_yet_says_so(client):
    with translation.override("en"):
        page = client.get("/en/impact/")
    assert "No season has figures yet." in page.content.decode()


# Anonymous, the shared caches warm: session-less; the seasons, the totals by category, the
# headcount, the organisations taking part, the site menu's course catalogue, and the
# ratings' totals and published comments. The same for six organisations as for two.
QUERIES_IMPACT_PAGE = 6


def test_the_public_page_takes_the_same_queries_for_more_organisations(
    client, two_organisations, django_assert_num_queries
):
    client.get("/en/impact/")  # the shared caches (site, menu) warm, as in use
    with django_assert_num_queries(QUERIES_IMPACT_PAGE):
        client.get("/en/impact/")
    for _n in range(4):
        served(office=two_organisations["office"], organisation=OrganisationFactory(), people=3)
    client.get("/en/impact/")
    with django_assert_num_queries(QUERIES_IMPACT_PAGE):
        page = client.get("/en/impact/")
    assert "<strong>6</strong> <span>organisations taking part</span>" in page.content.decode()


# An organisation's own page ----------------------------------------------------------------


def representative_of(organisation):
    return UserFactory(roles=[Role.REPRESENTATIVE], organisation=organisation)


def test_a_representative_sees_their_organisation_only(client, two_organisations):
    client.force_login(representative_of(two_organisations["first"]))
    with translation.override("en"):
        page = client.get("/en/organisation/impact/")
        # Asking for another organisation changes nothing: a representative sees their own.
        other = client.get(
            "/en/organisation/impact/", {"organisation": two_organisations["second"].pk}
        )
    html = page.content.decode()
    assert "Impact of Taibah" in html
    assert "<strong>120</strong> <span>people served</span>" in html
    assert "Impact of Taibah" in other.content.decode()


def test_office_staff_choose_an_organisation(client, two_organisations):
    client.force_login(two_organisations["office"])
    with translation.override("en"):
        page = client.get(
            "/en/organisation/impact/", {"organisation": two_organisations["second"].pk}
        )
    html = page.content.decode()
    assert "Impact of Scouts" in html
    assert "<strong>45</strong> <span>people served</span>" in html


@pytest.mark.parametrize("who", ["volunteer", "leader", "nobody's representative"])
def test_anyone_else_finds_no_organisation_page(client, two_organisations, who):
    user = {
        "volunteer": lambda: UserFactory(organisation=two_organisations["first"]),
        "leader": lambda: UserFactory(roles=[Role.TEAM_LEADER]),
        "nobody's representative": lambda: UserFactory(roles=[Role.REPRESENTATIVE]),
    }[who]()
    client.force_login(user)
    assert client.get("/en/organisation/impact/").status_code == 404
    assert client.get("/en/organisation/shifts/").status_code == 404


def test_the_representative_s_shifts_are_their_organisation_s(client, two_organisations):
    client.force_login(representative_of(two_organisations["first"]))
    page = client.get("/en/organisation/shifts/")
    mine, theirs = two_organisations["shifts"]
    html = page.content.decode()
    assert f'id="people-{mine.pk}"' in html
    assert f'id="people-{theirs.pk}"' not in html


def test_a_representative_corrects_the_people_served(client, two_organisations):
    mine = two_organisations["shifts"][0]
    client.force_login(representative_of(two_organisations["first"]))
    response = client.post(
        f"/en/organisation/shifts/{mine.pk}/people-served/", {"beneficiaries": "150"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.beneficiaries == 150
    with translation.override("en"):
        page = client.get("/en/impact/")
    assert "<strong>195</strong> <span>people served</span>" in page.content.decode()


def test_an_absurd_or_negative_correction_is_refused_with_the_reason(client, two_organisations):
    mine = two_organisations["shifts"][0]
    client.force_login(representative_of(two_organisations["first"]))
    url = f"/en/organisation/shifts/{mine.pk}/people-served/"
    with translation.override("en"):
        page = client.post(url, {"beneficiaries": "99999"}, follow=True)
        assert "more than this shift could serve: at most 1,440" in page.content.decode()
        page = client.post(url, {"beneficiaries": "-4"}, follow=True)
        assert "cannot be negative" in page.content.decode()
    mine.refresh_from_db()
    assert mine.beneficiaries == 120


def test_another_organisation_s_shift_is_not_found(client, two_organisations):
    theirs = two_organisations["shifts"][1]
    client.force_login(representative_of(two_organisations["first"]))
    response = client.post(
        f"/en/organisation/shifts/{theirs.pk}/people-served/", {"beneficiaries": "1"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.beneficiaries == 45


# The leader's form ----------------------------------------------------------------------------


def test_the_leader_records_the_people_served_with_the_shift(client, office_staff):
    deployment = DeploymentFactory(
        starts_on=TODAY - timedelta(days=3), ends_on=TODAY + timedelta(days=3)
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER])
    volunteers = [UserFactory(), UserFactory()]
    team = TeamFactory(leaders=[leader], members=volunteers)
    for volunteer in volunteers:
        AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    client.force_login(leader)
    url = f"/en/deployments/{deployment.pk}/attendance/"
    shift = {
        "volunteers": [v.pk for v in volunteers],
        "day": YESTERDAY.isoformat(),
        "starts": "08:00",
        "ends": "10:00",
    }
    with translation.override("en"):
        refused = client.post(url, {**shift, "beneficiaries": "961"})
    assert refused.status_code == 400
    assert "at most 960" in refused.content.decode()
    assert not Attendance.objects.exists()
    assert client.post(url, {**shift, "beneficiaries": "75"}).status_code == 302
    assert sorted(Attendance.objects.values_list("beneficiaries", flat=True)) == [37, 38]
    assert Decimal(Attendance.objects.first().hours) == Decimal("2")


def test_the_organisation_page_takes_the_same_queries_for_more_seasons_and_shifts(
    client, two_organisations
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(representative_of(two_organisations["first"]))
    client.get("/en/organisation/impact/")  # the shared caches warm, as in use
    with CaptureQueriesContext(connection) as before:
        client.get("/en/organisation/impact/")
    for _n in range(3):
        served(
            office=two_organisations["office"], organisation=two_organisations["first"], people=3
        )
    client.get("/en/organisation/impact/")
    with CaptureQueriesContext(connection) as after:
        page = client.get("/en/organisation/impact/")
    assert page.status_code == 200
    assert len(after) == len(before) <= QUERIES_ORGANISATION_PAGE


# Session, user, roles, the organisation, then the public page's three reads of the totals
# (the organisations taking part are not counted on an organisation's own page), and the
# ratings' totals and published comments.
QUERIES_ORGANISATION_PAGE = 10
