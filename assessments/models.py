"""H5P packages, the xAPI statements their players report, and each learner's result.

An activity is one H5P block of a lesson, identified by the lesson's Wagtail
``translation_key`` and the block's id: the lesson's translations are one credential, so a
result earned on the Urdu lesson counts for the Arabic one.

Results of H5P activities are reported by the learner's browser. They are kept as such
(``ActivityResult.reported_by_browser``) and gate completion only where the lesson's author
asks for it (the block's "required" setting).
"""

import uuid

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin


class H5PLibrary(models.Model):
    """One H5P library (``H5P.MultiChoice 1.16.3``) as packages bundle it, stored once under
    ``libraries/<folder>/`` and shared by every package that bundles the same files.

    The folder names the full version and a digest of the files: a package bundling a
    library whose files differ from the stored copy's (same version, edited code) gets a
    copy of its own instead of silently playing someone else's. Stored files never change.
    """

    machine_name = models.CharField(max_length=255)
    major_version = models.PositiveIntegerField()
    minor_version = models.PositiveIntegerField()
    patch_version = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    folder = models.CharField(max_length=255, unique=True)
    file_count = models.PositiveIntegerField(default=0)
    size_bytes = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def path_name(self) -> str:
        """The folder name H5P players ask for (``Machine.Name-major.minor``)."""
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PPackage(models.Model):
    """An uploaded ``.h5p`` package, checked and unpacked once: its content (``h5p.json``
    and ``content/``) under ``packages/<uuid>/``, its libraries shared with other packages
    (``H5PLibrary``). Packages uploaded before libraries were shared keep theirs inside
    their own folder (``libraries_shared`` false) until the data migration moves them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    main_library = models.CharField(_("content type"), max_length=255, editable=False)
    language = models.CharField(
        _("content language"),
        max_length=16,
        blank=True,
        help_text=_("The language the content is written in; Arabic and Urdu play right to left."),
    )
    # The uploaded file as it came, in the package storage (assessments.storage).
    archive = models.CharField(max_length=255, editable=False)
    original_filename = models.CharField(max_length=255, editable=False)
    unpacked_bytes = models.BigIntegerField(default=0, editable=False)
    file_count = models.PositiveIntegerField(default=0, editable=False)
    libraries = models.ManyToManyField(
        H5PLibrary, related_name="packages", blank=True, editable=False
    )
    libraries_shared = models.BooleanField(default=False, editable=False)
    # Files of a type no browser runs (.swf) that the upload held and the platform left out.
    inert_files = models.JSONField(default=list, blank=True, editable=False)
    # The hosts the content plays media from (assessments.h5p.media_hosts_named) and those
    # of them the trainer confirmed: the player's policy allows the confirmed ones only.
    media_hosts_named = models.JSONField(default=list, blank=True, editable=False)
    media_hosts = models.JSONField(
        _("media hosts allowed"),
        default=list,
        blank=True,
        help_text=_("Other servers this package may play video, audio and images from."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def folder(self) -> str:
        return f"packages/{self.uuid}"

    @property
    def media_hosts_unconfirmed(self) -> list[str]:
        """Hosts the content names that the trainer has not allowed: it plays without them."""
        return [host for host in self.media_hosts_named if host not in self.media_hosts]

    @admin.display(description=_("media hosts not allowed"))
    def media_hosts_waiting(self) -> str:
        return ", ".join(self.media_hosts_unconfirmed) or "—"


class ResultPolicy(models.TextChoices):
    BEST = "best", _("Best attempt")
    LAST = "last", _("Last attempt")


class XAPIStatement(models.Model):
    """One xAPI statement as the player sent it, stored once per learner and statement id.
    The actor is always the signed-in learner, never what the browser claimed."""

    statement_id = models.UUIDField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements"
    )
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="statements")
    lesson_key = models.UUIDField()
    block_id = models.UUIDField()
    verb = models.CharField(max_length=255)
    object_id = models.CharField(max_length=500)
    is_child = models.BooleanField(default=False)
    raw_score = models.FloatField(null=True)
    max_score = models.FloatField(null=True)
    scaled_score = models.FloatField(null=True)
    success = models.BooleanField(null=True)
    completion = models.BooleanField(null=True)
    payload = models.JSONField()
    stored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "statement_id"], name="assessments_statement_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["lesson_key", "block_id", "stored_at"], name="assess_stmt_activity_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verb.rsplit('/', 1)[-1]} {self.object_id}"


class ActivityResult(models.Model):
    """A learner's result in one H5P activity under the block's policy (best or last
    scored attempt). ``passed`` is decided by the server from the score and the pass mark
    in force when the result was recorded; a failed answer never passes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_results"
    )
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="results")
    lesson_key = models.UUIDField()
    block_id = models.UUIDField()
    raw_score = models.FloatField(null=True)
    max_score = models.FloatField(null=True)
    scaled_score = models.FloatField(null=True)
    success = models.BooleanField(null=True)
    completion = models.BooleanField(default=False)
    passed = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    # When a report last passed the activity (even one the best-attempt policy did not
    # keep): a refresher run of the course counts the pass only if it came after its start.
    passed_at = models.DateTimeField(null=True, blank=True)
    reported_by_browser = models.BooleanField(default=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity result")
        verbose_name_plural = _("activity results")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key", "block_id"], name="assessments_one_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_key}/{self.block_id}: {self.scaled_score}"


class ContentState(models.Model):
    """The player's saved state (H5P "content user data") for one learner and activity."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson_key = models.UUIDField()
    block_id = models.UUIDField()
    state = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("H5P saved state")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key", "block_id"], name="assessments_one_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_key}/{self.block_id}"


class QuestionBank(TranslatableMixin, ClusterableModel):
    """The questions of a course's quizzes, written by trainers in the admin and translated
    with wagtail-localize like any page. Quizzes (the lesson block) draw from a bank."""

    title = models.CharField(_("title"), max_length=255)
    course_name = models.CharField(
        _("course"),
        max_length=255,
        blank=True,
        help_text=_("The course these questions belong to, to find the bank again."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("course_name"),
        InlinePanel("questions", label=_("Questions"), min_num=1),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    ORDERING = "ordering", _("Put in order")


class Question(TranslatableMixin, ClusterableModel, Orderable):
    """One question. Its choices are the options; for "put in order" their order here is
    the right order (learners see them shuffled)."""

    bank = ParentalKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown with the feedback, if the quiz shows it.")
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("explanation"),
        InlinePanel("choices", label=_("Choices"), min_num=2),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(TranslatableMixin, Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.text[:80]


class FeedbackLevel(models.TextChoices):
    NONE = "none", _("Score only")
    WRONG = "wrong", _("Which answers were wrong")
    FULL = "full", _("Which answers were wrong, the right answers and explanations")


class QuizAttempt(models.Model):
    """One attempt at a quiz block. The questions drawn and the order of their choices are
    fixed when the attempt starts; the server grades the answers once, on submission, and
    keeps them. The quiz's settings are copied here so later edits change no past grade."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="attempts")
    lesson_id = models.IntegerField()
    lesson_key = models.UUIDField()
    block_id = models.UUIDField()
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    layout = models.JSONField(default=list)  # [{"question": id, "choices": [ids, shuffled]}]
    answers = models.JSONField(default=dict)
    feedback = models.JSONField(default=list)
    score = models.PositiveIntegerField(default=0)
    max_score = models.PositiveIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    pass_mark = models.PositiveSmallIntegerField(default=100)
    feedback_level = models.CharField(max_length=8, choices=FeedbackLevel.choices)
    passed = models.BooleanField(default=False)
    late = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [
            models.Index(
                fields=["user", "lesson_key", "block_id", "-started_at"],
                name="assess_attempt_learner_idx",
            ),
            models.Index(
                fields=["lesson_key", "block_id", "passed"], name="assess_attempt_quiz_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_key}/{self.block_id} {self.started_at:%Y-%m-%d %H:%M}"


class QuizAnswer(models.Model):
    """Whether one question of one submitted attempt was answered right: the attempt keeps
    the answers themselves; these rows let reports find the hardest questions in SQL."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="graded")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    lesson_key = models.UUIDField()
    block_id = models.UUIDField()
    right = models.BooleanField()

    class Meta:
        verbose_name = _("graded answer")
        indexes = [
            models.Index(
                fields=["lesson_key", "block_id", "question"], name="assess_answer_quiz_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}: {self.right}"
