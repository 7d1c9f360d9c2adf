"""Who may open the platform's own screens. One function per rule, used by views, template
tags and the site menu alike; none of them queries (roles are cached on the user)."""

from lms.roles import ADMIN_ROLES, role_names


def may_open_admin(user) -> bool:
    """Trainers, office staff and superusers open the Wagtail admin at /admin/."""
    return user.is_authenticated and (
        user.is_superuser or bool(role_names(user) & {role.value for role in ADMIN_ROLES})
    )
