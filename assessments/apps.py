from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Server-graded quizzes and H5P packages with their xAPI results (see DESIGN.md)."""

    name = "assessments"
    verbose_name = _("Assessments")
