"""Emails to volunteers about their applications to opportunities, in their language."""

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from field.models import Application
from lms.dates import format_dual
from lms.tasks import email_send

NOTICES = {
    "accepted": (
        gettext_noop("You are accepted: %(title)s"),
        gettext_noop(
            "You are accepted for “%(title)s” (%(start)s to %(end)s) and are on its roster."
        ),
    ),
    "moved_up": (
        gettext_noop("You moved up: %(title)s"),
        gettext_noop(
            "A place freed up on “%(title)s”: it is yours once the organisation confirms it."
        ),
    ),
    "declined": (
        gettext_noop("Your application: %(title)s"),
        gettext_noop("Your application to “%(title)s” was not accepted."),
    ),
    "cancelled": (
        gettext_noop("Cancelled: %(title)s"),
        gettext_noop(
            "Your application to “%(title)s” is cancelled: the opportunity was closed or cancelled."
        ),
    ),
}


def application_notice_send(*, application_id: int, event: str) -> int:
    """Email the volunteer about their application, in their language."""
    application = (
        Application.objects.select_related("opportunity", "volunteer")
        .filter(pk=application_id)
        .first()
    )
    if application is None or event not in NOTICES or not application.volunteer.email:
        return 0
    volunteer, opportunity = application.volunteer, application.opportunity
    with translation.override(volunteer.preferred_language or "ar"):
        subject, body = (gettext(text) for text in NOTICES[event])
        values = {
            "title": opportunity.display_title,
            "start": format_dual(opportunity.starts_on),
            "end": format_dual(opportunity.ends_on),
        }
        subject, body = subject % values, body % values
        if event == "declined" and application.reason:
            body += "\n\n" + application.reason
    return email_send(subject=subject, body=body, to=[volunteer.email])
