"""Counts meet nouns in the right plural form, numbers are written as each language writes
them, and words with two meanings are told apart by their context."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import pgettext

from lms.numbers import format_hours, format_number, plural_count


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 ساعة"),
        (2, "2 ساعتان"),
        (3, "3 ساعات"),
        (5, "5 ساعات"),
        (10, "10 ساعات"),
        (11, "11 ساعة"),
        (25, "25 ساعة"),
        (100, "100 ساعة"),
        (Decimal("2.5"), "2.5 ساعة"),
    ],
)
def test_arabic_hours_take_the_plural_form_of_their_count(count, text):
    with translation.override("ar"):
        assert format_hours(count) == text


def test_english_and_urdu_hours_agree_with_their_count():
    with translation.override("en"):
        assert [format_hours(n) for n in (1, 2, "0.5", "1.00")] == [
            "1 hour",
            "2 hours",
            "0.5 hours",
            "1 hour",
        ]
    with translation.override("ur"):
        assert format_hours(1) == "1 گھنٹا"
        assert format_hours(Decimal("2.5")) == "2.5 گھنٹے"


def test_a_fraction_picks_the_form_of_other():
    assert plural_count(Decimal("2.50")) == 100
    assert plural_count("3.00") == 3
    assert plural_count(None) == 0


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [
        ("ar", Decimal("2.50"), "2.5"),
        ("ar", Decimal("1250.75"), "1,250.75"),
        ("ar", 12, "12"),
        ("en", Decimal("2.5"), "2.5"),
        ("en", Decimal("1250.75"), "1,250.75"),
        ("ur", Decimal("2.25"), "2.25"),
        ("ur", 1250, "1,250"),
        ("tr", Decimal("2.5"), "2,5"),
        ("ha", 1250, "1,250"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(language, value, text):
    with translation.override(language):
        assert format_number(value) == text


def test_arabic_never_writes_a_decimal_comma_even_through_floatformat():
    with translation.override("ar"):
        rendered = Template('{{ v|floatformat:"-2" }} {% load manara %}{{ v|number }}').render(
            Context({"v": Decimal("2.5")})
        )
    assert rendered == "2.50 2.5"


def test_the_quiz_verdict_right_is_not_an_entitlement():
    with translation.override("ar"):
        assert pgettext("quiz verdict: the answer is correct", "Right") == "إجابة صحيحة"
        assert pgettext("kind of article: an entitlement", "Right") == "حق"
    with translation.override("tr"):
        assert pgettext("quiz verdict: the answer is correct", "Right") == "Doğru cevap"


@pytest.mark.django_db
def test_an_arabic_page_says_hours_in_the_form_of_their_count(make_course, client):
    from django.core.cache import cache

    cache.clear()
    tree = make_course(lessons=1)
    course = tree.course
    for hours, word in ((Decimal("5"), "5 ساعات"), (Decimal("11"), "11 ساعة")):
        course.estimated_effort_hours = hours
        course.save_revision().publish()
        with translation.override("ar"):
            page = client.get(course.url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert word in page
