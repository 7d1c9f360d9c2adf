import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from lms.i18n import text_direction

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
DIRECTIONS = {"ar": "rtl", "ur": "rtl", "en": "ltr", "tr": "ltr", "ms": "ltr", "ha": "ltr"}


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_the_six_languages_arabic_first():
    assert LANGUAGE_CODES == ["ar", "en", "ur", "tr", "ms", "ha"]
    assert settings.LANGUAGE_CODE == "ar"


def test_hausa_is_known_to_django():
    info = translation.get_language_info("ha")
    assert info["name_local"] == "Hausa"
    assert info["bidi"] is False


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_page_speaks_each_language_in_its_direction(client, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{code}" dir="{DIRECTIONS[code]}">'
    assert text_direction(code) == DIRECTIONS[code]
    with translation.override(code):
        title = translation.gettext("Volunteer training, Madinah")
    assert title in response.content.decode()
    if code != "en":
        assert title != "Volunteer training, Madinah"


def test_bare_address_opens_arabic_whatever_the_browser_asks(client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_bare_address_follows_the_switcher_cookie(client):
    client.cookies["manara_language"] = "tr"
    assert client.get("/")["Location"] == "/tr/"


def test_bare_address_follows_the_signed_in_users_preference(client, volunteer):
    volunteer.preferred_language = "ha"
    volunteer.save()
    client.force_login(volunteer)
    client.cookies["manara_language"] = "tr"
    assert client.get("/accounts/profile/")["Location"] == "/ha/accounts/profile/"


def test_url_prefix_wins_over_the_preference(client, volunteer):
    volunteer.preferred_language = "ha"
    volunteer.save()
    client.force_login(volunteer)
    assert html_tag(client.get("/en/")).startswith('<html lang="en"')


def test_switcher_keeps_the_page_and_remembers_the_choice(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/i18n/setlang/", {"language": "ur", "next": "/en/accounts/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/ur/accounts/profile/"
    assert response.cookies["manara_language"].value == "ur"
    volunteer.refresh_from_db()
    assert volunteer.preferred_language == "ur"


def test_switcher_refuses_foreign_redirects_and_unknown_languages(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert not response["Location"].startswith("https://evil.example")
    volunteer.refresh_from_db()
    assert volunteer.preferred_language == "ar"


def test_switcher_is_on_every_page_with_every_language(client):
    page = client.get("/en/accounts/login/").content.decode()
    for code in LANGUAGE_CODES:
        assert f'name="language" value="{code}"' in page


def test_switcher_refuses_get(client):
    assert client.get("/i18n/setlang/").status_code == 405


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_project_string_is_translated(code):
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po")
    )
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 100


@pytest.mark.parametrize("code", ["ar", "ur", "tr", "ms", "ha"])
def test_placeholders_survive_translation(code):
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po")
    )
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}|%[sd]")
    for entry in catalogue.translated_entries():
        expected = sorted(placeholder.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = sorted(placeholder.findall(text))
            if entry.msgid_plural:
                # A plural form may spell out "one" instead of the number.
                assert set(found) <= set(expected + placeholder.findall(entry.msgid_plural))
            else:
                assert found == expected, (entry.msgid, text)
