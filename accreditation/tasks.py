"""Celery tasks of accreditation: thin, keyed by primary key, idempotent and safe to retry
(``acks_late`` with ``reject_on_worker_lost``: a task whose worker died runs again)."""

from celery import shared_task

from accreditation import services


@shared_task(autoretry_for=(Exception,), retry_backoff=5, retry_backoff_max=300, max_retries=8)
def certificate_render(certificate_id: int) -> bool:
    return services.certificate_render(certificate_id=certificate_id)


@shared_task
def certificates_render_missing() -> int:
    """Queue every certificate still without its PDF (periodic: nothing is lost when a worker
    dies or a message is dropped)."""
    return services.certificates_render_queue_missing()


@shared_task(autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def certificate_batch_issue(batch_id: int) -> int:
    return services.certificate_batch_fill(batch_id=batch_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def deployment_recheck_task(deployment_id: int) -> int:
    return services.deployment_recheck(deployment_id=deployment_id)


@shared_task
def deployments_starting_today() -> int:
    """Periodic: check the rosters of the deployments that start today."""
    return services.deployments_starting_recheck()


@shared_task
def readiness_reminders() -> int:
    """Periodic: remind volunteers whose requirements expire around their deployment."""
    return services.readiness_reminders()
