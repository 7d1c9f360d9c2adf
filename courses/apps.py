from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Courses as Wagtail pages, enrolment, progress and completion (see DESIGN.md)."""

    name = "courses"
    verbose_name = _("Courses")
