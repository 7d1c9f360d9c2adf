"""Forms of field service: assigning, recording attendance, deciding it, and licences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from field.models import LicenceEvent, LicenceLevel
from field.permissions import field_roles_visible_to
from lms.forms import ManaraForm, SectionScopedForm
from lms.models import User
from lms.permissions import teams_visible_to, users_visible_to


class DeploymentForm(SectionScopedForm):
    """A deployment for the planner's section, in a role that section serves in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "role" in self.fields:
            self.fields["role"].queryset = field_roles_visible_to(self.for_user)


class AssignForm(ManaraForm):
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

    def __init__(self, *args, teams, may_override: bool, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.people = people if people is not None else User.objects.all()
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
            volunteer = self.people.filter(email__iexact=data["email"]).first()
            if volunteer is None:
                raise forms.ValidationError(_("Nobody is registered with this email address."))
            data["volunteer"] = volunteer
        return data


class AttendanceForm(ManaraForm):
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


class AttendanceDecisionForm(ManaraForm):
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


class LicenceIssueForm(ManaraForm):
    level = forms.ChoiceField(label=_("Level"))
    email = forms.EmailField(label=_("Volunteer's email address"), required=False)
    team = forms.ModelChoiceField(label=_("Or a team"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = LicenceLevel.choices
        self.fields["team"].queryset = teams_visible_to(user).order_by("name")
        self.people = users_visible_to(user)

    def clean(self):
        data = super().clean()
        if bool(data.get("email")) == bool(data.get("team")):
            raise forms.ValidationError(_("Give a volunteer's email address or a team."))
        if data.get("email"):
            data["holder"] = self.people.filter(email__iexact=data["email"]).first()
            if data["holder"] is None:
                raise forms.ValidationError(_("Nobody is registered with this email address."))
        return data


class LicenceChangeForm(ManaraForm):
    action = forms.ChoiceField(label=_("Action"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (value, label) for value, label in LicenceEvent.Action.choices if value != "issue"
        ]


class PhotoDecisionForm(ManaraForm):
    """The office's decision on a volunteer's photo: approve, or reject with a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
    )
    reason = forms.CharField(
        label=_("Reason (when rejecting)"), required=False, max_length=500, strip=True
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Give the reason for rejecting the photo."))
        return data
