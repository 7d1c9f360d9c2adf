from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accreditation import admin_views
from accreditation.demo import (
    accredit_demo_courses,
    load_demo_field_service,
    load_demo_hours,
    load_service_categories,
)
from accreditation.models import Deployment, FieldRole, LicencePolicy, ServiceCategory
from accreditation.selectors import credit_hours_by_course
from accreditation.services import catalogue_setup, course_certificate_issue, training_credit
from lms.roles import is_office_staff


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "tag"
    menu_label = _("Service categories")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name_ar", "name_en", "hourly_value_sar", "value_is_assumption"]
    search_fields = ["name_ar", "name_en", "slug"]


register_snippet(ServiceCategoryViewSet)


@hooks.register("manara_load_demo")
def load_demo_service_categories(stdout) -> None:
    count = load_service_categories()
    stdout.write(f"  service categories: {count}")
    accredit_demo_courses()
    stdout.write("  courses accredited by the office")
    stdout.write(f"  approved field hours: {load_demo_hours()} entries")
    stdout.write(f"  deployments: {load_demo_field_service()}")


@hooks.register("course_credit_hours")
def course_credit_hours(course_keys) -> dict:
    return credit_hours_by_course(course_keys)


@hooks.register("after_create_page")
def attach_office_accreditation(request, page) -> None:
    """A new course catalogue goes through the office's accreditation, and trainers may write
    courses in it (but not publish them)."""
    from courses.models import CourseIndexPage

    if isinstance(page.specific, CourseIndexPage):
        catalogue_setup(page=page)


@hooks.register("course_completed")
def credit_completed_course(enrolment, completion) -> None:
    """Courses announce a completion; the office credits its accredited hours (once per
    completion) and issues the completion certificate, inside the same transaction."""
    credited = training_credit(completion=completion)
    course_certificate_issue(completion=completion, credited=credited)


@hooks.register("register_admin_urls")
def office_admin_urls():
    return [
        path("accreditation/hours/", admin_views.hours_report, name="accreditation_report"),
        path(
            "accreditation/hours/csv/",
            admin_views.hours_report_csv,
            name="accreditation_report_csv",
        ),
        path(
            "accreditation/hours/xlsx/",
            admin_views.hours_report_xlsx,
            name="accreditation_report_xlsx",
        ),
        path("accreditation/ledger/", admin_views.ledger, name="accreditation_ledger"),
        path(
            "accreditation/ledger/<int:pk>/reverse/",
            admin_views.entry_reverse,
            name="accreditation_entry_reverse",
        ),
        path(
            "accreditation/certificates/",
            admin_views.certificates,
            name="accreditation_certificates",
        ),
        path(
            "accreditation/certificates/<int:pk>/",
            admin_views.certificate_detail,
            name="accreditation_certificate",
        ),
        path("accreditation/bulk/", admin_views.bulk_issue, name="accreditation_bulk_issue"),
        path(
            "accreditation/bulk/<int:pk>/", admin_views.batch_progress, name="accreditation_batch"
        ),
        path("accreditation/licences/", admin_views.licences, name="accreditation_licences"),
        path(
            "accreditation/licences/<int:pk>/change/",
            admin_views.licence_change,
            name="accreditation_licence_change",
        ),
    ]


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office_staff(request.user)


@hooks.register("register_admin_menu_item")
def accreditation_menu():
    items = [
        OfficeMenuItem(
            _("Volunteer hours"), reverse("accreditation_report"), icon_name="table", order=100
        ),
        OfficeMenuItem(
            _("Hours ledger"), reverse("accreditation_ledger"), icon_name="list-ul", order=200
        ),
        OfficeMenuItem(
            _("Certificates"),
            reverse("accreditation_certificates"),
            icon_name="doc-full",
            order=300,
        ),
        OfficeMenuItem(
            _("Licences"), reverse("accreditation_licences"), icon_name="success", order=400
        ),
    ]
    return SubmenuMenuItem(_("Accreditation"), Menu(items=items), icon_name="success", order=250)


class FieldRoleViewSet(SnippetViewSet):
    model = FieldRole
    icon = "user"
    menu_label = _("Field roles")
    list_display = ["name_ar", "name_en", "category", "section"]
    search_fields = ["name_ar", "name_en"]


class DeploymentViewSet(SnippetViewSet):
    model = Deployment
    icon = "date"
    menu_label = _("Deployments")
    list_display = ["role", "service_point", "section", "starts_on", "ends_on", "capacity"]
    list_filter = ["section", "season"]
    panels = [
        FieldPanel("role"),
        FieldPanel("service_point"),
        FieldPanel("organisation"),
        FieldPanel("section"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("capacity"),
    ]


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


# --- Site menu -------------------------------------------------------------------------
# TEMPORARY HOME, for the integrator to move into field/permissions.py (deployments,
# attendance) and its wagtail_hooks.py while accreditation is split. The two rules are the
# bodies of the former template filters in lms/templatetags/manara.py, unchanged.


def may_plan_deployments(user) -> bool:
    """Office staff and team leaders see deployments and their rosters."""
    from lms.roles import Role, has_role

    return is_office_staff(user) or has_role(user, Role.TEAM_LEADER)


def may_decide_attendance(user) -> bool:
    """Section deputies confirm field attendance and office staff approve it."""
    from lms.roles import Role, has_role

    return is_office_staff(user) or has_role(user, Role.SECTION_DEPUTY)


@hooks.register("register_site_menu_item")
def field_service_menu_items():
    """My hours for everyone signed in; deployments and attendance by the rules above."""
    from lms.menu import SiteMenuItem

    return [
        SiteMenuItem(label=_("My hours and certificates"), url_name="my_hours", order=400),
        SiteMenuItem(
            label=_("Deployments"),
            url_name="deployments",
            order=500,
            shown_to=may_plan_deployments,
        ),
        SiteMenuItem(
            label=_("Attendance to approve"),
            url_name="attendance_approvals",
            order=600,
            shown_to=may_decide_attendance,
        ),
    ]
