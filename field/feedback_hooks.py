"""The admin's screens for the beneficiaries' voice (``field.feedback_admin``), registered
with Wagtail's hooks; imported by ``field.wagtail_hooks``."""

from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from field import feedback, feedback_admin
from field.models import Deployment
from lms.dashboard import OFFICE_DASHBOARD_HOOK, DashboardItem
from lms.office import OfficeMenuItem
from lms.roles import is_office_staff


@hooks.register("register_admin_urls")
def feedback_admin_urls():
    return [
        path("field/feedback/", feedback_admin.comments_queue, name="feedback_comments"),
        path(
            "field/feedback/<int:pk>/moderate/",
            feedback_admin.comment_moderate,
            name="feedback_moderate",
        ),
        path(
            "field/deployments/<int:pk>/feedback/",
            feedback_admin.deployment_feedback,
            name="deployment_feedback",
        ),
        path(
            "field/deployments/<int:pk>/feedback/poster/",
            feedback_admin.deployment_feedback_poster,
            name="deployment_feedback_poster",
        ),
        path(
            "field/deployments/<int:pk>/feedback/new-code/",
            feedback_admin.deployment_feedback_code_issue,
            name="deployment_feedback_code_issue",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def deployment_feedback_button(snippet, user, next_url=None):
    if isinstance(snippet, Deployment) and is_office_staff(user):
        yield ListingButton(
            _("Feedback and poster"),
            reverse("deployment_feedback", args=[snippet.pk]),
            icon_name="comment",
            priority=60,
        )


@hooks.register("register_office_menu_item")
def comments_menu_item():
    return OfficeMenuItem(
        _("Beneficiaries' comments"), reverse("feedback_comments"), icon_name="comment", order=450
    )


@hooks.register(OFFICE_DASHBOARD_HOOK)
def unread_comments_dashboard_item(user):
    """The office's dashboard: beneficiaries' comments nobody has read yet."""
    return DashboardItem(
        label=_("Beneficiaries' comments to read"),
        count=partial(feedback.unread_comments_count, user),
        url=reverse("feedback_comments"),
        order=420,  # after the certificates whose PDF failed (400)
        icon="comment",
    )
