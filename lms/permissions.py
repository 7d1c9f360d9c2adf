"""Who may open the platform's own screens, and which people and teams a staff member
limited to a section sees. One function per rule, used by views, template tags, the site
menu, the admin and the other apps' forms alike. The ``may_`` rules never query (roles are
cached on the user); the ``_visible_to`` ones return lazy querysets."""

from lms.models import Team, TranslationRequest, User, VolunteerPhoto
from lms.roles import ADMIN_ROLES, in_section, is_office_staff, limit_to_section, role_names


def may_open_admin(user) -> bool:
    """Trainers, office staff and superusers open the Wagtail admin at /admin/."""
    return user.is_authenticated and (
        user.is_superuser or bool(role_names(user) & {role.value for role in ADMIN_ROLES})
    )


def teams_visible_to(user):
    """The teams of ``user``'s section (every team for someone not limited to one)."""
    return limit_to_section(Team.objects.all(), user, "section")


def may_change_team(user, team) -> bool:
    return in_section(user, team.section)


def users_visible_to(user):
    """The people of ``user``'s section: whom a limited staff member may look up, licence,
    assign or issue a statement to."""
    return limit_to_section(User.objects.all(), user, "section")


def translation_requests_visible_to(user):
    """Requests for translations: those of the staff member's section's people (all for
    someone who works for the whole office)."""
    return limit_to_section(TranslationRequest.objects.all(), user, "user__section")


def photos_visible_to(user):
    """Volunteers' photos the office staff member ``user`` sees: those of their section's
    people (all for someone who works for the whole office)."""
    return limit_to_section(VolunteerPhoto.objects.all(), user, "user__section")


def may_see_photo(user, photo) -> bool:
    """A photo is seen by the person in it and by office staff of their section."""
    if not user.is_authenticated:
        return False
    if photo.user_id == user.pk:
        return True
    return is_office_staff(user) and in_section(user, photo.user.section)


def may_decide_photo(user, photo) -> bool:
    """Office staff of the person's section approve or reject a photo, never their own."""
    return (
        photo.user_id != user.pk and is_office_staff(user) and in_section(user, photo.user.section)
    )
