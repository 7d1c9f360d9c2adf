"""Checks on personal data a volunteer types in, with messages in the volunteer's language."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MOBILE_RE = re.compile(r"^\+?[0-9]{8,15}$")
PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,9}$")


def normalise_mobile(value: str) -> str:
    """Drop spaces, dashes and brackets; turn 05xxxxxxxx into +9665xxxxxxxx."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"05[0-9]{8}", digits):
        digits = "+966" + digits[1:]
    return digits


# Left-to-right isolates keep "+966..." whole inside Arabic and Urdu sentences.
MOBILE_EXAMPLES = {"local": "\u20660551234567\u2069", "international": "\u2066+966551234567\u2069"}


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(normalise_mobile(value)):
        raise ValidationError(
            _("Enter a mobile number of 8 to 15 digits, such as %(local)s or %(international)s."),
            code="invalid_mobile",
            params=MOBILE_EXAMPLES,
        )


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


_TEN_DIGIT_MESSAGES = {
    "national_id": {
        "code": "invalid_national_id",
        "not_digits": _("A Saudi national ID has digits only, without letters or signs."),
        "length": ngettext_lazy(
            "A Saudi national ID has 10 digits; this one has %(count)d digit.",
            "A Saudi national ID has 10 digits; this one has %(count)d digits.",
            "count",
        ),
        "first_digit": _(
            "A Saudi national ID starts with 1; a number starting with 2 is a residence "
            "permit (iqama)."
        ),
        "check_digit": _(
            "This national ID number does not add up: a digit is probably mistyped. Check it "
            "against the card."
        ),
        "first": "1",
    },
    "iqama": {
        "code": "invalid_iqama",
        "not_digits": _(
            "A residence permit (iqama) number has digits only, without letters or signs."
        ),
        "length": ngettext_lazy(
            "A residence permit (iqama) number has 10 digits; this one has %(count)d digit.",
            "A residence permit (iqama) number has 10 digits; this one has %(count)d digits.",
            "count",
        ),
        "first_digit": _(
            "A residence permit (iqama) number starts with 2; a number starting with 1 is a "
            "Saudi national ID."
        ),
        "check_digit": _(
            "This residence permit (iqama) number does not add up: a digit is probably "
            "mistyped. Check it against the card."
        ),
        "first": "2",
    },
}


def validate_identity_number(id_type: str, value: str) -> None:
    """Saudi national IDs start with 1 and residence permits (iqama) with 2: ten digits
    with a Luhn check digit. Passports are 6 to 9 letters and digits. Each way a number
    can be wrong has its own message, so a volunteer knows what to look at."""
    if id_type in _TEN_DIGIT_MESSAGES:
        messages = _TEN_DIGIT_MESSAGES[id_type]
        code = messages["code"]
        if not re.fullmatch(r"[0-9]+", value):
            raise ValidationError(messages["not_digits"], code=code)
        if len(value) != 10:
            raise ValidationError(messages["length"], code=code, params={"count": len(value)})
        if value[0] != messages["first"]:
            raise ValidationError(messages["first_digit"], code=code)
        if not luhn_ok(value):
            raise ValidationError(messages["check_digit"], code=code)
    elif id_type == "passport":
        if not PASSPORT_RE.match(value):
            raise ValidationError(
                _("A passport number has 6 to 9 Latin letters and digits."),
                code="invalid_passport",
            )
    else:
        raise ValidationError(_("Choose the kind of identity document."), code="invalid_id_type")


def mask_identity_number(value: str) -> str:
    """Show only the last four characters, as everyone outside the office sees it."""
    if not value:
        return ""
    visible = value[-4:]
    return "•" * max(len(value) - 4, 2) + visible
