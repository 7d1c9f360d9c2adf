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


class StatementRequestForm(forms.Form):
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


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ReverseEntryForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class BulkIssueForm(forms.Form):
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


class ReportFilterForm(forms.Form):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from lms.models import Organisation, Section

        self.fields["organisation"].queryset = Organisation.objects.order_by("name_en")
        self.fields["section"].choices = [("", _("Both sections")), *Section.choices]


class AssignForm(forms.Form):
    """Assign a team (its members) or one volunteer by email; office staff may give a reason
    to assign despite the checks."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    email = forms.EmailField(label=_("Or one volunteer's email address"), required=False)
    override_reason = forms.CharField(
        label=_("Reason to assign despite the checks (office staff)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, teams, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if not may_override:
            del self.fields["email"]
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        if not data.get("team") and not data.get("email"):
            raise forms.ValidationError(_("Choose a team or give a volunteer's email address."))
        if data.get("team") and data.get("email"):
            raise forms.ValidationError(_("Choose a team or a volunteer, not both."))
        if data.get("email"):
            from lms.models import User

            volunteer = User.objects.filter(email__iexact=data["email"]).first()
            if volunteer is None:
                raise forms.ValidationError(_("Nobody is registered with this email address."))
            data["volunteer"] = volunteer
        return data


class AttendanceForm(forms.Form):
    """A shift (check-in and check-out) or the hours of a day, for one volunteer on the
    roster."""

    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    check_in = forms.TimeField(
        label=_("Check-in"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    check_out = forms.TimeField(
        label=_("Check-out"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    hours = forms.DecimalField(
        label=_("Or hours served that day"), required=False, max_digits=4, decimal_places=2
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers


class AttendanceDecisionForm(forms.Form):
    attendance = forms.ModelMultipleChoiceField(
        label=_("Attendance"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm")), ("approve", _("Approve")), ("reject", _("Reject"))],
    )
    reason = forms.CharField(label=_("Reason (needed to reject)"), required=False, max_length=2000)

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].queryset = pending


class LicenceIssueForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"))
    email = forms.EmailField(label=_("Volunteer's email address"), required=False)
    team = forms.ModelChoiceField(label=_("Or a team"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accreditation.models import LicenceLevel
        from lms.models import Team

        self.fields["level"].choices = LicenceLevel.choices
        self.fields["team"].queryset = Team.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if bool(data.get("email")) == bool(data.get("team")):
            raise forms.ValidationError(_("Give a volunteer's email address or a team."))
        if data.get("email"):
            from lms.models import User

            data["holder"] = User.objects.filter(email__iexact=data["email"]).first()
            if data["holder"] is None:
                raise forms.ValidationError(_("Nobody is registered with this email address."))
        return data


class LicenceChangeForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accreditation.models import LicenceEvent

        self.fields["action"].choices = [
            (value, label) for value, label in LicenceEvent.Action.choices if value != "issue"
        ]
