"""What a review of the office's volunteer records found after they shipped: staff could
correct their own record, a volunteer moved to the other section stayed on the old
section's rosters, and accepting a request whose organisation was deleted since was a
server error."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from lms.models import ProfileChangeRequest, Section
from office.services import change_request_decide, volunteer_correct
from tests.factories import AssignmentFactory, DeploymentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_staff_cannot_correct_their_own_record(whole_office):
    with pytest.raises(ValidationError) as error:
        volunteer_correct(
            actor=whole_office,
            volunteer=whole_office,
            changes={"section": Section.WOMEN},
            reason="أخطأت في القسم",
        )
    assert error.value.code == "own_record"
    whole_office.refresh_from_db()
    assert whole_office.section == Section.MEN
    assert not AuditEvent.objects.filter(action="office.volunteer_correct").exists()


def test_staff_cannot_decide_their_own_request(whole_office):
    request = ProfileChangeRequest.objects.create(
        user=whole_office,
        field=ProfileChangeRequest.Field.SECTION,
        proposed={"section": Section.WOMEN},
    )
    with pytest.raises(ValidationError):
        change_request_decide(
            actor=whole_office, change_request=request, accept=True, reason="موافق"
        )
    request.refresh_from_db()
    assert request.status == ProfileChangeRequest.Status.PENDING


def test_own_record_page_says_why_and_changes_nothing(client, whole_office):
    client.force_login(whole_office)
    response = client.post(
        f"/admin/volunteers/{whole_office.pk}/correct/",
        {"section": Section.WOMEN, "reason": "تصحيح"},
        follow=True,
    )
    assert response.status_code == 400
    assert "عضو آخر" in response.content.decode() or "another member" in response.content.decode()
    whole_office.refresh_from_db()
    assert whole_office.section == Section.MEN


def test_moving_section_needs_the_volunteer_off_the_old_rosters_first(whole_office, khalid):
    current = AssignmentFactory(volunteer=khalid, deployment=DeploymentFactory())
    with pytest.raises(ValidationError) as error:
        volunteer_correct(
            actor=whole_office,
            volunteer=khalid,
            changes={"section": Section.WOMEN},
            reason="سُجّل في القسم الخطأ",
        )
    assert current.deployment.service_point in " ".join(error.value.messages)
    khalid.refresh_from_db()
    assert khalid.section == Section.MEN


def test_an_ended_deployment_stays_as_the_record_and_does_not_block_a_move(whole_office, khalid):
    today = timezone.localdate()
    ended = DeploymentFactory(
        starts_on=today - datetime.timedelta(days=40), ends_on=today - datetime.timedelta(days=1)
    )
    AssignmentFactory(volunteer=khalid, deployment=ended)
    volunteer_correct(
        actor=whole_office,
        volunteer=khalid,
        changes={"section": Section.WOMEN},
        reason="سُجّل في القسم الخطأ",
    )
    khalid.refresh_from_db()
    assert khalid.section == Section.WOMEN
    assert khalid.assignments.count() == 1


def test_accepting_a_request_whose_organisation_was_deleted_says_so(client, women_office, fatimah):
    gone = OrganisationFactory(slug="gone")
    request = ProfileChangeRequest.objects.create(
        user=fatimah,
        field=ProfileChangeRequest.Field.ORGANISATION,
        proposed={"organisation": gone.pk},
    )
    gone.delete()
    client.force_login(women_office)
    response = client.post(
        f"/admin/volunteers/change-requests/{request.pk}/decide/",
        {"decision": "accept", "reason": "موافق"},
        follow=True,
    )
    assert response.status_code == 200
    assert any(
        "لم تعد موجودة" in str(m) or "no longer" in str(m) for m in response.context["messages"]
    )
    request.refresh_from_db()
    assert request.status == ProfileChangeRequest.Status.PENDING


def test_an_unreadable_filter_shows_nothing_and_says_so(client, women_office, fatimah):
    client.force_login(women_office)
    response = client.get("/admin/volunteers/", {"organisation": "999999"})
    assert response.status_code == 200
    page = response.content.decode()
    assert fatimah.email not in page
    said = [str(m) for m in response.context["messages"]]
    assert len(said) == 1 and ("Organisation" in said[0] or "الجهة" in said[0])


def test_an_unreadable_filter_exports_no_file_that_looks_like_everything(
    client, women_office, fatimah
):
    client.force_login(women_office)
    response = client.get("/admin/volunteers/", {"hours_min": "abc", "export": "csv"})
    assert response.status_code == 302
    assert "export" not in response["Location"] and "hours_min=abc" in response["Location"]


def test_a_readable_filter_still_filters_and_exports(client, women_office, fatimah):
    client.force_login(women_office)
    response = client.get(
        "/admin/volunteers/", {"organisation": fatimah.organisation_id, "export": "csv"}
    )
    assert response.status_code == 200
    assert "fatimah@example.org" in b"".join(response.streaming_content).decode()
