from django import template

from forums import rules

register = template.Library()


@register.filter
def may_use_forums(user) -> bool:
    """Whether to show the forums at all (no query: roles are cached on the user)."""
    return rules.may_use_forums(user)


@register.inclusion_tag("forums/includes/pages.html", takes_context=True)
def forum_pages(context, pages, query: str = "") -> dict:
    """Previous / next links for a page of topics, posts or results; ``query`` keeps a
    search's words in the links."""
    return {"pages": pages, "query": query, "request": context.get("request")}
