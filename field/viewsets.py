"""Read-only lists of field service in the Wagtail admin, for the office: the assignments
made although the checks refused them (overrides), filterable by when they were granted.
The office's dashboard links here."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from field import selectors
from field.models import Assignment
from lms.exports import Column as ExportColumn
from lms.exports import StatedExportMixin

GRANTED_WITHIN = [
    ("7", _("The last 7 days")),
    ("30", _("The last 30 days")),
    ("90", _("The last 90 days")),
]


class OverrideFilterSet(WagtailFilterSet):
    granted_within = django_filters.ChoiceFilter(
        label=_("Granted within"),
        choices=GRANTED_WITHIN,
        empty_label=_("Any time"),
        method="filter_granted_within",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Assignment
        fields = []

    def filter_granted_within(self, queryset, name, value):
        return selectors.overrides_granted(queryset, days=int(value))


class OverrideIndexView(StatedExportMixin, IndexView):
    export_title = _("Overrides granted")
    export_filename = "overrides"
    export_columns = [
        ExportColumn(_("Volunteer"), "volunteer.display_name", width=30),
        ExportColumn(_("Deployment"), lambda a: str(a.deployment), width=40),
        ExportColumn(_("Reason for overriding the checks"), "override_reason", width=50),
        ExportColumn(_("Assigned by"), "assigned_by.display_name", width=30),
        ExportColumn(_("Granted at"), "assigned_at", kind="datetime", width=18),
    ]

    def get_base_queryset(self):
        return selectors.overrides_for_office_list(self.request.user)


class OverrideViewSet(ModelViewSet):
    model = Assignment
    name = "overrides"
    url_prefix = "field/overrides"
    icon = "warning"
    menu_label = _("Overrides granted")
    add_to_admin_menu = False
    inspect_view_enabled = False
    index_view_class = OverrideIndexView
    filterset_class = OverrideFilterSet
    exclude_form_fields = []
    list_display = [
        Column("volunteer", label=_("Volunteer"), accessor="volunteer.display_name"),
        Column("deployment", label=_("Deployment"), accessor="deployment"),
        Column("override_reason", label=_("Reason for overriding the checks")),
        Column("assigned_by", label=_("Assigned by"), accessor="assigned_by.display_name"),
        DateColumn("assigned_at", label=_("Granted at")),
    ]
