"""Actions of the office that need a permission check and an audit entry every time."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accreditation import tasks
from accreditation.models import CourseAccreditation, OfficeAccreditationTaskState
from accreditation.permissions import may_reverse_entry
from accreditation.services import HoursRefused, hours_entry_reverse
from audit.decisions import Decision
from audit.services import audit_record
from certificates.models import CertificateBatch
from certificates.services import certificate_batch_create
from lms.roles import is_office_staff, section_of


class AccreditCourse:
    """Record the office's credit hours for a course. Only office staff, never the course's
    own author; the accreditation row keeps who, when, how many hours and why."""

    def __init__(
        self,
        *,
        course,
        user,
        credit_hours: Decimal,
        comment: str = "",
        task_state: OfficeAccreditationTaskState | None = None,
    ):
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
        accreditation = CourseAccreditation.objects.create(
            course_key=self.course.translation_key,
            credit_hours=self.credit_hours,
            proposed_credit_hours=self.course.proposed_credit_hours,
            accredited_by=self.user,
            comment=self.comment,
            task_state=self.task_state,
        )
        audit_record(
            action=Decision.COURSE_ACCREDIT,
            actor=self.user,
            obj=accreditation,
            reason=self.comment,
            before={"proposed_credit_hours": self.course.proposed_credit_hours},
            after={"credit_hours": self.credit_hours, "course": self.course.title},
        )
        return accreditation


class BulkIssueStatements:
    """Office staff issue the hours statements of a season and/or an organisation at once,
    for the volunteers of their section when they are limited to one. The batch records who
    asked, when and for which section; a Celery task issues and renders them."""

    def __init__(self, *, user, season: int | None = None, organisation=None):
        self.user = user
        self.season = season
        self.organisation = organisation

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff issue certificates in bulk."))
        if not self.season and self.organisation is None:
            raise ValidationError(_("Choose a season, an organisation or both."))

    @transaction.atomic
    def execute(self) -> CertificateBatch:
        self.check()
        batch = certificate_batch_create(
            season=self.season,
            organisation=self.organisation,
            requested_by=self.user,
            section=section_of(self.user),
        )
        audit_record(
            action=Decision.STATEMENTS_BULK_ISSUE,
            actor=self.user,
            obj=batch,
            after={"season": self.season, "organisation": self.organisation},
        )
        transaction.on_commit(lambda: tasks.certificate_batch_issue.delay(batch.pk))
        return batch


class ReverseHoursEntry:
    """Office staff correct the ledger with a reversing entry and a reason."""

    def __init__(self, *, entry, user, reason: str):
        self.entry = entry
        self.user = user
        self.reason = reason

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff correct the hours ledger."))
        if not may_reverse_entry(self.user, self.entry):
            raise PermissionDenied(_("This ledger line belongs to the other section."))

    @transaction.atomic
    def execute(self):
        self.check()
        try:
            reversal = hours_entry_reverse(entry=self.entry, actor=self.user, reason=self.reason)
        except HoursRefused as error:
            raise ValidationError(str(error)) from error
        audit_record(
            action=Decision.HOURS_REVERSE,
            actor=self.user,
            obj=self.entry,
            section=self.entry.section,
            reason=self.reason,
            before={"hours": self.entry.hours, "status": self.entry.status},
            after={"reversal": reversal.pk, "hours": reversal.hours},
        )
        return reversal
