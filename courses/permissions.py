"""Who sees what of courses' records in the office's screens: one function per rule."""

from courses.models import Enrolment
from lms.roles import limit_to_section


def enrolments_visible_to(user):
    """The enrolments of the people of ``user``'s section (all, for the whole office)."""
    return limit_to_section(Enrolment.objects.all(), user, "user__section")
