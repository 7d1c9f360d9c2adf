"""Actions of the office that need a permission check and an audit entry every time."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.models import (
    Attendance,
    Certificate,
    CertificateBatch,
    CourseAccreditation,
    OfficeAccreditationTaskState,
)
from lms.roles import Role, has_role, is_office_staff


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
        return CourseAccreditation.objects.create(
            course_key=self.course.translation_key,
            credit_hours=self.credit_hours,
            proposed_credit_hours=self.course.proposed_credit_hours,
            accredited_by=self.user,
            comment=self.comment,
            task_state=self.task_state,
        )


class RevokeCertificate:
    """Revoke a certificate: office staff only, with a reason; the verification page says
    "revoked" from that moment. A certificate is revoked once."""

    def __init__(self, *, certificate, user, reason: str):
        self.certificate = certificate
        self.user = user
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff revoke certificates."))
        if not self.reason:
            raise ValidationError(_("Give the reason for revoking this certificate."))
        if self.certificate.revoked_at is not None:
            raise ValidationError(_("This certificate is already revoked."))

    @transaction.atomic
    def execute(self):
        self.check()
        now = timezone.now()
        revoked = Certificate.objects.filter(
            pk=self.certificate.pk, revoked_at__isnull=True
        ).update(revoked_at=now, revoked_by=self.user, revocation_reason=self.reason)
        if not revoked:
            raise ValidationError(_("This certificate is already revoked."))
        self.certificate.revoked_at, self.certificate.revoked_by = now, self.user
        self.certificate.revocation_reason = self.reason
        return self.certificate


class BulkIssueStatements:
    """Office staff issue the hours statements of a season and/or an organisation at once.
    The batch records who asked and when; a Celery task issues and renders them."""

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
        from accreditation.tasks import certificate_batch_issue

        self.check()
        batch = CertificateBatch.objects.create(
            season=self.season, organisation=self.organisation, requested_by=self.user
        )
        transaction.on_commit(lambda: certificate_batch_issue.delay(batch.pk))
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

    def execute(self):
        from accreditation.services import HoursRefused, hours_entry_reverse

        self.check()
        try:
            return hours_entry_reverse(entry=self.entry, actor=self.user, reason=self.reason)
        except HoursRefused as error:
            raise ValidationError(str(error)) from error


def _deputy_of(user, section: str) -> bool:
    return has_role(user, Role.SECTION_DEPUTY) and user.staff_section in ("", section)


class ConfirmAttendance:
    """The section's deputy confirms recorded attendance (the women's section deputies for
    women's deployments); confirmation is the second of three stages."""

    def __init__(self, *, attendance: list, user):
        self.attendance = attendance
        self.user = user

    def check(self) -> None:
        for item in self.attendance:
            section = item.assignment.deployment.section
            if not _deputy_of(self.user, section):
                raise PermissionDenied(_("Only the section's deputies confirm attendance."))
            if item.status != item.Status.RECORDED:
                raise ValidationError(_("Only recorded attendance can be confirmed."))

    @transaction.atomic
    def execute(self) -> int:
        self.check()
        return Attendance.objects.filter(
            pk__in=[a.pk for a in self.attendance], status=Attendance.Status.RECORDED
        ).update(
            status=Attendance.Status.CONFIRMED,
            confirmed_by=self.user,
            confirmed_at=timezone.now(),
        )


class DecideAttendance:
    """Office staff approve or reject confirmed attendance, one or many at once; a rejection
    needs a reason. Approval writes the hours to the ledger, once."""

    def __init__(self, *, attendance: list, user, approve: bool, reason: str = ""):
        self.attendance = attendance
        self.user = user
        self.approve = approve
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff approve or reject attendance."))
        if not self.approve and not self.reason:
            raise ValidationError(_("Give the reason for rejecting."))
        for item in self.attendance:
            section = item.assignment.deployment.section
            if self.user.staff_section and self.user.staff_section != section:
                raise PermissionDenied(_("This attendance belongs to the other section."))
            if item.status != item.Status.CONFIRMED:
                raise ValidationError(_("Only attendance the deputy confirmed can be decided."))

    @transaction.atomic
    def execute(self) -> int:
        from accreditation.services import attendance_credit

        self.check()
        status = Attendance.Status.APPROVED if self.approve else Attendance.Status.REJECTED
        decided = 0
        for item in self.attendance:
            changed = Attendance.objects.filter(
                pk=item.pk, status=Attendance.Status.CONFIRMED
            ).update(
                status=status,
                decided_by=self.user,
                decided_at=timezone.now(),
                decision_reason=self.reason,
            )
            if changed and self.approve:
                attendance_credit(attendance=item, actor=self.user)
            decided += changed
        return decided
