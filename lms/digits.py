"""Digits as phones type them.

Many Saudi phones type Arabic-Indic digits (٠١٢٣), Persian and Urdu keyboards the
Eastern Arabic-Indic ones (۰۱۲۳), and some Asian keyboards full-width ones (０１２３).
Every form turns them into ASCII digits before it validates a field where digits are
typed (identity and mobile numbers, hours, times, dates, counts, codes), so a number is
checked for what it says, not for the script it was typed in. Prose (names, posts,
reasons) is left as the person wrote it.
"""

import re
from collections.abc import Iterable

from django import forms

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"  # Persian and Urdu
FULL_WIDTH = "０１２３４５６７８９"

_TO_ASCII = str.maketrans(
    {
        **{
            digit: str(value)
            for script in (ARABIC_INDIC, EXTENDED_ARABIC_INDIC, FULL_WIDTH)
            for value, digit in enumerate(script)
        },
        "٫": ".",  # Arabic decimal separator
        "．": ".",  # full-width full stop
        "＋": "+",  # full-width plus, as in ＋９６６…
        "－": "-",  # full-width hyphen-minus
        "：": ":",  # full-width colon, as in ０８：３０
        "／": "/",  # full-width solidus
    }
)
FOREIGN_DIGIT = re.compile(f"[{ARABIC_INDIC}{EXTENDED_ARABIC_INDIC}{FULL_WIDTH}]")
# A value made only of digits and the punctuation of numbers, dates and times: nothing
# a person would write as prose.
NUMBER_SHAPED = re.compile(
    f"[\\s0-9{ARABIC_INDIC}{EXTENDED_ARABIC_INDIC}{FULL_WIDTH}٫．＋－：／.,:/+\\-]+"
)


def ascii_digits(value: str) -> str:
    """``value`` with every Arabic-Indic, Persian and full-width digit (and the decimal
    separator, plus, minus, colon and slash typed with them) as its ASCII twin."""
    return value.translate(_TO_ASCII)


def ascii_digits_in(value):
    """:func:`ascii_digits` over what a widget reads from a form: a string, a list of
    strings (multiple values, split date and time), or anything else left alone."""
    if isinstance(value, str):
        return ascii_digits(value)
    if isinstance(value, list | tuple):
        return type(value)(ascii_digits_in(item) for item in value)
    return value


def is_number_shaped(value: str) -> bool:
    """True when ``value`` holds digits in another script and nothing but digits and
    number punctuation: safe to normalise even where the field type is not known."""
    return bool(FOREIGN_DIGIT.search(value)) and NUMBER_SHAPED.fullmatch(value) is not None


NUMERIC_FIELDS = (
    forms.IntegerField,  # DecimalField, FloatField too
    forms.DateField,
    forms.TimeField,
    forms.DateTimeField,
    forms.DurationField,
    forms.SplitDateTimeField,
)
NUMERIC_INPUT_TYPES = {"tel", "number", "date", "time", "datetime-local", "month", "week"}
NUMERIC_INPUT_MODES = {"numeric", "decimal", "tel"}


def typed_with_digits(field: forms.Field) -> bool:
    """Whether people type digits into ``field``: numbers, dates and times by their type,
    text fields by their keyboard (``type="tel"``, ``inputmode="numeric"``)."""
    if isinstance(field, NUMERIC_FIELDS):
        return True
    widget = field.widget
    return (
        getattr(widget, "input_type", None) in NUMERIC_INPUT_TYPES
        or widget.attrs.get("inputmode") in NUMERIC_INPUT_MODES
    )


class AsciiDigitsMixin:
    """Reads digits typed in any script as ASCII digits, in every field where digits are
    typed, before the field validates (and so when the form is shown again).

    Fields are found by :func:`typed_with_digits`; a text field holding digits among
    letters (a passport or a certificate code) is named in ``digit_fields``. Mix it in
    before the form class: ``class MyForm(AsciiDigitsMixin, forms.Form)``.
    """

    digit_fields: Iterable[str] = ()

    def _digit_widgets(self) -> list[forms.Widget]:
        named = set(self.digit_fields)
        return [
            field.widget
            for name, field in self.fields.items()
            if name in named or typed_with_digits(field)
        ]

    # Django reads every bound value through this one method (cleaning, has_changed and
    # showing the form again), so a field sees the same digits everywhere.
    def _widget_data_value(self, widget, html_name):
        value = super()._widget_data_value(widget, html_name)
        if any(widget is digit_widget for digit_widget in self._digit_widgets()):
            return ascii_digits_in(value)
        return value
