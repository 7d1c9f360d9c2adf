"""What a certificate is: its code, its signature, and what it says in each language.

The code is 128 random bits (``secrets``), written in base 32 in groups of four so it can be
read aloud and typed. The signature is an HMAC-SHA256, keyed by the project's secret, over
the code, the kind, the holder and everything the certificate certifies: changing any of it
in the database, or the signature itself, makes verification fail.
"""

import base64
import datetime
import hmac
import json
import re
import secrets

from django.conf import settings
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accreditation.pdf import GREEN, INK, CertificateText, Line, render
from lms.dates import format_dual
from lms.i18n import text_direction

CODE_BYTES = 20  # 160 bits: at least 128, and eight groups of four
CODE_GROUPS = re.compile(r".{1,4}")
CODE_CHARACTERS = re.compile(r"^[A-Z2-7]{32}$")
SIGNATURE_SALT = "manara.accreditation.certificate.v1"


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().rstrip("=")
    return "-".join(CODE_GROUPS.findall(raw))


def normalise_code(value: str) -> str | None:
    """The stored form of a code as someone typed or scanned it, or None if it cannot be one.
    Case, spaces and dashes do not matter."""
    raw = re.sub(r"[\s-]", "", str(value or "")).upper()
    if not CODE_CHARACTERS.match(raw):
        return None
    return "-".join(CODE_GROUPS.findall(raw))


def _utc(moment) -> str:
    """The same instant is signed the same way whatever time zone it was read in."""
    return moment.astimezone(datetime.UTC).isoformat()


def _signed_fields(certificate) -> bytes:
    fields = {
        "code": certificate.code,
        "kind": certificate.kind,
        "holder": certificate.holder_id,
        "source": certificate.source_id,
        "language": certificate.language,
        "issued_at": _utc(certificate.issued_at),
        "expires_at": _utc(certificate.expires_at) if certificate.expires_at else None,
        "payload": certificate.payload,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(certificate) -> str:
    return salted_hmac(
        SIGNATURE_SALT,
        _signed_fields(certificate),
        secret=settings.MANARA_CERTIFICATE_KEY,
        algorithm="sha256",
    ).hexdigest()


def signature_holds(certificate) -> bool:
    return hmac.compare_digest(sign(certificate), certificate.signature or "")


def verify_url(code: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/verify/{code}/"


def masked_name(name: str) -> str:
    """The first name in full and the initials of the others: enough for someone holding the
    certificate to match it, not enough to learn a stranger's full name."""
    parts = name.split()
    if not parts:
        return ""
    return " ".join([parts[0], *(f"{part[0]}." for part in parts[1:])])


def holder_name(payload: dict, language: str) -> str:
    names = payload.get("holder", {})
    if text_direction(language) == "rtl":
        return names.get("name_ar") or names.get("name_latin", "")
    return names.get("name_latin") or names.get("name_ar", "")


def title_in(titles: dict, language: str) -> str:
    return titles.get(language) or titles.get("ar") or next(iter(titles.values()), "")


def _date(value: str, language: str) -> str:
    return format_dual(timezone.datetime.fromisoformat(value).date(), language)


def subject(certificate, language: str) -> str:
    """What a certificate is about, in a few words: the course, or the season of a statement."""
    payload = certificate.payload
    with translation.override(language):
        if certificate.kind == "course":
            return title_in(payload["course"]["titles"], language)
        if certificate.kind == "licence":
            from accreditation.models import LicenceLevel

            return str(LicenceLevel(payload["level"]).label)
        if payload.get("season"):
            return _("%(season)s AH") % {"season": payload["season"]}
        return _("All seasons")


def certificate_heading(kind: str) -> str:
    from accreditation.models import Certificate

    return str(Certificate.Kind(kind).label)


def column(certificate, language: str) -> CertificateText:
    """What the certificate says in ``language``."""
    payload = certificate.payload
    rtl = text_direction(language) == "rtl"

    def line(text, size, *, bold=False, color=INK) -> Line:
        return Line(text, size, rtl, bold=bold, color=color)

    with translation.override(language):
        lines = [
            line(_("The Volunteer Office in Madinah"), 14, color=GREEN),
            line(certificate_heading(certificate.kind), 25, bold=True),
        ]
        if certificate.kind == "course":
            completed_on = _date(payload["completed_on"], language)
            lines += [
                line(_("This certifies that"), 13),
                line(holder_name(payload, language), 22, bold=True),
                line(_("has completed the training course"), 13),
                line(title_in(payload["course"]["titles"], language), 18, bold=True),
                line(_("on %(date)s") % {"date": completed_on}, 13),
            ]
            if payload.get("hours"):
                lines.append(
                    line(
                        _("accredited by the office for %(hours)s volunteer hours")
                        % {"hours": payload["hours"]},
                        13,
                    )
                )
            if certificate.expires_at:
                until = format_dual(timezone.localdate(certificate.expires_at), language)
                lines.append(line(_("Valid until %(date)s") % {"date": until}, 11))
        elif certificate.kind == "licence":
            from accreditation.models import LicenceLevel

            level = LicenceLevel(payload["level"]).label
            lines += [
                line(_("This licence is held by"), 13),
                line(holder_name(payload, language), 22, bold=True),
                line(_("Level: %(level)s") % {"level": level}, 18, bold=True),
                line(
                    _("Valid until %(date)s") % {"date": _date(payload["expires_on"], language)}, 13
                ),
                line(
                    _(
                        "It is in force only while the requirements it rests on are met; "
                        "check it by its code."
                    ),
                    11,
                ),
            ]
        else:
            lines += [
                line(_("This certifies that"), 13),
                line(holder_name(payload, language), 22, bold=True),
                line(
                    _("served %(hours)s accredited volunteer hours")
                    % {"hours": payload["total_hours"]},
                    16,
                    bold=True,
                ),
            ]
            if payload.get("season"):
                lines.append(
                    line(_("in the season of %(season)s AH") % {"season": payload["season"]}, 13)
                )
            for row in payload.get("categories", [])[:6]:
                name = row["name_ar"] if rtl else row["name_en"]
                lines.append(
                    line(
                        _("%(category)s: %(hours)s hours")
                        % {"category": name, "hours": row["hours"]},
                        11,
                    )
                )
            if courses := payload.get("courses", []):
                lines.append(line(_("Courses completed: %(count)s") % {"count": len(courses)}, 11))
            if field := payload.get("field", []):
                lines.append(
                    line(_("Field assignments served: %(count)s") % {"count": len(field)}, 11)
                )
    return CertificateText(language=language, lines=lines)


def certificate_pdf(certificate) -> bytes:
    languages = ["ar"] if certificate.language == "ar" else ["ar", certificate.language]
    columns = [column(certificate, language) for language in languages]
    with translation.override(certificate.language):
        title = f"{certificate_heading(certificate.kind)} {certificate.code}"
    return render(
        columns=columns,
        code=certificate.code,
        verify_url=verify_url(certificate.code),
        issued_at=certificate.issued_at,
        footer=_("The Volunteer Office in Madinah"),
        title=title,
    )
