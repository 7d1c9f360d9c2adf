from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    """Field service: field roles and their requirements, eligibility, licences, deployments,
    assignments and attendance (DESIGN.md)."""

    name = "field"
    verbose_name = _("Field service")

    def ready(self) -> None:
        # Licence cards are a kind of credential.
        from field import credentials  # noqa: F401
