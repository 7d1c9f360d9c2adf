"""Celery tasks of field service: thin, keyed by primary key, idempotent and safe to retry.

The task names are those the tasks had when field service lived in ``accreditation``:
messages already queued, and the beat schedule, keep finding them."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from field import notices, rosters
from field.models import Deployment


@shared_task(
    name="accreditation.tasks.deployment_recheck_task",
    autoretry_for=(Exception,),
    retry_backoff=5,
    max_retries=5,
)
def deployment_recheck_task(deployment_id: int) -> int:
    return rosters.deployment_recheck(deployment_id=deployment_id)


def deployments_starting_recheck(*, today=None) -> int:
    """Queue the roster check of every deployment that starts today."""
    today = today or timezone.localdate()
    pks = list(Deployment.objects.filter(starts_on=today).values_list("pk", flat=True))
    for pk in pks:
        transaction.on_commit(lambda pk=pk: deployment_recheck_task.delay(pk))
    return len(pks)


@shared_task(name="accreditation.tasks.deployments_starting_today")
def deployments_starting_today() -> int:
    """Periodic: check the rosters of the deployments that start today."""
    return deployments_starting_recheck()


@shared_task(name="accreditation.tasks.readiness_reminders")
def readiness_reminders() -> int:
    """Periodic: remind volunteers whose requirements expire around their deployment."""
    return rosters.readiness_reminders()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def application_notice_task(application_id: int, event: str) -> int:
    """Tell a volunteer what became of their application (accepted, moved up the waiting
    list, declined, cancelled), by email in their language."""
    return notices.application_notice_send(application_id=application_id, event=event)
