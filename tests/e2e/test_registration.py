"""Registering in the browser in Arabic: specific Arabic errors, then a working account."""

import re

import pytest

from lms.models import User
from tests.factories import UserFactory, valid_national_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill(page, **values):
    for name, value in values.items():
        selector = f"[name={name}]"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def test_registration_in_arabic(page, live_server, screenshot):
    UserFactory(email="taken@example.org")
    page.goto(f"{live_server.url}/ar/accounts/register/")
    fill(
        page,
        name_ar="زينب الأنصارية",
        first_name="Zainab",
        last_name="Al-Ansari",
        email="taken@example.org",
        mobile="0551234567",
        id_type="national_id",
        id_number="1234567890",
        date_of_birth="2015-01-01",
        section="women",
        preferred_language="ha",
        password1="12345",
        password2="12345",
    )
    page.click("form.stacked button[type=submit]")
    errors = page.locator(".errorlist li").all_inner_texts()
    screenshot("ar-register-errors")
    assert len(errors) >= 4  # email, identity number, age, password
    assert all(re.search("[\u0600-\u06ff]", error) for error in errors), errors
    assert not User.objects.filter(name_ar="زينب الأنصارية").exists()

    fill(
        page,
        email="zainab@example.org",
        id_number=valid_national_id(31415),
        date_of_birth="2001-09-09",
        password1="Zainab-serves-1448",
        password2="Zainab-serves-1448",
    )
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile("/ha/$"))
    assert page.locator("html").get_attribute("lang") == "ha"
    assert "Zainab" in page.locator("h1").inner_text()
    screenshot("ha-home-after-registration")
    assert User.objects.get(email="zainab@example.org").section == "women"
