"""The office's volunteer database in the Wagtail admin (/admin/volunteers/): the list with
its search, filters, exports and "add to team"; each volunteer's record; contact details and
skills edited in Wagtail's own edit view. Limited to the staff member's section by one rule
(office.permissions.volunteers_visible_to) for every view and action."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from lms.exports import Column as ExportColumn
from lms.exports import StatedExportMixin
from lms.models import ProfileChangeRequest, User
from lms.numbers import format_number
from lms.office import SectionPolicy, SectionScopedViewSetMixin
from lms.permissions import teams_visible_to
from office import views
from office.filters import VolunteerFilterSet
from office.forms import AddToTeamForm, VolunteerContactForm
from office.permissions import (
    change_requests_visible_to,
    may_manage_volunteers,
    volunteers_visible_to,
)
from office.selectors import volunteer_export_rows, volunteer_list, volunteer_search


class VolunteerPolicy(SectionPolicy):
    """Office staff view and change volunteers of their section; nobody adds or deletes
    people here (registration and the users admin do)."""

    def user_has_permission(self, user, action):
        return action in ("view", "change", "export") and may_manage_volunteers(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class TextColumn(Column):
    """A column of plain text written straight into its cell: a page of 50 volunteers has
    hundreds of cells, and a template per cell was most of the page's time. ``ltr`` for
    addresses, numbers and masked IDs, which read left to right inside Arabic."""

    def __init__(self, *args, ltr: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.ltr = ltr

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        value = "" if value is None else value
        if self.ltr and value:
            value = format_html('<span dir="ltr">{}</span>', value)
        return format_html('<td class="{}">{}</td>', self.classname or "", value)


# Columns a phone leaves out: the name, mobile and hours stay (the record has the rest).
WIDE = "office-wide"


class NameColumn(Column):
    """The volunteer's name, linking to the record."""

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="title"><div class="title-wrapper"><a href="{}">{}</a></div></td>',
            reverse("volunteers:record", args=[instance.pk]),
            instance.display_name or instance.email,
        )


class TickColumn(Column):
    """A tick box per row, belonging to the "add to team" form below the list."""

    def __init__(self):
        super().__init__("tick", label="", accessor="pk", width="1%")

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td><input type="checkbox" name="id" value="{}" form="add-to-team-form" '
            'aria-label="{}"></td>',
            instance.pk,
            instance.display_name or instance.email,
        )


def _teams(person) -> str:
    return ", ".join(team.name for team in person.teams.all())


class VolunteerIndexView(StatedExportMixin, IndexView):
    results_template_name = "office/volunteers_results.html"
    template_name = "office/volunteers_index.html"
    export_title = _("Volunteers")
    export_filename = "volunteers"
    page_title = _("Volunteers")

    @property
    def export_columns(self):
        return [
            ExportColumn(_("Name in Arabic"), "name_ar", width=28),
            ExportColumn(_("Name in Latin script"), lambda p: p.get_full_name(), width=28),
            ExportColumn(_("Email"), "email", width=30),
            ExportColumn(_("Mobile"), "mobile", width=16),
            ExportColumn(_("Identity number"), "masked_id_number", width=16),
            ExportColumn(_("Section"), lambda p: p.get_section_display(), width=16),
            ExportColumn(
                _("Organisation"),
                lambda p: p.organisation.display_name if p.organisation else "",
                width=28,
            ),
            ExportColumn(_("Teams"), "team_names", width=28),
            ExportColumn(_("Skills"), "skill_names", width=28),
            ExportColumn(_("Date of birth"), "date_of_birth", kind="date"),
            ExportColumn(_("Approved hours"), "approved_hours", kind="number", total=True),
        ]

    def get_base_queryset(self):
        return volunteer_list(self.request.user)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(volunteer_export_rows(queryset), spreadsheet_format)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return volunteer_search(queryset, self.search_query)

    def get_edit_url(self, instance):
        return reverse("volunteers:record", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["team_form"] = AddToTeamForm(teams=teams_visible_to(self.request.user))
        return context


def _hours(person) -> str:
    return format_number(person.approved_hours)


class VolunteerViewSet(SectionScopedViewSetMixin, ModelViewSet):
    model = User
    icon = "group"
    menu_label = _("Volunteers")
    menu_order = 190
    add_to_admin_menu = True
    url_prefix = "volunteers"
    index_view_class = VolunteerIndexView
    filterset_class = VolunteerFilterSet
    search_fields = ["search_text"]
    list_per_page = 50
    ordering = ["search_text", "pk"]
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        TickColumn(),
        NameColumn("name", label=_("Name")),
        TextColumn("email", label=_("Email"), ltr=True, classname=WIDE),
        TextColumn("mobile", label=_("Mobile"), ltr=True),
        TextColumn("masked_id_number", label=_("Identity number"), ltr=True, classname=WIDE),
        TextColumn("section", label=_("Section"), accessor="get_section_display", classname=WIDE),
        TextColumn("organisation", label=_("Organisation"), classname=WIDE),
        TextColumn("teams", label=_("Teams"), accessor=_teams, classname=WIDE),
        TextColumn("hours", label=_("Approved hours"), accessor=_hours),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("mobile"), FieldPanel("spoken_languages", read_only=True)],
                heading=_("Contact"),
            ),
            FieldPanel("skills"),
            MultiFieldPanel(
                [FieldPanel("emergency_contact_name"), FieldPanel("emergency_contact_phone")],
                heading=_("Emergency contact"),
            ),
            FieldPanel("consent_given_on"),
        ],
        base_form_class=VolunteerContactForm,
    )

    @cached_property
    def permission_policy(self):
        # Wagtail's views ask the registry, where User has the users admin's policy: the
        # volunteer views are given this one instead.
        return VolunteerPolicy(self.model, visible_to=volunteers_visible_to)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(permission_policy=self.permission_policy, **kwargs)

    @cached_property
    def menu_item_class(self):
        class VolunteersMenuItem(MenuItem):
            def is_shown(self, request):
                return may_manage_volunteers(request.user)

        return VolunteersMenuItem

    def get_queryset(self, request):
        return volunteers_visible_to(request.user)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/", views.record, name="record"),
            path("<int:pk>/correct/", views.correct, name="correct"),
            path("<int:pk>/unmask/", views.unmask, name="unmask"),
            path("add-to-team/", views.add_to_team, name="add_to_team"),
            path(
                "change-requests/<int:pk>/decide/",
                views.decide_change_request,
                name="decide_change_request",
            ),
        ]


class ChangeRequestIndexView(StatedExportMixin, IndexView):
    export_title = _("Change requests")
    export_filename = "change-requests"
    export_columns = [
        ExportColumn(_("Volunteer"), "user.name_ar", width=28),
        ExportColumn(_("Email"), "user.email", width=30),
        ExportColumn(_("Section"), "user.get_section_display", width=16),
        ExportColumn(_("What to change"), "get_field_display", width=20),
        ExportColumn(_("Asked for"), "proposed_display", width=30),
        ExportColumn(_("Note from the volunteer"), "note", width=30),
        ExportColumn(_("Status"), "get_status_display", width=14),
        ExportColumn(_("Asked at"), "requested_at", kind="datetime"),
        ExportColumn(_("Decided by"), "decided_by.name_ar", width=24),
        ExportColumn(_("Decided at"), "decided_at", kind="datetime"),
        ExportColumn(_("Reason for the decision"), "decision_reason", width=30),
    ]

    def get_base_queryset(self):
        return change_requests_visible_to(self.request.user).select_related("user", "decided_by")

    def get_edit_url(self, instance):
        return reverse("volunteers:record", args=[instance.user_id])


class ChangeRequestPolicy(SectionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and may_manage_volunteers(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ChangeRequestViewSet(SectionScopedViewSetMixin, ModelViewSet):
    """The volunteers' requests to change what only the office changes: the queue. Each
    row opens the volunteer's record, where the request is accepted or declined."""

    model = ProfileChangeRequest
    icon = "mail"
    menu_label = _("Change requests")
    menu_order = 191
    add_to_admin_menu = True
    url_prefix = "volunteer-requests"
    index_view_class = ChangeRequestIndexView
    list_display = [
        TitleColumn(
            "user",
            label=_("Volunteer"),
            get_url=lambda item: reverse("volunteers:record", args=[item.user_id]),
        ),
        Column("field", label=_("What to change"), accessor="get_field_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("requested_at", label=_("Asked at")),
    ]
    list_filter = ["status", "field"]
    ordering = ["-requested_at"]
    form_fields: list[str] = []
    copy_view_enabled = False

    def get_queryset(self, request):
        return change_requests_visible_to(request.user)
