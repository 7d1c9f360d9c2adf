from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    """Boards for team leaders, office staff and trainers (see DESIGN.md)."""

    name = "forums"
    verbose_name = _("Forums")
