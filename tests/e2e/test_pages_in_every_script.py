"""The core pages in Arabic, Urdu, English and Hausa: direction, fonts, no overflow, no
untranslated text, and a screenshot of each for a person to look at."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = {"ar": "rtl", "ur": "rtl", "en": "ltr", "ha": "ltr"}
PUBLIC_PAGES = {"home": "/", "login": "/accounts/login/", "register": "/accounts/register/"}
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
HAUSA_HOOKED = re.compile("[ɓɗƙƴƁƊƘ]")

# The chrome of a page: what the platform itself says, not data people typed.
CHROME_SELECTOR = "h1, label, button, .site-footer p, .brand, .site-nav a"


def check_page(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == LANGUAGES[language]
    # Nothing sticks out sideways (a sign of mirrored or clipped layout).
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.evaluate("document.fonts.ready")
    family = "Noto Naskh Arabic" if LANGUAGES[language] == "rtl" else "Noto Sans"
    if language == "ur":
        family = "Noto Nastaliq Urdu"  # Urdu reads in Nastaliq
    assert page.evaluate(f"document.fonts.check('16px \"{family}\"')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any(family in name for name in loaded), loaded
    texts = [
        text.strip() for text in page.locator(CHROME_SELECTOR).all_inner_texts() if text.strip()
    ]
    if LANGUAGES[language] == "rtl":
        # Every label, heading and button speaks the page's script, bar language names.
        latin_only = [t for t in texts if not ARABIC_SCRIPT.search(t) and t not in LANGUAGE_NAMES]
        assert latin_only == []


LANGUAGE_NAMES = {"English", "Türkçe", "Bahasa Melayu", "Hausa"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(page, live_server, screenshot, language):
    for name, path in PUBLIC_PAGES.items():
        page.goto(f"{live_server.url}/{language}{path}")
        check_page(page, language)
        screenshot(f"{language}-{name}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_page(page, live_server, screenshot, sign_in, language):
    user = UserFactory(
        preferred_language=language,
        name_ar="عبدالرحمن بن عوف",
        first_name="Ɓala",
        last_name="Ɗanjuma",
    )
    sign_in(user, PASSWORD, language)
    page.goto(f"{live_server.url}/{language}/accounts/profile/")
    check_page(page, language)
    body = page.locator("main").inner_text()
    assert user.id_number not in body
    assert user.id_number[-4:] in body
    if language == "ha":
        assert HAUSA_HOOKED.search(body)
    screenshot(f"{language}-profile")


def test_switcher_walks_through_every_language(page, live_server):
    page.goto(f"{live_server.url}/ar/accounts/login/")
    for code, direction in [
        ("en", "ltr"),
        ("ur", "rtl"),
        ("tr", "ltr"),
        ("ms", "ltr"),
        ("ha", "ltr"),
        ("ar", "rtl"),
    ]:
        page.click(f".language-switcher button[value={code}]")
        page.wait_for_url(re.compile(f"/{code}/accounts/login/$"))
        assert page.locator("html").get_attribute("dir") == direction
        assert (
            page.locator(f".language-switcher button[value={code}]").get_attribute("aria-current")
            == "true"
        )
