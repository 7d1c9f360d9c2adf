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
from django.db import models
from django.utils.translation import gettext_lazy as _


class H5PPackage(models.Model):
    """An uploaded ``.h5p`` package, checked and unpacked once under ``packages/<uuid>/``."""

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
