"""Template helpers shared by every page: direction, dates, the language switcher."""

import datetime

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import pgettext

from lms.dates import format_dual, format_hijri
from lms.i18n import text_direction as direction_of
from lms.menu import site_menu_links
from lms.numbers import format_hours, format_number, plural_count
from lms.permissions import may_open_admin

register = template.Library()


@register.simple_tag
def text_direction() -> str:
    return direction_of(translation.get_language() or settings.LANGUAGE_CODE)


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def dual_date(value) -> str:
    """Gregorian date with the Umm al-Qura Hijri date beside it, in the page's language."""
    if not value:
        return ""
    return format_dual(_as_date(value))


@register.filter
def hijri_date(value) -> str:
    if not value:
        return ""
    return format_hijri(_as_date(value))


@register.filter
def number(value, places=2) -> str:
    """A figure as the page's language writes it: ``{{ hours|number }}`` gives "2.5"."""
    return format_number(value, int(places))


@register.filter(name="plural_count")
def plural_count_filter(value) -> int:
    """For ``{% blocktranslate count counter=hours|plural_count %}`` with a decimal."""
    return plural_count(value)


@register.filter
def hours(value) -> str:
    """ "2.5 hours", "5 ساعات", "11 ساعة" in the page's language."""
    return format_hours(value)


@register.filter
def human_list(values) -> str:
    """Join with the list separator of the page's language (a comma, or ، in Arabic)."""
    return pgettext("list separator", ", ").join(str(value) for value in values)


@register.filter
def can_open_admin(user) -> bool:
    """For the home page's administration card; the rule is lms.permissions'."""
    return may_open_admin(user)


@register.inclusion_tag("includes/site_menu.html", takes_context=True)
def site_menu(context) -> dict:
    """The links every app registered for the site menu (``lms.menu``) that the visitor
    may open, in order."""
    request = context.get("request")
    return {"links": site_menu_links(request) if request is not None else []}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    request = context.get("request")
    current = translation.get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "direction": direction_of(code),
                "current": code == current,
            }
        )
    return {
        "languages": languages,
        "next_path": request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
