"""Rendering a certificate's PDF, run by a Celery worker (``certificates.tasks``), and reading
it back as issued for a download."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from certificates.content import certificate_pdf
from certificates.models import Certificate
from certificates.signing import pdf_seal, pdf_seal_holds, signature_holds
from certificates.storage import certificate_storage

logger = logging.getLogger(__name__)


def _digest(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def certificate_render(*, certificate_id: int) -> bool:
    """Render a certificate's PDF into the certificates' private storage, with its digest and
    seal. Idempotent: a certificate already rendered is left alone, and when two workers
    render the same one, the first to record its file wins and the other's file is removed.
    True if this call stored the PDF."""
    certificate = Certificate.objects.select_related("holder").filter(pk=certificate_id).first()
    if certificate is None or certificate.rendered_at is not None:
        return False
    return _render_and_store(certificate)


class RenderingFailed(Exception):
    """Some certificates of a chunk could not be rendered; the others were stored."""


def certificates_render(*, certificate_ids: list[int]) -> int:
    """Render the PDFs of many certificates (a bulk issue's chunk), read in one query, each
    stored and recorded as ``certificate_render`` does. Those already rendered are skipped,
    so a chunk run again (a retry, a lost worker) renders only what it had not. One that
    fails does not hold back the rest: each is tried, and RenderingFailed is raised at the
    end, naming those that failed, so the task retries them. Returns how many were stored."""
    waiting = (
        Certificate.objects.select_related("holder")
        .filter(pk__in=certificate_ids, rendered_at__isnull=True)
        .order_by("pk")
    )
    stored, failed = 0, []
    for certificate in waiting:
        try:
            stored += _render_and_store(certificate)
        except Exception:
            logger.exception("Certificate %s: rendering failed", certificate.code)
            failed.append(certificate.pk)
    if failed:
        raise RenderingFailed(failed)
    return stored


def _render_and_store(certificate: Certificate) -> bool:
    pdf = certificate_pdf(certificate)
    digest = _digest(pdf)
    storage = certificate_storage()
    name = storage.save(f"{certificate.code}.pdf", ContentFile(pdf))
    recorded = Certificate.objects.filter(pk=certificate.pk, rendered_at__isnull=True).update(
        pdf_file=name,
        pdf_sha256=digest,
        pdf_seal=pdf_seal(certificate.code, digest),
        rendered_at=timezone.now(),
    )
    if not recorded:
        storage.delete(name)
        return False
    return True


def certificate_pdf_as_issued(certificate) -> bytes | None:
    """The certificate's PDF exactly as issued, or None when it cannot be vouched for.

    The stored bytes are served when their SHA-256 is the sealed digest. A file changed or
    lost in storage is rendered again (rendering is deterministic) and put back when the new
    bytes match the seal; a record whose seal or signature fails gives None."""
    if not certificate.pdf_file or not pdf_seal_holds(certificate):
        return None
    try:
        with certificate.pdf_file.open("rb") as stored:
            pdf = stored.read()
    except OSError:
        pdf = b""
    if _digest(pdf) == certificate.pdf_sha256:
        return pdf
    logger.warning("Certificate %s: stored PDF does not match its digest", certificate.code)
    if not signature_holds(certificate):
        return None
    pdf = certificate_pdf(certificate)
    if _digest(pdf) != certificate.pdf_sha256:
        return None
    storage = certificate_storage()
    storage.delete(certificate.pdf_file.name)
    storage.save(certificate.pdf_file.name, ContentFile(pdf))
    return pdf
