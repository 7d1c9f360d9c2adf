"""The office's forms on volunteers. Digits typed in Arabic-Indic script are read as ASCII
(ManaraForm); the rules live in office.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.admin_forms import ManaraAdminModelForm
from lms.forms import ManaraForm
from lms.models import IdentityType, Organisation, Section
from lms.validators import normalise_mobile, validate_mobile


class CorrectionForm(ManaraForm):
    """What only the office corrects, shown with the volunteer's current values; the
    changed fields are corrected together, with one reason."""

    digit_fields = ("id_number",)

    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("None (volunteers on their own)"),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (Gregorian)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    id_type = forms.ChoiceField(
        label=_("Identity document"), choices=[("", "---"), *IdentityType.choices], required=False
    )
    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        help_text=_("Leave as it is to keep the number on record."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written in the audit trail with the values before and after."),
    )

    def __init__(self, *args, volunteer, **kwargs):
        initial = {
            "section": volunteer.section,
            "organisation": volunteer.organisation_id,
            "date_of_birth": volunteer.date_of_birth,
            "id_type": volunteer.id_type,
            "id_number": "",
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.volunteer = volunteer

    def changes(self) -> dict:
        """The corrected fields and their new values (an empty identity number keeps it)."""
        data = self.cleaned_data
        changes = {}
        for field in ("section", "organisation", "date_of_birth", "id_type"):
            if data.get(field) != getattr(self.volunteer, field):
                changes[field] = data.get(field)
        if data.get("id_number"):
            changes["id_number"] = data["id_number"].strip().upper().replace(" ", "")
        if changes.get("id_type") == "" and not data.get("id_number"):
            changes.pop("id_type")
        return changes


class UnmaskForm(ManaraForm):
    reason = forms.CharField(label=_("Reason (optional)"), required=False)


class AddToTeamForm(ManaraForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class DecisionForm(ManaraForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class VolunteerContactForm(ManaraAdminModelForm):
    """The office's edit of a volunteer's contact, skills and emergency contact: the numbers
    are read in any script and stored as the volunteer's own profile stores them."""

    digit_fields = ("mobile", "emergency_contact_phone")

    def clean_mobile(self) -> str:
        mobile = self.cleaned_data.get("mobile", "")
        if not mobile:
            return mobile
        validate_mobile(mobile)
        return normalise_mobile(mobile)

    def clean_emergency_contact_phone(self) -> str:
        phone = self.cleaned_data.get("emergency_contact_phone", "")
        if not phone:
            return phone
        validate_mobile(phone)
        return normalise_mobile(phone)
