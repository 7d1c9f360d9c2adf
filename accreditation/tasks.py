"""Celery tasks of accreditation: thin, keyed by primary key, idempotent and safe to retry
(``acks_late`` with ``reject_on_worker_lost``: a task whose worker died runs again)."""

from celery import shared_task

from accreditation import services


@shared_task(autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def certificate_batch_issue(batch_id: int) -> int:
    return services.certificate_batch_fill(batch_id=batch_id)
