"""Writes of the partner API: its tokens."""

import secrets

from django.db import transaction

from lms.models import Organisation, User
from partner_api.auth import TOKEN_PREFIX, token_digest
from partner_api.models import ApiToken


@transaction.atomic
def token_create(*, organisation: Organisation, name: str, created_by: User | None = None) -> str:
    """Make a token for ``organisation``. Only its digest is kept: the returned text is the
    token's only copy."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        organisation=organisation, name=name, digest=token_digest(token), created_by=created_by
    )
    return token
