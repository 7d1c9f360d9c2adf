"""A read-only list for the office in the Wagtail admin: course completions with an expiry,
filterable to those expiring soon. The office's dashboard links here."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from courses import selectors
from courses.models import Enrolment

EXPIRING_WITHIN = [
    ("30", _("The next 30 days")),
    ("90", _("The next 90 days")),
]


class ExpiringFilterSet(WagtailFilterSet):
    expiring_within = django_filters.ChoiceFilter(
        label=_("Expiring within"),
        choices=EXPIRING_WITHIN,
        empty_label=_("Any time"),
        method="filter_expiring_within",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Enrolment
        fields = []

    def filter_expiring_within(self, queryset, name, value):
        return selectors.completions_expiring(queryset, days=int(value))


class ExpiringIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.completions_expiring_for_office_list(self.request.user)


class ExpiringCompletionViewSet(ModelViewSet):
    model = Enrolment
    name = "completions_expiring"
    url_prefix = "courses/completions-expiring"
    icon = "date"
    menu_label = _("Course completions expiring")
    add_to_admin_menu = False
    inspect_view_enabled = False
    index_view_class = ExpiringIndexView
    filterset_class = ExpiringFilterSet
    exclude_form_fields = []
    list_display = [
        Column("user", label=_("Volunteer"), accessor="user.display_name"),
        Column("course", label=_("Course"), accessor="course"),
        DateColumn("completed_at", label=_("Completed at")),
        DateColumn("expires_at", label=_("Expires at")),
    ]
