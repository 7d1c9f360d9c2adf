from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeBaseConfig(AppConfig):
    """Rights, duties, procedures and questions as Wagtail pages (see DESIGN.md)."""

    name = "knowledge_base"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from knowledge_base import signal_handlers

        signal_handlers.connect()
