"""What makes a certificate trustworthy: its code and its signature.

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
from django.utils.crypto import salted_hmac

from lms.digits import ascii_digits
from lms.i18n import text_direction

CODE_BYTES = 20  # 160 bits: at least 128, and eight groups of four
CODE_GROUPS = re.compile(r".{1,4}")
CODE_CHARACTERS = re.compile(r"^[A-Z2-7]{32}$")
# Kept from when certificates lived in accreditation: every issued signature depends on it.
SIGNATURE_SALT = "manara.accreditation.certificate.v1"


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().rstrip("=")
    return "-".join(CODE_GROUPS.findall(raw))


def normalise_code(value: str) -> str | None:
    """The stored form of a code as someone typed or scanned it, or None if it cannot be one.
    Case, spaces, dashes and the script of its digits (١٢٣, ۱۲۳, １２３) do not matter."""
    raw = re.sub(r"[\s-]", "", ascii_digits(str(value or ""))).upper()
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


# Words that join names rather than being one: "بن" (son of), "آل" (family of).
NAME_CONNECTORS = {"بن", "بنت", "ابن", "آل", "bin", "binti", "bint", "ibn"}
# "عبد" and "أبو" make one name with the word after them: عبد الله, أبو بكر.
NAME_COMPOUND_HEADS = {"عبد", "ابو", "أبو", "أبي", "ابي", "أبا", "abd", "abdul", "abu"}
# The article, in Arabic script and as names are spelled in Latin letters.
ARABIC_ARTICLES = ("ال", "ٱل")
LATIN_ARTICLES = ("al-", "el-", "ul-", "al ", "el ")
# Given names that begin with the letters of the article without being one.
NAMES_LIKE_ARTICLE = {"الياس", "إلياس", "اليسع", "الهام", "الفت"}


def name_initial(word: str) -> str:
    """The letter a name is known by: القرشي gives ق, al-Qurashi gives Q, عبدالله gives ع."""
    if word not in NAMES_LIKE_ARTICLE:
        for article in ARABIC_ARTICLES:
            if word.startswith(article) and len(word) > len(article) + 1:
                word = word[len(article) :]
                break
        lowered = word.lower()
        for article in LATIN_ARTICLES:
            if lowered.startswith(article) and len(word) > len(article):
                word = word[len(article) :]
                break
    letters = [char for char in word if char.isalpha()]
    return (letters[0].upper() if letters else word[:1]) if word else ""


def _name_parts(name: str) -> list[str]:
    """The names in ``name``, connectors dropped and "عبد الله"-style compounds kept whole."""
    words = [word for word in name.split() if word.lower() not in NAME_CONNECTORS]
    parts: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word.lower().rstrip("-") in NAME_COMPOUND_HEADS and index + 1 < len(words):
            parts.append(f"{word} {words[index + 1]}")
            index += 2
        else:
            parts.append(word)
            index += 1
    return parts


def masked_name(name: str) -> str:
    """The first name in full and the initials of the others: enough for someone holding the
    certificate to match it, not enough to learn a stranger's full name. An initial is the
    letter the name is known by, after the article: "محمد عبد الله القرشي" gives
    "محمد ع. ق.", never "ا."."""
    parts = _name_parts(name)
    if not parts:
        return ""
    return " ".join([parts[0], *(f"{name_initial(part)}." for part in parts[1:])])


def holder_name(payload: dict, language: str) -> str:
    names = payload.get("holder", {})
    if text_direction(language) == "rtl":
        return names.get("name_ar") or names.get("name_latin", "")
    return names.get("name_latin") or names.get("name_ar", "")


def title_in(titles: dict, language: str) -> str:
    return titles.get(language) or titles.get("ar") or next(iter(titles.values()), "")


PDF_SEAL_SALT = "manara.certificates.pdf.v1"


def pdf_seal(code: str, digest: str) -> str:
    """An HMAC over a certificate's code and its PDF's SHA-256: whoever can change the stored
    file or the digest without the project's secret cannot make them agree again."""
    return salted_hmac(
        PDF_SEAL_SALT,
        f"{code}:{digest}",
        secret=settings.MANARA_CERTIFICATE_KEY,
        algorithm="sha256",
    ).hexdigest()


def pdf_seal_holds(certificate) -> bool:
    expected = pdf_seal(certificate.code, certificate.pdf_sha256)
    return bool(certificate.pdf_sha256) and hmac.compare_digest(expected, certificate.pdf_seal)
