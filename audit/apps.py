from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """One append-only trail of every decision: who, what, on which object, before and
    after, when and from where."""

    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from audit import signal_handlers

        signal_handlers.connect()
