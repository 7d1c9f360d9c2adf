"""Throttling of sign-in and password reset.

Sign-in uses django-axes: this module answers what axes asks Manara and renders the page a
locked-out person sees.

Failed sign-ins are counted per account (whatever address tries it) and per address
(whatever account it tries), so neither one address trying many accounts nor many
addresses trying one account get more than ``AXES_FAILURE_LIMIT`` guesses per cool-off.
The counts live in the database (axes' database handler), so every web process sees them.
"""

import hashlib
import math
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lms.ratelimit import client_address, count_in_window


def attempted_email(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The account a sign-in names, written the way accounts are stored (lower case), so
    ``Noura@Example.org`` and ``noura@example.org`` count against the same account."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    if not value:
        return None
    return str(value).strip().lower()


def account_failures_reset(*, email: str) -> int:
    """Forget the failed sign-ins against one account (after it signed in, or its holder
    chose a new password). Failures from an address against other accounts stay counted:
    an attacker who signs in to an account of their own must not clear their address."""
    return AxesProxyHandler.reset_attempts(username=email.strip().lower())


def lockout_remaining(request: HttpRequest, credentials: dict | None = None) -> timedelta:
    """How long until this request may try again: the lock lifts when enough of the
    counted failures have aged past the cool-off to bring the count under the limit."""
    cool_off = get_cool_off(request) or timedelta(0)
    limit = get_failure_limit(request, credentials)
    handler = AxesProxyHandler.get_implementation()
    if not hasattr(handler, "get_user_attempts"):  # another axes handler: promise the most
        return cool_off
    AxesProxyHandler.update_request(request)
    now = request.axes_attempt_time
    longest = timedelta(0)
    for attempts in handler.get_user_attempts(request, credentials):
        counted = 0
        for attempt_time, failures in attempts.order_by("-attempt_time").values_list(
            "attempt_time", "failures_since_start"
        ):
            counted += failures
            if counted >= limit:
                longest = max(longest, attempt_time + cool_off - now)
                break
    return longest if longest > timedelta(0) else cool_off


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page shown instead of signing in while locked out (``AXES_LOCKOUT_CALLABLE``),
    in the language the page speaks, for the site's sign-in and the Wagtail admin's."""
    remaining = lockout_remaining(request, credentials)
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    return render(request, "lms/sign_in_locked.html", {"minutes": minutes}, status=429)


def password_reset_wait(request: HttpRequest, *, email: str) -> int:
    """Count one password reset request; return 0 if it may go ahead, else the seconds to
    wait. Counted per visitor address and per email address asked for, whether or not an
    account uses it, so the answer tells nothing about who has an account."""
    per_address, address_window = settings.MANARA_PASSWORD_RESET_RATE_PER_ADDRESS
    used, wait = count_in_window(
        f"password-reset:address:{client_address(request)}", address_window
    )
    if used > per_address:
        return wait
    per_email, email_window = settings.MANARA_PASSWORD_RESET_RATE_PER_EMAIL
    # Hashed, so the cache holds no email addresses of people who may have no account.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    used, wait = count_in_window(f"password-reset:email:{digest}", email_window)
    if used > per_email:
        return wait
    return 0
