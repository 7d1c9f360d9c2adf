"""Page-tree helpers shared by the apps whose pages have one child type per level or are
served by a view of their own app."""

import functools
from collections.abc import Callable

from django.http import Http404, HttpResponse
from django.utils.module_loading import import_string
from wagtail.models import Page

from lms.admin_forms import ManaraPageForm


def route_to_child(parent: Page, request, path_components, child_model):
    """Wagtail's routing, one query per level instead of two: the parent allows one page
    type only, so the child is read straight from its own model, with its locale (pages are
    marked up in the language they are written in) and its parent cached."""
    slug, *remaining = path_components
    child = child_model.objects.child_of(parent).filter(slug=slug).select_related("locale").first()
    if child is None:
        raise Http404
    child._cached_parent_obj = parent
    return child.route(request, remaining)


class ServedByView:
    """A page whose screen is a view in its app's ``views.py``, called as
    ``view(request, page)``.

    The page names its view by dotted path (``serve_view``) instead of importing it, so
    models never import views (views import models); the view is imported here, the first
    time such a page is served.
    """

    serve_view: str
    # Every page served by a view of its app is edited with Manara's page form.
    base_form_class = ManaraPageForm

    def serve(self, request, *args, **kwargs) -> HttpResponse:
        return page_view(self.serve_view)(request, self)


@functools.cache
def page_view(dotted_path: str) -> Callable[..., HttpResponse]:
    """The view at ``dotted_path``, imported once per process."""
    return import_string(dotted_path)
