"""Opportunities for the tests: ``published_opportunity(...)`` goes through the services,
so it has its deployment like a real one."""

import datetime

import factory
from django.utils import timezone

from field.models import Opportunity
from lms.models import Section
from lms.roles import Role
from tests.factories import (
    FieldRoleFactory,
    OrganisationFactory,
    ServiceCategoryFactory,
    UserFactory,
)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: {"ar": f"فرصة {n}", "en": f"Opportunity {n}"})
    description = {"ar": "وصف الفرصة", "en": "What the volunteers do"}
    category = factory.SubFactory(ServiceCategoryFactory)
    role = factory.SubFactory(FieldRoleFactory)
    service_point = "باب السلام"
    section = Section.MEN
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=5))
    places = 3


def unsaved_opportunity(**kwargs) -> Opportunity:
    """An opportunity as a form makes it: not saved yet (its category and role are)."""
    kwargs.setdefault("category", ServiceCategoryFactory())
    kwargs.setdefault("role", FieldRoleFactory())
    return OpportunityFactory.build(**kwargs)


def representative_of(organisation=None, **kwargs):
    organisation = organisation or OrganisationFactory()
    return UserFactory(roles=[Role.REPRESENTATIVE], organisation=organisation, **kwargs)


def published_opportunity(*, office=None, **kwargs) -> Opportunity:
    """An office opportunity, published through the service (with its deployment)."""
    from field.opportunities import opportunity_save

    office = office or UserFactory(roles=[Role.OFFICE_STAFF])
    return opportunity_save(actor=office, opportunity=OpportunityFactory(**kwargs))


def ready_volunteer(**kwargs):
    return UserFactory(roles=[Role.VOLUNTEER], **kwargs)
