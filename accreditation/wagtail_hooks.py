from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accreditation import admin_views, selectors
from accreditation.demo import (
    accredit_demo_courses,
    load_demo_hours,
    load_service_categories,
)
from accreditation.models import ServiceCategory
from accreditation.selectors import credit_hours_by_course
from accreditation.services import catalogue_setup, course_certificate_issue, training_credit
from lms.dashboard import OFFICE_DASHBOARD_HOOK, DashboardItem
from lms.home import HOME_PANEL_HOOK, HomePanel
from lms.menu import SiteMenuItem
from lms.office import OfficeMenuItem


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
        path("accreditation/bulk/", admin_views.bulk_issue, name="accreditation_bulk_issue"),
        path(
            "accreditation/bulk/<int:pk>/", admin_views.batch_progress, name="accreditation_batch"
        ),
    ]


@hooks.register("register_office_menu_item")
def hours_menu_item():
    return OfficeMenuItem(
        _("Volunteer hours"), reverse("accreditation_report"), icon_name="table", order=100
    )


@hooks.register("register_office_menu_item")
def ledger_menu_item():
    return OfficeMenuItem(
        _("Hours ledger"), reverse("accreditation_ledger"), icon_name="list-ul", order=200
    )


@hooks.register("register_admin_menu_item")
def accreditation_menu():
    """The office's submenu: its entries come from every app that registers one
    (``register_office_menu_item``): hours and ledger here, certificates, licences."""
    office = Menu(register_hook_name="register_office_menu_item")
    return SubmenuMenuItem(_("Accreditation"), office, icon_name="success", order=250)


@hooks.register("register_site_menu_item")
def hours_site_menu_item():
    return SiteMenuItem(label=_("My hours and certificates"), url_name="my_hours", order=400)


@hooks.register(HOME_PANEL_HOOK)
def hours_home_panel(user):
    """Home: the hours of this season so far."""
    from accreditation.selectors import hours_this_season

    return HomePanel("accreditation/includes/home_hours.html", 300, hours_this_season(user))


@hooks.register(OFFICE_DASHBOARD_HOOK)
def accreditation_tasks_dashboard_item(user):
    """The office's dashboard: courses waiting for the office's accreditation."""
    return DashboardItem(
        label=_("Courses waiting for accreditation"),
        count=partial(selectors.accreditation_tasks_waiting_count, user),
        url=reverse("wagtailadmin_reports:workflow_tasks") + "?reviewable=true&status=in_progress",
        order=500,
        icon="tasks",
        urgent=True,
    )
