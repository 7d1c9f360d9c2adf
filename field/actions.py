"""Decisions on field attendance: each checks who may take it, and keeps who and when."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.decisions import Decision
from audit.services import audit_record
from field.models import Attendance
from field.permissions import (
    may_approve_attendance,
    may_confirm_attendance,
    may_return_attendance,
    may_withdraw_attendance,
    recorded_it,
    serves_in_it,
)
from field.services import AttendanceRefused, attendance_check_approvable, attendance_credit
from lms.roles import is_office_staff


def _record(decision, attendance, user, *, after: str, reason: str = "") -> None:
    audit_record(
        action=decision,
        actor=user,
        obj=attendance,
        section=attendance.assignment.deployment.section,
        reason=reason,
        before={"status": attendance.status, "hours": attendance.hours},
        after={"status": after},
    )


def four_eyes(user, attendance) -> None:
    """Refuse, saying why, the person who recorded the attendance or whose attendance it
    is (``field.permissions`` holds the rule; this gives the reason)."""
    if recorded_it(user, attendance):
        name = attendance.assignment.volunteer.display_name
        raise PermissionDenied(
            _(
                "You recorded the attendance of %(name)s on %(day)s: someone else confirms "
                "and approves it."
            )
            % {"name": name, "day": attendance.day.isoformat()}
        )
    if serves_in_it(user, attendance):
        raise PermissionDenied(
            _("The attendance of %(day)s is your own: someone else confirms and approves it.")
            % {"day": attendance.day.isoformat()}
        )


class ConfirmAttendance:
    """The section's deputy confirms recorded attendance (the women's section deputies for
    women's deployments); confirmation is the second of three stages."""

    def __init__(self, *, attendance: list, user):
        self.attendance = attendance
        self.user = user

    def check(self) -> None:
        for item in self.attendance:
            four_eyes(self.user, item)
            if not may_confirm_attendance(self.user, item):
                raise PermissionDenied(_("Only the section's deputies confirm attendance."))
            if item.status != item.Status.RECORDED:
                raise ValidationError(_("Only recorded attendance can be confirmed."))

    @transaction.atomic
    def execute(self) -> int:
        self.check()
        confirmed = 0
        for item in self.attendance:
            changed = Attendance.objects.filter(
                pk=item.pk, status=Attendance.Status.RECORDED
            ).update(
                status=Attendance.Status.CONFIRMED,
                confirmed_by=self.user,
                confirmed_at=timezone.now(),
            )
            if changed:
                _record(Decision.ATTENDANCE_CONFIRM, item, self.user, after="confirmed")
            confirmed += changed
        return confirmed


class ReturnAttendance:
    """The deputy sends recorded attendance back to the leader with a reason, instead of
    confirming it: it stops counting, and the leader sees why and can record it again."""

    def __init__(self, *, attendance: list, user, reason: str):
        self.attendance = attendance
        self.user = user
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not self.reason:
            raise ValidationError(_("Give the reason for sending it back."))
        for item in self.attendance:
            four_eyes(self.user, item)
            if not may_return_attendance(self.user, item):
                if item.status != item.Status.RECORDED:
                    raise ValidationError(_("Only recorded attendance can be sent back."))
                raise PermissionDenied(_("Only the section's deputies send attendance back."))

    @transaction.atomic
    def execute(self) -> int:
        self.check()
        returned = 0
        for item in self.attendance:
            changed = Attendance.objects.filter(
                pk=item.pk, status=Attendance.Status.RECORDED
            ).update(
                status=Attendance.Status.RETURNED,
                decided_by=self.user,
                decided_at=timezone.now(),
                decision_reason=self.reason,
            )
            if changed:
                _record(
                    Decision.ATTENDANCE_RETURN,
                    item,
                    self.user,
                    after="returned",
                    reason=self.reason,
                )
            returned += changed
        return returned


class WithdrawAttendance:
    """The leader (or office staff) withdraws attendance they recorded before the deputy
    confirms it: a mistake taken back, kept in the trail, not counted."""

    def __init__(self, *, attendance: Attendance, user):
        self.attendance = attendance
        self.user = user

    def check(self) -> None:
        if self.attendance.status != Attendance.Status.RECORDED:
            raise ValidationError(_("Only attendance not yet confirmed can be withdrawn."))
        if not may_withdraw_attendance(self.user, self.attendance):
            raise PermissionDenied(_("You may not withdraw this attendance."))

    @transaction.atomic
    def execute(self) -> bool:
        self.check()
        changed = Attendance.objects.filter(
            pk=self.attendance.pk, status=Attendance.Status.RECORDED
        ).update(
            status=Attendance.Status.WITHDRAWN, decided_by=self.user, decided_at=timezone.now()
        )
        if changed:
            _record(Decision.ATTENDANCE_WITHDRAW, self.attendance, self.user, after="withdrawn")
        return bool(changed)


class DecideAttendance:
    """Office staff approve or reject confirmed attendance, one or many at once; a rejection
    needs a reason. Approval writes the hours to the ledger, once."""

    def __init__(self, *, attendance: list, user, approve: bool, reason: str = ""):
        self.attendance = attendance
        self.user = user
        self.approve = approve
        self.reason = (reason or "").strip()

    @property
    def decision(self) -> Decision:
        return Decision.ATTENDANCE_APPROVE if self.approve else Decision.ATTENDANCE_REJECT

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff approve or reject attendance."))
        if not self.approve and not self.reason:
            raise ValidationError(_("Give the reason for rejecting."))
        for item in self.attendance:
            four_eyes(self.user, item)
            if not may_approve_attendance(self.user, item):
                raise PermissionDenied(_("This attendance belongs to the other section."))
            if item.status != item.Status.CONFIRMED:
                raise ValidationError(_("Only attendance the deputy confirmed can be decided."))
            if self.approve:
                try:  # the rules of recording hold at approval too
                    attendance_check_approvable(attendance=item)
                except AttendanceRefused as refusal:
                    raise ValidationError(str(refusal)) from refusal

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
            if changed:
                decision = (
                    Decision.ATTENDANCE_APPROVE if self.approve else Decision.ATTENDANCE_REJECT
                )
                _record(decision, item, self.user, after=status, reason=self.reason)
            decided += changed
        return decided
