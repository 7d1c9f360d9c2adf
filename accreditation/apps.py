from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    """Service categories, course accreditation, the hours ledger and its reports (DESIGN.md)."""

    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # Course certificates and hours statements are kinds of credential.
        from accreditation import credentials  # noqa: F401
        from accreditation.actions import AccreditCourse
        from accreditation.forms import AccreditCourseForm, SendBackForm
        from accreditation.models import CourseAccreditation, OfficeAccreditationTask
        from lms.signal_handlers import pages_shown_changed

        # The accredited hours are shown on cached course pages (lms.pagecache).
        for signal in (post_save, post_delete):
            signal.connect(
                pages_shown_changed,
                sender=CourseAccreditation,
                dispatch_uid=f"accreditation.hours_shown.{signal is post_save}",
            )
        OfficeAccreditationTask.plug_in(
            action_forms={"approve": AccreditCourseForm, "reject": SendBackForm},
            accredit_course=AccreditCourse,
        )
