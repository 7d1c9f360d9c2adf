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
    ignore_result=True,  # nobody reads it; the certificate's row says whether it is rendered
)
def certificate_render(certificate_id: int) -> bool:
    return rendering.certificate_render(certificate_id=certificate_id)


# Certificates rendered by one task when many are queued at once (a bulk issue, the sweep):
# one message and one read per chunk instead of per certificate, and still small enough
# that two workers share a bulk issue evenly and a lost worker's chunk is soon done again.
RENDER_CHUNK = 50


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
    ignore_result=True,
)
def certificates_render(certificate_ids: list[int]) -> int:
    return rendering.certificates_render(certificate_ids=certificate_ids)


def queue_unrendered(*, batch_id: int | None = None) -> int:
    """Queue the rendering of every certificate without its PDF (of one bulk issue, or all),
    in chunks of ``RENDER_CHUNK``."""
    missing = Certificate.objects.filter(rendered_at__isnull=True)
    if batch_id is not None:
        missing = missing.filter(batch_id=batch_id)
    pks = list(missing.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), RENDER_CHUNK):
        certificates_render.delay(pks[start : start + RENDER_CHUNK])
    return len(pks)


@shared_task(name="accreditation.tasks.certificates_render_missing")
def certificates_render_missing() -> int:
    """Queue every certificate still without its PDF (periodic: nothing is lost when a worker
    dies or a message is dropped)."""
    return queue_unrendered()
