"""Side effects of the core's signals; connected in ``LmsConfig.ready``."""

from lms.pages import forget_locale_languages
from lms.throttling import account_failures_reset


def forget_failed_sign_ins(sender, request, user, **kwargs) -> None:
    """A successful sign-in clears the account's failed attempts (and only the account's)."""
    account_failures_reset(email=user.get_username())


def locales_changed(sender, **kwargs) -> None:
    """A locale saved or deleted: the table of locale languages is read again."""
    forget_locale_languages()
