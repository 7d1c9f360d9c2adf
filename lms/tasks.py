"""Background jobs of the core. Tasks take plain values, never model instances."""

import smtplib

from celery import shared_task
from django.core.mail import EmailMessage


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def email_send(*, subject: str, body: str, to: list[str], from_email: str | None = None) -> int:
    """Send one already-rendered email; returns how many messages the backend accepted."""
    return EmailMessage(subject=subject, body=body, from_email=from_email, to=to).send()
