"""The office's dashboard: what is waiting for office staff, on the Wagtail admin's home.

Each app that has something waiting for the office registers a function for the
``register_office_dashboard_item`` hook in its ``wagtail_hooks.py``. The function takes the
request's user and returns a ``DashboardItem`` (or None when the item is not for them): a
label, how to count what waits (one query, through the app's selectors, already limited to
the staff member's section by the app's ``visible_to`` rules) and the address of the
filtered list that shows exactly those records. So the dashboard names no app, and its
query count is one per item whatever the amount of data.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from lms.roles import is_office_staff

OFFICE_DASHBOARD_HOOK = "register_office_dashboard_item"


@dataclass(frozen=True)
class DashboardItem:
    """One line of the dashboard. ``count`` is called once, takes no argument and makes at
    most one query; ``url`` opens the list filtered to what was counted. ``order`` places the
    item, lowest first; ``urgent`` items are marked when their count is not zero."""

    label: Any
    count: Callable[[], int]
    url: str
    order: int
    icon: str = "warning"
    urgent: bool = False


@dataclass(frozen=True)
class CountedItem:
    item: DashboardItem
    count: int


def dashboard_items(user) -> list[CountedItem]:
    """Every registered item for ``user``, counted, in order. Empty for anyone who is not
    office staff."""
    if not is_office_staff(user):
        return []
    items = []
    for item_for in hooks.get_hooks(OFFICE_DASHBOARD_HOOK):
        item = item_for(user)
        if item is not None:
            items.append(item)
    items.sort(key=lambda item: item.order)
    return [CountedItem(item, item.count()) for item in items]


class OfficeDashboardPanel(Component):
    """The panel on the admin's home: one count and one link per item."""

    name = "office_dashboard"
    template_name = "lms/admin/office_dashboard.html"
    order = 50
    heading = _("Waiting for the office")

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"items": dashboard_items(self.user), "heading": self.heading}

    def render_html(self, parent_context=None) -> str:
        if not is_office_staff(self.user):
            return ""
        return super().render_html(parent_context)
