"""What a partner organisation may see and report on through the API."""

from django.db.models import Q, QuerySet

from field.models import Deployment
from lms.models import Organisation, User


def volunteers_of(partner: Organisation) -> QuerySet[User]:
    """A partner reads and submits only for its own volunteers."""
    return User.objects.filter(organisation=partner)


def deployments_open_to(partner: Organisation) -> QuerySet[Deployment]:
    """A partner reports on deployments for its organisation, or for no one in particular."""
    return Deployment.objects.filter(Q(organisation__isnull=True) | Q(organisation=partner))
