"""Decisions on field attendance: each checks who may take it, and keeps who and when."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from field.models import Attendance
from field.permissions import may_approve_attendance, may_confirm_attendance
from field.services import attendance_credit
from lms.roles import is_office_staff


class ConfirmAttendance:
    """The section's deputy confirms recorded attendance (the women's section deputies for
    women's deployments); confirmation is the second of three stages."""

    def __init__(self, *, attendance: list, user):
        self.attendance = attendance
        self.user = user

    def check(self) -> None:
        for item in self.attendance:
            if not may_confirm_attendance(self.user, item):
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
            if not may_approve_attendance(self.user, item):
                raise PermissionDenied(_("This attendance belongs to the other section."))
            if item.status != item.Status.CONFIRMED:
                raise ValidationError(_("Only attendance the deputy confirmed can be decided."))

    @transaction.atomic
    def execute(self) -> int:
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
