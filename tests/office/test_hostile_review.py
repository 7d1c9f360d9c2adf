"""Findings of a hostile review of the office's volunteer database and season operations
(issue 19), each kept as a test that failed before its fix: names learnt by guessing ids, a
requested identity number shown in full, a bulk decision over an unreadable filter, server
errors on odd digits and huge numbers, an unvalidated mobile, an empty export, a card said
to be revoked when it is only not ready."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from field.models import Attendance
from lms.models import ProfileChangeRequest, Section
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
    AttendanceFactory,
    DeploymentFactory,
    FieldRoleFactory,
    LicenceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def men_roster():
    deployment = DeploymentFactory(
        role=FieldRoleFactory(name_en="Guide"),
        section=Section.MEN,
        capacity=20,
        starts_on=TODAY - timedelta(days=5),
        ends_on=TODAY + timedelta(days=5),
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER], section=Section.MEN)
    volunteer = UserFactory(section=Section.MEN)
    team = TeamFactory(section=Section.MEN, leaders=[leader], members=[volunteer])
    AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    return deployment, leader, volunteer


def test_a_leader_cannot_learn_names_of_the_other_section_by_guessing_ids(client, men_roster):
    """field/views.py _shift_form offers users_visible_to(leader) = everybody, and
    field/services.py _assignments_to_record names each person "not on the roster"."""
    deployment, leader, _ = men_roster
    woman = UserFactory(section=Section.WOMEN, first_name="Secretwoman", last_name="Hidden")
    client.force_login(leader)
    day = (TODAY - timedelta(days=2)).isoformat()
    response = client.post(
        f"/en/deployments/{deployment.pk}/attendance/",
        {"volunteers": [woman.pk], "day": day, "starts": "08:00", "ends": "12:00"},
    )
    assert "Secretwoman" not in response.content.decode()


def test_add_to_team_with_a_non_ascii_digit_id_is_not_a_server_error(client):
    """office/views.py add_to_team keeps ids with str.isdigit(), which accepts "²"."""
    staff = UserFactory(roles=[Role.OFFICE_STAFF], section=Section.WOMEN, staff_section="women")
    team = TeamFactory(section=Section.WOMEN)
    client.raise_request_exception = False
    client.force_login(staff)
    response = client.post("/admin/volunteers/add-to-team/", {"id": ["²"], "team": team.pk})
    assert response.status_code < 500


def test_licences_expiring_with_a_huge_number_of_days_is_not_a_server_error(client):
    """field/admin_views.py: ?expiring=<huge> overflows timedelta."""
    staff = UserFactory(roles=[Role.OFFICE_STAFF], section=Section.MEN, staff_section="men")
    client.raise_request_exception = False
    client.force_login(staff)
    response = client.get("/admin/accreditation/licences/?expiring=99999999999999999999")
    assert response.status_code < 500


def test_record_page_does_not_show_a_requested_identity_number_in_full(client):
    """templates/office/volunteer_record.html prints change_request.proposed raw: the full
    identity number, without the audited unmasking."""
    staff = UserFactory(roles=[Role.OFFICE_STAFF], section=Section.MEN, staff_section="men")
    volunteer = UserFactory(section=Section.MEN)
    ProfileChangeRequest.objects.create(
        user=volunteer,
        field=ProfileChangeRequest.Field.IDENTITY,
        proposed={"id_type": "national_id", "id_number": "1000000107"},
    )
    client.force_login(staff)
    page = client.get(f"/admin/volunteers/{volunteer.pk}/").content.decode()
    assert "1000000107" not in page


def test_apply_to_all_shown_with_a_bad_filter_does_not_decide_everything(client):
    """field/forms.py AttendanceFilterForm.filter returns every record when a filter is
    invalid, and AttendanceDecisionForm applies "all" to that."""
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], section="men", staff_section="men")
    deployment = DeploymentFactory(
        section=Section.MEN, starts_on=TODAY - timedelta(days=5), ends_on=TODAY
    )
    one = AttendanceFactory(assignment=AssignmentFactory(deployment=deployment))
    other_day = AttendanceFactory(
        assignment=AssignmentFactory(deployment=deployment), day=deployment.starts_on
    )
    client.force_login(deputy)
    client.post(
        "/en/deployments/attendance/?day=2026-13-45",
        {"all": "1", "decision": "return", "reason": "wrong"},
    )
    statuses = set(
        Attendance.objects.filter(pk__in=[one.pk, other_day.pk]).values_list("status", flat=True)
    )
    assert statuses == {Attendance.Status.RECORDED}


def test_office_edit_of_a_volunteer_validates_and_normalises_the_mobile(client):
    """office/viewsets.py edit_handler: the mobile is saved as typed (Arabic-Indic digits,
    letters), unlike the profile form's validate_mobile/normalise_mobile."""
    staff = UserFactory(roles=[Role.OFFICE_STAFF], section=Section.MEN, staff_section="men")
    volunteer = UserFactory(section=Section.MEN, mobile="+966500000001")
    client.force_login(staff)
    client.post(
        f"/admin/volunteers/edit/{volunteer.pk}/",
        {"mobile": "٠٥٠٠٠٠٠٠٩٩", "emergency_contact_name": "", "emergency_contact_phone": ""},
    )
    volunteer.refresh_from_db()
    assert volunteer.mobile in ("+966500000001", "+966500000099")


def test_overrides_export_has_columns(client):
    """field/viewsets.py OverrideViewSet has no list_export: ?export=csv is blank lines."""
    staff = UserFactory(roles=[Role.OFFICE_STAFF], section=Section.MEN, staff_section="men")
    assignment = AssignmentFactory(deployment=DeploymentFactory(section=Section.MEN))
    type(assignment).objects.filter(pk=assignment.pk).update(override_reason="needed")
    client.force_login(staff)
    response = client.get("/admin/field/overrides/?export=csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "needed" in body.decode("utf-8-sig")


def test_card_of_a_licence_without_a_card_yet_does_not_say_revoked(client):
    """field/card_views.py _refused: CardRefused covers "no card certificate yet" too, but
    the message says the licence was revoked."""
    holder = UserFactory(section=Section.MEN)
    licence = LicenceFactory(holder=holder, status="active", expires_on=TODAY + timedelta(days=300))
    client.force_login(holder)
    response = client.get(f"/en/licences/{licence.pk}/card/", follow=True)
    page = response.content.decode()
    assert "card is not ready yet" in page and "was revoked, so it has no card" not in page
