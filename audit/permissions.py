"""Who reads the audit trail: office staff, their section's events only when limited to one
(events of no section, such as a course's accreditation, are the whole office's)."""

from django.db.models import Q

from lms.roles import is_office_staff


def may_read_audit(user) -> bool:
    return is_office_staff(user)


def audit_events_visible_to(user, events):
    if not may_read_audit(user):
        return events.none()
    if user.staff_section:
        return events.filter(Q(section=user.staff_section) | Q(section=""))
    return events
