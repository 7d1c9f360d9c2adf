"""Background jobs of the forums: thin, taking primary keys, safe to retry."""

import datetime

from celery import shared_task
from django.utils import timezone

from forums import notifications
from forums.models import Post
from lms.models import User


@shared_task(acks_late=True)
def post_notify(*, post_id: int) -> int:
    """Email the immediate subscribers and mentioned people of a new post (once each)."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None:  # deleted since
        return 0
    return notifications.post_notify(post=post)


@shared_task(acks_late=True)
def digest_send_all() -> int:
    """The daily digest (CELERY_BEAT_SCHEDULE): one job per person who follows something
    by digest, all covering the same period."""
    until = timezone.now().isoformat()
    recipients = notifications.digest_recipients()
    for user_id in recipients:
        digest_send.delay(user_id=user_id, until=until)
    return len(recipients)


@shared_task(acks_late=True)
def digest_send(*, user_id: int, until: str) -> int:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return notifications.digest_send(user=user, until=datetime.datetime.fromisoformat(until))
