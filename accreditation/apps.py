from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    """Service categories, hours ledger, certificates, licences and deployments (DESIGN.md)."""

    name = "accreditation"
    verbose_name = _("Accreditation")
