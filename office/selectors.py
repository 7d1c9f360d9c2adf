"""Reads for the office's volunteer screens. The list is one queryset with its joins and
prefetches built in, so a page costs the same few queries whatever the number of
volunteers; the record gathers each app's part through that app's selectors."""

from collections import defaultdict

from django.db.models import Prefetch, Q

from accreditation.selectors import approved_hours_of_person, for_volunteer_hours
from courses.selectors import enrolments_of
from field.selectors import (
    assignments_of,
    eligibility_for_roles,
    field_roles_for_office,
    licences_of,
)
from lms.i18n import SPOKEN_LANGUAGES, reads_arabic_script
from lms.models import ProfileChangeRequest, Skill, Team, User
from lms.search import fold
from office.permissions import volunteers_visible_to

# What the list and its exports show: passwords and the rest of the account stay unread.
LIST_FIELDS = (
    "name_ar",
    "first_name",
    "last_name",
    "email",
    "mobile",
    "id_number",
    "section",
    "date_of_birth",
    "search_text",
    "organisation__name_ar",
    "organisation__name_en",
)


def volunteer_list(user):
    """The volunteers ``user`` sees, with organisation, teams, skills and approved hours:
    three queries for a page (people, teams, skills), plus the count."""
    return (
        volunteers_visible_to(user)
        .select_related("organisation")
        .only(*LIST_FIELDS)
        .prefetch_related(
            Prefetch("teams", queryset=Team.objects.only("pk", "name", "section")),
            Prefetch("skills", queryset=Skill.objects.all()),
        )
        .annotate(approved_hours=approved_hours_of_person())
    )


def volunteer_export_rows(queryset):
    """The people of ``queryset`` (the filtered list) for an export, each with
    ``team_names`` and ``skill_names``: two flat queries for the names instead of a
    prefetch, which costs more in Python than the spreadsheet itself at 10,000 rows."""
    people = queryset.prefetch_related(None)
    ids = people.order_by().values("pk")
    teams: dict[int, list[str]] = defaultdict(list)
    for person_id, name in Team.members.through.objects.filter(user_id__in=ids).values_list(
        "user_id", "team__name"
    ):
        teams[person_id].append(name)
    skills: dict[int, list[str]] = defaultdict(list)
    arabic = reads_arabic_script()
    for person_id, name_ar, name_en in User.skills.through.objects.filter(
        user_id__in=ids
    ).values_list("user_id", "skill__name_ar", "skill__name_en"):
        skills[person_id].append(name_ar if arabic else name_en)
    for person in people.iterator(chunk_size=2000):
        person.team_names = ", ".join(teams.get(person.pk, ()))
        person.skill_names = ", ".join(skills.get(person.pk, ()))
        yield person


def volunteer_search(queryset, text: str):
    """People whose names (either script), email, mobile or identity number's last digits
    hold every word of ``text``, compared folded: a name typed without diacritics or hamza
    finds the name written with them. Uses the stored folded column, never folds rows."""
    for word in fold(text).split():
        if word.isdigit() and len(word) >= 9:
            # A mobile typed the local way (05...) is stored the international way (+9665...).
            word = word.lstrip("0")
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def volunteer_record(*, volunteer, user) -> dict:
    """Everything the office's record of one volunteer shows, each part from the app that
    owns it. A fixed number of queries for a volunteer (the roles' checks add a few per
    field role the staff member sees)."""
    hours = for_volunteer_hours(volunteer)
    roles = list(field_roles_for_office(user))
    return {
        "volunteer": volunteer,
        "teams": list(volunteer.teams.select_related("organisation")),
        "led_teams": {team.pk for team in volunteer.led_teams.all()},
        "skills": list(volunteer.skills.all()),
        "languages": [
            str(name) for code, name in SPOKEN_LANGUAGES if code in volunteer.spoken_languages
        ],
        "hours": hours,
        "licences": licences_of(volunteer),
        "enrolments": enrolments_of(volunteer),
        "assignments": assignments_of(volunteer),
        "eligibility": eligibility_for_roles(person=volunteer, roles=roles),
        "change_requests": list(
            ProfileChangeRequest.objects.filter(
                Q(user=volunteer), Q(status=ProfileChangeRequest.Status.PENDING)
            )
        ),
    }
