"""Certificates in Arabic, Urdu, English and Hausa: every letter has a glyph, Arabic-script
lines are joined and ordered exactly as HarfBuzz shapes the whole line, and the PDF holds
those glyphs."""

import datetime
import hashlib
import io
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import timezone
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr

from certificates.content import certificate_pdf, column
from certificates.models import Certificate
from certificates.pdf import ARABIC_SCRIPT, column_slots, register_fonts, shaped, visual_words, wrap

HOLDERS = {
    "ar": {"name_ar": "عبدالله بن سعيد الحربي", "name_latin": "Abdullah Al-Harbi"},
    "ur": {"name_ar": "محمد عمران قریشی", "name_latin": "Muhammad Imran Qureshi"},
    "en": {"name_ar": "", "name_latin": "Aisha Rahman"},
    "ha": {"name_ar": "", "name_latin": "Ɗanjuma Ƙaura Ɓello Ƴusuf"},
}
TITLES = {
    "ar": "الإسعافات الأولية للمتطوعين",
    "ur": "رضاکاروں کے لیے ابتدائی طبی امداد",
    "en": "First aid for volunteers",
    "ha": "Taimakon gaggawa ga masu aikin sa-kai",
}
LETTERS_ONLY = re.compile(r"^[\u0600-\u06ff\s]+$")


def a_certificate(language: str, issued_at=None) -> Certificate:
    issued_at = issued_at or timezone.now()
    return Certificate(
        code="ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567",
        kind=Certificate.Kind.COURSE,
        holder_id=1,
        language=language,
        payload={
            "holder": HOLDERS[language],
            "course": {"key": "k", "titles": {"ar": TITLES["ar"], language: TITLES[language]}},
            "completed_on": "2026-11-27",
            "hours": "5",
        },
        issued_at=issued_at,
        expires_at=issued_at + timezone.timedelta(days=730),
    )


def lines_of(language: str):
    register_fonts()
    certificate = a_certificate(language)
    languages = ["ar"] if language == "ar" else ["ar", language]
    for code, (_centre, width) in zip(languages, column_slots(len(languages)), strict=True):
        for line in column(certificate, code).lines:
            yield from wrap(line, width)


@pytest.mark.parametrize("language", ["ar", "ur", "en", "ha"])
def test_every_letter_of_every_line_has_a_glyph(language):
    for line in lines_of(language):
        cmap = pdfmetrics.getFont(line.font).face.charToGlyph
        missing = {c for c in line.text if not c.isspace() and ord(c) not in cmap}
        assert not missing, (line.text, line.font, missing)


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_arabic_script_lines_are_joined_and_ordered_as_harfbuzz_shapes_the_line(language):
    checked = 0
    for line in lines_of(language):
        if not LETTERS_ONLY.match(line.text):
            continue
        drawn, _width = shaped(line)
        whole = shapeStr(line.text, line.font, line.size, force=True)
        assert str(drawn) == str(whole), line.text
        # Joined: the contextual forms are other glyphs than the letters typed.
        assert str(drawn) != line.text[::-1]
        checked += 1
    assert checked >= 3


def test_numbers_and_latin_words_keep_their_order_in_right_to_left_lines():
    words = visual_words("أكمل دورة First Aid في 27 نوفمبر 2026 (17 جمادى)", rtl=True)
    assert list(words) == [
        "جمادى)",
        "17)",
        "2026",
        "نوفمبر",
        "27",
        "في",
        "First",
        "Aid",
        "دورة",
        "أكمل",
    ]
    assert visual_words("Ahmad completed الإسعافات الأولية", rtl=False) == (
        "Ahmad",
        "completed",
        "الأولية",
        "الإسعافات",
    )


def glyphs(text: str) -> list[str]:
    """The glyphs of a line, whatever their order; readers mirror brackets as they extract."""
    return sorted(c for c in text if c not in " ()[]")


@pytest.mark.parametrize("language", ["ar", "ur", "en", "ha"])
def test_the_pdf_holds_the_drawn_lines(language):
    """Each drawn line is a line of the PDF's text with the same glyphs. (PDF readers apply
    their own bidirectional reordering when they extract Arabic text, so the order is checked
    on the drawn sequence above, and the glyphs here.)"""
    pdfium = pytest.importorskip("pypdfium2")
    pdf = certificate_pdf(a_certificate(language))
    text = pdfium.PdfDocument(io.BytesIO(pdf))[0].get_textpage().get_text_range()
    pdf_lines = text.split("\r\n")
    for line in lines_of(language):
        drawn, _width = shaped(line)
        if ARABIC_SCRIPT.search(line.text):
            assert glyphs(str(drawn)) in [glyphs(pdf_line) for pdf_line in pdf_lines], line.text
        else:
            assert line.text in pdf_lines, line.text
    if language == "ha":
        assert HOLDERS["ha"]["name_latin"] in pdf_lines


ISSUED = datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.UTC)
FRESH_PROCESS = """
import hashlib, django
django.setup()
from certificates.content import certificate_pdf
from tests.certificates.test_certificate_pdf import ISSUED, a_certificate
print(hashlib.sha256(certificate_pdf(a_certificate("ar", ISSUED))).hexdigest())
"""


def test_a_certificate_renders_to_the_same_bytes_in_a_fresh_process():
    """Whatever a process rendered before, a certificate gives the same bytes: a worker that
    has rendered Urdu, Hausa and English certificates and a process that renders nothing
    else agree, so a lost file can be rendered again to match its sealed digest."""
    for language in ("ur", "ha", "en"):
        certificate_pdf(a_certificate(language, ISSUED))
    here = hashlib.sha256(certificate_pdf(a_certificate("ar", ISSUED))).hexdigest()
    fresh = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert fresh.stdout.split()[-1] == here
