"""Numbers as each reader writes them, and counts that pick the right plural form.

One place for the two questions every page, email and PDF asks when it shows a figure:
how to write it (``format_number``: Western digits in every language, the language's own
decimal mark from ``lms.formats`` and Django, trailing zeros dropped) and which plural form
of a noun goes with it (``plural_count``). CSV and XLSX exports keep raw numbers.
"""

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import ngettext

# CLDR puts every non-integer in the plural category "other". In the gettext plural rules
# of our six languages the form of 100 is that category: Arabic "2.5 ساعة" (the singular
# accusative, as after 11-99 and 100), English "2.5 hours", Urdu "2.5 گھنٹے". So a decimal
# count chooses its form as 100 does.
_NON_INTEGER_COUNT = 100


def _as_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value, places: int = 2) -> str:
    """``value`` in the active language with at most ``places`` decimals, trailing zeros
    dropped: "2.5", "12", "1,250.75"; Turkish "2,5". Not a number: returned as text."""
    number = _as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    number = round(number, places)
    if number == number.to_integral_value():
        number, places = number.to_integral_value(), 0
    else:
        places = max(0, -number.normalize().as_tuple().exponent)
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def plural_count(value) -> int:
    """The integer ngettext should choose a plural form with for ``value``: the value itself
    for a whole number, the form of "other" (see above) for a fraction."""
    number = _as_decimal(value)
    if number is None:
        return 0
    if number == number.to_integral_value():
        return abs(int(number))
    return _NON_INTEGER_COUNT


def format_hours(value) -> str:
    """ "2.5 hours", "5 ساعات", "11 ساعة": a number of hours in the active language."""
    return ngettext("%(hours)s hour", "%(hours)s hours", plural_count(value)) % {
        "hours": format_number(value)
    }
