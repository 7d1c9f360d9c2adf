"""Dates as the office writes them: Hijri (Umm al-Qura) beside Gregorian, in six languages.

hijridate converts and names months only in a few languages, so the month names live here
for every language the platform speaks. Seasons are Hijri years.
"""

import datetime

from django.utils import formats, translation
from django.utils.translation import gettext as _
from hijridate import Gregorian

HIJRI_MONTHS = {
    "ar": (
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ),
    "en": (
        "Muharram",
        "Safar",
        "Rabi al-Awwal",
        "Rabi al-Thani",
        "Jumada al-Ula",
        "Jumada al-Akhirah",
        "Rajab",
        "Shaban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qadah",
        "Dhu al-Hijjah",
    ),
    "ur": (
        "محرم",
        "صفر",
        "ربیع الاول",
        "ربیع الثانی",
        "جمادی الاول",
        "جمادی الثانی",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذوالقعدہ",
        "ذوالحجہ",
    ),
    "tr": (
        "Muharrem",
        "Safer",
        "Rebiülevvel",
        "Rebiülahir",
        "Cemaziyelevvel",
        "Cemaziyelahir",
        "Recep",
        "Şaban",
        "Ramazan",
        "Şevval",
        "Zilkade",
        "Zilhicce",
    ),
    "ms": (
        "Muharam",
        "Safar",
        "Rabiulawal",
        "Rabiulakhir",
        "Jamadilawal",
        "Jamadilakhir",
        "Rejab",
        "Syaaban",
        "Ramadan",
        "Syawal",
        "Zulkaedah",
        "Zulhijah",
    ),
    "ha": (
        "Muharram",
        "Safar",
        "Rabi'ul Awwal",
        "Rabi'ul Akhir",
        "Jimada Ula",
        "Jimada Akhir",
        "Rajab",
        "Sha'aban",
        "Ramadan",
        "Shawwal",
        "Zulkida",
        "Zulhajji",
    ),
}


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "ar").split("-")[0]
    return code if code in HIJRI_MONTHS else "en"


def to_hijri(value: datetime.date) -> tuple[int, int, int] | None:
    """(year, month, day) in the Umm al-Qura calendar, or None outside its table (1924-2077)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except OverflowError:
        return None
    return hijri.year, hijri.month, hijri.day


def hijri_month_name(month: int, language: str | None = None) -> str:
    return HIJRI_MONTHS[_language(language)][month - 1]


def format_hijri(value: datetime.date, language: str | None = None) -> str:
    """For example ``17 جمادى الآخرة 1448 هـ``; empty when the date is outside the table."""
    parts = to_hijri(value)
    if parts is None:
        return ""
    year, month, day = parts
    with translation.override(_language(language)):
        # Translators: a Hijri date; {day} and {year} are numbers, {month} a month name.
        return _("{day} {month} {year} AH").format(
            day=day, month=hijri_month_name(month, language), year=year
        )


def format_gregorian(value: datetime.date, language: str | None = None) -> str:
    with translation.override(_language(language)):
        return formats.date_format(value, "j F Y")


def format_dual(value: datetime.date, language: str | None = None) -> str:
    """Gregorian with the Hijri date beside it, as every screen and certificate shows dates."""
    gregorian = format_gregorian(value, language)
    hijri = format_hijri(value, language)
    if not hijri:
        return gregorian
    with translation.override(_language(language)):
        # Translators: a Gregorian date followed by the same day in the Hijri calendar.
        return _("{gregorian} ({hijri})").format(gregorian=gregorian, hijri=hijri)


def hijri_season(value: datetime.date) -> int | None:
    """The Hijri year a date falls in: the office counts seasons by Hijri year."""
    parts = to_hijri(value)
    return parts[0] if parts else None
