from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm

from lms.digits import AsciiDigitsMixin
from lms.forms import ManaraForm


class AccreditCourseForm(AsciiDigitsMixin, TaskStateCommentForm):
    credit_hours = forms.DecimalField(
        label=_("Accredited credit hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal("500"),
        decimal_places=1,
        help_text=_("The hours that will count for every volunteer who completes the course."),
    )
    # The lesson revisions the dialog showed (``accredit_dialog``): approval publishes those
    # and nothing written or moved under the course after the office looked.
    lesson_revisions = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_lesson_revisions(self) -> list[int]:
        value = self.cleaned_data.get("lesson_revisions") or ""
        try:
            return [int(part) for part in value.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("The list of lessons under review was damaged; open the dialog again.")
            ) from None


class SendBackForm(AsciiDigitsMixin, TaskStateCommentForm):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
    )


class StatementRequestForm(ManaraForm):
    """A volunteer asks for a statement of their hours: every season, or one they served in."""

    season = forms.TypedChoiceField(label=_("Season"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from accreditation.models import HoursEntry

        seasons = (
            HoursEntry.objects.filter(volunteer=user, status=HoursEntry.Status.APPROVED)
            .values_list("season", flat=True)
            .distinct()
            .order_by("-season")
        )
        self.seasons = list(seasons)
        self.fields["season"].choices = [("", _("All seasons"))] + [
            (season, _("%(season)s AH") % {"season": season}) for season in self.seasons
        ]

    def clean(self):
        data = super().clean()
        if not self.seasons:
            raise forms.ValidationError(
                _("You have no approved hours yet, so there is nothing to state.")
            )
        return data


class ReverseEntryForm(ManaraForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason for the correction.")},
    )


class BulkIssueForm(ManaraForm):
    season = forms.IntegerField(
        label=_("Season (Hijri year)"), required=False, min_value=1400, max_value=1600
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from lms.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.order_by("name_en")

    def clean(self):
        data = super().clean()
        if not data.get("season") and not data.get("organisation"):
            raise forms.ValidationError(_("Choose a season, an organisation or both."))
        return data


class ReportFilterForm(ManaraForm):
    GROUPS = (
        ("category", _("Service category")),
        ("organisation", _("Organisation")),
        ("section", _("Section")),
        ("season", _("Season")),
    )
    group_by = forms.ChoiceField(label=_("Group by"), choices=GROUPS, required=False)
    season = forms.IntegerField(
        label=_("Season (Hijri year)"), required=False, min_value=1400, max_value=1600
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    section = forms.ChoiceField(label=_("Section"), required=False)

    def __init__(self, *args, limited_to: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        from lms.models import Organisation, Section

        self.fields["organisation"].queryset = Organisation.objects.order_by("name_en")
        if limited_to:
            # Staff limited to a section report on it alone: no other choice is offered, so
            # a label can never stand over another section's figures.
            self.fields["section"].choices = [
                (value, label) for value, label in Section.choices if value == limited_to
            ]
            self.fields["section"].initial = limited_to
        else:
            self.fields["section"].choices = [("", _("Both sections")), *Section.choices]


class LedgerFilterForm(ManaraForm):
    """The filters of the office's ledger list (and of its export)."""

    season = forms.IntegerField(
        label=_("Season (Hijri year)"), required=False, min_value=1400, max_value=1600
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ModelChoiceField(label=_("Service category"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accreditation.models import HoursEntry, ServiceCategory

        self.fields["kind"].choices = [("", _("All kinds")), *HoursEntry.Kind.choices]
        self.fields["status"].choices = [("", _("All statuses")), *HoursEntry.Status.choices]
        self.fields["category"].queryset = ServiceCategory.objects.order_by("slug")

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data.get("season"):
            entries = entries.filter(season=data["season"])
        for name in ("kind", "status", "category"):
            if data.get(name):
                entries = entries.filter(**{name: data[name]})
        return entries
