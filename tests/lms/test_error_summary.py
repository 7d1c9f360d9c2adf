"""After a failed submit, every form starts with a summary of what to put right: it takes
the focus without script, links to each field with an error, and each such field points
to its message."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def post(client, url_name, data, language="en"):
    with translation.override(language):
        url = reverse(url_name)
    response = client.post(url, data)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_failed_registration_starts_with_a_focused_summary_linking_to_each_field(client):
    page = post(
        client,
        "register",
        {"email": "not-an-email", "mobile": "12ab", "id_type": "national_id", "id_number": "١٢٣"},
    )

    summary = page.select_one("form .error-summary")
    assert summary is not None
    # The summary comes before the first field, takes the focus on load (autofocus on a
    # focusable element, no script) and is announced.
    assert summary.find_next("div", class_="field") is not None
    assert summary.has_attr("autofocus")
    assert summary["tabindex"] == "-1"
    assert summary["role"] == "alert"
    assert summary.select_one("#" + summary["aria-labelledby"]).get_text(strip=True) == (
        "Nothing was saved. Put right what is listed here:"
    )
    # Only one element on the page asks for the focus.
    assert len(page.select("[autofocus]")) == 1

    links = {a["href"]: a.get_text(" ", strip=True) for a in summary.select("a")}
    assert links["#id_email"] == "Email address: Enter a valid email address."
    assert links["#id_id_number"] == (
        "Identity document number: A Saudi national ID has 10 digits; this one has 3 digits."
    )
    assert "#id_mobile" in links and "#id_password1" in links
    for href in links:
        field = page.select_one(href)
        assert field is not None, href
        assert field["aria-invalid"] == "true"
        message = page.select_one("#" + field["aria-describedby"].split()[-1])
        assert message is not None and "errorlist" in message["class"]


def test_the_summary_speaks_the_page_language(client):
    page = post(client, "register", {"email": ""}, language="ar")

    summary = page.select_one(".error-summary")
    assert summary.h2.get_text(strip=True) == "لم يُحفظ شيء. صحِّح ما يلي:"
    assert (
        summary.select_one('a[href="#id_email"]')
        .get_text(strip=True)
        .startswith("البريد الإلكتروني")
    )


def test_form_wide_errors_are_listed_in_the_summary_without_a_link(client, volunteer):
    page = post(client, "login", {"username": volunteer.email, "password": "wrong"})

    summary = page.select_one(".error-summary")
    [item] = summary.select("li")
    assert item.a is None
    assert "The email address or password is not right" in item.get_text()
    assert page.select("[autofocus]") == [summary]


def test_a_form_shown_for_the_first_time_has_no_summary(client):
    with translation.override("en"):
        response = client.get(reverse("register"))

    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one(".error-summary") is None


def test_a_group_of_checkboxes_is_linked_by_the_id_of_its_group():
    from django import forms
    from django.template.loader import render_to_string

    class LanguagesForm(forms.Form):
        languages = forms.MultipleChoiceField(
            choices=[("ar", "Arabic"), ("ur", "Urdu")], widget=forms.CheckboxSelectMultiple
        )

    form = LanguagesForm({})
    with translation.override("en"):
        page = BeautifulSoup(
            render_to_string("includes/form_fields.html", {"form": form}), "html.parser"
        )

    [link] = page.select(".error-summary a")
    assert link["href"] == "#id_languages"
    assert page.select_one("#id_languages").select("input[type=checkbox]")
