"""Page-tree helpers shared by the apps whose pages have one child type per level."""

from django.http import Http404
from wagtail.models import Page


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
