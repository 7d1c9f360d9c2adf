"""Writes of the forums: topics, posts, edits, reading, subscriptions, reports.

Every service is atomic and checks the rules itself (who may post where, the edit window,
locks, the posting rate), so a view cannot forget one. Emails are queued with
``transaction.on_commit``: a post that is rolled back notifies nobody.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File as DjangoFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from filer.models import File, Folder

from forums import markdown, rules
from forums.models import (
    Board,
    Post,
    PostAttachment,
    PostMention,
    Report,
    Subscription,
    Topic,
    TopicRead,
)
from forums.search import post_index
from forums.tasks import post_notify
from lms.models import User
from lms.ratelimit import count_in_window
from lms.roles import with_roles


class ForumError(Exception):
    """A refusal to show the person, already in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PostingTooFast(ForumError):
    pass


@dataclass(frozen=True)
class Upload:
    """A validated attachment: its name and an open file (see forms.AttachmentField)."""

    name: str
    file: DjangoFile


# Reading ---------------------------------------------------------------------------------


def _require_reader(user: User, board: Board) -> None:
    if not rules.may_read_board(user, board):
        raise PermissionDenied(_("You may not read this board."))


def _require_poster(user: User, topic: Topic | None, board: Board) -> None:
    _require_reader(user, board)
    if not board.is_active:
        raise ForumError(_("This board is closed: nobody can post in it any more."))
    if topic is not None and topic.is_locked and not rules.may_moderate(user):
        raise ForumError(_("This topic is locked: nobody can reply to it any more."))


def _rate_check(user: User) -> None:
    """At most N posts per window per person, counted in the shared cache so every web
    process sees the same count. Raises PostingTooFast with the seconds to wait."""
    allowed, seconds = settings.MANARA_FORUM_POST_RATE
    used, wait = count_in_window(f"forums:posts:{user.pk}", seconds)
    if used > allowed:
        raise PostingTooFast(
            ngettext(
                "You are posting too quickly. Wait %(seconds)d second and try again.",
                "You are posting too quickly. Wait %(seconds)d seconds and try again.",
                wait,
            )
            % {"seconds": wait}
        )


def _render_into(post: Post) -> list[str]:
    """Render the Markdown once and store the HTML; return mentions."""
    post.body = post.body.replace("\r\n", "\n")  # browsers send CRLF
    rendered = markdown.render(post.body)
    post.body_html = rendered.html
    return rendered.mentions[: settings.MANARA_FORUM_MAX_MENTIONS]


def _store_mentions(post: Post, addresses: Sequence[str]) -> list[int]:
    """Record whom the post mentions (people who may read its board); return the new ids."""
    if not addresses:
        return []
    board = post.topic.board
    people = readers_among(User.objects.filter(email__in=list(addresses), is_active=True), board)
    known = set(PostMention.objects.filter(post=post).values_list("user_id", flat=True))
    new = [person.pk for person in people if person.pk not in known and person.pk != post.author_id]
    PostMention.objects.bulk_create([PostMention(post=post, user_id=pk) for pk in new])
    return new


def readers_among(people, board: Board) -> list[User]:
    """The people of a queryset who may read ``board``."""
    return [person for person in with_roles(people) if rules.may_read_board(person, board)]


def _attachment_folder() -> Folder:
    folder, _created = Folder.objects.get_or_create(name="Forum attachments", parent=None)
    return folder


def _attach(post: Post, uploads: Sequence[Upload]) -> None:
    if not uploads:
        return
    folder = _attachment_folder()
    for upload in uploads:
        stored = File.objects.create(
            file=DjangoFile(upload.file, name=upload.name),
            original_filename=upload.name,
            name=upload.name,
            folder=folder,
            owner=post.author,
            is_public=False,
        )
        PostAttachment.objects.create(post=post, file=stored)


def _notify_later(post: Post) -> None:
    transaction.on_commit(lambda: post_notify.delay(post_id=post.pk))


@transaction.atomic
def topic_create(
    *,
    board: Board,
    author: User,
    title: str,
    body: str,
    uploads: Sequence[Upload] = (),
    demo_data: bool = False,
) -> Topic:
    """Start a topic with its first post. The author follows the topic from then on.
    ``demo_data`` skips the posting rate and the emails (manage.py load_demo)."""
    _require_poster(author, None, board)
    if not demo_data:
        _rate_check(author)
    now = timezone.now()
    topic = Topic.objects.create(
        board=board,
        title=title.strip(),
        author=author,
        post_count=1,
        last_post_at=now,
        last_post_author=author,
    )
    post = Post(topic=topic, number=1, author=author, body=body)
    mentions = _render_into(post)
    post.save()
    post_index(post=post, title=topic.title)
    _attach(post, uploads)
    _store_mentions(post, mentions)
    Board.objects.filter(pk=board.pk).update(
        topic_count=F("topic_count") + 1, post_count=F("post_count") + 1, last_post_at=now
    )
    Subscription.objects.get_or_create(
        user=author, topic=topic, defaults={"mode": Subscription.Mode.IMMEDIATE}
    )
    if not demo_data:
        _notify_later(post)
    return topic


@transaction.atomic
def post_create(
    *,
    topic: Topic,
    author: User,
    body: str,
    quoted_post: Post | None = None,
    uploads: Sequence[Upload] = (),
    demo_data: bool = False,
) -> Post:
    """Reply to a topic. The post takes the next number in the topic (the topic row is
    locked meanwhile), so pages and "first unread" never count rows."""
    topic = Topic.objects.select_for_update().select_related("board").get(pk=topic.pk)
    _require_poster(author, topic, topic.board)
    if quoted_post is not None and (quoted_post.topic_id != topic.pk or quoted_post.is_hidden):
        raise ForumError(_("You can only quote a visible post of the same topic."))
    if not demo_data:
        _rate_check(author)
    now = timezone.now()
    post = Post(
        topic=topic,
        number=topic.post_count + 1,
        author=author,
        body=body,
        quoted_post=quoted_post,
    )
    mentions = _render_into(post)
    post.save()
    post_index(post=post)
    _attach(post, uploads)
    _store_mentions(post, mentions)
    Topic.objects.filter(pk=topic.pk).update(
        post_count=F("post_count") + 1, last_post_at=now, last_post_author=author
    )
    Board.objects.filter(pk=topic.board_id).update(post_count=F("post_count") + 1, last_post_at=now)
    topic.post_count += 1
    if not demo_data:
        _notify_later(post)
    return post


@transaction.atomic
def post_edit(*, post: Post, editor: User, body: str) -> Post:
    """Change a post's text within the edit window; only newly mentioned people are told."""
    post = Post.objects.select_for_update().select_related("topic__board").get(pk=post.pk)
    _require_reader(editor, post.topic.board)
    refusal = rules.edit_refusal(post=post, user=editor)
    if refusal:
        raise ForumError(refusal)
    post.body = body
    mentions = _render_into(post)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    post_index(post=post, title=post.topic.title if post.number == 1 else "")
    if _store_mentions(post, mentions):
        _notify_later(post)
    return post


@transaction.atomic
def topic_mark_read(*, user: User, topic: Topic, number: int) -> None:
    """Remember that ``user`` has read ``topic`` up to post ``number`` (never backwards).
    Two statements at most: move an existing mark forward, or write the first one."""
    moved = TopicRead.objects.filter(user=user, topic=topic, last_read_number__lt=number).update(
        last_read_number=number
    )
    if not moved:
        # Either no mark yet, or one already at or past ``number`` (which the insert leaves).
        TopicRead.objects.bulk_create(
            [TopicRead(user=user, topic=topic, last_read_number=number)], ignore_conflicts=True
        )


# Subscriptions and reports ---------------------------------------------------------------


@transaction.atomic
def subscription_set(
    *, user: User, mode: str | None, board: Board | None = None, topic: Topic | None = None
) -> Subscription | None:
    """Follow a board or a topic by immediate email or daily digest; ``mode=None`` stops
    following it."""
    if (board is None) == (topic is None):
        raise ValueError("Subscribe to a board or to a topic.")
    _require_reader(user, board or topic.board)
    target = {"board": board} if board is not None else {"topic": topic}
    if mode is None:
        Subscription.objects.filter(user=user, **target).delete()
        return None
    if mode not in Subscription.Mode.values:
        raise ForumError(_("Choose how you want to hear about new posts."))
    subscription, _created = Subscription.objects.update_or_create(
        user=user, **target, defaults={"mode": mode}
    )
    return subscription


@transaction.atomic
def report_create(*, post: Post, reporter: User, reason: str) -> Report:
    """A member reports a post to the moderators; one open report per person and post."""
    _require_reader(reporter, post.topic.board)
    reason = reason.strip()
    if not reason:
        raise ForumError(_("Say what is wrong with the post."))
    if post.author_id == reporter.pk:
        raise ForumError(_("You cannot report your own post."))
    try:
        with transaction.atomic():
            return Report.objects.create(post=post, reporter=reporter, reason=reason)
    except IntegrityError:
        raise ForumError(
            _("You have already reported this post; the moderators will look at it.")
        ) from None
