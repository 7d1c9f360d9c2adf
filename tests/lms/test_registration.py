import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from lms.models import User
from lms.roles import Role
from tests.factories import UserFactory, valid_national_id

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name_ar": "عائشة الأنصارية",
        "first_name": "Aisha",
        "last_name": "Al-Ansari",
        "email": "aisha@example.org",
        "mobile": "055 123 4567",
        "id_type": "national_id",
        "id_number": valid_national_id(424242),
        "date_of_birth": "2000-01-15",
        "section": "women",
        "organisation": "",
        "preferred_language": "ur",
        "password1": "Madinah-serves-1448",
        "password2": "Madinah-serves-1448",
    }
    data.update(overrides)
    return data


def register(client, language="ar", **overrides):
    with translation.override(language):
        url = reverse("register")
    return client.post(url, form_data(**overrides))


def test_registration_creates_a_volunteer_and_signs_in_in_the_chosen_language(client):
    response = register(client)

    user = User.objects.get(email="aisha@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/ur/"
    assert response.cookies["manara_language"].value == "ur"
    assert user.mobile == "+966551234567"
    assert user.section == "women"
    assert list(user.groups.values_list("name", flat=True)) == [Role.VOLUNTEER.value]
    assert user.check_password("Madinah-serves-1448")
    assert client.get("/ur/").context["user"] == user


ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize(
    ("overrides", "field", "english_message"),
    [
        ({"id_number": "1234567890"}, "id_number", "does not add up"),
        ({"id_number": "12345"}, "id_number", "has 10 digits; this one has 5 digits"),
        ({"id_number": "12345678X0"}, "id_number", "digits only"),
        ({"id_number": "2234567890"}, "id_number", "starts with 1"),
        ({"id_type": "iqama", "id_number": valid_national_id(5)}, "id_number", "(iqama)"),
        ({"id_type": "passport", "id_number": "A1"}, "id_number", "A passport number"),
        ({"password1": "short1", "password2": "short1"}, "password1", "too short"),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "password1", "numeric"),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"password2": "Something-else-1448"}, "password2", "not the same"),
        ({"mobile": "12ab"}, "mobile", "mobile number of 8 to 15 digits"),
        ({"email": "not-an-email"}, "email", "valid email address"),
    ],
)
def test_bad_input_gets_a_specific_message_in_the_users_language_and_saves_nothing(
    client, overrides, field, english_message
):
    # Read each page's messages right away: they are lazy and follow the active language.
    english = register(client, language="en", **overrides)
    english_errors = [str(error) for error in english.context["form"].errors[field]]
    arabic = register(client, language="ar", **overrides)
    arabic_errors = [str(error) for error in arabic.context["form"].errors[field]]

    assert english.status_code == arabic.status_code == 200
    assert any(english_message in error for error in english_errors), english_errors
    assert len(arabic_errors) == len(english_errors)
    for error in arabic_errors:
        assert ARABIC_LETTERS.search(error), error
        assert error not in english_errors
    assert not User.objects.exists()


def test_duplicate_email_is_refused_whatever_its_case(client):
    UserFactory(email="aisha@example.org")
    response = register(client, language="en", email="AISHA@Example.org")

    assert response.status_code == 200
    [error] = response.context["form"].errors["email"]
    assert "already exists" in error
    assert User.objects.filter(email__iexact="aisha@example.org").count() == 1


def test_duplicate_identity_number_is_refused(client):
    UserFactory(id_number=valid_national_id(77))
    response = register(client, language="en", id_number=valid_national_id(77))

    assert "identity number already exists" in response.context["form"].errors["id_number"][0]


def test_under_age_is_refused_with_the_minimum_age(client, settings):
    settings.MANARA_MINIMUM_REGISTRATION_AGE = 16
    today = timezone.localdate()
    born = today.replace(year=today.year - 15)
    response = register(client, language="en", date_of_birth=born.isoformat())

    assert response.context["form"].errors["date_of_birth"] == [
        "Volunteers must be at least 16 years old to register."
    ]


def test_future_birth_date_is_refused(client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = register(client, language="en", date_of_birth=tomorrow.isoformat())

    assert response.context["form"].errors["date_of_birth"] == [
        "The date of birth must be in the past."
    ]


@pytest.mark.parametrize("language", ["ar", "en", "ur", "tr", "ms", "ha"])
def test_errors_speak_the_page_language(client, language):
    response = register(client, language=language, email="", id_number="1234567890")

    form = response.context["form"]
    with translation.override(language):
        required = translation.gettext("This field is required.")
        invalid_id = translation.gettext(
            "This national ID number does not add up: a digit is probably mistyped. Check it "
            "against the card."
        )
    assert form.errors["email"] == [required]
    assert form.errors["id_number"] == [invalid_id]
    if language != "en":
        assert required != "This field is required."
        assert invalid_id.startswith("This national") is False


def test_signed_in_user_is_sent_home_from_registration(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/en/accounts/register/").status_code == 302


def test_registration_sends_no_email_and_keeps_identity_masked_on_profile(client):
    register(client)
    assert mail.outbox == []
    page = client.get("/en/accounts/profile/").content.decode()
    number = valid_national_id(424242)
    assert number not in page
    assert number[-4:] in page
