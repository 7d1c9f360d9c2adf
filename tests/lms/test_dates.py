import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from lms.dates import HIJRI_MONTHS, format_dual, format_hijri, hijri_season, to_hijri

DAY = datetime.date(2026, 11, 27)


def test_umm_al_qura_conversion_of_known_days():
    assert to_hijri(DAY) == (1448, 6, 17)
    assert to_hijri(datetime.date(2025, 6, 26)) == (1447, 1, 1)  # 1 Muharram 1447
    assert to_hijri(datetime.date(2026, 3, 20)) == (1447, 10, 1)  # Eid al-Fitr 1447


def test_seasons_are_hijri_years():
    assert hijri_season(datetime.date(2026, 5, 27)) == 1447
    assert hijri_season(datetime.date(2026, 6, 17)) == 1448


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "17 جمادى الآخرة 1448 هـ"),
        ("ur", "17 جمادی الثانی 1448"),
        ("en", "17 Jumada al-Akhirah 1448 AH"),
        ("tr", "17 Cemaziyelahir 1448"),
        ("ms", "17 Jamadilakhir 1448"),
        ("ha", "17 Jimada Akhir 1448"),
    ],
)
def test_hijri_month_names_in_every_language(language, expected):
    assert format_hijri(DAY, language).startswith(expected)


def test_every_language_names_twelve_distinct_months():
    assert set(HIJRI_MONTHS) == {"ar", "en", "ur", "tr", "ms", "ha"}
    for names in HIJRI_MONTHS.values():
        assert len(names) == 12 == len(set(names))


@pytest.mark.parametrize(
    ("language", "gregorian_month"),
    [
        ("ar", "نوفمبر"),
        ("en", "November"),
        ("ur", "نومبر"),
        ("tr", "Kasım"),
        ("ms", "November"),
        ("ha", "Nuwamba"),
    ],
)
def test_dual_date_shows_gregorian_beside_hijri(language, gregorian_month):
    text = format_dual(DAY, language)
    assert gregorian_month in text
    assert "2026" in text and "1448" in text
    assert format_hijri(DAY, language) in text


def test_dates_outside_the_umm_al_qura_table_fall_back_to_gregorian():
    old = datetime.date(1900, 1, 1)
    assert to_hijri(old) is None
    with translation.override("en"):
        assert format_dual(old) == "1 January 1900"


def test_template_filter_uses_the_page_language_and_local_time():
    template = Template("{% load manara %}{{ moment|dual_date }}")
    # 22:30 UTC on the 26th is already the 27th in Madinah.
    moment = datetime.datetime(2026, 11, 26, 22, 30, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert template.render(Context({"moment": moment})).startswith("27 November 2026")
