from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class AccreditCourseForm(TaskStateCommentForm):
    credit_hours = forms.DecimalField(
        label=_("Accredited credit hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal("500"),
        decimal_places=1,
        help_text=_("The hours that will count for every volunteer who completes the course."),
    )


class SendBackForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
    )
