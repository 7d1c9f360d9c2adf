"""A partner organisation with a token, a volunteer on a deployment's roster, and a field role."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accreditation.models import ServiceCategory
from field.models import Assignment, Deployment, FieldRole
from partner_api.services import token_create
from tests.factories import OrganisationFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def partner(db):
    organisation = OrganisationFactory(name_en="Red Crescent")
    token = token_create(organisation=organisation, name="Roster system")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    volunteer = UserFactory(organisation=organisation)
    role = FieldRole.objects.create(
        name_ar="مسعف",
        name_en="First aider",
        minimum_age=18,
        category=ServiceCategory.objects.get(slug="training"),
    )
    deployment = Deployment.objects.create(
        role=role,
        service_point="باب السلام",
        section="men",
        capacity=5,
        organisation=organisation,
        starts_on=TODAY - timedelta(days=3),
        ends_on=TODAY + timedelta(days=3),
    )
    Assignment.objects.create(deployment=deployment, volunteer=volunteer)
    return {
        "organisation": organisation,
        "client": client,
        "volunteer": volunteer,
        "role": role,
        "deployment": deployment,
        "token": token,
    }
