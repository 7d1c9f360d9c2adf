"""What the office's screens in the Wagtail admin share, whichever app they belong to."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from wagtail.admin.menu import MenuItem

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


def searched_page(request: HttpRequest, queryset, *, person: str, also: str):
    """One page of ``queryset``, narrowed by the search box to a person's email or name, or to
    the lookup ``also`` (a description, a code)."""
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(
            Q(**{f"{person}__email__iexact": query})
            | Q(**{f"{person}__name_ar__icontains": query})
            | Q(**{f"{person}__last_name__icontains": query})
            | Q(**{also: query})
        )
    return query, Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("p"))


class OfficeMenuItem(MenuItem):
    """An entry of the office's submenu in the admin. Apps register theirs with the
    ``register_office_menu_item`` hook; ``accreditation`` gathers them into one submenu."""

    def is_shown(self, request):
        return is_office_staff(request.user)
