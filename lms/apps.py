from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lms import signal_handlers

        user_logged_in.connect(
            signal_handlers.forget_failed_sign_ins, dispatch_uid="lms.forget_failed_sign_ins"
        )
