"""Who may open the office's volunteer database and what a staff member limited to a
section sees of it: one rule (``volunteers_visible_to``) behind the list, the record, the
exports, corrections and bulk actions."""

from lms.models import ProfileChangeRequest, User
from lms.roles import is_office_staff, limit_to_section


def may_manage_volunteers(user) -> bool:
    """Office staff open the volunteer database and correct records."""
    return is_office_staff(user)


def may_unmask_identity(user) -> bool:
    """Office staff may read a full identity number; each reading is audited."""
    return is_office_staff(user)


def volunteers_visible_to(user):
    """The people of ``user``'s section (everyone for staff working for the whole office);
    nobody for someone who is not office staff."""
    if not may_manage_volunteers(user):
        return User.objects.none()
    return limit_to_section(User.objects.all(), user, "section")


def change_requests_visible_to(user):
    """Change requests from the people ``user`` sees."""
    if not may_manage_volunteers(user):
        return ProfileChangeRequest.objects.none()
    return limit_to_section(ProfileChangeRequest.objects.all(), user, "user__section")
