"""Reads that feed the core's screens."""

from django.conf import settings
from django.utils import translation

from lms.models import TranslationRequest, User
from lms.roles import Role, role_names


def role_labels(user) -> list[str]:
    """Translated names of the user's roles, in a stable order."""
    names = role_names(user)
    return [str(role.label) for role in Role if role.value in names]


def profile_context(user: User) -> dict:
    """Everything the profile page shows, in three queries (user's organisation, roles, teams)."""
    profile = User.objects.select_related("organisation").get(pk=user.pk)
    languages = dict(settings.LANGUAGES)
    language = profile.preferred_language if profile.preferred_language in languages else "ar"
    return {
        "profile": profile,
        "roles": role_labels(user),
        "team_names": list(profile.teams.order_by("name").values_list("name", flat=True)),
        "preferred_language_name": translation.get_language_info(language)["name_local"],
    }


def translation_requested_at(*, user, page, language: str):
    """When ``user`` asked for ``page`` (its family) in ``language``, or None. One query."""
    return (
        TranslationRequest.objects.filter(
            user=user, translation_key=page.translation_key, language=language
        )
        .values_list("requested_at", flat=True)
        .first()
    )
