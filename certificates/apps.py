from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Every kind of credential the office issues, through one registry: signing, the PDF,
    issue, rendering, revocation and public verification (DESIGN.md)."""

    name = "certificates"
    verbose_name = _("Certificates")
