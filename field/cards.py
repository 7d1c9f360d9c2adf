"""Licence cards to carry: the wallet-size card (ISO/IEC 7810 ID-1, "CR80", 85.6 x 54 mm) of a
volunteer-work licence, one PDF per licence for its holder, and A4 sheets of ten for the
office to print and cut.

A card is drawn on demand from the licence as it stands now: the holder's names in both
scripts, the level, the dates it is valid from and until (Gregorian with the Hijri beside
it), the photo the office approved (never one waiting or rejected) and the QR code of the
licence's current card certificate, which leads to its public verification page. It is not
the sealed A4 certificate (``field.credentials``), which stays the document to frame.

A revoked licence has no card: ``CardRefused``. A licence that is not in force for another
reason (expired, suspended, lapsed) gets its card with a red band across it saying so, in
both languages, so a printed card cannot pass for a valid one; its QR code says the same.

Drawn with the certificates' PDF machinery (``certificates.pdf``): the same fonts, HarfBuzz
shaping and bidirectional ordering, the same QR code drawing.
"""

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdfcanvas

from certificates.models import Certificate
from certificates.pdf import (
    ARABIC_SCRIPT,
    GOLD,
    GREEN,
    INK,
    MUTED,
    Line,
    draw_emblem,
    draw_qr,
    register_fonts,
    shaped,
)
from certificates.selectors import newest_by_source
from certificates.signing import verify_url
from field.eligibility import REVOKED, Standing, StandingStatus, standings
from field.models import Licence, LicenceEvent, LicenceLevel
from lms.dates import format_dual
from lms.photos import approved_photos_of, photo_bytes

MM = 72 / 25.4
CARD_WIDTH, CARD_HEIGHT = 85.6 * MM, 54 * MM
CARD = (CARD_WIDTH, CARD_HEIGHT)
CARDS_PER_SHEET = 10  # two columns of five
SHEET_COLUMNS, SHEET_ROWS = 2, 5
# Room between cards to cut in, and how far crop marks stand off the card's edge.
GUTTER_X, GUTTER_Y = 6 * MM, 3 * MM
CROP_OFFSET, CROP_LENGTH = 1.5 * MM, 4 * MM
RED = HexColor("#b3261e")
PHOTO_BACK = HexColor("#e8ece9")


class CardRefused(Exception):
    """A licence that has no card to print (revoked, or never given a card certificate)."""


@dataclass(frozen=True)
class CardFace:
    """Everything one card shows, read from the licence as it stands."""

    licence_id: int
    name_ar: str
    name_latin: str
    level: str
    valid_from: datetime.date
    valid_until: datetime.date
    code: str
    photo: bytes | None
    team: bool
    standing: Standing

    @property
    def in_force(self) -> bool:
        return self.standing.in_force

    @property
    def verify_url(self) -> str:
        return verify_url(self.code)


def _issues(licence_ids) -> tuple[dict, dict]:
    """When each licence was last issued or renewed, and its newest card certificate (not
    revoked). Two queries."""
    events = list(
        LicenceEvent.objects.filter(
            licence_id__in=licence_ids,
            action__in=[LicenceEvent.Action.ISSUE, LicenceEvent.Action.RENEW],
        )
        .order_by("at", "pk")
        .values_list("pk", "licence_id", "at")
    )
    cards = newest_by_source(
        kind=Certificate.Kind.LICENCE, source_ids=[pk for pk, _licence, _at in events]
    )
    valid_from: dict[int, datetime.datetime] = {}
    newest_card: dict[int, Certificate] = {}
    for event_id, licence_id, at in events:
        valid_from[licence_id] = at  # the last issue or renewal: events are in time order
        card = cards.get(event_id)
        if card is not None:
            newest_card[licence_id] = card
    return valid_from, newest_card


def card_codes(licence_ids) -> dict[int, str]:
    """The code of each licence's current card certificate (its QR code's), by licence."""
    _valid_from, newest_card = _issues(licence_ids)
    return {licence_id: card.code for licence_id, card in newest_card.items()}


def card_faces(licences) -> list[CardFace]:
    """The faces of the cards of ``licences`` (people's and teams'), in the order given.
    A fixed number of queries whatever their number (the standing of team licences aside),
    and one storage read per approved photo. Raises ``CardRefused`` naming a licence that
    has none: a revoked one, or one without a card certificate."""
    licences = list(licences)
    valid_from, newest_card = _issues([licence.pk for licence in licences])
    photos = approved_photos_of([licence.holder_id for licence in licences if licence.holder_id])
    states = standings(licences)
    faces = []
    for licence in licences:
        state = states[licence.pk]
        if state.status == REVOKED or licence.pk not in newest_card:
            raise CardRefused(licence)
        photo = photos.get(licence.holder_id) if licence.holder_id else None
        if licence.holder_id:
            name_ar, name_latin = licence.holder.name_ar, licence.holder.get_full_name()
        else:
            # A team has one name: set in the slot of its script.
            name = licence.team.name
            name_ar, name_latin = (name, "") if ARABIC_SCRIPT.search(name) else ("", name)
        faces.append(
            CardFace(
                licence_id=licence.pk,
                name_ar=name_ar,
                name_latin=name_latin,
                level=licence.level,
                valid_from=timezone.localdate(valid_from[licence.pk]),
                valid_until=licence.expires_on,
                code=newest_card[licence.pk].code,
                photo=photo_bytes(photo) if photo is not None else None,
                team=bool(licence.team_id),
                standing=state,
            )
        )
    return faces


def card_face(licence: Licence) -> CardFace:
    return card_faces([licence])[0]


# Drawing ------------------------------------------------------------------------------------


def _draw_text(
    canvas,
    text: str,
    size: float,
    *,
    x: float,
    y: float,
    align: str,
    rtl: bool,
    bold: bool = False,
    color=INK,
    max_width: float | None = None,
) -> None:
    """One line, shaped and in visual order, aligned on ``x``; made smaller until it fits
    ``max_width`` (a long name keeps all its letters rather than being cut)."""
    if not text:
        return
    line = Line(text, size, rtl, bold=bold, color=color)
    drawn, width = shaped(line)
    while max_width and width > max_width and line.size > 3.5:
        line = Line(text, round(line.size * 0.92, 2), rtl, bold=bold, color=color)
        drawn, width = shaped(line)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    canvas.setFont(line.font, line.size)
    canvas.setFillColor(color)
    canvas.drawString(x, y, drawn)


def _words(face: CardFace, language: str) -> dict:
    """What the card says in one of its two languages (Arabic and English, whatever the
    holder's language: a card is read by whoever checks it in the field)."""
    with translation.override(language):
        return {
            "title": str(Certificate.Kind.LICENCE.label),
            "office": _("The Volunteer Office in Madinah"),
            "level": _("Level: %(level)s") % {"level": LicenceLevel(face.level).label},
            "from": _("Valid from %(date)s") % {"date": format_dual(face.valid_from, language)},
            "until": _("Valid until %(date)s") % {"date": format_dual(face.valid_until, language)},
            "standing": _("%(status)s — not in force")
            % {"status": StandingStatus(face.standing.status).label},
        }


def _draw_silhouette(canvas, x: float, y: float, w: float, h: float) -> None:
    """Where no approved photo is: a plain figure, so the slot does not look torn out."""
    canvas.setFillColor(HexColor("#b7c1bb"))
    canvas.circle(x + w / 2, y + h * 0.62, w * 0.2, stroke=0, fill=1)
    path = canvas.beginPath()
    path.moveTo(x + w * 0.15, y)
    path.curveTo(x + w * 0.15, y + h * 0.42, x + w * 0.85, y + h * 0.42, x + w * 0.85, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_band(canvas, face: CardFace) -> None:
    """Across a card not in force: what it is, in both languages, on a red band."""
    canvas.saveState()
    edge = canvas.beginPath()
    edge.rect(0, 0, CARD_WIDTH, CARD_HEIGHT)
    canvas.clipPath(edge, stroke=0, fill=0)  # on a sheet, the band stays on its own card
    canvas.translate(CARD_WIDTH / 2, CARD_HEIGHT * 0.47)
    canvas.rotate(14)
    band_width, band_height = CARD_WIDTH * 1.2, 11 * MM
    canvas.setFillColor(RED)
    canvas.setFillAlpha(0.88)
    canvas.rect(-band_width / 2, -band_height / 2, band_width, band_height, stroke=0, fill=1)
    canvas.setFillAlpha(1)
    arabic, english = _words(face, "ar")["standing"], _words(face, "en")["standing"]
    _draw_text(
        canvas, arabic, 10, x=0, y=0.6 * MM, align="centre", rtl=True, bold=True, color=white
    )
    _draw_text(canvas, english, 7.5, x=0, y=-3.6 * MM, align="centre", rtl=False, color=white)
    canvas.restoreState()


def draw_card(canvas, face: CardFace, x: float = 0, y: float = 0) -> None:
    """One card with its lower left corner at (x, y)."""
    canvas.saveState()
    canvas.translate(x, y)
    w, h = CARD

    # The office's band: the licence's name, Arabic on the right and English on the left.
    band = 10.5 * MM
    canvas.setFillColor(GREEN)
    canvas.rect(0, h - band, w, band, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    canvas.rect(0, h - band - 0.6 * MM, w, 0.6 * MM, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.circle(w / 2, h - band / 2, 4.2 * MM, stroke=0, fill=1)
    draw_emblem(canvas, w / 2, h - band / 2, 7.6 * MM)
    side = w / 2 - 6.5 * MM
    arabic, english = _words(face, "ar"), _words(face, "en")
    right, left = w - 3 * MM, 3 * MM
    top = h - 5.2 * MM
    _draw_text(
        canvas,
        arabic["title"],
        8.5,
        x=right,
        y=top,
        align="right",
        rtl=True,
        bold=True,
        color=white,
        max_width=side,
    )
    _draw_text(
        canvas,
        arabic["office"],
        5.6,
        x=right,
        y=top - 3.6 * MM,
        align="right",
        rtl=True,
        color=white,
        max_width=side,
    )
    _draw_text(
        canvas,
        english["title"],
        6.6,
        x=left,
        y=top,
        align="left",
        rtl=False,
        color=white,
        max_width=side,
    )
    _draw_text(
        canvas,
        english["office"],
        4.6,
        x=left,
        y=top - 3.6 * MM,
        align="left",
        rtl=False,
        color=white,
        max_width=side,
    )

    # The photo the office approved, 3:4, or a plain figure (the emblem for a team).
    photo_x, photo_y, photo_w, photo_h = 3 * MM, 17 * MM, 18.75 * MM, 25 * MM
    canvas.setFillColor(PHOTO_BACK)
    canvas.rect(photo_x, photo_y, photo_w, photo_h, stroke=0, fill=1)
    if face.photo is not None:
        canvas.drawImage(
            ImageReader(io.BytesIO(face.photo)), photo_x, photo_y, photo_w, photo_h, mask=None
        )
    elif face.team:
        draw_emblem(canvas, photo_x + photo_w / 2, photo_y + photo_h / 2, photo_w * 0.8)
    else:
        _draw_silhouette(canvas, photo_x, photo_y, photo_w, photo_h)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.5)
    canvas.rect(photo_x, photo_y, photo_w, photo_h, stroke=1, fill=0)

    # Names and level beside the photo: Arabic set to the right, Latin to the left.
    text_left, text_right = photo_x + photo_w + 2.5 * MM, w - 3 * MM
    text_width = text_right - text_left
    if face.name_ar and face.name_latin:
        _draw_text(
            canvas,
            face.name_ar,
            11,
            x=text_right,
            y=35.5 * MM,
            align="right",
            rtl=True,
            bold=True,
            max_width=text_width,
        )
        _draw_text(
            canvas,
            face.name_latin,
            8,
            x=text_left,
            y=30.8 * MM,
            align="left",
            rtl=False,
            max_width=text_width,
        )
    else:
        # A name given in one script only is set large, on the side its script reads from.
        only = face.name_ar or face.name_latin
        rtl = bool(face.name_ar)
        _draw_text(
            canvas,
            only,
            11 if rtl else 9,
            x=text_right if rtl else text_left,
            y=33.5 * MM,
            align="right" if rtl else "left",
            rtl=rtl,
            bold=rtl,
            max_width=text_width,
        )
    half = text_width / 2 - 1 * MM
    _draw_text(
        canvas,
        arabic["level"],
        7.5,
        x=text_right,
        y=25.2 * MM,
        align="right",
        rtl=True,
        bold=True,
        color=GREEN,
        max_width=half,
    )
    _draw_text(
        canvas,
        english["level"],
        6,
        x=text_left,
        y=25.4 * MM,
        align="left",
        rtl=False,
        color=GREEN,
        max_width=half,
    )

    # The QR code to the verification page, and the code under the names.
    qr = 16 * MM
    qr_x, qr_y = w - 3 * MM - qr, 3 * MM
    draw_qr(canvas, face.verify_url, qr_x, qr_y, qr)
    _draw_text(
        canvas,
        face.code,
        3.9,
        x=text_right,
        y=qr_y + qr + 1.3 * MM,
        align="right",
        rtl=False,
        color=MUTED,
        max_width=text_width,
    )

    # Validity, Gregorian with the Hijri beside it: Arabic lines right, English lines left.
    dates_right = qr_x - 2 * MM
    dates_width = dates_right - left
    rows = [
        (arabic["from"], True, 13.6),
        (arabic["until"], True, 10.4),
        (english["from"], False, 6.9),
        (english["until"], False, 3.9),
    ]
    for text, rtl, baseline in rows:
        _draw_text(
            canvas,
            text,
            6.2 if rtl else 5,
            x=dates_right if rtl else left,
            y=baseline * MM,
            align="right" if rtl else "left",
            rtl=rtl,
            max_width=dates_width,
        )
    if not face.in_force:
        _draw_band(canvas, face)
    canvas.restoreState()


def _canvas(buffer, pagesize, title: str):
    register_fonts()
    canvas = pdfcanvas.Canvas(buffer, pagesize=pagesize, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor("Manara")
    return canvas


def card_pdf(face: CardFace) -> bytes:
    """One card on a page of the card's own size (85.6 x 54 mm), to print on card stock or
    keep on a phone."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, CARD, f"Licence card {face.code}")
    draw_card(canvas, face)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sheet_slots() -> list[tuple[float, float]]:
    """The lower left corners of the ten cards of an A4 sheet, row by row from the top,
    right to left within a row as the office reads."""
    page_w, page_h = A4
    block_w = SHEET_COLUMNS * CARD_WIDTH + (SHEET_COLUMNS - 1) * GUTTER_X
    block_h = SHEET_ROWS * CARD_HEIGHT + (SHEET_ROWS - 1) * GUTTER_Y
    left, bottom = (page_w - block_w) / 2, (page_h - block_h) / 2
    slots = []
    for row in range(SHEET_ROWS):
        y = bottom + block_h - (row + 1) * CARD_HEIGHT - row * GUTTER_Y
        for column in reversed(range(SHEET_COLUMNS)):
            slots.append((left + column * (CARD_WIDTH + GUTTER_X), y))
    return slots


def _draw_crop_marks(canvas, slots) -> None:
    """Hairlines in the margins on the line of every cut, standing off the cards."""
    xs = sorted({x for x, _y in slots} | {x + CARD_WIDTH for x, _y in slots})
    ys = sorted({y for _x, y in slots} | {y + CARD_HEIGHT for _x, y in slots})
    low_x, high_x, low_y, high_y = xs[0], xs[-1], ys[0], ys[-1]
    canvas.saveState()
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.25)
    for x in xs:
        canvas.line(x, high_y + CROP_OFFSET, x, high_y + CROP_OFFSET + CROP_LENGTH)
        canvas.line(x, low_y - CROP_OFFSET, x, low_y - CROP_OFFSET - CROP_LENGTH)
    for y in ys:
        canvas.line(low_x - CROP_OFFSET, y, low_x - CROP_OFFSET - CROP_LENGTH, y)
        canvas.line(high_x + CROP_OFFSET, y, high_x + CROP_OFFSET + CROP_LENGTH, y)
    canvas.restoreState()


def sheet_pdf(faces: list[CardFace]) -> bytes:
    """The cards on A4 sheets, ten to a sheet (two columns of five) with crop marks; as many
    sheets as it takes."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, A4, "Licence cards")
    slots = sheet_slots()
    for start in range(0, len(faces), CARDS_PER_SHEET):
        chunk = faces[start : start + CARDS_PER_SHEET]
        for face, (x, y) in zip(chunk, slots, strict=False):
            draw_card(canvas, face, x, y)
        _draw_crop_marks(canvas, slots)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
