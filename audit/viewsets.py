"""The audit trail in the admin: a read-only list for office staff (their section's events
when limited to one), filtered by person, object, decision and date, exportable to CSV and
XLSX (Wagtail's ``?export=csv`` / ``?export=xlsx``), and each event on its own page."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from audit.decisions import Decision
from audit.models import AuditEvent
from audit.permissions import audit_events_visible_to, may_read_audit
from lms.exports import Column, StatedExportMixin
from lms.models import Section


class AuditPermissionPolicy(BasePermissionPolicy):
    """Office staff read the trail; nobody adds, changes or deletes an event."""

    def user_has_permission(self, user, action):
        return action == "view" and may_read_audit(user)

    def user_has_permission_for_instance(self, user, action, instance):
        visible = audit_events_visible_to(user, AuditEvent.objects.filter(pk=instance.pk))
        return action == "view" and visible.exists()

    def instances_user_has_permission_for(self, user, action):
        if action != "view":
            return AuditEvent.objects.none()
        return audit_events_visible_to(user, AuditEvent.objects.all())


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Decision"), choices=Decision.choices)
    section = django_filters.ChoiceFilter(label=_("Section"), choices=Section.choices)
    actor = django_filters.CharFilter(
        label=_("Who (email address)"), field_name="actor__email", lookup_expr="iexact"
    )
    object_type = django_filters.ModelChoiceFilter(
        label=_("Kind of object"),
        queryset=ContentType.objects.filter(
            app_label__in=["accreditation", "certificates", "field", "lms", "partner_api"]
        ).order_by("app_label", "model"),
    )
    object_id = django_filters.CharFilter(label=_("Object number"))
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["action", "section", "actor", "object_type", "object_id", "at"]


class AuditIndexView(StatedExportMixin, IndexView):
    export_title = _("Audit trail")
    export_columns = [
        Column(_("At"), "at", kind="datetime", width=18),
        Column(_("Who"), lambda e: e.actor.email if e.actor else "", width=30),
        Column(_("Acting as"), "actor_label", width=30),
        Column(_("Decision"), "get_action_display", width=30),
        Column(_("Kind of object"), lambda e: e.object_type.name if e.object_type else ""),
        Column(_("Object number"), "object_id"),
        Column(_("Object"), "object_repr", width=40),
        Column(_("Section"), "get_section_display"),
        Column(_("Reason"), "reason", width=40),
        Column(_("Before"), "before", width=40),
        Column(_("After"), "after", width=40),
        Column(_("IP address"), "ip_address", width=16),
    ]

    def get_base_queryset(self):
        events = audit_events_visible_to(self.request.user, super().get_base_queryset())
        return events.select_related("actor", "object_type")


class AuditInspectView(InspectView):
    def get_object(self, queryset=None):
        events = audit_events_visible_to(self.request.user, AuditEvent.objects.all())
        return get_object_or_404(events, pk=self.pk)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit trail")
    menu_order = 900
    add_to_admin_menu = True
    form_fields = ["reason"]  # never shown: nobody may add or change an event
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = AuditFilterSet
    list_display = ["at", "actor", "action", "object_repr", "section", "reason"]
    search_fields = ["object_repr", "reason", "actor_label"]
    inspect_view_fields = [
        "at",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "section",
        "reason",
        "before",
        "after",
        "ip_address",
        "user_agent",
    ]
    export_filename = "audit-trail"


register_permission_policy(AuditEvent, AuditPermissionPolicy(AuditEvent))
