"""Field roles, what they require of a volunteer, deployments and who is assigned to them."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from lms.admin_forms import ManaraAdminModelForm
from lms.dates import hijri_season
from lms.forms import SectionScopedForm
from lms.i18n import SPOKEN_LANGUAGES, reads_arabic_script
from lms.models import Section, optional_organisation, optional_person


class LicenceLevel(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    TEAM_LEADER = "team_leader", _("Team leader")
    MANAGEMENT = "management", _("Volunteer-work management")


def requirement_pages(model, chosen):
    """A course or article once, whatever its translations: the pages of the default
    locale (a translation counts for its family anyway), and any a requirement names."""
    from wagtail.models import Locale

    return model.objects.filter(
        models.Q(locale=Locale.get_default()) | models.Q(pk__in=chosen)
    ).order_by("title")


class FieldRoleForm(SectionScopedForm):
    """A field role with its requirements; the requirement pickers list each course and
    article once, not once per translation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = getattr(self, "formsets", {}).get("requirements")
        if formset is None:
            return
        from courses.models import CoursePage
        from knowledge_base.models import ArticlePage

        # On the form class, so that the blank form added in the browser lists them too;
        # the querysets are lazy and the same for every role.
        fields = formset.form.base_fields
        fields["course"].queryset = requirement_pages(
            CoursePage, RoleRequirement.objects.values("course_id")
        )
        fields["article"].queryset = requirement_pages(
            ArticlePage, RoleRequirement.objects.values("article_id")
        )
        for form in formset.forms:
            form.fields["course"].queryset = fields["course"].queryset
            form.fields["article"].queryset = fields["article"].queryset

    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The volunteer must speak all the languages ticked."),
    )


class BeneficiaryKind(models.TextChoices):
    """What the people a role serves are counted as. It follows from the role, not from each
    shift: a first aider treats cases, a guide guides pilgrims, whatever the day; asking the
    leader to choose on every shift would only let the same service be counted two ways."""

    GUIDED = "guided", _("Pilgrims guided")
    TREATED = "treated", _("Cases treated")
    WELCOMED = "welcomed", _("People welcomed")


class FieldRole(ClusterableModel):
    """A role in the field ("Guide for lost pilgrims", "Translator (Urdu)") and what a
    volunteer needs for it: the conditions on this page all apply; the courses and articles
    below all apply, except that requirements sharing an "alternatives" number are any-of:
    one of them suffices."""

    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    category = models.ForeignKey(
        "accreditation.ServiceCategory",
        verbose_name=_("service category"),
        on_delete=models.PROTECT,
    )
    section = models.CharField(
        _("section"),
        max_length=5,
        choices=Section.choices,
        blank=True,
        help_text=_("Leave blank when both sections serve in this role."),
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    minimum_field_hours = models.DecimalField(
        _("minimum approved field hours"),
        max_digits=7,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    licence_level = models.CharField(
        _("licence required"),
        max_length=20,
        blank=True,
        choices=LicenceLevel.choices,
        help_text=_("A volunteer-work licence of this level, in force, is required."),
    )
    beneficiary_kind = models.CharField(
        _("people served are counted as"),
        max_length=10,
        choices=BeneficiaryKind.choices,
        default=BeneficiaryKind.GUIDED,
    )

    base_form_class = FieldRoleForm
    panels = [
        FieldPanel("name_ar"),
        FieldPanel("name_en"),
        FieldPanel("category", widget=forms.Select),
        MultiFieldPanel(
            [
                FieldPanel("section"),
                FieldPanel("minimum_age"),
                FieldPanel("minimum_field_hours"),
                FieldPanel("languages"),
                FieldPanel("licence_level"),
                FieldPanel("beneficiary_kind"),
            ],
            heading=_("Conditions"),
        ),
        InlinePanel(
            "requirements", heading=_("Courses and articles required"), label=_("Requirement")
        ),
    ]

    class Meta:
        db_table = "accreditation_fieldrole"
        ordering = ["name_en"]
        verbose_name = _("field role")
        verbose_name_plural = _("field roles")

    def __str__(self) -> str:
        return self.name_ar if reads_arabic_script() else self.name_en

    def clean(self):
        codes = dict(SPOKEN_LANGUAGES)
        if not isinstance(self.languages, list) or any(c not in codes for c in self.languages):
            raise ValidationError({"languages": _("Choose languages from the list.")})


class RoleRequirement(models.Model):
    """A course to have completed (within a validity) or a knowledge-base article to have
    acknowledged. Courses and articles are named by their translation key, so any
    translation counts."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course completed")
        ARTICLE = "article", _("Article acknowledged")

    role = ParentalKey(FieldRole, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("How long a completion counts for this role (blank: the course's validity)."),
    )
    article = models.ForeignKey(
        "knowledge_base.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    alternatives = models.PositiveSmallIntegerField(
        _("alternatives"),
        null=True,
        blank=True,
        help_text=_("Requirements with the same number are alternatives: one of them suffices."),
    )

    # Plain lists rather than page choosers: an office clerk picks a course by its title.
    panels = [
        FieldPanel("kind"),
        FieldPanel("course", widget=forms.Select),
        FieldPanel("validity_months"),
        FieldPanel("article", widget=forms.Select),
        FieldPanel("alternatives"),
    ]

    class Meta:
        db_table = "accreditation_rolerequirement"
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="course", course__isnull=False, article__isnull=True)
                    | models.Q(kind="article", article__isnull=False, course__isnull=True)
                ),
                name="accreditation_requirement_names_one_thing",
            )
        ]

    def __str__(self) -> str:
        return str(self.course or self.article)

    def clean(self):
        if self.kind == self.Kind.COURSE and (self.course_id is None or self.article_id):
            raise ValidationError({"course": _("Choose the course (and no article).")})
        if self.kind == self.Kind.ARTICLE and (self.article_id is None or self.course_id):
            raise ValidationError({"article": _("Choose the article (and no course).")})


class Deployment(ClusterableModel):
    """A field assignment: a role at a service point for an organisation and section, from a
    start date to an end date, for up to ``capacity`` volunteers, with the shifts its
    leaders record attendance in."""

    role = models.ForeignKey(FieldRole, verbose_name=_("field role"), on_delete=models.PROTECT)
    service_point = models.CharField(_("service point"), max_length=200)
    organisation = optional_organisation()
    section = models.CharField(_("section"), max_length=5, choices=Section.choices)
    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    created_by = optional_person(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "accreditation_deployment"
        ordering = ["-starts_on", "pk"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="accreditation_deployment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} — {self.service_point} ({self.starts_on:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        # The season is the Hijri year the deployment starts in.
        self.season = hijri_season(self.starts_on)
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A deployment ends on or after its start.")})


class ShiftTemplate(models.Model):
    """A shift of a deployment the office names ("Fajr 03:00–09:00", "Night 21:00–03:00"),
    offered to leaders when they record attendance. An end earlier than the start is on the
    next day."""

    deployment = ParentalKey(Deployment, on_delete=models.CASCADE, related_name="shift_templates")
    name = models.CharField(_("name"), max_length=100)
    starts = models.TimeField(_("starts at"))
    ends = models.TimeField(
        _("ends at"), help_text=_("Earlier than the start: the shift ends the next day.")
    )

    panels = [FieldPanel("name"), FieldPanel("starts"), FieldPanel("ends")]

    class Meta:
        ordering = ["starts", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(starts=models.F("ends")), name="field_shift_has_a_length"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Assignment(models.Model):
    """A volunteer on a deployment's roster: who assigned them and when, and, when office
    staff assigned someone the checks refused, the written reason (shown on the roster)."""

    deployment = models.ForeignKey(
        Deployment,
        verbose_name=_("deployment"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    team = models.ForeignKey(
        "lms.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_by = optional_person(_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    override_reason = models.TextField(_("reason for overriding the checks"), blank=True)
    # What the checks said when the office overrode them, as shown then.
    override_findings = models.JSONField(_("findings overridden"), default=list, blank=True)
    # The check run again when the deployment starts (a Celery beat job).
    checked_at = models.DateTimeField(_("checked again at"), null=True, blank=True)
    check_findings = models.JSONField(_("findings of the last check"), default=list, blank=True)
    # Requirements (kind and expiry date) the volunteer has been reminded of, once each.
    reminded = models.JSONField(_("reminders sent"), default=list, blank=True)

    class Meta:
        db_table = "accreditation_assignment"
        ordering = ["pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["deployment", "volunteer"], name="accreditation_one_assignment_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deployment_id} ← {self.volunteer_id}"


class Attendance(models.Model):
    """A volunteer's service on a deployment: a shift from ``starts_at`` to ``ends_at`` (it
    may cross midnight; ``day`` is the day it starts on the office's clock and ``hours`` its
    length), or, from a partner or before shifts had times, hours for one day without
    times. Approval is staged: a team leader records it, the section's deputy confirms it
    (or sends it back with a reason), office staff approve or reject it; approval writes the
    hours to the ledger. The leader may withdraw it before it is confirmed. Never deleted: a
    rejected, returned or withdrawn attendance stays with its reason."""

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        CONFIRMED = "confirmed", _("Confirmed by the deputy")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Sent back by the deputy")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    day = models.DateField(_("day"))
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    # People the volunteer served in the shift (counted as the role's beneficiary kind), when
    # reported; the limit is checked by field.impact.beneficiaries_check, the sign here.
    beneficiaries = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    beneficiaries_by = optional_person(_("people served reported by"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECORDED
    )
    recorded_by = optional_person(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    confirmed_by = optional_person(_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    decided_by = optional_person(_("approved or rejected by"))
    decided_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # A partner organisation's submission: its key makes a repeated submission harmless.
    partner = optional_organisation()
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True)
    # SHA-256 of the canonical JSON of the first submission with that key, so the same key
    # reused with another body is refused instead of answered with this record.
    request_digest = models.CharField(_("request digest"), max_length=64, blank=True)

    class Meta:
        db_table = "accreditation_attendance"
        ordering = ["day", "starts_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=16),
                name="accreditation_attendance_hours_in_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True, ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="field_attendance_shift_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(beneficiaries__isnull=True) | models.Q(beneficiaries__gte=0),
                name="field_attendance_beneficiaries_not_negative",
            ),
            models.UniqueConstraint(
                fields=["partner", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="accreditation_attendance_once_per_key",
            ),
            # Hours without times are the day's service on the deployment: one record of
            # them per day (separate shifts with their times may be several; a record
            # rejected, sent back or withdrawn may be recorded again).
            models.UniqueConstraint(
                fields=["assignment", "day"],
                condition=models.Q(starts_at__isnull=True)
                & ~models.Q(status__in=["rejected", "returned", "withdrawn"]),
                name="field_attendance_one_day_of_hours",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "day"], name="accr_attendance_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.day} {self.hours}"

    @property
    def counts(self) -> bool:
        """Recorded, confirmed or approved: service that stands (not rejected, sent back or
        withdrawn)."""
        return self.status in LIVE_ATTENDANCE


LIVE_ATTENDANCE = (
    Attendance.Status.RECORDED,
    Attendance.Status.CONFIRMED,
    Attendance.Status.APPROVED,
)


class LicencePolicy(models.Model):
    """What a licence level requires (the requirements of a field role, reused) and how long
    a licence of that level is valid."""

    level = models.CharField(_("level"), max_length=20, choices=LicenceLevel.choices, unique=True)
    requirements = models.ForeignKey(
        FieldRole,
        verbose_name=_("requirements (as for a field role)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    validity_months = models.PositiveSmallIntegerField(_("valid for (months)"), default=24)

    base_form_class = ManaraAdminModelForm

    class Meta:
        db_table = "accreditation_licencepolicy"
        verbose_name = _("licence policy")
        verbose_name_plural = _("licence policies")

    def __str__(self) -> str:
        return str(self.get_level_display())


class Licence(models.Model):
    """A volunteer-work licence, held by a person or by a team. It is in force while it is
    active, not past its expiry, and the requirements it rests on still hold: it lapses on
    its own when one of them expires. Every issue, renewal, suspension and revocation is a
    ``LicenceEvent`` with who, when and why."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    level = models.CharField(_("level"), max_length=20, choices=LicenceLevel.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("the person a licence is issued to", "holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="licences",
    )
    team = models.ForeignKey(
        "lms.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="licences",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"))

    class Meta:
        db_table = "accreditation_licence"
        ordering = ["-issued_at"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(holder__isnull=False, team__isnull=True)
                | models.Q(holder__isnull=True, team__isnull=False),
                name="accreditation_licence_held_by_one",
            ),
            models.UniqueConstraint(
                fields=["holder", "level"],
                condition=models.Q(holder__isnull=False),
                name="accreditation_one_licence_per_person_level",
            ),
            models.UniqueConstraint(
                fields=["team", "level"],
                condition=models.Q(team__isnull=False),
                name="accreditation_one_licence_per_team_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.holder or self.team}"


class LicenceEvent(models.Model):
    class Action(models.TextChoices):
        ISSUE = "issue", _("Issued")
        RENEW = "renew", _("Renewed")
        SUSPEND = "suspend", _("Suspended")
        REINSTATE = "reinstate", _("Reinstated")
        REVOKE = "revoke", _("Revoked")

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = optional_person(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        db_table = "accreditation_licenceevent"
        ordering = ["at", "pk"]
        verbose_name = _("licence event")
        verbose_name_plural = _("licence events")

    def __str__(self) -> str:
        return f"{self.licence_id} {self.action}"


# Opportunities: calls for volunteers published by partner organisations or the office ------


class Opportunity(models.Model):
    """A call for volunteers: a field role at a place, for one section, on dates, with a
    number of places. An organisation's opportunity is drafted and submitted by its
    representatives and public once the office approves it; the office's own (no
    organisation) is published directly. Publishing creates the deployment that accepted
    volunteers are assigned to. Title and description are kept per language (``{"ar": ...,
    "en": ...}``) and shown in the reader's language, else in Arabic."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for the office")
        DECLINED = "declined", _("Declined by the office")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = optional_organisation()
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    category = models.ForeignKey(
        "accreditation.ServiceCategory",
        verbose_name=_("service category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.ForeignKey(
        FieldRole, verbose_name=_("field role"), on_delete=models.PROTECT, related_name="+"
    )
    service_point = models.CharField(_("place (service point)"), max_length=200)
    section = models.CharField(_("section"), max_length=5, choices=Section.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # One shift a line: "Fajr 03:00-09:00"; the deployment's shifts when it is published.
    shifts = models.JSONField(_("shifts"), default=list, blank=True)
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    # Accepted and pending applications: the places held. Kept with the row, under its lock.
    places_held = models.PositiveIntegerField(_("places held"), default=0)
    languages = models.JSONField(_("languages needed"), default=list, blank=True)
    skills = models.ManyToManyField("lms.Skill", verbose_name=_("skills"), blank=True)
    auto_accept = models.BooleanField(
        _("accept ready applicants automatically"),
        default=False,
        help_text=_("Applicants the checks find ready are accepted at once, while places last."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    deployment = models.OneToOneField(
        Deployment,
        verbose_name=_("deployment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunity",
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = optional_person(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = optional_person(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="field_opportunity_ends_after_start",
            ),
            # No overbooking, whatever the code above it does.
            models.CheckConstraint(
                condition=models.Q(places_held__lte=models.F("places")),
                name="field_opportunity_never_overbooked",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_on", "id"], name="field_opp_public_idx"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @staticmethod
    def _in_language(texts: dict) -> str:
        from django.utils.translation import get_language

        texts = texts or {}
        language = (get_language() or "ar").split("-")[0]
        return texts.get(language) or texts.get("ar") or next(iter(texts.values()), "")

    @property
    def display_title(self) -> str:
        """The title in the reader's language, else in Arabic."""
        return self._in_language(self.title)

    @property
    def display_description(self) -> str:
        return self._in_language(self.description)

    def clean(self):
        # Its deployment's season is the Hijri year it starts in: a start outside the
        # Umm al-Qura table has none, and publishing could not make the deployment.
        if self.starts_on and hijri_season(self.starts_on) is None:
            raise ValidationError(
                {
                    "starts_on": _(
                        "Choose a start between 1924 and 2077 (the Hijri calendar's table)."
                    )
                }
            )

    @property
    def places_left(self) -> int:
        return max(self.places - self.places_held, 0)

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return self.status == self.Status.PUBLISHED and self.ends_on >= timezone.localdate()


class Application(models.Model):
    """A volunteer's application to an opportunity. Only ready volunteers apply (the checks
    answer first). It holds a place while pending or accepted; on a full opportunity it
    waits, in the order applied, for a place to free up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        WAITING = "waiting", _("On the waiting list")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="opportunity_applications",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_by = optional_person(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        # The application order: the waiting list moves up in it.
        ordering = ["pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "volunteer"],
                condition=models.Q(status__in=["pending", "accepted", "waiting"]),
                name="field_one_live_application_each",
            )
        ]
        indexes = [
            models.Index(fields=["opportunity", "status", "id"], name="field_app_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} ← {self.volunteer_id}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_APPLICATION


LIVE_APPLICATION = (
    Application.Status.PENDING,
    Application.Status.ACCEPTED,
    Application.Status.WAITING,
)


# Impact ------------------------------------------------------------------------------------
# The season's impact, kept as running totals by field.impact in the same transaction as
# each approved ledger entry (announced by accreditation through the "hours_entries_approved"
# hook) and each change of a credited shift's people served; never summed over the ledger
# when a page is shown. ``manage.py rebuild_impact_totals`` recomputes them from the ledger.


class ImpactTotal(models.Model):
    """Field service and training of one season, service category, organisation and
    section: approved field hours and their value, people served, courses completed and
    training hours credited (net of corrections)."""

    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    category = models.ForeignKey(
        "accreditation.ServiceCategory",
        verbose_name=_("service category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = optional_organisation()
    section = models.CharField(_("section"), max_length=5, choices=Section.choices, blank=True)
    field_hours = models.DecimalField(
        _("approved field hours"), max_digits=14, decimal_places=2, default=0
    )
    value_sar = models.DecimalField(
        _("estimated value (SAR)"), max_digits=16, decimal_places=2, default=0
    )
    beneficiaries = models.BigIntegerField(_("people served"), default=0)
    courses_completed = models.IntegerField(_("courses completed"), default=0)
    training_hours = models.DecimalField(
        _("training hours credited"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("impact total")
        verbose_name_plural = _("impact totals")
        constraints = [
            models.UniqueConstraint(
                "season",
                "category",
                Coalesce("organisation", models.Value(0)),
                "section",
                name="field_one_impact_total_per_group",
            )
        ]
        indexes = [models.Index(fields=["season", "organisation"], name="field_impact_season_idx")]

    def __str__(self) -> str:
        return f"{self.season} {self.category_id} {self.organisation_id} {self.section}"


class ImpactServed(models.Model):
    """A volunteer's approved field entries in a season, net of reversals: across all
    organisations (``organisation`` empty) and for the organisation of each entry. It makes
    the distinct count of volunteers who served incremental: the headcount moves only when a
    volunteer's net entries go from none to some, or back."""

    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    organisation = optional_organisation()
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    entries = models.IntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("volunteer who served")
        verbose_name_plural = _("volunteers who served")
        constraints = [
            models.UniqueConstraint(
                "season",
                Coalesce("organisation", models.Value(0)),
                "volunteer",
                name="field_served_once_per_season",
            )
        ]

    def __str__(self) -> str:
        return f"{self.season} {self.organisation_id} {self.volunteer_id}"


class ImpactHeadcount(models.Model):
    """How many volunteers served in a season: in all (``organisation`` empty) or for one
    organisation."""

    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    organisation = optional_organisation()
    volunteers = models.IntegerField(_("volunteers who served"), default=0)

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        constraints = [
            models.UniqueConstraint(
                "season",
                Coalesce("organisation", models.Value(0)),
                name="field_one_headcount_per_season",
            )
        ]

    def __str__(self) -> str:
        return f"{self.season} {self.organisation_id}: {self.volunteers}"


# The beneficiaries' voice (field.feedback) ------------------------------------------------


class FeedbackCode(models.Model):
    """The code printed as a QR on a deployment's poster at its service point. Unguessable
    (128 random bits), never the deployment's key; the office can issue a new one (a poster
    was torn down or photographed and abused), which retires the old: one in use at a time."""

    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, related_name="feedback_codes"
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = optional_person(_("created by"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback code")
        verbose_name_plural = _("feedback codes")
        constraints = [
            models.UniqueConstraint(
                fields=["deployment"],
                condition=models.Q(retired_at__isnull=True),
                name="field_feedbackcode_one_in_use",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deployment_id}:{self.code[:6]}…"


class Feedback(models.Model):
    """What a beneficiary said about a deployment, without an account: a rating from 1 to 5,
    whether they were helped, and an optional comment that nobody sees outside the office
    until the office has read and published it."""

    class CommentStatus(models.TextChoices):
        NONE = "none", _("No comment")
        UNREAD = "unread", _("Unread")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"))
    helped = models.BooleanField(_("helped"))
    comment = models.TextField(_("comment"), blank=True)
    comment_status = models.CharField(
        _("comment status"), max_length=10, choices=CommentStatus.choices, default="none"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderated_by = optional_person(_("read by"))
    moderated_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("beneficiary feedback")
        verbose_name_plural = _("beneficiaries' feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="field_feedback_rating_1_5"
            ),
            # A comment needs reading; no comment has nothing to read.
            models.CheckConstraint(
                condition=(
                    models.Q(comment="", comment_status="none")
                    | (~models.Q(comment="") & ~models.Q(comment_status="none"))
                ),
                name="field_feedback_comment_status",
            ),
        ]
        indexes = [
            # The office's queue (unread first, oldest first) and a deployment's published
            # comments.
            models.Index(fields=["comment_status", "submitted_at"], name="field_fb_status_idx"),
            models.Index(
                fields=["deployment", "comment_status", "submitted_at"], name="field_fb_dep_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deployment_id} ★{self.rating}"


class FeedbackTotals(models.Model):
    """The ratings summed per deployment, per organisation and season, and per season,
    updated in the transaction that records each feedback (``field.feedback``), so no
    screen adds up the feedback itself. ``key`` is the deployment's or organisation's id, 0
    for the whole season."""

    class Scope(models.TextChoices):
        SEASON = "season", _("Season")
        ORGANISATION = "organisation", _("Organisation")
        DEPLOYMENT = "deployment", _("Deployment")

    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    key = models.PositiveIntegerField(_("key"))
    count = models.PositiveIntegerField(_("count"), default=0)
    helped = models.PositiveIntegerField(_("helped"), default=0)
    score_1 = models.PositiveIntegerField(default=0)
    score_2 = models.PositiveIntegerField(default=0)
    score_3 = models.PositiveIntegerField(default=0)
    score_4 = models.PositiveIntegerField(default=0)
    score_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("feedback totals")
        verbose_name_plural = _("feedback totals")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "season", "key"], name="field_feedbacktotals_one_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.season} {self.key}: {self.count}"
