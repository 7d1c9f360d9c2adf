"""The filters of the office's volunteer list. Each narrows the queryset in the database
(subqueries from the owning app's selectors); eligibility for a field role is the one that
checks requirements, for the people the other filters left."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from accreditation.selectors import people_active_in_season, seasons_with_hours
from field.selectors import LICENCE_LEVELS, eligible_among, field_roles_for_office, licence_holders
from lms.i18n import SPOKEN_LANGUAGES
from lms.models import Organisation, Section, Skill, User
from lms.permissions import teams_visible_to

LICENCE_STANDINGS = [
    ("in_force", _("In force")),
    ("lapsed", _("Lapsed (a requirement no longer held)")),
    ("expired", _("Expired")),
    ("suspended", _("Suspended")),
    ("revoked", _("Revoked")),
]


class VolunteerFilterSet(WagtailFilterSet):
    section = django_filters.ChoiceFilter(label=_("Section"), choices=Section.choices)
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"),
        field_name="teams",
        queryset=lambda request: teams_visible_to(request.user).select_related("organisation"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language spoken"), choices=SPOKEN_LANGUAGES, method="filter_language"
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"), field_name="skills", queryset=Skill.objects.filter(is_active=True)
    )
    licence_level = django_filters.ChoiceFilter(
        label=_("Licence level"), choices=LICENCE_LEVELS, method="filter_licence"
    )
    licence_standing = django_filters.ChoiceFilter(
        label=_("Licence standing"), choices=LICENCE_STANDINGS, method="filter_licence"
    )
    field_role = django_filters.ModelChoiceFilter(
        label=_("Eligible for the field role"),
        queryset=lambda request: field_roles_for_office(request.user),
        method="filter_field_role",
    )
    hours_min = django_filters.NumberFilter(
        label=_("Approved hours at least"), field_name="approved_hours", lookup_expr="gte"
    )
    hours_max = django_filters.NumberFilter(
        label=_("Approved hours at most"), field_name="approved_hours", lookup_expr="lte"
    )
    season = django_filters.TypedChoiceFilter(
        label=_("Active in season"), coerce=int, choices=[], method="filter_season"
    )

    class Meta:
        model = User
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["season"].extra["choices"] = [
            (season, str(season)) for season in seasons_with_hours()
        ]
        for name in ("hours_min", "hours_max"):
            self.filters[name].extra["widget"] = forms.NumberInput(attrs={"min": 0, "step": "any"})

    def filter_language(self, queryset, name, value):
        # JSON text contains the quoted code: works on SQLite and PostgreSQL alike.
        return queryset.filter(spoken_languages__icontains=f'"{value}"')

    def filter_licence(self, queryset, name, value):
        data = self.form.cleaned_data
        holders = licence_holders(
            level=data.get("licence_level") or "", standing=data.get("licence_standing") or ""
        )
        return queryset.filter(pk__in=holders)

    def filter_field_role(self, queryset, name, role):
        return queryset.filter(
            pk__in=eligible_among(role=role, volunteer_ids=queryset.values("pk"))
        )

    def filter_season(self, queryset, name, value):
        return queryset.filter(pk__in=people_active_in_season(value))
