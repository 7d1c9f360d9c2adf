from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.dashboard import OfficeDashboardPanel
from lms.exports import Column as ExportColumn
from lms.exports import StatedExportMixin
from lms.forms import SectionScopedForm
from lms.menu import SITE_MENU_HOOK, SiteMenuItem
from lms.models import Organisation, Team, TranslationRequest
from lms.office import SectionPolicy, SectionScopedViewSetMixin
from lms.permissions import may_open_admin, teams_visible_to, translation_requests_visible_to
from lms.roles import is_office_staff

register_permission_policy(Team, SectionPolicy(Team, visible_to=teams_visible_to))


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = _("Organisations")
    list_display = ["name_ar", "name_en", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_ar", "name_en", "slug"]


class TeamIndexView(StatedExportMixin, SnippetIndexView):
    export_title = _("Teams")
    export_filename = "teams"
    export_columns = [
        ExportColumn(_("Team"), "name", width=28),
        ExportColumn(
            _("Organisation"),
            lambda team: team.organisation.display_name if team.organisation else "",
            width=28,
        ),
        ExportColumn(_("Section"), "get_section_display", width=16),
        ExportColumn(
            _("Leaders"),
            lambda team: ", ".join(str(leader) for leader in team.leaders.all()),
            width=36,
        ),
        ExportColumn(_("Members"), "member_count", kind="number", total=True),
    ]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(queryset.prefetch_related("leaders"), spreadsheet_format)


class TeamViewSet(SectionScopedViewSetMixin, SnippetViewSet):
    model = Team
    index_view_class = TeamIndexView
    icon = "group"
    menu_label = _("Teams")
    list_display = [
        "name",
        "organisation",
        "section",
        Column("member_count", label=_("members"), accessor="member_count"),
    ]
    list_filter = ["section", "organisation"]
    search_fields = ["name"]
    # Who leads and who serves, on the team's page (Inspect); members are added from the
    # office's volunteer list ("Add to team").
    inspect_view_enabled = True
    inspect_view_fields = ["organisation", "name", "section", "leaders", "members"]
    # Membership is managed through lms.services (section rules); a select of every user
    # would not survive a million accounts.
    edit_handler = ObjectList(
        [FieldPanel("organisation"), FieldPanel("name"), FieldPanel("section")],
        base_form_class=SectionScopedForm,
    )

    def get_queryset(self, request):
        return (
            teams_visible_to(request.user)
            .select_related("organisation")
            .annotate(member_count=Count("members", distinct=True))
        )


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, TeamViewSet)
    menu_icon = "group"
    menu_label = _("People")
    menu_name = "people"
    menu_order = 200


register_snippet(PeopleViewSetGroup)


# Staff limited to a section see, and reach by address, the requests of that section's people.
register_permission_policy(
    TranslationRequest,
    SectionPolicy(TranslationRequest, visible_to=translation_requests_visible_to),
)


class TranslationRequestIndexView(IndexView):
    def get_base_queryset(self):
        return translation_requests_visible_to(self.request.user).select_related("page", "user")


class TranslationRequestViewSet(SectionScopedViewSetMixin, ModelViewSet):
    """What readers asked to read in their language: pages they were shown in the language
    they are written in. Read only; trainers and the office translate the pages in the
    page editor (Translate), which answers the request."""

    model = TranslationRequest
    icon = "globe"
    menu_label = _("Translation requests")
    menu_order = 330
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        Column("page", label=_("page")),
        Column("language", label=_("language asked for"), accessor="get_language_display"),
        Column("user", label=_("asked by")),
        DateColumn("requested_at", label=_("asked at")),
    ]
    list_filter = ["language"]
    ordering = ["-requested_at"]
    form_fields: list[str] = []

    index_view_class = TranslationRequestIndexView


@hooks.register("register_admin_viewset")
def register_translation_requests():
    return TranslationRequestViewSet("translation_requests")


@hooks.register(SITE_MENU_HOOK)
def profile_menu_item():
    return SiteMenuItem(label=_("My profile"), url_name="profile", order=900)


@hooks.register(SITE_MENU_HOOK)
def admin_menu_item():
    return SiteMenuItem(
        label=_("Authoring and office"),
        url_name="wagtailadmin_home",
        order=1100,
        shown_to=may_open_admin,
    )


@hooks.register("construct_homepage_panels")
def office_dashboard_panel(request, panels) -> None:
    """Office staff find on the admin's home what is waiting for them (``lms.dashboard``)."""
    if is_office_staff(request.user):
        panels.append(OfficeDashboardPanel(request.user))
