"""Roles are Django groups. Their names are stable identifiers; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VOLUNTEER = "Volunteer", _("Volunteer")
    TRAINER = "Trainer", _("Trainer")
    TEAM_LEADER = "Team leader", _("Team leader")
    OFFICE_STAFF = "Office staff", _("Office staff")
    # Confirms field attendance for their section (``User.staff_section``) before the office
    # approves it: women's teams are confirmed by the women's section deputies.
    SECTION_DEPUTY = "Section deputy", _("Section deputy")
    # A partner organisation's representative (the plan's "ambassador"): publishes the
    # organisation's opportunities, sees its applicants and reports the beneficiaries it
    # served, for the organisation of their account (``User.organisation``) and no other.
    REPRESENTATIVE = "Organisation representative", _("Organisation representative")


# Roles whose members may open the Wagtail admin at /admin/.
ADMIN_ROLES = (Role.TRAINER, Role.OFFICE_STAFF)


def role_names(user) -> set[str]:
    """The user's roles, kept on the user object for the request and in the shared cache
    (``lms.pagecache``) until their groups change."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_manara_roles", None)
    if cached is None:
        from lms.pagecache import cached_roles

        cached = cached_roles(user, lambda person: person.groups.values_list("name", flat=True))
        user._manara_roles = cached
    return cached


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and (user.is_superuser or role.value in role_names(user))


def is_office_staff(user) -> bool:
    return has_role(user, Role.OFFICE_STAFF)


def with_roles(people) -> list:
    """The users of a queryset, with their roles read in one more query."""
    found = list(people.prefetch_related("groups"))
    for person in found:
        person._manara_roles = {group.name for group in person.groups.all()}
    return found


# Sections ---------------------------------------------------------------------------------
# The one rule behind every section limit: a person whose ``staff_section`` is set (office
# staff, deputies) sees and acts on that section only; blank means the whole office. Each
# app writes its ``<things>_visible_to(user)`` with ``limit_to_section`` and nothing else.


def section_of(user) -> str:
    """The section ``user`` is limited to, or "" when they work for the whole office."""
    return (getattr(user, "staff_section", "") or "") if user.is_authenticated else ""


def in_section(user, section: str) -> bool:
    """Whether an object of ``section`` is within ``user``'s reach."""
    limit = section_of(user)
    return not limit or section == limit


def limit_to_section(queryset, user, *paths: str, shared: bool = False):
    """``queryset`` narrowed to the objects of ``user``'s section, unchanged for someone not
    limited to one. ``paths`` name where an object's section is written; an object matches
    when any of them holds the section (a licence is its holder's or its team's). With
    ``shared``, an object whose section is blank belongs to both sections."""
    limit = section_of(user)
    if not limit:
        return queryset
    condition = models.Q()
    for path in paths or ("section",):
        condition |= models.Q(**{path: limit})
        if shared:
            condition |= models.Q(**{path: ""})
    return queryset.filter(condition)


# Organisations ---------------------------------------------------------------------------
# The one rule behind every organisation limit: a representative sees and acts on their own
# organisation's objects only. Each app narrows with ``limit_to_organisation``.


def represented_organisation_id(user) -> int | None:
    """The organisation ``user`` represents, or None when they represent none (a
    representative whose account names no organisation represents nobody)."""
    if not has_role(user, Role.REPRESENTATIVE) or user.is_superuser:
        return None
    return getattr(user, "organisation_id", None)


def limit_to_organisation(queryset, user, path: str = "organisation"):
    """``queryset`` narrowed to the objects of the organisation ``user`` represents; empty
    for someone who represents none."""
    organisation_id = represented_organisation_id(user)
    if organisation_id is None:
        return queryset.none()
    return queryset.filter(**{path: organisation_id})
