"""Moderation by office staff. Each action checks who acts and why, changes what it must,
and writes a ModerationEntry (who, when, what, why) in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import rules
from forums.models import Board, ModerationEntry, Post, Report, Topic
from forums.search import post_hidden_set, topic_board_copy
from lms.models import User


class ModerationAction:
    """``check()`` raises PermissionDenied or ValidationError; ``execute()`` checks, acts
    and records the entry, all or nothing."""

    reason_required = True

    def __init__(self, *, user: User, reason: str = ""):
        self.user = user
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not rules.may_moderate(self.user):
            raise PermissionDenied(_("Only office staff moderate the forums."))
        if self.reason_required and not self.reason:
            raise ValidationError(_("Give a reason: the audit log keeps it."))
        if len(self.reason) > 500:
            raise ValidationError(_("Keep the reason under 500 characters."))

    @transaction.atomic
    def execute(self):
        self.check()
        return self.apply()

    def apply(self):  # pragma: no cover - every action defines it
        raise NotImplementedError

    def record(self, action: str, *, topic: Topic, post: Post | None = None, **extra):
        return ModerationEntry.objects.create(
            actor=self.user, action=action, topic=topic, post=post, reason=self.reason, **extra
        )


class HidePost(ModerationAction):
    """Hide a post from members, with the reason they will see in its place."""

    def __init__(self, *, post: Post, user: User, reason: str = "", report: Report | None = None):
        super().__init__(user=user, reason=reason)
        self.post = post
        self.report = report

    def check(self) -> None:
        super().check()
        if self.post.is_hidden:
            raise ValidationError(_("This post is already hidden."))

    def apply(self) -> Post:
        post = self.post
        post.is_hidden, post.hidden_reason = True, self.reason
        post.hidden_by, post.hidden_at = self.user, timezone.now()
        post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        post_hidden_set(post=post)
        self.record(ModerationEntry.Action.HIDE, topic=post.topic, post=post, report=self.report)
        return post


class UnhidePost(ModerationAction):
    def __init__(self, *, post: Post, user: User, reason: str = ""):
        super().__init__(user=user, reason=reason)
        self.post = post

    def check(self) -> None:
        super().check()
        if not self.post.is_hidden:
            raise ValidationError(_("This post is not hidden."))

    def apply(self) -> Post:
        post = self.post
        post.is_hidden, post.hidden_reason, post.hidden_by, post.hidden_at = False, "", None, None
        post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        post_hidden_set(post=post)
        self.record(ModerationEntry.Action.UNHIDE, topic=post.topic, post=post)
        return post


class SetTopicFlag(ModerationAction):
    """Lock or unlock, pin or unpin a topic. Pinning needs no reason; locking does."""

    FLAGS = {
        ("is_locked", True): ModerationEntry.Action.LOCK,
        ("is_locked", False): ModerationEntry.Action.UNLOCK,
        ("is_pinned", True): ModerationEntry.Action.PIN,
        ("is_pinned", False): ModerationEntry.Action.UNPIN,
    }

    def __init__(self, *, topic: Topic, user: User, flag: str, value: bool, reason: str = ""):
        super().__init__(user=user, reason=reason)
        if (flag, value) not in self.FLAGS:
            raise ValueError(flag)
        self.topic, self.flag, self.value = topic, flag, value
        self.reason_required = flag == "is_locked"

    def check(self) -> None:
        super().check()
        if getattr(self.topic, self.flag) == self.value:
            raise ValidationError(_("The topic is already like that."))

    def apply(self) -> Topic:
        setattr(self.topic, self.flag, self.value)
        self.topic.save(update_fields=[self.flag])
        self.record(self.FLAGS[(self.flag, self.value)], topic=self.topic)
        return self.topic


class MoveTopic(ModerationAction):
    """Move a topic to another board; the boards' counters follow it."""

    def __init__(self, *, topic: Topic, user: User, board: Board, reason: str = ""):
        super().__init__(user=user, reason=reason)
        self.topic, self.board = topic, board

    def check(self) -> None:
        super().check()
        if self.board.pk == self.topic.board_id:
            raise ValidationError(_("The topic is already on that board."))

    def apply(self) -> Topic:
        topic = Topic.objects.select_for_update().get(pk=self.topic.pk)
        source = topic.board_id
        Board.objects.filter(pk=source).update(
            topic_count=F("topic_count") - 1, post_count=F("post_count") - topic.post_count
        )
        Board.objects.filter(pk=self.board.pk).update(
            topic_count=F("topic_count") + 1, post_count=F("post_count") + topic.post_count
        )
        topic.board = self.board
        topic.save(update_fields=["board"])
        topic_board_copy(topic=topic)
        self.topic.board = self.board
        self.record(
            ModerationEntry.Action.MOVE,
            topic=topic,
            details={"from_board": source, "to_board": self.board.pk},
        )
        return topic


class HandleReport(ModerationAction):
    """Close a member's report: hide the post (with the reason) or dismiss the report.
    Every other open report of the same post is closed with it."""

    def __init__(self, *, report: Report, user: User, hide: bool, reason: str = ""):
        super().__init__(user=user, reason=reason)
        self.report, self.hide = report, hide

    def check(self) -> None:
        super().check()
        if self.report.status != Report.Status.OPEN:
            raise ValidationError(_("This report has already been handled."))

    def apply(self) -> Report:
        report = (
            Report.objects.select_for_update().select_related("post__topic").get(pk=self.report.pk)
        )
        if report.status != Report.Status.OPEN:
            raise ValidationError(_("This report has already been handled."))
        post = report.post
        status = Report.Status.RESOLVED if self.hide else Report.Status.DISMISSED
        if self.hide and not post.is_hidden:
            HidePost(post=post, user=self.user, reason=self.reason, report=report).apply()
        Report.objects.filter(post=post, status=Report.Status.OPEN).update(
            status=status, handled_by=self.user, handled_at=timezone.now(), note=self.reason
        )
        action = ModerationEntry.Action.RESOLVE if self.hide else ModerationEntry.Action.DISMISS
        self.record(action, topic=post.topic, post=post, report=report)
        report.refresh_from_db()
        self.report = report
        return report
