"""The audit trail: one row per decision, never changed or deleted."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.decisions import Decision
from lms.models import Section


class AuditTrailIsAppendOnly(Exception):
    pass


class AuditEvent(models.Model):
    """A decision on record: accreditation hours, approvals and rejections, reversals,
    overrides, licence events, revocations, supersessions, section and role changes, API
    submissions. ``section`` is the section of the object decided on (blank: none), so
    office staff limited to a section read their section's trail only.

    Written once by ``audit.services.audit_record``; the database refuses to change a row
    (a trigger) and the model refuses to change or delete one."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "lms.User",
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who acted when it was not a person signed in: a partner organisation's system, a job.
    actor_label = models.CharField(_("acting as"), max_length=200, blank=True)
    action = models.CharField(_("decision"), max_length=60, choices=Decision.choices, db_index=True)
    object_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of object"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    section = models.CharField(_("section"), max_length=5, choices=Section.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("from browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_idx"),
            models.Index(fields=["section", "-at"], name="audit_section_idx"),
        ]

    def __str__(self) -> str:
        # The decision's label, not its code: this is what the admin's row menu reads aloud.
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AuditTrailIsAppendOnly(gettext("Audit events are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly(gettext("Audit events are never deleted."))
