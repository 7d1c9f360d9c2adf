"""Emails about new posts: at once to immediate subscribers and mentioned people, or in a
daily digest. Each email is written in its recipient's preferred language.

``post_notify`` records one Notification row per recipient and post under a unique
constraint before it queues the email, so a retried task never tells anyone twice.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template import loader
from django.utils import translation

from forums import rules
from forums.models import Notification, Post, PostMention, Subscription
from forums.selectors import post_path
from lms.models import User
from lms.roles import with_roles
from lms.tasks import email_send

EXCERPT_CHARACTERS = 600
BATCH = 500  # recipients read and written at a time


def _language(user: User) -> str:
    languages = dict(settings.LANGUAGES)
    return user.preferred_language if user.preferred_language in languages else "ar"


def post_url(post: Post, language: str) -> str:
    """The absolute address of a post, on its page of the topic, in ``language``."""
    with translation.override(language):
        return f"{settings.WAGTAILADMIN_BASE_URL}{post_path(post)}"


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_CHARACTERS else text[:EXCERPT_CHARACTERS].rstrip() + "…"


def _queue_email(*, recipient: User, subject_template: str, body_template: str, context: dict):
    language = _language(recipient)
    with translation.override(language):
        context = {**context, "recipient": recipient, "language": language}
        subject = " ".join(loader.render_to_string(subject_template, context).split())
        body = loader.render_to_string(body_template, context)
    transaction.on_commit(
        lambda: email_send.delay(subject=subject, body=body, to=[recipient.email])
    )


@transaction.atomic
def post_notify(*, post: Post) -> int:
    """Tell everyone who should hear of ``post`` and has not yet: immediate subscribers of
    its topic or board, and the people it mentions. Never its author, never someone who may
    not read the board. Returns how many were told now."""
    # Runs of the task for the same post wait for each other here, so the Notification rows
    # read below are all there are.
    post = Post.objects.select_for_update().select_related("topic__board").get(pk=post.pk)
    topic, board = post.topic, post.topic.board
    if post.is_hidden:
        return 0
    mentions = PostMention.objects.filter(post=post).values("user_id")
    subscribers = Subscription.objects.filter(
        Q(topic=topic) | Q(board=board), mode=Subscription.Mode.IMMEDIATE
    ).values("user_id")
    # Subqueries, not lists of ids: a board may have thousands of subscribers.
    wanted = (
        User.objects.filter(Q(pk__in=mentions) | Q(pk__in=subscribers), is_active=True)
        .exclude(pk=post.author_id)
        .exclude(pk__in=Notification.objects.filter(post=post).values("user_id"))
        .annotate(mentioned=Exists(PostMention.objects.filter(post=post, user=OuterRef("pk"))))
        .order_by("pk")
    )
    told, last = 0, 0
    while True:
        batch = with_roles(wanted.filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        last = batch[-1].pk
        people = [person for person in batch if rules.may_read_board(person, board)]
        Notification.objects.bulk_create(
            [
                Notification(
                    post=post,
                    user=person,
                    reason=Notification.Reason.MENTION
                    if person.mentioned
                    else Notification.Reason.SUBSCRIPTION,
                )
                for person in people
            ]
        )
        for person in people:
            _queue_email(
                recipient=person,
                subject_template="forums/email/post_subject.txt",
                body_template="forums/email/post_body.txt",
                context={
                    "post": post,
                    "topic": topic,
                    "board": board,
                    "mentioned": person.mentioned,
                    "excerpt": _excerpt(post.body),
                    "url": post_url(post, _language(person)),
                },
            )
        told += len(people)
    return told


def digest_recipients() -> list[int]:
    """Everyone who follows something by daily digest."""
    return list(
        Subscription.objects.filter(mode=Subscription.Mode.DIGEST)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


@transaction.atomic
def digest_send(*, user: User, until: datetime.datetime) -> int:
    """Send ``user`` one email gathering the posts of their digest subscriptions since the
    last digest (or the day before ``until``), up to ``until``. Safe to run twice for the same
    ``until``: the second run finds nothing new. Returns how many posts it listed."""
    user = with_roles(User.objects.filter(pk=user.pk))[0]
    subscriptions = list(
        Subscription.objects.select_for_update()
        .filter(user=user, mode=Subscription.Mode.DIGEST)
        .filter(Q(digested_until__isnull=True) | Q(digested_until__lt=until))
    )
    if not subscriptions:
        return 0
    day_before = until - datetime.timedelta(days=1)
    wanted = Q(pk__in=[])
    for subscription in subscriptions:
        since = subscription.digested_until or day_before
        target = (
            Q(topic_id=subscription.topic_id)
            if subscription.topic_id
            else Q(topic__board_id=subscription.board_id)
        )
        wanted |= target & Q(created_at__gt=since, created_at__lte=until)
    posts = list(
        Post.objects.filter(wanted, is_hidden=False)
        .filter(topic__board__in=_boards_for(user))
        .exclude(author=user)
        .select_related("topic__board", "author")
        .order_by("topic__board__position", "topic_id", "number")[
            : settings.MANARA_FORUM_DIGEST_MAX_POSTS
        ]
    )
    Subscription.objects.filter(pk__in=[s.pk for s in subscriptions]).update(digested_until=until)
    if not posts:
        return 0
    language = _language(user)
    topics = defaultdict(list)
    for post in posts:
        topics[post.topic].append(
            {"post": post, "excerpt": _excerpt(post.body), "url": post_url(post, language)}
        )
    _queue_email(
        recipient=user,
        subject_template="forums/email/digest_subject.txt",
        body_template="forums/email/digest_body.txt",
        context={"topics": list(topics.items()), "count": len(posts), "until": until},
    )
    return len(posts)


def _boards_for(user: User):
    from forums.models import Board

    return Board.objects.filter(rules.board_filter(user)).values("pk")
