"""What a partner organisation may see and report on through the API."""

from django.db.models import QuerySet

from field.selectors import deployments_open_to_organisation
from lms.models import Organisation, User


def volunteers_of(partner: Organisation) -> QuerySet[User]:
    """A partner reads and submits only for its own volunteers."""
    return User.objects.filter(organisation=partner)


def deployments_open_to(partner: Organisation) -> QuerySet:
    """A partner reports on deployments for its organisation, or for no one in particular."""
    return deployments_open_to_organisation(partner)
