"""The office names a deployment's shifts on the deployment in the admin; leaders choose them
when recording; the demo deployments have the day's four shifts, the night one across
midnight."""

import datetime
import io

import pytest
from django.core.management import call_command

from field.models import Deployment, ShiftTemplate
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
    DeploymentFactory,
    ShiftTemplateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_deployment_admin_edits_its_shifts(client):
    deployment = DeploymentFactory(section="men")
    ShiftTemplateFactory(deployment=deployment, name="Fajr", starts="03:00", ends="09:00")
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF], is_staff=True))
    page = client.get(f"/admin/snippets/field/deployment/edit/{deployment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="shift_templates-TOTAL_FORMS"' in html and 'value="Fajr"' in html


def test_the_recording_form_offers_the_deployments_shifts(client):
    deployment = DeploymentFactory(section="men")
    night = ShiftTemplateFactory(deployment=deployment, name="Night")
    ShiftTemplateFactory(deployment=DeploymentFactory(section="men"), name="Elsewhere")
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    AssignmentFactory(deployment=deployment)
    html = client.get(f"/en/deployments/{deployment.pk}/").content.decode()
    assert f'<option value="{night.pk}">Night 21:00–03:00</option>' in html
    assert "Elsewhere" not in html


def test_the_demo_deployments_have_the_days_shifts(db):
    call_command("load_demo", stdout=io.StringIO())
    for deployment in Deployment.objects.filter(
        role__name_en="First aider at the Prophet's Mosque", opportunity__isnull=True
    ):
        shifts = list(deployment.shift_templates.values_list("starts", "ends"))
        assert (datetime.time(21), datetime.time(3)) in shifts and len(shifts) == 4
    assert ShiftTemplate.objects.exists()
