"""The office's view of acknowledgements in the Wagtail admin: who accepted which article,
which version and when. Read only: acknowledgements are made by readers, never edited."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from knowledge_base.models import Acknowledgement


class AcknowledgementViewSet(ModelViewSet):
    model = Acknowledgement
    icon = "tick-inverse"
    menu_label = _("Acknowledgements")
    menu_order = 320
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        Column("user", label=_("user")),
        Column("article", label=_("article")),
        Column("version", label=_("version")),
        DateColumn("acknowledged_at", label=_("acknowledged at")),
    ]
    list_filter = ["version", "acknowledged_at"]
    search_fields = ["user__email", "user__name_ar", "user__last_name"]
    ordering = ["-acknowledged_at"]
    form_fields: list[str] = []

    def get_queryset(self, request):
        return Acknowledgement.objects.select_related("user", "article")
