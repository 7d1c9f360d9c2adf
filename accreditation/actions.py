"""Actions of the office that need a permission check and an audit entry every time."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accreditation.models import CourseAccreditation, OfficeAccreditationTaskState
from lms.roles import is_office_staff


class AccreditCourse:
    """Record the office's credit hours for a course. Only office staff, never the course's
    own author; the accreditation row keeps who, when, how many hours and why."""

    def __init__(self, *, course, user, credit_hours: Decimal, comment: str = "",
                 task_state: OfficeAccreditationTaskState | None = None):  # fmt: skip
        self.course = course
        self.user = user
        self.credit_hours = Decimal(credit_hours)
        self.comment = comment
        self.task_state = task_state

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff accredit courses."))
        if self.course.owner_id == self.user.pk and not self.user.is_superuser:
            raise PermissionDenied(_("Nobody may accredit a course they wrote."))
        if self.credit_hours < Decimal("0.5"):
            raise PermissionDenied(_("Accredited hours must be at least half an hour."))

    @transaction.atomic
    def execute(self) -> CourseAccreditation:
        self.check()
        if self.task_state is not None:
            self.task_state.credit_hours = self.credit_hours
            self.task_state.save(update_fields=["credit_hours"])
        return CourseAccreditation.objects.create(
            course_key=self.course.translation_key,
            credit_hours=self.credit_hours,
            proposed_credit_hours=self.course.proposed_credit_hours,
            accredited_by=self.user,
            comment=self.comment,
            task_state=self.task_state,
        )
