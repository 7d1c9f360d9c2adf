from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerApiConfig(AppConfig):
    """The versioned API for partner organisations, its OpenAPI document and tokens."""

    name = "partner_api"
    verbose_name = _("Partner API")
