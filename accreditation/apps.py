from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    """Service categories, course accreditation, the hours ledger and its reports (DESIGN.md)."""

    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        # Course certificates and hours statements are kinds of credential.
        from accreditation import credentials  # noqa: F401
        from accreditation.actions import AccreditCourse
        from accreditation.forms import AccreditCourseForm, SendBackForm
        from accreditation.models import OfficeAccreditationTask

        OfficeAccreditationTask.plug_in(
            action_forms={"approve": AccreditCourseForm, "reject": SendBackForm},
            accredit_course=AccreditCourse,
        )
