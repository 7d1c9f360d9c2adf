"""Forms of field service: assigning, recording attendance, deciding it, and licences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from field.models import LicenceEvent, LicenceLevel
from field.permissions import field_roles_visible_to
from field.services import shift_bounds
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
    member = forms.ModelChoiceField(
        label=_("Or one member of your teams"), queryset=None, required=False
    )
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
        if may_override:
            del self.fields["member"]
        else:
            # A leader assigns one member of a team they lead, or the whole team.
            self.fields["member"].queryset = (
                User.objects.filter(teams__in=teams)
                .distinct()
                .order_by("first_name", "last_name", "pk")
            )
            del self.fields["email"]
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        one = data.get("email") or data.get("member")
        if not data.get("team") and not one:
            raise forms.ValidationError(_("Choose a team or one volunteer."))
        if data.get("team") and one:
            raise forms.ValidationError(_("Choose a team or a volunteer, not both."))
        if data.get("member"):
            data["volunteer"] = data["member"]
            data["member_team"] = (
                self.fields["team"].queryset.filter(members=data["member"]).first()
            )
        if data.get("email"):
            volunteer = self.people.filter(email__iexact=data["email"]).first()
            if volunteer is None:
                raise forms.ValidationError(_("Nobody is registered with this email address."))
            data["volunteer"] = volunteer
        return data


class ShiftForm(ManaraForm):
    """One shift for several volunteers on the roster: the day it starts and one of the
    deployment's shifts, or its start and end times (an end at or before the start is on
    the next day: a night shift)."""

    volunteers = forms.ModelMultipleChoiceField(
        label=_("Volunteers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the volunteers who served this shift.")},
    )
    day = forms.DateField(
        label=_("Day the shift starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    shift = forms.ModelChoiceField(
        label=_("Shift"), queryset=None, required=False, empty_label=_("Other times (below)")
    )
    starts = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("An end earlier than the start is on the next day."),
    )
    beneficiaries = forms.IntegerField(
        label=_("People served in this shift (all the volunteers ticked together)"),
        required=False,
        help_text=_("Optional. Leave empty when nobody counted."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, volunteers, shifts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = volunteers
        self.fields["shift"].queryset = shifts
        if not shifts:
            del self.fields["shift"]

    def clean(self):
        data = super().clean()
        shift = data.get("shift")
        if shift is not None:
            data["starts"], data["ends"] = shift.starts, shift.ends
        if data.get("day") and data.get("starts") and data.get("ends"):
            data["starts_at"], data["ends_at"] = shift_bounds(
                day=data["day"], starts=data["starts"], ends=data["ends"]
            )
        elif not self.errors:
            raise forms.ValidationError(_("Choose a shift or give its start and end times."))
        return data


class DeploymentFilterForm(ManaraForm):
    """The deployments list: by season, section, role and whether upcoming, running or past."""

    STATES = [
        ("", _("Upcoming and running")),
        ("upcoming", _("Upcoming")),
        ("running", _("Running")),
        ("past", _("Past")),
    ]

    season = forms.TypedChoiceField(label=_("Season"), coerce=int, required=False, empty_value=None)
    section = forms.ChoiceField(label=_("Section"), required=False)
    role = forms.ModelChoiceField(
        label=_("Field role"), queryset=None, required=False, empty_label=_("All roles")
    )
    state = forms.ChoiceField(label=_("Status"), choices=STATES, required=False)

    def __init__(self, *args, seasons, roles, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].choices = [("", _("All seasons"))] + [(s, s) for s in seasons]
        self.fields["section"].choices = [("", _("Both sections"))] + list(sections)
        self.fields["role"].queryset = roles

    def filter(self, deployments, *, today):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("season"):
            deployments = deployments.filter(season=data["season"])
        if data.get("section"):
            deployments = deployments.filter(section=data["section"])
        if data.get("role"):
            deployments = deployments.filter(role=data["role"])
        state = data.get("state", "")
        if state == "upcoming":
            return deployments.filter(starts_on__gt=today)
        if state == "running":
            return deployments.filter(starts_on__lte=today, ends_on__gte=today)
        if state == "past":
            return deployments.filter(ends_on__lt=today).order_by("-season", "-starts_on", "pk")
        return deployments.filter(ends_on__gte=today)


class AttendanceFilterForm(ManaraForm):
    """What the deputy or the office looks at: one deployment, one day, one team."""

    deployment = forms.ModelChoiceField(
        label=_("Deployment"), queryset=None, required=False, empty_label=_("All deployments")
    )
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=None, required=False, empty_label=_("All teams")
    )

    def __init__(self, *args, deployments, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deployment"].queryset = deployments
        self.fields["team"].queryset = teams

    def filter(self, attendance):
        if not self.is_bound:
            return attendance
        if not self.is_valid():
            # A filter that cannot be read shows nothing (and so lets nothing be decided in
            # bulk), never everything.
            return attendance.none()
        data = self.cleaned_data
        if data.get("deployment"):
            attendance = attendance.filter(assignment__deployment=data["deployment"])
        if data.get("day"):
            attendance = attendance.filter(day=data["day"])
        if data.get("team"):
            attendance = attendance.filter(assignment__team=data["team"])
        return attendance


class AttendanceDecisionForm(ManaraForm):
    """The deputy confirms or sends back, the office approves or rejects, the records ticked
    or (the button "to all shown") every record the filters show."""

    attendance = forms.ModelMultipleChoiceField(
        label=_("Attendance"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=())
    reason = forms.CharField(
        label=_("Reason (needed to send back or reject)"), required=False, max_length=2000
    )

    def __init__(self, *args, pending, deputy: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = pending
        self.fields["attendance"].queryset = pending
        self.fields["decision"].choices = (
            [("confirm", _("Confirm")), ("return", _("Send back to the leader"))]
            if deputy
            else [("approve", _("Approve")), ("reject", _("Reject"))]
        )

    def clean(self):
        data = super().clean()
        if self.data.get("all"):
            data["attendance"] = list(self.pending)
            # "All shown" means the records the page showed: if some came or went since,
            # nothing is decided and the page shows the list as it is now.
            if self.data.get("all") != str(len(data["attendance"])):
                raise forms.ValidationError(
                    _("The list changed since it was shown; look at it again and decide.")
                )
        if not data.get("attendance"):
            raise forms.ValidationError(_("Tick the attendance to decide, or apply to all shown."))
        return data


class LicenceIssueForm(ManaraForm):
    level = forms.ChoiceField(label=_("Level"))
    email = forms.EmailField(label=_("Volunteer's email address"), required=False)
    team = forms.ModelChoiceField(label=_("Or a team"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Choose a level"))] + LicenceLevel.choices
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
        # No action chosen until the clerk chooses one: a slip of the thumb revokes nothing.
        self.fields["action"].choices = [("", _("Choose an action"))] + [
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


class ImpactSeasonForm(ManaraForm):
    """The impact pages' season: one of the seasons with figures."""

    season = forms.TypedChoiceField(label=_("Season"), coerce=int, required=False)

    def __init__(self, *args, seasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].choices = [
            (season, _("%(season)s AH") % {"season": season}) for season in seasons
        ]


class BeneficiariesForm(ManaraForm):
    """A representative's report of the people a volunteer served in a shift; the limits
    are the service's (field.impact), so the message is the same everywhere."""

    beneficiaries = forms.IntegerField(
        label=_("People served"),
        required=False,
        max_value=2_000_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
