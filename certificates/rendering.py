"""Rendering a certificate's PDF, run by a Celery worker (``certificates.tasks``)."""

from django.core.files.base import ContentFile
from django.utils import timezone
from filer.models import File as FilerFile

from certificates.content import certificate_pdf
from certificates.models import Certificate


def certificate_render(*, certificate_id: int) -> bool:
    """Render a certificate's PDF and store it as a private file. Idempotent: a certificate
    already rendered is left alone, and when two workers render the same one, the first to
    record its file wins and the other's file is removed. True if this call stored the PDF."""
    certificate = Certificate.objects.select_related("holder").filter(pk=certificate_id).first()
    if certificate is None or certificate.rendered_at is not None:
        return False
    pdf = certificate_pdf(certificate)
    stored = FilerFile(
        original_filename=f"certificate-{certificate.code}.pdf",
        name=f"{certificate.get_kind_display()} {certificate.code}"[:255],
        is_public=False,
        owner=None,
    )
    stored.file.save(f"certificate-{certificate.code}.pdf", ContentFile(pdf), save=False)
    stored.save()
    recorded = Certificate.objects.filter(pk=certificate.pk, rendered_at__isnull=True).update(
        pdf=stored, rendered_at=timezone.now()
    )
    if not recorded:
        stored.delete()
        return False
    return True
