from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The office's workspace: the volunteer database, each volunteer's record, corrections
    and change requests. It reads every other app (through their selectors), so it sits at
    the top of the layers beside the partner API; nothing imports it."""

    name = "office"
    verbose_name = _("Office")
    default_auto_field = "django.db.models.BigAutoField"
