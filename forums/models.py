"""Team-leader forums: boards, topics, posts, and what each member keeps of them.

Counters (``Board.topic_count``, ``Topic.post_count``) and each post's ``number`` in its
topic are kept by the services, so pages and pagination never count rows. A post's HTML is
rendered and sanitised once, when it is saved (``body_html``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.models import Section


class Board(models.Model):
    """A board and who may read it: every team leader, one section, or one organisation.
    Office staff read and moderate every board; trainers read the boards of their scope."""

    class Scope(models.TextChoices):
        ALL_LEADERS = "all", _("All team leaders")
        SECTION = "section", _("One section")
        ORGANISATION = "organisation", _("One organisation")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    scope = models.CharField(
        _("who may read it"), max_length=12, choices=Scope.choices, default=Scope.ALL_LEADERS
    )
    section = models.CharField(
        _("section"),
        max_length=5,
        choices=Section.choices,
        blank=True,
        help_text=_("Only for boards of one section."),
    )
    organisation = models.ForeignKey(
        "lms.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forum_boards",
        help_text=_("Only for boards of one organisation."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("open"), default=True)
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("forum board")
        verbose_name_plural = _("forum boards")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="all", section="", organisation__isnull=True)
                    | (Q(scope="section", organisation__isnull=True) & ~Q(section=""))
                    | Q(scope="organisation", section="", organisation__isnull=False)
                ),
                name="forums_board_scope_matches",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.scope == self.Scope.SECTION and not self.section:
            raise ValidationError({"section": _("Choose the section this board is for.")})
        if self.scope == self.Scope.ORGANISATION and self.organisation_id is None:
            raise ValidationError({"organisation": _("Choose the organisation this board is for.")})
        if self.scope != self.Scope.SECTION:
            self.section = ""
        if self.scope != self.Scope.ORGANISATION:
            self.organisation = None


class Topic(models.Model):
    # A board with topics cannot be deleted (close it instead): its moderation log would go.
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics"
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(
                fields=["board", "-is_pinned", "-last_post_at", "-id"],
                name="forums_topic_board_idx",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A post: the Markdown its author wrote, and the sanitised HTML made from it once."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField(_("number in the topic"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    body = models.TextField(_("text"), max_length=20_000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    quoted_post = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    attachments = models.ManyToManyField(
        "filer.File", through="PostAttachment", related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="forums_post_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} #{self.number}"


class PostAttachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachment_links")
    file = models.ForeignKey("filer.File", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(fields=["post", "file"], name="forums_attachment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.file_id}"


class PostMention(models.Model):
    """Someone a post mentions; kept so an edit notifies only the newly mentioned."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="forums_mention_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} @{self.user_id}"


class TopicRead(models.Model):
    """How far a member has read a topic: the highest post number they have seen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reads")
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forums_one_read_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.topic_id} to #{self.last_read_number}"


class Subscription(models.Model):
    """A member follows a board or a topic, by immediate email or in a daily digest."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Email me at once")
        DIGEST = "digest", _("Daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    created_at = models.DateTimeField(auto_now_add=True)
    # The end of the period the last digest covered for this subscription.
    digested_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(board__isnull=False, topic__isnull=True)
                | Q(board__isnull=True, topic__isnull=False),
                name="forums_subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "board"],
                condition=Q(board__isnull=False),
                name="forums_one_board_subscription",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="forums_one_topic_subscription",
            ),
        ]
        indexes = [models.Index(fields=["mode", "user"], name="forums_subscription_mode_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.board_id or self.topic_id} ({self.mode})"


class Notification(models.Model):
    """One email about one post to one person: the unique pair is what makes every
    subscriber (or mentioned person) hear of a post once, even when a task is retried."""

    class Reason(models.TextChoices):
        SUBSCRIPTION = "subscription", _("subscription")
        MENTION = "mention", _("mention")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forums_notify_once")]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.user_id}"


class Report(models.Model):
    """A member's report of a post to the moderators, and how the office handled it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        RESOLVED = "resolved", _("Post hidden")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("what is wrong"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="forums_one_open_report",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="forums_report_queue_idx")]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.reason[:40]}"


class ModerationEntry(models.Model):
    """The audit trail of moderation: who did what to which topic or post, when and why.
    Written only by ``forums.actions``; never changed."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        UNHIDE = "unhide", _("Showed a hidden post again")
        LOCK = "lock", _("Locked a topic")
        UNLOCK = "unlock", _("Unlocked a topic")
        PIN = "pin", _("Pinned a topic")
        UNPIN = "unpin", _("Unpinned a topic")
        MOVE = "move", _("Moved a topic")
        RESOLVE = "resolve", _("Resolved a report")
        DISMISS = "dismiss", _("Dismissed a report")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="moderation"
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.topic_id})"


class PostTerm(models.Model):
    """One term (a folded, stemmed word: ``lms.search``) of a post, with its weight there;
    the first post of a topic also holds the topic's title. Written when the post is
    created or edited, and marked ``hidden`` when the post is hidden (``forums.search``):
    search leaves those out for all but moderators. ``topic``, its ``board`` and ``hidden``
    are the post's, copied so that search groups and keeps to the boards the reader may
    read without reading the posts or topics (moving a topic moves its terms)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+", db_index=False)
    term = models.CharField(max_length=64)
    weight = models.FloatField()
    hidden = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "term"], name="forums_post_term_unique")
        ]
        # Covers the search query, which then reads the index alone (on PostgreSQL the
        # pattern operator class serves ``IN`` and ``LIKE 'x%'``; SQLite ignores classes).
        indexes = [
            models.Index(
                fields=["term", "board", "hidden", "topic", "post", "weight"],
                opclasses=[
                    "varchar_pattern_ops",
                    "int8_ops",
                    "bool_ops",
                    "int8_ops",
                    "int8_ops",
                    "float8_ops",
                ],
                name="forums_post_term_search_idx",
            )
        ]

    def __str__(self) -> str:
        return self.term


class TopicTerm(models.Model):
    """One term of a topic's visible posts, summed over them (``PostTerm``): its total
    weight, and the newest post holding it. What readers search: a common word is in a
    row per topic rather than per post, and ranking groups by topic. Moderators, who also
    find hidden posts, search the post terms. Written afresh for the terms a post gains or
    loses when it is written, edited, hidden or shown (``forums.search``)."""

    # Found by the unique (topic, term) index, which starts with the topic.
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", db_index=False)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+", db_index=False)
    term = models.CharField(max_length=64)
    weight = models.FloatField()
    # Posts are hidden, never deleted, in the forums; a deleted one takes its rows along.
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "term"], name="forums_topic_term_unique")
        ]
        # Covers the readers' search query, as the post terms' index covers the moderators'.
        indexes = [
            models.Index(
                fields=["term", "board", "topic", "post", "weight"],
                opclasses=["varchar_pattern_ops", "int8_ops", "int8_ops", "int8_ops", "float8_ops"],
                name="forums_topic_term_search_idx",
            )
        ]

    def __str__(self) -> str:
        return self.term
