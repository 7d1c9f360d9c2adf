"""Who may do what with certificates: one function per rule, used by views and actions."""

from lms.roles import is_office_staff


def may_download(user, certificate) -> bool:
    """A certificate's PDF is for its holder and for office staff."""
    return certificate.holder_id == user.pk or is_office_staff(user)


def may_revoke(user) -> bool:
    return is_office_staff(user)


def may_manage(user) -> bool:
    """The certificates screens of the admin."""
    return is_office_staff(user)
