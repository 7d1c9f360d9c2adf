"""Where a decision comes from: the request's client address and browser, kept for the
duration of the request so services deep below the view can record them."""

import contextvars
import ipaddress
from dataclasses import dataclass

from lms.ratelimit import client_address


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    user_agent: str = ""
    user: object = None  # who is signed in, for changes recorded from signals (roles)


NOWHERE = Origin()
_origin: contextvars.ContextVar[Origin | None] = contextvars.ContextVar(
    "audit_origin", default=None
)


def current_origin() -> Origin:
    return _origin.get() or NOWHERE


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


class AuditOriginMiddleware:
    """Remember each request's client address (through the trusted-proxy rule) and browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = Origin(
            ip_address=_address(client_address(request)),
            user_agent=request.headers.get("User-Agent", "")[:300],
            user=getattr(request, "user", None),
        )
        token = _origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
