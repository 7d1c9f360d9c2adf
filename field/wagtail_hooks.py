from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accreditation.services import HOURS_APPROVED_HOOK
from field import (  # noqa: F401 - card_hooks and feedback_hooks register their screens
    admin_views,
    card_hooks,
    feedback_hooks,
    opportunity_views,
)
from field import selectors as field_selectors
from field.demo import (
    load_demo_feedback,
    load_demo_field_service,
    load_demo_impact,
    load_demo_opportunities,
)
from field.forms import DeploymentForm
from field.impact import impact_entries_add
from field.models import Assignment, Deployment, FieldRole, LicencePolicy
from field.opportunities import may_manage_opportunities
from field.permissions import (
    assignments_visible_to,
    deployments_visible_to,
    field_roles_changeable_by,
    field_roles_visible_to,
    may_decide_attendance,
    may_see_deployments,
)
from field.viewsets import OverrideViewSet
from lms.dashboard import OFFICE_DASHBOARD_HOOK, DashboardItem
from lms.home import HOME_PANEL_HOOK, HomePanel
from lms.menu import SiteMenuItem, everyone
from lms.office import (
    OfficeMenuItem,
    OfficeReadOnlyPolicy,
    SectionPolicy,
    SectionScopedViewSetMixin,
)
from lms.roles import represented_organisation_id

register_permission_policy(
    FieldRole,
    SectionPolicy(
        FieldRole, visible_to=field_roles_visible_to, changeable_by=field_roles_changeable_by
    ),
)
register_permission_policy(Deployment, SectionPolicy(Deployment, visible_to=deployments_visible_to))
# The office reads overrides (``viewsets.OverrideViewSet``); assignments change on the rosters.
register_permission_policy(
    Assignment, OfficeReadOnlyPolicy(Assignment, visible_to=assignments_visible_to)
)


class FieldRoleViewSet(SectionScopedViewSetMixin, SnippetViewSet):
    model = FieldRole
    icon = "user"
    menu_label = _("Field roles")
    list_display = ["name_ar", "name_en", "category", "section"]
    search_fields = ["name_ar", "name_en"]


class DeploymentViewSet(SectionScopedViewSetMixin, SnippetViewSet):
    model = Deployment
    icon = "date"
    menu_label = _("Deployments")
    list_display = [
        "season",
        "role",
        "service_point",
        "section",
        "starts_on",
        "ends_on",
        "capacity",
    ]
    list_filter = ["section", "season"]
    ordering = ["-season", "starts_on", "pk"]  # by season, the latest first
    edit_handler = ObjectList(
        [
            FieldPanel("role"),
            FieldPanel("service_point"),
            FieldPanel("organisation"),
            FieldPanel("section"),
            FieldPanel("starts_on"),
            FieldPanel("ends_on"),
            FieldPanel("capacity"),
            InlinePanel(
                "shift_templates",
                heading=_("Shifts"),
                label=_("Shift"),
                help_text=_(
                    "The shifts leaders choose from when they record attendance, such as "
                    "Fajr 03:00–09:00 or Night 21:00–03:00."
                ),
            ),
        ],
        base_form_class=DeploymentForm,
    )

    def get_queryset(self, request):
        # By season, the latest first, then by date within it.
        return (
            deployments_visible_to(request.user)
            .select_related("role")
            .order_by("-season", "starts_on", "pk")
        )


class LicencePolicyViewSet(SnippetViewSet):
    model = LicencePolicy
    icon = "success"
    menu_label = _("Licence levels")
    list_display = ["level", "requirements", "validity_months"]


class FieldServiceGroup(SnippetViewSetGroup):
    items = (FieldRoleViewSet, DeploymentViewSet, LicencePolicyViewSet)
    menu_icon = "group"
    menu_label = _("Field service")
    menu_order = 260


register_snippet(FieldServiceGroup)


@hooks.register("manara_load_demo")
def load_demo(stdout) -> None:
    stdout.write(f"  deployments: {load_demo_field_service()}")
    stdout.write(f"  opportunities: {load_demo_opportunities()}")
    stdout.write(f"  a past season's shifts with people served: {load_demo_impact()}")
    stdout.write(f"  beneficiaries' feedback: {load_demo_feedback()}")


@hooks.register(HOURS_APPROVED_HOOK)
def count_impact(entries) -> None:
    """Approved ledger entries move the season's impact, in the ledger's transaction."""
    impact_entries_add(entries)


@hooks.register("register_admin_urls")
def field_admin_urls():
    return [
        path("accreditation/licences/", admin_views.licences, name="accreditation_licences"),
        path(
            "accreditation/licences/<int:pk>/change/",
            admin_views.licence_change,
            name="accreditation_licence_change",
        ),
        path(
            "field/opportunities/",
            opportunity_views.office_approvals,
            name="opportunity_approvals",
        ),
    ]


@hooks.register("register_office_menu_item")
def opportunity_approvals_menu_item():
    return OfficeMenuItem(
        _("Opportunities to approve"),
        reverse("opportunity_approvals"),
        icon_name="tasks",
        order=450,
    )


@hooks.register("register_office_menu_item")
def licences_menu_item():
    return OfficeMenuItem(
        _("Licences"), reverse("accreditation_licences"), icon_name="success", order=400
    )


@hooks.register("register_site_menu_item")
def field_site_menu_items():
    return [
        SiteMenuItem(
            label=_("Deployments"), url_name="deployments", order=500, shown_to=may_see_deployments
        ),
        SiteMenuItem(
            label=_("Attendance to approve"),
            url_name="attendance_approvals",
            order=600,
            shown_to=may_decide_attendance,
        ),
        SiteMenuItem(
            label=_("Opportunities"), url_name="opportunities", order=450, shown_to=everyone
        ),
        SiteMenuItem(label=_("My applications"), url_name="my_applications", order=460),
        SiteMenuItem(
            label=_("Our opportunities"),
            url_name="managed_opportunities",
            order=470,
            shown_to=may_manage_opportunities,
        ),
        SiteMenuItem(label=_("Impact"), url_name="impact", order=650, shown_to=everyone),
        SiteMenuItem(
            label=_("My organisation"),
            url_name="organisation_impact",
            order=660,
            shown_to=lambda user: represented_organisation_id(user) is not None,
        ),
    ]


@hooks.register(OFFICE_DASHBOARD_HOOK)
def opportunities_dashboard_item(user):
    """The office's dashboard: organisations' opportunities waiting for approval."""
    from field.opportunities import pending_for_office

    return DashboardItem(
        label=_("Opportunities waiting for approval"),
        count=lambda: pending_for_office(user).count(),
        url=reverse("opportunity_approvals"),
        order=150,
        icon="tasks",
    )


@hooks.register(HOME_PANEL_HOOK)
def rosters_home_panel(user):
    """Home: the rosters the volunteer is on next, when there are any."""
    from field.selectors import upcoming_assignments

    assignments = upcoming_assignments(user)
    if not assignments:
        return None
    return HomePanel("field/includes/home_rosters.html", 400, {"assignments": assignments})


@hooks.register("register_admin_viewset")
def overrides_viewset():
    return OverrideViewSet()


@hooks.register(OFFICE_DASHBOARD_HOOK)
def attendance_dashboard_item(user):
    """The office's dashboard: attendance confirmed by the deputies, waiting for approval."""
    return DashboardItem(
        label=_("Attendance waiting for approval"),
        count=partial(field_selectors.attendance_waiting_count, user),
        url=reverse("attendance_approvals"),
        order=100,
        icon="time",
        urgent=True,
    )


@hooks.register(OFFICE_DASHBOARD_HOOK)
def overrides_dashboard_item(user):
    """The office's dashboard: assignments made although the checks refused, lately."""
    days = field_selectors.RECENT_OVERRIDE_DAYS
    return DashboardItem(
        label=_("Overrides granted in the last 30 days"),
        count=partial(field_selectors.recent_overrides_count, user, days=days),
        url=reverse("overrides:index") + f"?granted_within={days}",
        order=200,
        icon="warning",
    )


@hooks.register(OFFICE_DASHBOARD_HOOK)
def licences_expiring_dashboard_item(user):
    """The office's dashboard: active licences expiring within 30 days."""
    days = field_selectors.EXPIRING_WITHIN_DAYS
    return DashboardItem(
        label=_("Licences expiring within 30 days"),
        count=partial(field_selectors.licences_expiring_count, user),
        url=reverse("accreditation_licences") + f"?expiring={days}",
        order=300,
        icon="success",
    )
