"""Forms of opportunities: the public list's filters, the representative's (and the
office's) opportunity form, and the decisions on an opportunity or an application."""

import datetime
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accreditation.models import ServiceCategory
from field.models import FieldRole, Opportunity, ShiftTemplate
from lms.forms import ManaraForm, ManaraModelForm
from lms.i18n import SPOKEN_LANGUAGES
from lms.models import Section, Skill
from lms.roles import section_of


class OpportunityFilterForm(ManaraForm):
    """The public list: by service category, place, section, dates, language and skill."""

    category = forms.ModelChoiceField(
        label=_("Service category"),
        queryset=ServiceCategory.objects.order_by("name_en"),
        required=False,
        empty_label=_("All categories"),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=100)
    section = forms.ChoiceField(
        label=_("Section"), choices=[("", _("Both sections")), *Section.choices], required=False
    )
    starts_after = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_before = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(
        label=_("Language needed"),
        choices=[("", _("Any language")), *SPOKEN_LANGUAGES],
        required=False,
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.filter(is_active=True).order_by("name_en"),
        required=False,
        empty_label=_("Any skill"),
    )

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


# The deployment's shift templates keep a name of this length (ShiftTemplate.name).
SHIFT_NAME_MAX_LENGTH = ShiftTemplate._meta.get_field("name").max_length
SHIFT_LINE = re.compile(
    r"^(?P<name>.+?)\s+(?P<starts>\d{1,2}:\d{2})\s*[-–]\s*(?P<ends>\d{1,2}:\d{2})$"
)


def text_fields(name: str, label, *, required_first: bool, widget=None) -> dict:
    """One field per site language (``title_ar``, ``title_en``...), Arabic first."""
    fields = {}
    for code, language in settings.LANGUAGES:
        fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})",
            required=required_first and code == "ar",
            max_length=4000 if widget else 200,
            widget=widget,
        )
    return fields


class OpportunityForm(ManaraModelForm):
    """An opportunity's call: title and description in the languages provided (Arabic
    required), what, where, when and how many."""

    shifts_text = forms.CharField(
        label=_("Shifts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One shift a line: its name, then start–end, e.g. “Fajr 03:00-09:00”."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages needed"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Opportunity
        fields = [
            "category",
            "role",
            "service_point",
            "section",
            "starts_on",
            "ends_on",
            "places",
            "languages",
            "skills",
            "auto_accept",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "skills": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {
            **text_fields("title", _("Title"), required_first=True),
            **text_fields(
                "description",
                _("Description"),
                required_first=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
        }
        for name, form_field in texts.items():
            self.fields[name] = form_field
            kind, code = name.rsplit("_", 1)
            form_field.initial = getattr(self.instance, kind, {}).get(code, "")
        order = list(texts) + [n for n in self.fields if n not in texts]
        self.order_fields(order)
        self.fields["skills"].queryset = Skill.objects.filter(is_active=True).order_by("name_en")
        self.fields["category"].queryset = ServiceCategory.objects.order_by("name_en")
        roles = FieldRole.objects.order_by("name_en")
        if limit := section_of(user):
            roles = roles.filter(section__in=["", limit])
            self.fields["section"].choices = [(limit, Section(limit).label)]
        self.fields["role"].queryset = roles
        self.fields["shifts_text"].initial = "\n".join(
            f"{name} {starts}-{ends}" for name, starts, ends in self.instance.shifts or []
        )

    def clean_shifts_text(self) -> list:
        shifts = []
        for number, line in enumerate(self.cleaned_data["shifts_text"].splitlines(), 1):
            if not line.strip():
                continue
            match = SHIFT_LINE.match(line.strip())
            try:
                starts = datetime.time.fromisoformat(match["starts"].zfill(5)) if match else None
                ends = datetime.time.fromisoformat(match["ends"].zfill(5)) if match else None
            except ValueError:
                starts = ends = None
            if starts is None or ends is None or starts == ends:
                raise forms.ValidationError(
                    _("Line %(number)s is not a shift like “Fajr 03:00-09:00”."),
                    params={"number": number},
                )
            if len(match["name"].strip()) > SHIFT_NAME_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Line %(number)s: a shift's name has at most %(limit)s characters."),
                    params={"number": number, "limit": SHIFT_NAME_MAX_LENGTH},
                )
            shifts.append([match["name"].strip(), f"{starts:%H:%M}", f"{ends:%H:%M}"])
        return shifts

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("An opportunity ends on or after its start."))
        role, section = data.get("role"), data.get("section")
        if role and section and role.section and role.section != section:
            self.add_error("role", _("This role is for the other section."))
        return data

    def apply_texts(self) -> Opportunity:
        """The instance with its per-language texts and shifts from the form."""
        opportunity = self.instance
        for kind in ("title", "description"):
            setattr(
                opportunity,
                kind,
                {
                    code: self.cleaned_data[f"{kind}_{code}"].strip()
                    for code, _language in settings.LANGUAGES
                    if self.cleaned_data.get(f"{kind}_{code}", "").strip()
                },
            )
        opportunity.shifts = self.cleaned_data["shifts_text"]
        return opportunity


class DecisionForm(ManaraForm):
    """Approve or decline (an opportunity, an application), with a reason."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def problem(self) -> str:
        """Why the decision cannot be read, in the reader's language: the choice (a hidden
        field, so only a forged form misses it) or the reason's own error (its length)."""
        if "decision" in self.errors:
            return str(_("Choose to accept or decline."))
        return " ".join(self.errors.get("reason", [])) or str(_("Choose to accept or decline."))
