"""Accreditation's data: service categories and their hourly value, course accreditations,
the hours ledger and its totals, and the office's workflow task."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from lms.admin_forms import ManaraAdminModelForm
from lms.i18n import reads_arabic_script
from lms.models import Section, optional_organisation, optional_person
from lms.numbers import format_hours


class ServiceCategory(models.Model):
    """A kind of volunteer service in the office's classification, with the estimated value
    of one hour of it in Saudi riyals (used to report the value of volunteer work)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    hourly_value_sar = models.DecimalField(
        _("estimated value per hour (SAR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    value_is_assumption = models.BooleanField(
        _("value is an assumption"),
        default=False,
        help_text=_("Ticked when the office's published figures give no value for this category."),
    )
    value_source = models.CharField(_("source of the value"), max_length=300, blank=True)

    base_form_class = ManaraAdminModelForm

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.name_ar if reads_arabic_script() else self.name_en


class CourseAccreditation(models.Model):
    """The office's decision on a course (all its translations): the credit hours that count.

    One row per decision, never updated; the newest row for a course is in force. Written
    only by ``accreditation.actions.AccreditCourse``."""

    course_key = models.UUIDField(_("course"), db_index=True)
    credit_hours = models.DecimalField(
        _("accredited credit hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    proposed_credit_hours = models.DecimalField(
        _("proposed credit hours"), max_digits=5, decimal_places=1, null=True
    )
    accredited_by = models.ForeignKey(
        "lms.User", verbose_name=_("accredited by"), on_delete=models.PROTECT, related_name="+"
    )
    accredited_at = models.DateTimeField(_("accredited at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    task_state = models.ForeignKey(
        "accreditation.OfficeAccreditationTaskState",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accreditations",
    )

    class Meta:
        ordering = ["-accredited_at", "-pk"]
        verbose_name = _("course accreditation")
        verbose_name_plural = _("course accreditations")

    def __str__(self) -> str:
        return f"{self.course_key}: {self.credit_hours}"


class OfficeAccreditationTaskState(TaskState):
    """A course's passage through the office's accreditation step; keeps the hours decided."""

    credit_hours = models.DecimalField(
        _("accredited credit hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("office accreditation task state")


class OfficeAccreditationTask(AbstractGroupApprovalTask):
    """Office staff accept a course with the credit hours they accredit (which may differ from
    the trainer's proposal) or send it back with a comment. Nobody accredits their own course.
    Pages that are not courses (lessons) pass with a plain approval.

    A course is reviewed with its lessons. Submitting the course takes into the review every
    lesson under it that is not live as it stands (new drafts and unpublished changes): the
    approval dialog lists them beside the proposed and current hours, and approving the
    course accredits it, publishes it and publishes those lessons, in one transaction; a
    lesson also submitted on its own has that review approved too. We chose this over
    refusing a course without live lessons because it is how the office reviews a course
    (as one piece), it needs nothing of Wagtail's workflow but this task's approval (the
    workflow itself still publishes the course page), and it spares a trainer submitting,
    and the office approving, every lesson one by one. A course with no lessons at all cannot
    be accredited: the dialog says so and offers only to send it back."""

    task_state_class = OfficeAccreditationTaskState

    class Meta:
        verbose_name = _("office accreditation task")
        verbose_name_plural = _("office accreditation tasks")

    @classmethod
    def get_description(cls):
        return _("Office staff accredit a course's credit hours or send it back with a comment")

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        if getattr(obj, "owner_id", None) == user.pk and not user.is_superuser:
            return []
        if _is_course(obj):
            return [
                ("reject", _("Send back with a comment"), True),
                ("approve", _("Accredit"), True),
            ]
        return [("reject", _("Send back with a comment"), True), ("approve", _("Approve"), False)]

    # The forms of the office's decision and the action that records it live above the
    # models; ``AccreditationConfig.ready()`` plugs them in, so the models import neither.
    action_forms: dict = {}
    accredit_course = None

    @classmethod
    def plug_in(cls, *, action_forms: dict, accredit_course) -> None:
        cls.action_forms = action_forms
        cls.accredit_course = accredit_course

    def get_form_for_action(self, action):
        return self.action_forms.get(action) or super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "accreditation/admin/accredit_modal.html"
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name == "approve" and _is_course(obj):
            from courses.selectors import course_has_lessons
            from courses.services import course_lessons_publish

            course = obj.specific
            if not course_has_lessons(course):
                raise PermissionDenied(NO_LESSONS_MESSAGE)
            hours = kwargs.pop("credit_hours")
            # None only for a caller outside the dialog (the dialog always sends the list).
            reviewed = kwargs.pop("lesson_revisions", None)
            self.accredit_course(
                task_state=task_state.specific,
                course=obj.specific,
                user=user,
                credit_hours=hours,
                comment=kwargs.get("comment", ""),
            ).execute()
            # The workflow history shows the comment: it says what was accredited.
            kwargs["comment"] = gettext("Accredited for %(hours)s. %(comment)s") % {
                "hours": format_hours(hours),
                "comment": kwargs.get("comment", ""),
            }
            result = super().on_action(task_state, user, action_name, **kwargs)
            task_state.workflow_state.refresh_from_db()
            if task_state.workflow_state.status == task_state.workflow_state.STATUS_APPROVED:
                course_lessons_publish(course=course, user=user, revisions=reviewed)
            return result
        return super().on_action(task_state, user, action_name, **kwargs)


NO_LESSONS_MESSAGE = _(
    "This course has no lessons yet, so it cannot be accredited. Send it back to its author."
)


def _is_course(obj) -> bool:
    from courses.models import CoursePage

    return isinstance(getattr(obj, "specific", obj), CoursePage)


class HoursEntryQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # Bulk loads (demo, seed, benchmarks) skip save(): what each entry counts as is set
        # here the same way, with one query for the reversed entries not already loaded.
        objs = list(objs)
        HoursEntry.counts_as_set(objs)
        return super().bulk_create(objs, *args, **kwargs)


class HoursEntry(models.Model):
    """One line of the volunteer-hours ledger. Append-only: a row is written once and only its
    pending status may later be decided (approved or rejected, with who, when and why). A
    correction is a new entry that reverses another, with its own reason and actor.

    ``counts_as`` is the kind of hours an entry counts towards: its own kind, or for a
    correction the ``counts_as`` of the entry it reverses (so, followed back, the kind of the
    first entry of the chain). Written once, when the entry is inserted, so that "approved
    field hours" is one indexed sum whatever the depth of corrections (see
    ``accreditation.selectors.APPROVED_FIELD_HOURS``).

    ``organisation`` and ``section`` are the volunteer's at the time of the entry, so totals by
    organisation and section stay true when people move, and reports need no join."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        FIELD = "field", _("Field service")
        ADJUSTMENT = "adjustment", _("Adjustment")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        COURSE_COMPLETION = "course_completion", _("Course completion")
        FIELD_ATTENDANCE = "field_attendance", _("Field attendance")
        MANUAL = "manual", _("Manual entry")

    volunteer = models.ForeignKey(
        "lms.User", verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="hours"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("service category"), on_delete=models.PROTECT
    )
    hourly_value_sar = models.DecimalField(
        _("value per hour at the time (SAR)"), max_digits=8, decimal_places=2
    )
    served_on = models.DateField(_("date"))
    season = models.PositiveSmallIntegerField(_("season (Hijri year)"), db_index=True)
    organisation = optional_organisation()
    section = models.CharField(_("section"), max_length=5, choices=Section.choices, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    # The row the entry came from: an enrolment's completion, an attendance record.
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    accreditation = models.ForeignKey(
        CourseAccreditation,
        verbose_name=_("accreditation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    counts_as = models.CharField(
        _("counts as"), max_length=20, choices=Kind.choices, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    created_by = optional_person(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = optional_person(_("approved or rejected by"))
    decided_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = HoursEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-served_on", "-pk"]
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours ledger")
        constraints = [
            # One credit per source record: two requests completing the same course at the
            # same moment cannot both credit it. Reversals point at the entry they undo.
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=models.Q(source_id__isnull=False, reverses__isnull=True),
                name="accreditation_one_credit_per_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(hours=0), name="accreditation_hours_not_zero"
            ),
            # A first entry counts as its own kind; a correction as what it reverses (which
            # a row cannot check, so services and bulk loads set it: see counts_as_set).
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=True, counts_as=models.F("kind"))
                | (models.Q(reverses__isnull=False) & ~models.Q(counts_as="")),
                name="accreditation_counts_as_set",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "-served_on"], name="accr_hours_volunteer_idx"),
            models.Index(fields=["status", "season", "category"], name="accr_hours_report_idx"),
            # A volunteer's approved field hours (corrections included), summed from the
            # index alone (readiness, rosters).
            models.Index(
                fields=["volunteer", "counts_as", "status", "hours"],
                name="accr_hours_counts_as_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.kind} {self.hours}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise LedgerIsAppendOnly(gettext("Ledger entries are never changed; add a reversal."))
        HoursEntry.counts_as_set([self])
        super().save(*args, **kwargs)

    @staticmethod
    def counts_as_set(entries) -> None:
        """Set what each new entry counts as: its kind, or what the entry it reverses counts
        as. At most one query, for reversed entries not already loaded."""
        missing = {
            e.reverses_id
            for e in entries
            if e.reverses_id is not None and not HoursEntry.reverses.is_cached(e)
        }
        known = dict(
            HoursEntry.objects.filter(pk__in=missing).values_list("pk", "counts_as")
            if missing
            else ()
        )
        for entry in entries:
            if entry.reverses_id is None:
                entry.counts_as = entry.kind
            elif HoursEntry.reverses.is_cached(entry):
                entry.counts_as = entry.reverses.counts_as
            else:
                entry.counts_as = known.get(entry.reverses_id, "")

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly(gettext("Ledger entries are never deleted; add a reversal."))

    @property
    def value_sar(self) -> Decimal:
        return self.hours * self.hourly_value_sar


class LedgerIsAppendOnly(Exception):
    pass


class HoursTotal(models.Model):
    """Approved hours and their value summed by season, category, organisation and section:
    what the office's reports read, so they stay fast over millions of ledger entries. Kept
    by the ledger's services in the same transaction as each entry (the ledger is append-only,
    so totals only ever add); ``manage.py rebuild_hours_totals`` recomputes them."""

    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("service category"), on_delete=models.PROTECT
    )
    organisation = optional_organisation()
    section = models.CharField(_("section"), max_length=5, choices=Section.choices, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=14, decimal_places=2, default=0)
    value_sar = models.DecimalField(
        _("estimated value (SAR)"), max_digits=16, decimal_places=2, default=0
    )
    entries = models.IntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("hours total")
        verbose_name_plural = _("hours totals")
        constraints = [
            models.UniqueConstraint(
                "season",
                "category",
                Coalesce("organisation", Value(0)),
                "section",
                name="accreditation_one_total_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.season} {self.category_id} {self.organisation_id} {self.section}"
