"""Template helpers shared by every page: direction, dates, the language switcher, and the
language a page's content is written in (``lms.pages``)."""

import datetime

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import pgettext

from lms.dates import format_dual, format_hijri
from lms.i18n import text_direction as direction_of
from lms.menu import site_menu_links
from lms.numbers import format_hours, format_number, plural_count
from lms.pages import content_language
from lms.pages import interface_url as page_interface_url
from lms.permissions import may_open_admin
from lms.selectors import translation_requested_at

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


# The language of the content, where it differs from the interface's (``lms.pages``).


@register.simple_tag(takes_context=True)
def interface_url(context, page) -> str:
    """The page's address with the interface in the reader's language, whatever language
    the page is written in: use it instead of ``pageurl`` on volunteers' screens."""
    return page_interface_url(page, context.get("request")) if page else ""


@register.simple_tag
def content_lang(page) -> str:
    """` lang="ar" dir="rtl"` for an element holding ``page``'s own words when the page is
    written in another language than the interface's; nothing otherwise."""
    if page is None:
        return ""
    content = content_language(page)
    if not content.is_fallback:
        return ""
    return format_html(' lang="{}" dir="{}"', content.code, content.direction)


@register.simple_tag
def interface_lang(page) -> str:
    """The reverse of ``content_lang``: ` lang="en" dir="ltr"` for the interface's own words
    (a quiz's rules and buttons) placed inside the content region of a page written in
    another language, so they keep the reader's language and direction; nothing
    otherwise."""
    if page is None or not content_language(page).is_fallback:
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return format_html(' lang="{}" dir="{}"', language, direction_of(language))


@register.simple_tag
def language_badge(page) -> str:
    """A badge naming the language of a listed page written in another language than the
    interface's (a course or an article not yet translated); nothing otherwise."""
    if page is None:
        return ""
    content = content_language(page)
    if not content.is_fallback:
        return ""
    return format_html(
        '<span class="tag tag--language" title="{}">{}</span>',
        pgettext("language badge", "Not yet translated"),
        content.name,
    )


@register.inclusion_tag("includes/untranslated_note.html", takes_context=True)
def untranslated_note(context, page) -> dict:
    """The note on a page shown in the language it is written in for want of a translation
    into the reader's, with the button to ask for one (one query for a signed-in reader,
    none otherwise; nothing at all on a translated page)."""
    request = context.get("request")
    content = content_language(page)
    if not content.is_fallback:
        return {"shown": False}
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    language = translation.get_language()
    return {
        "shown": True,
        "page": page,
        "content": content,
        "interface_language": str(dict(settings.LANGUAGES).get(language, language)),
        "requested_at": translation_requested_at(user=user, page=page, language=language)
        if signed_in
        else None,
        "signed_in": signed_in,
        "next_path": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
