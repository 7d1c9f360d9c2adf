"""Writes on people and teams. Each service is atomic and checks what it promises."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.models import Organisation, ProfileChangeRequest, Team, TranslationRequest, User
from lms.roles import Role
from lms.validators import normalise_mobile


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    name_ar: str,
    mobile: str,
    id_type: str,
    id_number: str,
    date_of_birth: datetime.date,
    section: str,
    preferred_language: str,
    organisation: Organisation | None = None,
) -> User:
    """Create a volunteer account. The caller has validated the input (RegistrationForm);
    the database still refuses a second account for the same email or identity number."""
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        name_ar=name_ar,
        mobile=normalise_mobile(mobile),
        id_type=id_type,
        id_number=id_number.upper(),
        date_of_birth=date_of_birth,
        section=section,
        preferred_language=preferred_language,
        organisation=organisation,
    )
    user_grant_role(user=user, role=Role.VOLUNTEER)
    return user


def user_grant_role(*, user: User, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("_manara_roles", None)


@transaction.atomic
def team_member_add(*, team: Team, user: User, as_leader: bool = False) -> None:
    """Add someone to a team. A team belongs to one section, and so do its people."""
    if user.section and user.section != team.section:
        raise ValidationError(
            _("%(person)s belongs to the other section and cannot join this team.")
            % {"person": user.display_name}
        )
    team.members.add(user)
    if as_leader:
        team.leaders.add(user)
        user_grant_role(user=user, role=Role.TEAM_LEADER)


@transaction.atomic
def profile_update(*, user: User, data: dict) -> User:
    """Save what a person may change about themselves (see ProfileForm)."""
    for field in ("name_ar", "first_name", "last_name", "mobile", "preferred_language"):
        setattr(user, field, data[field])
    user.save(update_fields=["name_ar", "first_name", "last_name", "mobile", "preferred_language"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language


def translation_request_create(
    *, user: User, page, language: str
) -> tuple[TranslationRequest, bool]:
    """Records that ``user`` asked for ``page`` in ``language``; returns the request and
    whether it is new. Asking again, from any language version of the page, is the same
    request (a database constraint, so two clicks at once record one)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not offered."))
    if page.locale.language_code == language or (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .exists()
    ):
        raise ValidationError(_("This page is already in this language."))
    lookup = {"user": user, "translation_key": page.translation_key, "language": language}
    existing = TranslationRequest.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return TranslationRequest.objects.create(page=page, **lookup), True
    except IntegrityError:  # the same request, recorded a moment ago by another click
        return TranslationRequest.objects.get(**lookup), False


@transaction.atomic
def profile_change_request(*, user: User, field: str, proposed: dict, note: str = ""):
    """Send the office a request to change what only it may change (section, organisation,
    date of birth, identity). Nothing on the account changes until the office accepts it;
    a new request for the same thing replaces a pending one."""
    if field not in ProfileChangeRequest.Field.values:
        raise ValidationError(_("Choose what to change."))
    ProfileChangeRequest.objects.filter(
        user=user, field=field, status=ProfileChangeRequest.Status.PENDING
    ).delete()
    return ProfileChangeRequest.objects.create(
        user=user, field=field, proposed=proposed, note=note.strip()
    )
