"""Writes of certificates: issue, queue the rendering, and the progress of a bulk issue."""

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from certificates import tasks
from certificates.models import Certificate, CertificateBatch
from certificates.rendering import certificate_render  # noqa: F401  (a service too)
from certificates.signing import new_code, sign


def certificate_new(
    *,
    kind: str,
    holder,
    payload: dict,
    source_id: int | None = None,
    batch: CertificateBatch | None = None,
    issued_by=None,
    issued_by_id: int | None = None,
    expires_at=None,
    issued_at=None,
) -> Certificate:
    """A signed certificate, not yet saved: for ``certificate_issue`` and for bulk issues
    that save many at once."""
    certificate = Certificate(
        code=new_code(),
        kind=kind,
        holder=holder,
        source_id=source_id,
        language=holder.preferred_language or "ar",
        payload=payload,
        issued_at=issued_at or timezone.now().replace(microsecond=0),
        issued_by=issued_by,
        expires_at=expires_at,
        batch=batch,
    )
    if issued_by_id is not None:
        certificate.issued_by_id = issued_by_id
    certificate.signature = sign(certificate)
    return certificate


@transaction.atomic
def certificate_issue(
    *,
    kind: str,
    holder,
    payload: dict,
    source_id: int | None = None,
    batch: CertificateBatch | None = None,
    issued_by=None,
    expires_at=None,
) -> Certificate:
    """Issue a certificate: a new unguessable code, the payload signed, and its PDF rendered
    by a Celery task after the transaction commits. Issuing again for the same source (or
    the same volunteer in the same bulk issue) returns the certificate already issued."""
    existing = Certificate.objects.filter(kind=kind, source_id=source_id) if source_id else None
    if batch is not None:
        existing = Certificate.objects.filter(batch=batch, holder=holder)
    if existing is not None and (found := existing.first()):
        return found
    certificate = certificate_new(
        kind=kind,
        holder=holder,
        payload=payload,
        source_id=source_id,
        batch=batch,
        issued_by=issued_by,
        expires_at=expires_at,
    )
    try:
        with transaction.atomic():
            certificate.save(force_insert=True)
    except IntegrityError:
        if existing is None:
            raise
        return existing.get()
    transaction.on_commit(lambda: tasks.certificate_render.delay(certificate.pk))
    return certificate


def certificates_render_queue_missing(*, batch: CertificateBatch | None = None) -> int:
    """Queue the rendering of every certificate that has no PDF yet (of one bulk issue, or
    all). Rendering is idempotent, so queuing one twice costs time, never a duplicate."""
    return tasks.queue_unrendered(batch_id=batch.pk if batch is not None else None)


def certificates_bulk_save(certificates: list[Certificate]) -> None:
    """Save signed certificates of one bulk issue at once; those already issued to the same
    holder in the same batch (a retry, a second worker) are skipped by the constraint."""
    with transaction.atomic():
        Certificate.objects.bulk_create(certificates, ignore_conflicts=True)


def certificate_batch_progress(*, batch: CertificateBatch) -> dict:
    counts = batch.certificates.aggregate(
        issued=models.Count("pk"),
        rendered=models.Count("pk", filter=models.Q(rendered_at__isnull=False)),
    )
    total = batch.total or counts["issued"]
    percent = round(100 * counts["rendered"] / total) if total else 100
    done = batch.filled_at is not None and counts["rendered"] >= total
    if batch.filled_at is None:
        percent = 0
    return {"total": total, **counts, "percent": percent, "done": done}


def certificates_revoke(*, kind: str, source_ids, user, reason: str) -> int:
    """Revoke many certificates at once (a licence revoked takes its cards with it)."""
    found = Certificate.objects.filter(kind=kind, source_id__in=source_ids, revoked_at__isnull=True)
    return found.update(revoked_at=timezone.now(), revoked_by=user, revocation_reason=reason)


def certificate_batch_create(
    *, season, organisation, requested_by, section: str = ""
) -> CertificateBatch:
    return CertificateBatch.objects.create(
        season=season, organisation=organisation, requested_by=requested_by, section=section
    )


def certificate_batch_update(*, batch_id: int, **fields) -> None:
    """Record how many a bulk issue covers (``total``) and when all were issued
    (``filled_at``)."""
    CertificateBatch.objects.filter(pk=batch_id).update(**fields)
