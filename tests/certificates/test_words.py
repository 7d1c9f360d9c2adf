"""What certificates say in words: hours in the plural form of their count on the PDF, the
verification page's initials (never the article) and its naming of a licence as a licence."""

import datetime
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from certificates.content import certificate_pdf, column
from certificates.models import Certificate
from certificates.services import certificate_issue
from certificates.signing import (
    NAME_COMPOUND_HEADS,
    NAME_CONNECTORS,
    masked_name,
    name_initial,
)
from tests.certificates.test_certificate_pdf import a_certificate


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


@pytest.mark.parametrize(
    ("hours", "words"),
    [("1", "1 ساعة"), ("2", "2 ساعتين"), ("5", "5 ساعات"), ("10", "10 ساعات"), ("11", "11 ساعة")],
)
def test_an_arabic_certificate_says_hours_in_the_form_of_their_count(hours, words):
    certificate = a_certificate("ar")
    certificate.payload["hours"] = hours
    # The PDF draws these lines; its shaped Arabic glyphs carry no text layer to read back.
    drawn = [line.text for line in column(certificate, "ar").lines]
    assert any(words in text for text in drawn), drawn


@pytest.mark.parametrize(
    ("hours", "words"), [("1", "1 volunteer hour"), ("2.5", "2.5 volunteer hours")]
)
def test_an_english_certificate_pdf_says_hour_or_hours(hours, words):
    certificate = a_certificate("en")
    certificate.payload["hours"] = hours
    text = " ".join(pdf_text(certificate_pdf(certificate)).split())
    assert words in text
    assert "2,5" not in text


def test_an_arabic_statement_of_hours_writes_decimals_with_a_point():
    certificate = a_certificate("ar")
    certificate.kind = Certificate.Kind.HOURS
    certificate.payload = {
        "holder": certificate.payload["holder"],
        "total_hours": "12.50",
        "season": 1447,
        "categories": [{"name_ar": "الإرشاد", "name_en": "Guiding", "hours": "3"}],
    }
    drawn = [line.text for line in column(certificate, "ar").lines]
    assert any("12.5 ساعة" in text for text in drawn), drawn
    assert any("الإرشاد: 3 ساعات" in text for text in drawn), drawn
    assert not any("12,5" in text for text in drawn)


ARTICLE_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
bare_word = st.text(alphabet=ARTICLE_LETTERS, min_size=2, max_size=8)


# A first name that heads a compound ("ابو", "عبد") takes the next name with it, as it
# should ("ابو الحسن" is one name), and a connector ("بن") is no name at all.
first_name = bare_word.filter(lambda word: word not in NAME_COMPOUND_HEADS | NAME_CONNECTORS)


@given(first=first_name, family=st.lists(bare_word, min_size=1, max_size=4))
def test_an_initial_is_never_the_article(first, family):
    names = [f"ال{word}" for word in family]
    masked = masked_name(" ".join([first, *names]))
    initials = masked.split()[1:]
    assert initials == [f"{word[0]}." for word in family]


def test_initials_skip_the_article_and_keep_abd_compounds_whole():
    assert name_initial("القرشي") == "ق"
    assert masked_name("محمد عبد الله القرشي") == "محمد ع. ق."
    assert masked_name("عبد الله بن سعيد الحربي") == "عبد الله س. ح."
    assert masked_name("Ahmad al-Qurashi") == "Ahmad Q."
    assert masked_name("محمد الياس") == "محمد ا."  # Ilyas: the letters of the article, a name


@pytest.mark.django_db
def test_the_verification_page_calls_a_licence_a_licence(client, volunteer, office_staff):
    expires = timezone.now() + datetime.timedelta(days=300)
    card = certificate_issue(
        kind=Certificate.Kind.LICENCE,
        holder=volunteer,
        source_id=1,
        issued_by=office_staff,
        expires_at=expires,
        payload={
            "holder": {"name_ar": "فاطمة عبد الرحمن الزهراني", "name_latin": "Fatimah Zahrani"},
            "level": "practitioner",
            "team": False,
            "licence": 0,
            "expires_on": expires.date().isoformat(),
        },
    )
    page = client.get(f"/en/verify/{card.code}/").content.decode()
    assert "The office issued this licence and it is in force." in page
    assert "Verify a licence" in page
    assert "certificate" not in page.split("<main", 1)[-1].lower().replace(
        "verify a certificate", ""
    )
    with translation.override("ar"):
        arabic = client.get(f"/ar/verify/{card.code}/").content.decode()
    assert "فاطمة ع. ز." in arabic
    assert "أصدر المكتب هذه الرخصة" in arabic


@pytest.mark.django_db
def test_the_verification_page_writes_hours_in_words(
    client, volunteer, accredited, complete_course
):
    complete_course(volunteer, accredited)
    certificate = Certificate.objects.get(holder=volunteer)
    hours = Decimal(certificate.payload["hours"])
    page = client.get(f"/en/verify/{certificate.code}/").content.decode()
    assert (f"{hours:f}".rstrip("0").rstrip(".") + (" hour" if hours == 1 else " hours")) in page
