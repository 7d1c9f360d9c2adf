"""Actions on certificates that need a permission check and a record every time."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.decisions import Decision
from audit.services import audit_record
from certificates.models import Certificate
from certificates.permissions import may_revoke, may_revoke_certificate


class RevokeCertificate:
    """Revoke a certificate: office staff only, with a reason; the verification page says
    "revoked" from that moment. A certificate is revoked once."""

    def __init__(self, *, certificate, user, reason: str):
        self.certificate = certificate
        self.user = user
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not may_revoke(self.user):
            raise PermissionDenied(_("Only office staff revoke certificates."))
        if not may_revoke_certificate(self.user, self.certificate):
            raise PermissionDenied(_("This certificate belongs to the other section."))
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
        audit_record(
            action=Decision.CERTIFICATE_REVOKE,
            actor=self.user,
            obj=self.certificate,
            section=self.certificate.holder.section,
            reason=self.reason,
            before={"status": "issued"},
            after={"status": "revoked"},
        )
        return self.certificate
