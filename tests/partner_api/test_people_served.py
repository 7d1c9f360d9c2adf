"""The partner API takes, optionally, the people a volunteer served in a shift: within the
same limit as everywhere else, refused with the reason, and documented."""

import pytest

from field.models import Attendance
from partner_api.openapi import component_schemas
from tests.partner_api.test_api import submit

pytestmark = pytest.mark.django_db


def test_a_submission_carries_the_people_served(partner):
    response = submit(partner, beneficiaries=120)
    assert response.status_code == 201, response.content
    assert response.json()["beneficiaries"] == 120
    assert Attendance.objects.get().beneficiaries == 120


def test_more_people_than_the_shift_could_serve_is_refused(partner):
    # The shift is 08:00 to 12:00: four hours, 960 people at most.
    response = submit(partner, beneficiaries=961)
    assert response.status_code == 422
    assert "at most 960" in response.json()["message"]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("value", [-1, "12", {}, 1.5, 2**40])
def test_a_count_that_is_not_a_whole_number_of_people_is_invalid(partner, value):
    response = submit(partner, beneficiaries=value)
    assert response.status_code == 400
    assert response.json()["message"].startswith("beneficiaries must be a whole number")
    assert not Attendance.objects.exists()


def test_the_document_describes_the_field():
    member = component_schemas()["AttendanceSubmission"]["properties"]["beneficiaries"]
    assert "240 for each hour served" in member["description"]
