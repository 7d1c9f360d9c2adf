"""Accreditation data. So far: the office's service categories and their value per hour."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from lms.i18n import reads_arabic_script


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
    Pages that are not courses (lessons) pass with a plain approval."""

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

    def get_form_for_action(self, action):
        from accreditation.forms import AccreditCourseForm, SendBackForm

        if action == "approve":
            return AccreditCourseForm
        if action == "reject":
            return SendBackForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from accreditation.actions import AccreditCourse

        obj = task_state.workflow_state.content_object
        if action_name == "approve" and _is_course(obj):
            hours = kwargs.pop("credit_hours")
            AccreditCourse(
                task_state=task_state.specific,
                course=obj.specific,
                user=user,
                credit_hours=hours,
                comment=kwargs.get("comment", ""),
            ).execute()
            # The workflow history shows the comment: it says what was accredited.
            kwargs["comment"] = gettext("Accredited at %(hours)s credit hours. %(comment)s") % {
                "hours": hours,
                "comment": kwargs.get("comment", ""),
            }
        return super().on_action(task_state, user, action_name, **kwargs)


def _is_course(obj) -> bool:
    from courses.models import CoursePage

    return isinstance(getattr(obj, "specific", obj), CoursePage)
