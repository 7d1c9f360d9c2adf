"""The people's part of the office's volunteer database: the folded search column kept on
save, the skills vocabulary, and change requests that wait for the office."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.models import ProfileChangeRequest, Section, Skill, User, search_text_of
from lms.search import fold
from lms.services import profile_change_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_search_text_is_folded_on_create():
    person = UserFactory(name_ar="مَسْؤُولَة الإِرْشَاد", first_name="Zeynep", last_name="Işık")
    assert "مسءوله" in person.search_text
    assert "الارشاد" in person.search_text
    assert "isik" in person.search_text
    assert person.id_number[-4:] in person.search_text.split()
    assert person.id_number not in person.search_text  # only the digits the mask shows


def test_search_text_follows_partial_saves():
    person = UserFactory()
    person.last_name = "Qahtani"
    person.save(update_fields=["last_name"])
    assert User.objects.get(pk=person.pk).search_text == search_text_of(person)
    assert "qahtani" in User.objects.get(pk=person.pk).search_text


def test_search_text_untouched_by_unrelated_partial_saves():
    person = UserFactory()
    User.objects.filter(pk=person.pk).update(search_text="stale")
    person.preferred_language = "en"
    person.save(update_fields=["preferred_language"])
    assert User.objects.get(pk=person.pk).search_text == "stale"


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئ ًٌٍَُِّْـ", max_size=30))
def test_a_name_without_its_marks_is_found_in_its_search_text(name):
    """Whatever the marks, the bare letters typed (folded) are inside the stored column."""
    person = User(name_ar=name, email="x@example.org")
    bare = fold(name)
    assert bare in search_text_of(person)


def test_the_office_skills_are_seeded():
    slugs = set(Skill.objects.values_list("slug", flat=True))
    assert {"first-aid", "sign-language", "crowd-management", "driving"} <= slugs
    assert Skill.objects.get(slug="first-aid").name_ar == "الإسعافات الأولية"


def test_change_request_does_not_change_the_account():
    person = UserFactory(section=Section.MEN)
    profile_change_request(user=person, field="section", proposed={"section": "women"})
    person.refresh_from_db()
    assert person.section == Section.MEN
    assert ProfileChangeRequest.objects.get().status == ProfileChangeRequest.Status.PENDING


def test_a_new_request_replaces_the_pending_one():
    person = UserFactory()
    profile_change_request(user=person, field="section", proposed={"section": "women"})
    profile_change_request(user=person, field="section", proposed={"section": "men"})
    assert ProfileChangeRequest.objects.get().proposed == {"section": "men"}


def test_unknown_change_is_refused():
    with pytest.raises(ValidationError):
        profile_change_request(user=UserFactory(), field="email", proposed={})
