"""Celery tasks of certificates: thin, keyed by primary key, idempotent and safe to retry.

The task names are those the tasks had when certificates lived in ``accreditation``: messages
already queued, and the beat schedule, keep finding them."""

from celery import shared_task

from certificates import rendering
from certificates.models import Certificate


@shared_task(
    name="accreditation.tasks.certificate_render",
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)
def certificate_render(certificate_id: int) -> bool:
    return rendering.certificate_render(certificate_id=certificate_id)


def queue_unrendered(*, batch_id: int | None = None) -> int:
    """Queue the rendering of every certificate without its PDF (of one bulk issue, or all)."""
    missing = Certificate.objects.filter(rendered_at__isnull=True)
    if batch_id is not None:
        missing = missing.filter(batch_id=batch_id)
    pks = list(missing.values_list("pk", flat=True))
    for pk in pks:
        certificate_render.delay(pk)
    return len(pks)


@shared_task(name="accreditation.tasks.certificates_render_missing")
def certificates_render_missing() -> int:
    """Queue every certificate still without its PDF (periodic: nothing is lost when a worker
    dies or a message is dropped)."""
    return queue_unrendered()
