"""The site menu at the top of every page. Each app adds its own links by registering a
function for the ``register_site_menu_item`` hook in its ``wagtail_hooks.py`` that returns
a ``SiteMenuItem`` (or several); the ``{% site_menu %}`` tag shows those the visitor may
open, in order. So base.html names no app's pages, and each link is shown by the rule of
the app that owns the page behind it."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail import hooks

SITE_MENU_HOOK = "register_site_menu_item"


def everyone(user) -> bool:
    return True


def signed_in(user) -> bool:
    return user.is_authenticated


@dataclass(frozen=True)
class SiteMenuItem:
    """One link of the site menu.

    ``label`` is a lazy translation (items are made once per process and shown in every
    language). The address is ``url_name`` reversed, or what ``url(request)`` returns; an
    empty address leaves the link out. ``shown_to(user)`` is the owning app's rule: it must
    not query (roles are cached on the user), since it runs on every page. ``order`` places
    the link among the other apps' links, lowest first.
    """

    label: Any
    order: int
    url_name: str = ""
    url: Callable[[HttpRequest], str] | None = None
    shown_to: Callable[[Any], bool] = signed_in

    def is_shown(self, request: HttpRequest) -> bool:
        return self.shown_to(request.user)

    def get_url(self, request: HttpRequest) -> str:
        return self.url(request) if self.url is not None else reverse(self.url_name)


@functools.cache
def site_menu_items() -> tuple[SiteMenuItem, ...]:
    """Every registered item, in menu order. The hooks are asked once per process: items
    are fixed at start-up, and asking them on every page would cost each page the calls."""
    items: list[SiteMenuItem] = []
    for register in hooks.get_hooks(SITE_MENU_HOOK):
        registered = register()
        items.extend([registered] if isinstance(registered, SiteMenuItem) else registered)
    return tuple(sorted(items, key=lambda item: item.order))


def site_menu_links(request: HttpRequest) -> list[dict]:
    """The links ``request``'s visitor sees, as ``{"url", "label"}`` in menu order."""
    links = []
    for item in site_menu_items():
        if not item.is_shown(request):
            continue
        url = item.get_url(request)
        if url:
            links.append({"url": url, "label": item.label})
    return links
