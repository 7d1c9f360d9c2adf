from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import Locale
        from wagtail.signals import post_page_move

        from lms import signal_handlers
        from lms.models import User

        user_logged_in.connect(
            signal_handlers.forget_failed_sign_ins, dispatch_uid="lms.forget_failed_sign_ins"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                signal_handlers.locales_changed,
                sender=Locale,
                dispatch_uid=f"lms.locales_changed.{signal is post_save}",
            )
        # The shared page and role caches (lms.pagecache): each page model, view
        # restriction, site and locale by name (a receiver without a sender would stop
        # Django's fast deletes of every model), and their many-to-many relations.
        for model in signal_handlers.page_tree_models():
            for signal in (post_save, post_delete):
                signal.connect(
                    signal_handlers.page_tree_changed,
                    sender=model,
                    dispatch_uid=f"lms.page_tree.{model._meta.label}.{signal is post_save}",
                )
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    signal_handlers.page_tree_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"lms.page_tree.{model._meta.label}.{field.name}",
                )
        post_page_move.connect(signal_handlers.page_moved, dispatch_uid="lms.page_tree_moved")
        m2m_changed.connect(
            signal_handlers.groups_changed,
            sender=User.groups.through,
            dispatch_uid="lms.roles_changed",
        )
        for signal in (post_save, post_delete):
            signal.connect(
                signal_handlers.group_saved,
                sender=Group,
                dispatch_uid=f"lms.group_changed.{signal is post_save}",
            )
