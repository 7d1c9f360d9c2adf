from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from lms import signal_handlers

        user_logged_in.connect(
            signal_handlers.forget_failed_sign_ins, dispatch_uid="lms.forget_failed_sign_ins"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                signal_handlers.locales_changed,
                sender=Locale,
                dispatch_uid=f"lms.locales_changed.{signal is post_save}",
            )
