from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accreditation.demo import accredit_demo_courses, load_service_categories
from accreditation.models import ServiceCategory
from accreditation.selectors import credit_hours_by_course
from accreditation.services import catalogue_setup


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
