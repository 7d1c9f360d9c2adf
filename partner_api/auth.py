"""Who is calling: a partner organisation, known by the token in ``Authorization: Bearer``."""

import functools
import hashlib

from django.http import HttpRequest, JsonResponse

from lms.models import Organisation
from partner_api.models import ApiToken

TOKEN_PREFIX = "mnr_"  # noqa: S105 (marks a Manara token; not a secret)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def partner_for(request: HttpRequest) -> Organisation | None:
    """The organisation whose unrevoked token the request carries, or None."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(digest=token_digest(header.removeprefix("Bearer ").strip()), revoked_at=None)
        .first()
    )
    return token.organisation if token else None


def partner_only(view):
    """Call ``view(request, partner, ...)`` for a partner's request; answer 401 otherwise."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        partner = partner_for(request)
        if partner is None:
            return JsonResponse(
                {"error": "unauthorised", "message": "A valid partner token is required."},
                status=401,
            )
        return view(request, partner, *args, **kwargs)

    return wrapped
