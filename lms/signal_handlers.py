"""Side effects of the core's signals; connected in ``LmsConfig.ready``."""

from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, PageViewRestriction, Site

from lms.pagecache import PAGES, ROLES, generation_replace
from lms.pages import forget_locale_languages
from lms.throttling import account_failures_reset

# What the shared page caches (lms.pagecache) are read from: a change to any of these
# makes every cached site, route and page fragment unreachable.
_PAGE_TREE_MODELS = (Page, PageViewRestriction, Site, Locale)


def page_tree_models() -> list:
    """Every model the shared page caches are read from: each concrete page model, view
    restrictions, sites and locales."""
    from django.apps import apps

    pages = [
        model for model in apps.get_models() if issubclass(model, Page) and not model._meta.proxy
    ]
    return [*pages, PageViewRestriction, Site, Locale]


def forget_failed_sign_ins(sender, request, user, **kwargs) -> None:
    """A successful sign-in clears the account's failed attempts (and only the account's)."""
    account_failures_reset(email=user.get_username())


def locales_changed(sender, **kwargs) -> None:
    """A locale saved or deleted: the table of locale languages is read again."""
    forget_locale_languages()


def page_tree_changed(sender, instance=None, raw=False, **kwargs) -> None:
    """A page, view restriction, site or locale saved, deleted, moved or related anew (a
    course's prerequisites, a restriction's groups): the cached routes and fragments go."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    if not raw and isinstance(instance, _PAGE_TREE_MODELS):
        generation_replace(PAGES)


def page_moved(sender, **kwargs) -> None:
    generation_replace(PAGES)


def pages_shown_changed(sender, raw=False, **kwargs) -> None:
    """Something a higher app shows on cached pages changed (a course's accredited hours):
    connected by that app for its own models."""
    if not raw:
        generation_replace(PAGES)


def groups_changed(sender, instance=None, **kwargs) -> None:
    """Someone's groups changed (from either side), or a group was renamed or deleted:
    every cached set of roles goes."""
    if not kwargs.get("action", "post_").startswith("pre_"):
        generation_replace(ROLES)


def group_saved(sender, instance=None, raw=False, **kwargs) -> None:
    if not raw and isinstance(instance, Group):
        generation_replace(ROLES)
