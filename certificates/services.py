"""Writes of certificates: issue, queue the rendering, and the progress of a bulk issue."""

from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from audit.decisions import Decision
from audit.services import audit_record_many
from certificates import tasks
from certificates.models import Certificate, CertificateBatch
from certificates.rendering import certificate_render  # noqa: F401  (a service too)
from certificates.signing import new_code, sign
from lms.models import User


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
    season: int | None = None,
) -> Certificate:
    """A signed certificate, not yet saved: for ``certificate_issue``, ``certificate_supersede``
    and for bulk issues that save many at once. ``season`` (a Hijri year, or
    ``Certificate.ALL_SEASONS``) makes it one of a kind of which a holder has one current
    certificate per season."""
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
        season=season,
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
    _record_issue([certificate], actor=issued_by)
    transaction.on_commit(lambda: tasks.certificate_render.delay(certificate.pk))
    return certificate


def _record_issue(certificates: list[Certificate], *, actor) -> None:
    """Every issue is on the audit trail: what was certified, to whom, by whom."""
    audit_record_many(
        action=Decision.CERTIFICATE_ISSUE,
        actor=actor,
        rows=[
            {
                "obj": certificate,
                "section": certificate.holder.section,
                "after": {"kind": certificate.kind, "season": certificate.season},
            }
            for certificate in certificates
        ],
    )


@transaction.atomic
def certificate_supersede(*, certificate: Certificate, actor=None) -> Certificate:
    """Save a new certificate (from ``certificate_new``, with a season) that replaces the
    holder's current one of its kind and season: the old one is revoked as superseded and
    points to the new one. Its PDF is rendered after the transaction commits."""
    saved = certificates_supersede(certificates=[certificate], actor=actor)
    if saved:
        transaction.on_commit(lambda: tasks.certificate_render.delay(certificate.pk))
        return certificate
    # Already issued to this holder in this bulk issue (a retry): that one stands.
    return Certificate.objects.get(batch=certificate.batch, holder=certificate.holder)


@transaction.atomic
def certificates_supersede(*, certificates: list[Certificate], actor=None) -> list[Certificate]:
    """Save new certificates of one kind and season, each replacing its holder's current one:
    the old are revoked with the reason "superseded" (in the language active now), who did
    it, and a link to the new one. The holders' rows are locked (in order, so two issues do
    not deadlock) and the database holds one current per holder, kind and season, so two
    issues at the same moment leave one current certificate, never two. A holder already
    given one in the same bulk issue (a retry, a second worker) keeps it. Returns the
    certificates saved; their PDFs are left to the caller to queue."""
    if not certificates:
        return []
    kinds = {(c.kind, c.season) for c in certificates}
    if len(kinds) != 1 or None in {season for _kind, season in kinds}:
        raise ValueError("Supersede certificates of one kind and one season at a time.")
    ((kind, season),) = kinds
    holder_ids = sorted({c.holder_id for c in certificates})
    list(User.objects.select_for_update().filter(pk__in=holder_ids).order_by("pk").values("pk"))
    batch_ids = {c.batch_id for c in certificates if c.batch_id is not None}
    given = set(
        Certificate.objects.filter(batch_id__in=batch_ids, holder_id__in=holder_ids).values_list(
            "batch_id", "holder_id"
        )
    )
    certificates = [c for c in certificates if (c.batch_id, c.holder_id) not in given]
    holder_ids = sorted({c.holder_id for c in certificates})
    if not certificates:
        return []
    current = Certificate.objects.filter(
        holder_id__in=holder_ids, kind=kind, season=season, revoked_at__isnull=True
    )
    old_ids = list(current.values_list("pk", flat=True))
    Certificate.objects.filter(pk__in=old_ids).update(
        revoked_at=timezone.now(),
        revoked_by=actor,
        revocation_reason=gettext("Superseded by a newer certificate."),
    )
    Certificate.objects.bulk_create(certificates)
    _record_issue(certificates, actor=actor)
    newer = Certificate.objects.filter(
        holder_id=OuterRef("holder_id"), kind=kind, season=season, revoked_at__isnull=True
    )
    Certificate.objects.filter(pk__in=old_ids).update(
        superseded_by=Subquery(newer.values("pk")[:1])
    )
    superseded = Certificate.objects.filter(pk__in=old_ids).select_related(
        "holder", "superseded_by"
    )
    audit_record_many(
        action=Decision.CERTIFICATE_SUPERSEDE,
        actor=actor,
        reason=gettext("Superseded by a newer certificate."),
        rows=[
            {
                "obj": old,
                "section": old.holder.section,
                "before": {"status": "current"},
                "after": {"status": "superseded", "superseded_by": old.superseded_by.code},
            }
            for old in superseded
        ],
    )
    return certificates


def certificates_mark_for_reissue(*, holder_id: int, kind: str, seasons) -> int:
    """The holder's current certificates of a kind for these seasons no longer match what
    they certify (the ledger changed): mark them, once, so the holder, the office and a
    verifier see that a new one is due. One query."""
    return Certificate.objects.filter(
        holder_id=holder_id,
        kind=kind,
        season__in=list(seasons),
        revoked_at__isnull=True,
        needs_reissue_at__isnull=True,
    ).update(needs_reissue_at=timezone.now())


def certificates_render_queue_missing(*, batch: CertificateBatch | None = None) -> int:
    """Queue the rendering of every certificate that has no PDF yet (of one bulk issue, or
    all). Rendering is idempotent, so queuing one twice costs time, never a duplicate."""
    return tasks.queue_unrendered(batch_id=batch.pk if batch is not None else None)


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
