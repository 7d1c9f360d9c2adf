"""Who may see and do what with the hours ledger and its reports: one function per rule,
used by the admin screens, exports and actions alike."""

from accreditation.models import HoursEntry
from lms.roles import is_office_staff, limit_to_section, section_of


def hours_entries_visible_to(user):
    """The ledger lines of ``user``'s section (the section kept on each line)."""
    return limit_to_section(HoursEntry.objects.all(), user, "section")


def may_reverse_entry(user, entry) -> bool:
    """Office staff correct the ledger lines of their section."""
    return is_office_staff(user) and hours_entries_visible_to(user).filter(pk=entry.pk).exists()


def report_section(user, asked: str = "") -> str:
    """The section the hours report is read for: a limited staff member's own, whatever they
    asked; anyone else's choice."""
    return section_of(user) or asked
