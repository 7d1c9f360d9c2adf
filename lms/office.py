"""What the office's screens in the Wagtail admin share, whichever app they belong to."""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from lms.roles import is_office_staff

PAGE_SIZE = 50


def office_only(view):
    """For office staff only (the actions behind each screen check again)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_office_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def searched(request: HttpRequest, queryset, *, person: str, also: str):
    """``queryset`` narrowed by the search box to a person's email or name, or to the lookup
    ``also`` (a description, a code); with the query as typed."""
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(
            Q(**{f"{person}__email__iexact": query})
            | Q(**{f"{person}__name_ar__icontains": query})
            | Q(**{f"{person}__last_name__icontains": query})
            | Q(**{also: query})
        )
    return query, queryset


def searched_page(request: HttpRequest, queryset, *, person: str, also: str):
    """One page of ``queryset``, narrowed by the search box (``searched``)."""
    query, queryset = searched(request, queryset, person=person, also=also)
    return query, Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("p"))


class OfficeMenuItem(MenuItem):
    """An entry of the office's submenu in the admin. Apps register theirs with the
    ``register_office_menu_item`` hook; ``accreditation`` gathers them into one submenu."""

    def is_shown(self, request):
        return is_office_staff(request.user)


class SectionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the objects a person's section lets them see
    (``visible_to``) and change (``changeable_by``, the same unless given). Registered for a
    model, it is what Wagtail's snippet views, choosers and bulk actions ask."""

    def __init__(self, model, *, visible_to, changeable_by=None):
        super().__init__(model)
        self.visible_to = visible_to
        self.changeable_by = changeable_by or visible_to

    def scope(self, user, action: str):
        return self.visible_to(user) if action == "view" else self.changeable_by(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            self.scope(user, action).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return self.model._default_manager.none()
        scopes = [self.scope(user, action).values("pk") for action in allowed]
        return self.model._default_manager.filter(pk__in=scopes[0].union(*scopes[1:]))


# Views reached with an object's key, and the action each needs on that object.
OBJECT_VIEW_ACTIONS = {
    "edit": "change",
    "copy": "change",
    "delete": "delete",
    "revisions_revert": "change",
    "unpublish": "change",
    "lock": "change",
    "unlock": "change",
    "preview_on_edit": "change",
}


class SectionScopedChooserViewSet(SnippetChooserViewSet):
    """The chooser of a model with a ``SectionPolicy`` lists and returns what the person may
    see, nothing else."""

    def construct_view(self, view_class, **kwargs):
        policy = policy_registry.get_by_type(self.model)

        class Scoped(view_class):
            def get_object_list(self):
                return policy.visible_to(self.request.user)

            def get_object(self, pk):
                return policy.visible_to(self.request.user).get(pk=pk)

        Scoped.__name__ = Scoped.__qualname__ = view_class.__name__
        return super().construct_view(Scoped, **kwargs)


class SectionScopedViewSetMixin:
    """For a ``SnippetViewSet`` whose model has a ``SectionPolicy``: the list shows what the
    person may see, and every view reached with an object's key (edit, delete, copy, inspect,
    history, usage, revisions) answers "not found" for an object out of their reach and
    "forbidden" for one they may see but not change. Checked before the view loads anything."""

    chooser_viewset_class = SectionScopedChooserViewSet

    def get_queryset(self, request):
        return self.permission_policy.visible_to(request.user)

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_reach_checked(view_class, self.permission_policy), **kwargs)


def _reach_checked(view_class, policy):
    view_name = getattr(view_class, "view_name", "") or ""

    class ReachChecked(view_class):
        def setup(self, request, *args, **kwargs):
            key = kwargs.get("pk")
            if key is not None:
                pk = unquote(str(key))
                if not policy.visible_to(request.user).filter(pk=pk).exists():
                    raise Http404
                # Snippet views name themselves; Wagtail's generic model views do not.
                action = OBJECT_VIEW_ACTIONS.get(getattr(self, "view_name", None) or view_name)
                if action and not policy.changeable_by(request.user).filter(pk=pk).exists():
                    raise PermissionDenied
            super().setup(request, *args, **kwargs)

    ReachChecked.__name__ = ReachChecked.__qualname__ = view_class.__name__
    return ReachChecked


def stated_filters(form, *, query: str = "") -> list[tuple[str, str]]:
    """What an export says chose its rows: the search, then each filled field of a valid
    filter ``form`` as (label, the value as the screen shows it)."""
    stated: list[tuple[str, str]] = []
    if query:
        stated.append((_("Search"), query))
    if form is None or not form.is_valid():
        return stated
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            shown = {str(key): label for key, label in field.choices}
            value = shown.get(str(form.data.get(name)), value)
        stated.append((str(field.label), str(value)))
    return stated


def export_format(request: HttpRequest) -> str | None:
    """The spreadsheet asked for with Wagtail's convention (``?export=csv`` or ``xlsx``)."""
    fmt = request.GET.get("export")
    return fmt if fmt in ("csv", "xlsx") else None


def pager_query(request: HttpRequest) -> str:
    """The list's filters as a query string, for its pager links to keep (without the page
    and the search, which the pager writes itself)."""
    kept = request.GET.copy()
    for name in ("p", "q", "export"):
        kept.pop(name, None)
    return kept.urlencode()


class OfficeReadOnlyPolicy(SectionPolicy):
    """For an office list that only reads (overrides granted, completions expiring): office
    staff may view, nobody adds, changes or deletes through it; what they see is narrowed by
    ``visible_to`` as ``SectionPolicy`` does."""

    def user_has_permission(self, user, action):
        return action == "view" and is_office_staff(user)
