"""The office's volunteer list at /admin/volunteers/: search in either script, filters,
section limits and its query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.models import Section, Skill
from tests.factories import (
    FieldRoleFactory,
    HoursEntryFactory,
    LicenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/volunteers/"


def names_on(response) -> str:
    return response.content.decode()


def test_women_office_sees_only_women(client, women_office, fatimah, khalid):
    client.force_login(women_office)
    response = client.get(URL)
    assert response.status_code == 200
    page = names_on(response)
    assert "fatimah@example.org" in page
    assert "khalid@example.org" not in page


def test_search_without_diacritics_finds_the_name_written_with_them(
    client, whole_office, fatimah, khalid
):
    client.force_login(whole_office)
    page = names_on(client.get(URL, {"q": "فاطمه الزهراء"}))
    assert "fatimah@example.org" in page
    assert "khalid@example.org" not in page


@pytest.mark.parametrize(
    "query", ["Alzahra", "FATIMAH", "fatimah@example.org", "0501112233", "احمد"]
)
def test_search_by_latin_name_email_mobile(client, whole_office, fatimah, khalid, query):
    client.force_login(whole_office)
    page = names_on(client.get(URL, {"q": query}))
    assert "fatimah@example.org" in page


def test_search_by_the_masked_id_last_digits(client, whole_office, fatimah, khalid):
    client.force_login(whole_office)
    page = names_on(client.get(URL, {"q": fatimah.id_number[-4:]}))
    assert "fatimah@example.org" in page
    assert "khalid@example.org" not in page


def test_search_text_follows_a_name_change(fatimah):
    fatimah.name_ar = "مريم"
    fatimah.save(update_fields=["name_ar"])
    fatimah.refresh_from_db()
    assert "مريم" in fatimah.search_text
    assert "فاطمه" not in fatimah.search_text


def test_search_in_the_other_section_finds_nobody(client, women_office, khalid):
    client.force_login(women_office)
    page = names_on(client.get(URL, {"q": "خالد"}))
    assert "khalid@example.org" not in page


def test_filters(client, whole_office, fatimah, khalid, women_team):
    women_team.members.add(fatimah)
    skill = Skill.objects.get(slug="first-aid")
    fatimah.skills.add(skill)
    fatimah.spoken_languages = ["ar", "ur"]
    fatimah.save()
    HoursEntryFactory(volunteer=fatimah, approved=True, hours=Decimal("12.5"))
    HoursEntryFactory(volunteer=khalid, approved=True, hours=Decimal("2"))
    LicenceFactory(holder=fatimah, expires_on=datetime.date(2099, 1, 1))
    client.force_login(whole_office)
    for query in (
        {"section": Section.WOMEN},
        {"organisation": fatimah.organisation_id},
        {"team": women_team.pk},
        {"skill": skill.pk},
        {"language": "ur"},
        {"hours_min": "10"},
        {"hours_max": "13", "hours_min": "12"},
        {"licence_standing": "in_force"},
        {"season": HoursEntryFactory._meta.model.objects.first().season},
    ):
        page = names_on(client.get(URL, query))
        assert "fatimah@example.org" in page, query
        if "season" not in query:
            assert "khalid@example.org" not in page, query


def test_filter_by_eligibility_for_a_field_role(client, whole_office, fatimah, khalid):
    role = FieldRoleFactory(section=Section.WOMEN)
    client.force_login(whole_office)
    page = names_on(client.get(URL, {"field_role": role.pk}))
    assert "fatimah@example.org" in page
    assert "khalid@example.org" not in page


def test_a_volunteer_cannot_open_the_list(client, fatimah):
    client.force_login(fatimah)
    response = client.get(URL)
    assert response.status_code in (302, 403)


# Session, user, roles and permissions, Wagtail's profile and menu, the count, one page of
# people (with organisation and approved hours), their teams, their skills, and the filters'
# choices (teams, field roles, seasons, organisations, skills).
LIST_QUERIES = 18


def test_list_queries_do_not_grow_with_volunteers(client, women_office, women_team):
    for n in range(3):
        person = UserFactory(section=Section.WOMEN, email=f"w{n}@example.org")
        women_team.members.add(person)
    client.force_login(women_office)
    client.get(URL)  # warm caches (content types, sites)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(3, 60):
        person = UserFactory(section=Section.WOMEN, email=f"w{n}@example.org")
        person.skills.add(Skill.objects.get(slug="driving"))
        women_team.members.add(person)
        HoursEntryFactory(volunteer=person, approved=True)
    client.get(URL)  # the shared caches warm again, as in use
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.content.decode().count('name="id"') == 50  # a full page
    assert len(few.captured_queries) == LIST_QUERIES
    assert len(many.captured_queries) == LIST_QUERIES
