"""Adding ticked volunteers to a team from the volunteer list, and the volunteers' change
requests answered by the office."""

import pytest

from audit.models import AuditEvent
from lms.models import ProfileChangeRequest, Section
from office.services import change_request_decide
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/volunteers/add-to-team/"


def test_add_ticked_volunteers_to_a_team(client, women_office, fatimah, women_team):
    other = UserFactory(section=Section.WOMEN)
    client.force_login(women_office)
    response = client.post(ADD, {"team": women_team.pk, "id": [fatimah.pk, other.pk]})
    assert response.status_code == 302
    assert set(women_team.members.all()) == {fatimah, other}
    assert AuditEvent.objects.filter(action="office.team_members_add").count() == 1


def test_bulk_add_refuses_a_volunteer_of_the_other_section(
    client, women_office, fatimah, khalid, women_team
):
    client.force_login(women_office)
    response = client.post(ADD, {"team": women_team.pk, "id": [fatimah.pk, khalid.pk]})
    assert response.status_code in (302, 403)
    assert not women_team.members.exists()  # nothing half-saved


def test_bulk_add_refuses_a_team_of_the_other_section(client, women_office, fatimah, men_team):
    client.force_login(women_office)
    client.post(ADD, {"team": men_team.pk, "id": [fatimah.pk]})
    assert not men_team.members.exists()


def test_bulk_add_by_whole_office_refuses_mixing_sections(
    client, whole_office, fatimah, khalid, women_team
):
    """Staff of the whole office reach both, but a men's volunteer cannot join a women's
    team: the message says so and nobody is added."""
    client.force_login(whole_office)
    response = client.post(ADD, {"team": women_team.pk, "id": [fatimah.pk, khalid.pk]}, follow=True)
    assert not women_team.members.exists()
    assert any("القسم الآخر" in str(m) for m in response.context["messages"])


def test_team_list_is_section_limited(client, women_office, women_team, men_team):
    client.force_login(women_office)
    page = client.get("/admin/snippets/lms/team/").content.decode()
    assert women_team.name in page
    assert men_team.name not in page


def test_volunteer_asks_and_the_office_accepts(client, women_office, fatimah):
    new = OrganisationFactory(slug="scouts-w", name_ar="الكشافة", name_en="Scouts")
    client.force_login(fatimah)
    response = client.post(
        "/ar/accounts/profile/request/",
        {"field": "organisation", "organisation": new.pk, "note": "انتقلت"},
    )
    assert response.status_code == 302
    fatimah.refresh_from_db()
    assert fatimah.organisation != new  # not applied until the office accepts
    request = ProfileChangeRequest.objects.get()
    client.force_login(women_office)
    page = client.get(f"/admin/volunteers/{fatimah.pk}/").content.decode()
    assert "decide" in page
    response = client.post(
        f"/admin/volunteers/change-requests/{request.pk}/decide/",
        {"decision": "accept", "reason": "خطاب الجهة مرفق"},
    )
    assert response.status_code == 302
    fatimah.refresh_from_db()
    assert fatimah.organisation == new
    request.refresh_from_db()
    assert request.status == ProfileChangeRequest.Status.ACCEPTED
    event = AuditEvent.objects.get(action="office.volunteer_correct")
    assert event.reason == "خطاب الجهة مرفق"


def test_decline_needs_a_reason_and_changes_nothing(women_office, fatimah):
    request = ProfileChangeRequest.objects.create(
        user=fatimah, field="section", proposed={"section": "men"}
    )
    with pytest.raises(Exception):  # noqa: B017 - a ValidationError in the user's language
        change_request_decide(actor=women_office, change_request=request, accept=False, reason="")
    change_request_decide(
        actor=women_office, change_request=request, accept=False, reason="لا يوجد ما يثبت"
    )
    fatimah.refresh_from_db()
    assert fatimah.section == Section.WOMEN
    request.refresh_from_db()
    assert request.status == ProfileChangeRequest.Status.DECLINED


def test_request_of_the_other_section_is_not_found(client, women_office, khalid):
    request = ProfileChangeRequest.objects.create(
        user=khalid, field="section", proposed={"section": "women"}
    )
    client.force_login(women_office)
    response = client.post(
        f"/admin/volunteers/change-requests/{request.pk}/decide/",
        {"decision": "accept", "reason": "x"},
        follow=True,
    )
    assert response.status_code == 404
    khalid.refresh_from_db()
    assert khalid.section == Section.MEN
    page = client.get("/admin/volunteer-requests/").content.decode()
    assert khalid.email not in page


def test_a_bad_change_request_gets_a_clear_message(client, fatimah):
    client.force_login(fatimah)
    response = client.post(
        "/en/accounts/profile/request/", {"field": "date_of_birth", "date_of_birth": ""}
    )
    assert response.status_code == 200
    assert "Give the date of birth." in response.content.decode()
    assert not ProfileChangeRequest.objects.exists()


def test_team_page_names_members_and_leaders(client, women_office, fatimah, women_team, men_team):
    leader = UserFactory(section=Section.WOMEN, name_ar="قائدة الفريق")
    women_team.leaders.add(leader)
    women_team.members.add(fatimah, leader)
    client.force_login(women_office)
    page = client.get(f"/admin/snippets/lms/team/inspect/{women_team.pk}/").content.decode()
    assert "قائدة الفريق" in page
    assert fatimah.display_name in page
    response = client.get(f"/admin/snippets/lms/team/inspect/{men_team.pk}/", follow=True)
    assert response.status_code == 404


def _csv(response) -> str:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_team_export_is_section_limited_and_names_leaders(
    client, django_assert_max_num_queries, women_office, fatimah, women_team, men_team
):
    women_team.members.add(fatimah)
    women_team.leaders.add(UserFactory(section=Section.WOMEN, name_ar="قائدة الفريق"))
    client.force_login(women_office)
    with django_assert_max_num_queries(20):
        text = _csv(client.get("/admin/snippets/lms/team/", {"export": "csv"}))
    assert women_team.name in text and "قائدة الفريق" in text
    assert men_team.name not in text


def test_change_request_export_is_section_limited_and_masks_identity(
    client, women_office, fatimah, khalid
):
    ProfileChangeRequest.objects.create(
        user=fatimah,
        field="identity",
        proposed={"id_type": "national_id", "id_number": "1234567890"},
    )
    ProfileChangeRequest.objects.create(user=khalid, field="section", proposed={"section": "women"})
    client.force_login(women_office)
    text = _csv(client.get("/admin/volunteer-requests/", {"export": "csv"}))
    assert "fatimah@example.org" in text and "khalid@example.org" not in text
    assert "1234567890" not in text
