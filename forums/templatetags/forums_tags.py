import datetime
import functools

from django import template
from django.utils import timezone, translation

from lms.dates import format_dual

register = template.Library()


@register.inclusion_tag("forums/includes/pages.html", takes_context=True)
def forum_pages(context, pages, query: str = "") -> dict:
    """Previous / next links for a page of topics, posts or results; ``query`` keeps a
    search's words in the links."""
    return {"pages": pages, "query": query, "request": context.get("request")}


@functools.lru_cache(maxsize=1024)
def _dual_date(day: datetime.date, language: str) -> str:
    return format_dual(day, language)


@register.filter
def post_date(value: datetime.datetime) -> str:
    """``dual_date`` for the many posts of a page, which mostly share a few days: each
    (day, language) is formatted once per process."""
    if not value:
        return ""
    return _dual_date(timezone.localtime(value).date(), translation.get_language() or "ar")
