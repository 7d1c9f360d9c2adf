import datetime
import functools

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from forums.forms import PostForm
from forums.fragments import rendered_posts
from lms.dates import format_dual

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_pages(context, pages, query: str = "") -> SafeString:
    """Previous / next links for a page of topics, posts or results; ``query`` keeps a
    search's words in the links. ``{% forum_pages pages as nav %}`` keeps them to show
    above and below the page without drawing them twice."""
    return render_to_string(
        "forums/includes/pages.html",
        {"pages": pages, "query": query, "request": context.get("request")},
    )


@register.simple_tag(takes_context=True)
def forum_posts(context, posts) -> str:
    """A topic page's posts, each from the shared cache once drawn (``forums.fragments``)."""
    return rendered_posts(
        posts,
        csrf_token=str(context.get("csrf_token") or ""),
        may_reply=bool(context.get("may_reply")),
        may_moderate=bool(context.get("may_moderate")),
    )


@register.simple_tag
def reply_fields() -> SafeString:
    """The fields of an empty reply form, as ``includes/form_fields.html`` draws them."""
    return _reply_fields(translation.get_language() or "ar")


@functools.lru_cache(maxsize=16)
def _reply_fields(language: str) -> SafeString:
    # An empty form is the same on every topic page in a language, and holds no token
    # (the page's form writes it): drawn once per process and language.
    return render_to_string("includes/form_fields.html", {"form": PostForm()})


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
