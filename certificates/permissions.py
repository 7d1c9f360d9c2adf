"""Who may do what with certificates: one function per rule, used by views and actions."""

from certificates.models import Certificate, CertificateBatch
from lms.roles import is_office_staff, limit_to_section


def may_download(user, certificate) -> bool:
    """A certificate's PDF is for its holder and for office staff."""
    return certificate.holder_id == user.pk or is_office_staff(user)


def may_revoke(user) -> bool:
    return is_office_staff(user)


def may_manage(user) -> bool:
    """The certificates screens of the admin."""
    return is_office_staff(user)


def certificates_visible_to(user):
    """The certificates of the people of ``user``'s section (a certificate's section is its
    holder's)."""
    return limit_to_section(Certificate.objects.all(), user, "holder__section")


def may_revoke_certificate(user, certificate) -> bool:
    return may_revoke(user) and certificates_visible_to(user).filter(pk=certificate.pk).exists()


def batches_visible_to(user):
    """The bulk issues for ``user``'s section; one for the whole office is not."""
    return limit_to_section(CertificateBatch.objects.all(), user, "section")
