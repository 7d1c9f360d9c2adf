"""What a certificate says, in each of its languages, and its PDF.

The office's name and the heading are common to every kind; the body comes from the kind
(``certificates.registry``)."""

from django.utils import translation
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.pdf import GREEN, INK, CertificateText, Line, render
from certificates.registry import kind_of
from certificates.signing import verify_url
from lms.i18n import text_direction


def heading(certificate) -> str:
    return str(Certificate.Kind(certificate.kind).label)


def subject(certificate, language: str) -> str:
    """What a certificate is about, in a few words (the course, the season, the level)."""
    with translation.override(language):
        return str(kind_of(certificate).subject(certificate, language))


def column(certificate, language: str) -> CertificateText:
    """What the certificate says in ``language``."""
    rtl = text_direction(language) == "rtl"

    def line(text, size, *, bold=False, color=INK) -> Line:
        return Line(text, size, rtl, bold=bold, color=color)

    with translation.override(language):
        lines = [
            line(_("The Volunteer Office in Madinah"), 14, color=GREEN),
            line(heading(certificate), 25, bold=True),
            *kind_of(certificate).lines(certificate, language, line),
        ]
    return CertificateText(language=language, lines=lines)


def certificate_pdf(certificate) -> bytes:
    """The PDF: Arabic always, and the holder's language beside it when it is another."""
    languages = ["ar"] if certificate.language == "ar" else ["ar", certificate.language]
    columns = [column(certificate, language) for language in languages]
    # Everything in the certificate's language, whatever language is active where it is
    # rendered: the same certificate must always give the same bytes.
    with translation.override(certificate.language):
        return render(
            columns=columns,
            code=certificate.code,
            verify_url=verify_url(certificate.code),
            issued_at=certificate.issued_at,
            footer=_("The Volunteer Office in Madinah"),
            title=f"{heading(certificate)} {certificate.code}",
        )
