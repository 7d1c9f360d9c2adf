"""The office's decision on a volunteer's photo for their licence card: approve it (it prints
on every card from then on) or reject it with a reason the volunteer reads. Each decision is
one action object, checked and audited as the licence decisions are. The photo itself lives
in ``lms`` (``lms.photos``), which imports no other app, so the audit entry is written here."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from audit.decisions import Decision
from audit.services import audit_record
from lms.models import VolunteerPhoto
from lms.permissions import may_decide_photo
from lms.photos import photo_decide


class DecidePhoto:
    """Office staff of the volunteer's section approve or reject a waiting photo; rejecting
    needs a reason. Nobody decides on their own photo."""

    def __init__(self, *, photo: VolunteerPhoto, user, approve: bool, reason: str = ""):
        self.photo, self.user, self.approve = photo, user, approve
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not may_decide_photo(self.user, self.photo):
            raise PermissionDenied(
                _("Only office staff of the volunteer's section decide on photos.")
            )

    @transaction.atomic
    def execute(self) -> VolunteerPhoto:
        self.check()
        before = {"status": self.photo.status}
        photo = photo_decide(
            photo=self.photo, actor=self.user, approve=self.approve, reason=self.reason
        )
        audit_record(
            action=Decision.PHOTO_APPROVE if self.approve else Decision.PHOTO_REJECT,
            actor=self.user,
            obj=photo,
            section=photo.user.section,
            reason=self.reason,
            before=before,
            after={"status": photo.status},
        )
        return photo
