"""The signed-in home page's next steps. Each app that has something for a volunteer to do
next registers a function for the ``register_home_panel`` hook in its ``wagtail_hooks.py``:
it takes the user and returns a ``HomePanel`` (or None when it has nothing to show), read
through the app's own selectors in a fixed number of queries. So the home page names no
app, and its query count does not grow with a volunteer's enrolments or articles."""

from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

HOME_PANEL_HOOK = "register_home_panel"


@dataclass(frozen=True)
class HomePanel:
    """One card of the home page: ``template`` rendered with ``context`` (as ``panel``),
    placed by ``order``, lowest first."""

    template: str
    order: int
    context: dict[str, Any] = field(default_factory=dict)


def home_panels(user) -> list[HomePanel]:
    """The panels every app offers ``user``, in order."""
    if not user.is_authenticated:
        return []
    panels = []
    for panel_for in hooks.get_hooks(HOME_PANEL_HOOK):
        panel = panel_for(user)
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda panel: panel.order)
