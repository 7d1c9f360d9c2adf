"""Certificates as PDF: A4 landscape, Arabic beside the holder's language.

ReportLab cannot lay out Arabic by itself. Each line is cut into words in logical order,
wrapped, and the words of a line are put in visual order with the Unicode bidirectional
algorithm (python-bidi's implementation, applied to whole words); each word keeps its letters
in logical order and HarfBuzz (uharfbuzz, through ReportLab's ``shapeStr``) shapes it, which
joins Arabic and Urdu letters and draws right-to-left words in visual order. Latin and Hausa
lines use Noto Sans, Arabic-script lines Amiri; both fonts come from PyPI packages.
"""

import datetime
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import zxingcpp
from bidi import algorithm as uba
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen import canvas as pdfcanvas

from lms.dates import format_dual
from lms.i18n import text_direction

PAGE = landscape(A4)
GREEN = HexColor("#0b5d4b")
GOLD = HexColor("#b08d3c")
INK = HexColor("#1d2420")
MUTED = HexColor("#5b655f")

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
WORD = re.compile(r"\S+")


@cache
def register_fonts() -> None:
    """Register the certificate fonts once per process (ReportLab keeps them globally)."""
    import fontpkg_amiri
    import fontpkg_noto_sans

    amiri = Path(fontpkg_amiri.__file__).parent / "files"
    noto = Path(fontpkg_noto_sans.__file__).parent / "files"
    for name, path in (
        ("Amiri", amiri / "Amiri-Regular.ttf"),
        ("Amiri-Bold", amiri / "Amiri-Bold.ttf"),
        ("NotoSans", noto / "NotoSans[wdth,wght].ttf"),
    ):
        # Not "ASCII readable": ReportLab would put the 96 ASCII glyphs in every subset of
        # every font (the Arabic ones too), half the font data of a certificate.
        font = TTFont(name, path, asciiReadable=0)
        _number_unmapped_glyphs(font)
        pdfmetrics.registerFont(font)


def _number_unmapped_glyphs(font: TTFont) -> None:
    """Give every glyph without a character of its own (joined Arabic forms, ligatures) its
    private-use code now, in glyph order. ReportLab hands these codes out as shaping first
    meets each glyph, for the life of the process, and they end up in the PDF: without
    this, the same certificate rendered by two processes (or by one that has rendered
    others first) gives different bytes, and a lost file could not be rendered again to
    match its sealed digest (certificates.rendering.certificate_pdf_as_issued)."""
    hb_font = font.hbFont(1000)
    mapped = font.face.glyphToChar
    for gid in range(font.hbFace.glyph_count):
        if gid not in mapped:
            font.hbAddPrivate(hb_font.glyph_to_string(gid), gid, hb_font.get_glyph_h_advance(gid))


def font_for(text: str, *, bold: bool = False) -> str:
    # Urdu is drawn in Amiri's Naskh, not the Nastaliq of the Urdu web pages: the only
    # Nastaliq in a registry (Noto Nastaliq Urdu from npm's @fontsource, as TTF) sets nearly
    # every glyph at its own height, and ReportLab, which draws HarfBuzz's (correct) vertical
    # offsets as text rise, misplaces them: "جاتی" lost its dots and "اردو" rose above the
    # line, where Chromium draws the same font and words right.
    if ARABIC_SCRIPT.search(text):
        return "Amiri-Bold" if bold else "Amiri"
    return "NotoSans"


def _reorder(items: list, levels: list[int]) -> list:
    """Rule L2 of the bidirectional algorithm: from the highest level down to 1, reverse
    every run of items at that level or higher."""
    order = list(range(len(items)))
    for level in range(max(levels, default=0), 0, -1):
        start = None
        for index in range(len(order) + 1):
            inside = index < len(order) and levels[order[index]] >= level
            if inside and start is None:
                start = index
            elif not inside and start is not None:
                order[start:index] = reversed(order[start:index])
                start = None
    return [items[i] for i in order]


@lru_cache(maxsize=4096)
def visual_words(text: str, *, rtl: bool) -> tuple[str, ...]:
    """The words of one line in the order they are drawn from left to right.

    A word takes the lowest embedding level of its characters (spaces between numbers in
    right-to-left text separate them). A word with Arabic-script letters stays in logical
    order: HarfBuzz orders and mirrors its glyphs. Any other word (a number with brackets,
    a Latin word) is put in visual order here, with brackets mirrored where the text runs
    right to left, since HarfBuzz lays it out left to right."""
    words = WORD.findall(text)
    if not words:
        return ()
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(" ".join(words), storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels, drawn, position = [], [], 0
    for word in words:
        chars = storage["chars"][position : position + len(word)]
        position += len(word) + 1
        char_levels = [c["level"] for c in chars]
        levels.append(min(char_levels))
        if any(c["orig"] in ("R", "AL") for c in chars):
            drawn.append(word)
            continue
        glyphs = [uba.MIRRORED.get(c["ch"], c["ch"]) if c["level"] % 2 else c["ch"] for c in chars]
        drawn.append("".join(_reorder(glyphs, char_levels)))
    return tuple(_reorder(drawn, levels))


@dataclass(frozen=True)
class Line:
    """One line of a certificate as written, before wrapping and shaping. Frozen: lines are
    the keys of the caches below (most lines of a certificate recur in every other)."""

    text: str
    size: float
    rtl: bool
    bold: bool = False
    color: object = INK

    @property
    def font(self) -> str:
        return font_for(self.text, bold=self.bold)


@lru_cache(maxsize=4096)
def wrap(line: Line, width: float) -> tuple[Line, ...]:
    """Cut a line into lines no wider than ``width``, in logical order (before reordering)."""
    words = WORD.findall(line.text)
    lines: list[Line] = []
    current: list[str] = []
    for word in words:
        candidate = " ".join([*current, word])
        if current and pdfmetrics.stringWidth(candidate, line.font, line.size) > width:
            lines.append(Line(" ".join(current), line.size, line.rtl, line.bold, line.color))
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(Line(" ".join(current), line.size, line.rtl, line.bold, line.color))
    return tuple(lines)


@lru_cache(maxsize=4096)
def shaped_word(word: str, font: str, size: float):
    """HarfBuzz's glyphs for one word; certificates repeat most of their words."""
    return shapeStr(word, font, size, force=True)


@lru_cache(maxsize=4096)
def shaped(line: Line):
    """The line as one shaped string in visual order, and its width."""
    space = shaped_word(" ", line.font, line.size)
    text = None
    for word in visual_words(line.text, rtl=line.rtl):
        glyphs = shaped_word(word, line.font, line.size)
        text = glyphs if text is None else text + space + glyphs
    if text is None:
        return "", 0.0
    width = sum(glyph.x_advance for glyph in text.__shapeData__) * line.size / 1000
    return text, width


def draw_column(canvas, lines: list[Line], *, centre_x: float, top: float, width: float) -> float:
    """Draw lines centred on ``centre_x`` from ``top`` down; return where it ended."""
    y, previous = top, 0.0
    for logical in lines:
        for line in wrap(logical, width):
            # Room for the previous line's descenders and this line's ascenders (Arabic marks
            # reach high and low, so the room is generous).
            y -= previous * 0.55 + line.size * 1.15
            previous = line.size
            text, text_width = shaped(line)
            canvas.setFont(line.font, line.size)
            canvas.setFillColor(line.color)
            canvas.drawString(centre_x - text_width / 2, y, text)
    return y


@dataclass
class CertificateText:
    """What one language's column of a certificate says."""

    language: str
    lines: list[Line]


def draw_emblem(canvas, x: float, y: float, size: float) -> None:
    """The office's emblem: a minaret (manara) in a ring, drawn in vectors."""
    canvas.saveState()
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.6)
    canvas.circle(x, y, size / 2)
    canvas.setFillColor(GREEN)
    w = size * 0.16
    canvas.rect(x - w / 2, y - size * 0.3, w, size * 0.42, stroke=0, fill=1)
    canvas.rect(x - w * 0.85, y + size * 0.06, w * 1.7, size * 0.05, stroke=0, fill=1)
    path = canvas.beginPath()
    path.moveTo(x - w / 2, y + size * 0.12)
    path.lineTo(x, y + size * 0.34)
    path.lineTo(x + w / 2, y + size * 0.12)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    canvas.circle(x, y + size * 0.38, size * 0.035, stroke=0, fill=1)
    canvas.restoreState()


DARK_RUN = re.compile(rb"\x00+")


def draw_qr(canvas, value: str, x: float, y: float, size: float) -> None:
    """The QR code as one vector path: zxing-cpp computes the modules (error correction M;
    segno, in pure Python, took a sixth of a certificate's time) and each horizontal run of
    dark modules becomes one rectangle. The path is written in module units, scaled into
    place by one transformation, so its numbers are small integers: formatting hundreds of
    coordinates cost more than drawing them."""
    symbol = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))  # 0 is dark
    count = modules.shape[0]
    pixels = modules.tobytes()
    runs = [
        f"{run.start() - start} {count - 1 - row} {run.end() - run.start()} 1 re"
        for row, start in enumerate(range(0, len(pixels), count))
        for run in DARK_RUN.finditer(pixels, start, start + count)
    ]
    canvas.saveState()
    canvas.setFillColor(INK)
    module = size / count
    canvas.transform(module, 0, 0, module, x, y)
    canvas.addLiteral(" ".join(runs) + " f")
    canvas.restoreState()


MARGIN = 60


def column_slots(count: int) -> list[tuple[float, float]]:
    """The centre and width of each language's column: one across the page, or two with
    Arabic on the right, where a reader of both starts."""
    width = PAGE[0]
    if count == 1:
        return [(width / 2, width - 2 * MARGIN)]
    half = (width - 2 * MARGIN) / 2
    return [(width - MARGIN - half / 2, half - 24), (MARGIN + half / 2, half - 24)]


def render(
    *,
    columns: list[CertificateText],
    code: str,
    verify_url: str,
    issued_at,
    footer: str,
    title: str,
) -> bytes:
    """The PDF of a certificate: the office's heading, one column per language (Arabic on the
    right), the QR code to the verification page and the printed code."""
    register_fonts()
    buffer = io.BytesIO()
    # invariant: no timestamp or random document id, so the same certificate renders to the
    # same bytes (its digest is sealed at issue and checked on every download).
    canvas = pdfcanvas.Canvas(buffer, pagesize=PAGE, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(footer)
    width, height = PAGE
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(3)
    canvas.rect(22, 22, width - 44, height - 44)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(30, 30, width - 60, height - 60)
    draw_emblem(canvas, width / 2, height - 78, 58)

    for column, (centre, column_width) in zip(columns, column_slots(len(columns)), strict=True):
        draw_column(canvas, column.lines, centre_x=centre, top=height - 118, width=column_width)
    if len(columns) > 1:
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.5)
        canvas.line(width / 2, 150, width / 2, height - 130)

    qr_size = 92
    draw_qr(canvas, verify_url, 48, 44, qr_size)
    small = 8.5
    canvas.setFillColor(MUTED)
    canvas.setFont("NotoSans", small)
    canvas.drawString(48 + qr_size + 10, 44 + 40, code)
    canvas.drawString(48 + qr_size + 10, 44 + 28, verify_url)
    issued = [
        Line(
            issued_line(column.language, issued_at),
            small + 1,
            text_direction(column.language) == "rtl",
            color=MUTED,
        )
        for column in columns
    ]
    y = 44 + 58
    for line in issued:
        text, text_width = shaped(line)
        canvas.setFont(line.font, line.size)
        canvas.drawString(width - 48 - text_width, y, text)
        y -= 14
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def issued_line(language: str, issued_at: datetime.datetime) -> str:
    return _issued_on(language, timezone.localdate(issued_at))


@lru_cache(maxsize=1024)
def _issued_on(language: str, day: datetime.date) -> str:
    with translation.override(language):
        return _("Issued on %(date)s") % {"date": dual_date(day, language)}


@lru_cache(maxsize=1024)
def dual_date(day: datetime.date, language: str) -> str:
    """``day`` in both calendars, in ``language``: the certificates of a bulk issue repeat a
    handful of dates, and writing one takes longer than drawing it."""
    return format_dual(day, language)
