"""Sign-in is locked after repeated failures, per account and per address (django-axes),
and password reset requests are throttled without telling who has an account."""

import re
import threading
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection, connections
from django.test import Client

from lms.ratelimit import client_address
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5
ARABIC = re.compile("[\u0600-\u06ff]")


def sign_in(client, email, password, *, language="en", address="203.0.113.7"):
    return client.post(
        f"/{language}/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def age_failures(minutes: int) -> None:
    """Time passes for the recorded failures (axes compares their time with now)."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Try again in 15 minutes"), ("ar", None)],
)
def test_the_right_password_after_25_wrong_ones_is_refused(client, volunteer, language, expected):
    for _ in range(25):
        sign_in(client, volunteer.email, "wrong-password", language=language)

    response = sign_in(client, volunteer.email, PASSWORD, language=language)

    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert f'href="/{language}/accounts/password/reset/"' in page
    if expected:
        assert expected in page
    else:
        [heading] = re.findall(r"<h1>(.*?)</h1>", page)
        assert ARABIC.search(heading)
        assert "Signing in is paused" not in page
        assert "15" in page or "١٥" in page


def test_the_lock_starts_at_the_limit_and_not_before(client, volunteer):
    for _ in range(LIMIT - 1):
        assert sign_in(client, volunteer.email, "wrong-password").status_code == 200
    assert sign_in(client, volunteer.email, "wrong-password").status_code == 429
    assert sign_in(client, volunteer.email, PASSWORD).status_code == 429


def test_an_account_is_locked_whatever_address_tries_it(client, volunteer):
    for number in range(LIMIT):
        sign_in(client, volunteer.email, "wrong-password", address=f"198.51.100.{number}")

    response = sign_in(client, volunteer.email, PASSWORD, address="192.0.2.200")

    assert response.status_code == 429
    assert not signed_in(client)


def test_an_address_is_locked_whatever_account_it_tries(client):
    victims = UserFactory.create_batch(LIMIT + 1)
    for victim in victims[:LIMIT]:
        sign_in(client, victim.email, "Summer2026!")

    last = victims[LIMIT]
    assert sign_in(client, last.email, PASSWORD).status_code == 429
    assert not signed_in(client)
    # The same people from their own addresses are not affected: each account failed once.
    elsewhere = Client()
    assert sign_in(elsewhere, victims[0].email, PASSWORD, address="192.0.2.1").status_code == 302


def test_the_email_is_counted_in_any_case(client, volunteer):
    for number in range(LIMIT):
        spelling = volunteer.email.upper() if number % 2 else volunteer.email
        sign_in(client, spelling, "wrong-password", address=f"198.51.100.{number}")

    assert sign_in(client, volunteer.email, PASSWORD, address="192.0.2.9").status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, volunteer):
    for _ in range(LIMIT):
        sign_in(client, volunteer.email, "wrong-password")
    assert sign_in(client, volunteer.email, PASSWORD).status_code == 429

    age_failures(minutes=14)
    response = sign_in(client, volunteer.email, PASSWORD)
    assert response.status_code == 429
    assert "Try again in 1 minute." in response.content.decode()

    age_failures(minutes=2)
    assert sign_in(client, volunteer.email, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_office_can_lift_a_lock_with_the_axes_helper(client, volunteer):
    for _ in range(LIMIT):
        sign_in(client, volunteer.email, "wrong-password")

    axes_reset(username=volunteer.email)
    axes_reset(ip="203.0.113.7")

    assert sign_in(client, volunteer.email, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_accounts_failures(client, volunteer):
    for _ in range(LIMIT - 1):
        sign_in(client, volunteer.email, "wrong-password", address="192.0.2.50")
    assert sign_in(client, volunteer.email, PASSWORD, address="192.0.2.50").status_code == 302
    client.post("/en/accounts/logout/")

    # Four more mistakes would have been the ninth failure without the reset.
    for _ in range(LIMIT - 1):
        sign_in(client, volunteer.email, "wrong-password", address="192.0.2.51")
    assert sign_in(client, volunteer.email, PASSWORD, address="192.0.2.51").status_code == 302


def test_signing_in_to_an_own_account_does_not_clear_the_address(client):
    attacker, *victims = UserFactory.create_batch(LIMIT + 1)
    for victim in victims[: LIMIT - 1]:
        sign_in(client, victim.email, "Summer2026!")
    assert sign_in(client, attacker.email, PASSWORD).status_code == 302
    client.post("/en/accounts/logout/")

    sign_in(client, victims[-1].email, "Summer2026!")

    assert sign_in(client, attacker.email, PASSWORD).status_code == 429


def test_the_wagtail_admin_sign_in_is_locked_too(client):
    staff = UserFactory(is_superuser=True, is_staff=True, preferred_language="en")
    for _ in range(LIMIT):
        client.post(
            "/admin/login/",
            {"username": staff.email, "password": "wrong-password"},
            REMOTE_ADDR="203.0.113.8",
        )

    response = client.post(
        "/admin/login/", {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.8"
    )

    assert response.status_code == 429
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # back to the admin's sign-in


def test_failures_at_the_admin_count_for_the_site_too(client, volunteer):
    for _ in range(LIMIT):
        client.post(
            "/admin/login/",
            {"username": volunteer.email, "password": "wrong-password"},
            REMOTE_ADDR="198.51.100.1",
        )

    assert sign_in(client, volunteer.email, PASSWORD, address="192.0.2.1").status_code == 429


def test_choosing_a_new_password_lifts_the_accounts_lock(client, volunteer):
    for number in range(LIMIT):
        sign_in(client, volunteer.email, "wrong-password", address=f"198.51.100.{number}")

    client.post("/en/accounts/password/reset/", {"email": volunteer.email})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/\w+/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "A-new-Madinah-1448", "new_password2": "A-new-Madinah-1448"},
    )

    response = sign_in(client, volunteer.email, "A-new-Madinah-1448", address="192.0.2.1")
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_wrong_passwords_are_each_counted(volunteer):
    """Failures sent at the same moment, from one address, all land on one record; none is
    lost to a race, so exactly the limit of them locks the account."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    start = threading.Barrier(LIMIT)
    statuses: list[int] = []

    def attempt() -> None:
        try:
            start.wait(timeout=30)
            statuses.append(sign_in(Client(), volunteer.email, "wrong-password").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(LIMIT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == LIMIT
    [attempt_record] = AccessAttempt.objects.all()
    assert attempt_record.failures_since_start == LIMIT
    assert sign_in(Client(), volunteer.email, PASSWORD, address="192.0.2.1").status_code == 429


def test_forwarded_addresses_are_ignored_unless_the_proxy_is_trusted(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.MANARA_TRUSTED_PROXIES = []
    assert client_address(request) == "10.0.0.2"

    settings.MANARA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The right-most address the trusted proxy saw; "1.2.3.4" is what the client wrote.
    assert client_address(request) == "203.0.113.9"

    untrusted = rf.get("/", REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(untrusted) == "192.0.2.5"


def test_a_spoofed_forwarded_address_does_not_escape_the_lock(client, volunteer):
    victims = UserFactory.create_batch(LIMIT)
    for number, victim in enumerate(victims):
        client.post(
            "/en/accounts/login/",
            {"username": victim.email, "password": "Summer2026!"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    assert sign_in(client, volunteer.email, PASSWORD, address="203.0.113.7").status_code == 429


def reset_request(client, email, *, language="en", address="203.0.113.7"):
    return client.post(
        f"/{language}/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address
    )


def test_password_reset_is_throttled_per_email_alike_for_known_and_unknown_addresses(client):
    known = UserFactory(email="known@example.org")
    answers = {}
    for email in (known.email, "nobody@example.org"):
        answers[email] = [
            reset_request(client, email, address=f"198.51.100.{n}").status_code for n in range(5)
        ]

    assert answers[known.email] == answers["nobody@example.org"] == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3

    refused = reset_request(client, "nobody@example.org", address="192.0.2.1")
    page = refused.content.decode()
    assert "Too many requests to reset a password. Try again in" in page
    assert "nobody@example.org" not in page.replace('value="nobody@example.org"', "")


def test_password_reset_is_throttled_per_address_in_the_visitors_language(client):
    for number in range(10):
        assert reset_request(client, f"person{number}@example.org").status_code == 302

    refused = reset_request(client, "another@example.org", language="ar")

    assert refused.status_code == 429
    [error] = refused.context["form"].non_field_errors()
    assert ARABIC.search(error)
    assert reset_request(client, "another@example.org", address="192.0.2.1").status_code == 302
