"""Pictures for the demo lessons, drawn with Pillow when the demo loads: flat pictograms in
the platform's colours, no text but digits, nothing copied from anywhere. Each returns PNG
bytes, 960 × 540."""

import io
import math

from PIL import Image, ImageDraw, ImageFont

SIZE = (960, 540)
SAND = "#f6f1e7"
GREEN = "#0a6e4f"
DARK = "#1f2a2e"
RED = "#c8102e"
SKY = "#d9ecf2"
GOLD = "#e0a526"
WATER = "#3a8fd6"
WHITE = "#ffffff"


def _canvas(background: str = SAND) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, background)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _crescent(draw, centre, radius, colour, background) -> None:
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    offset = radius * 0.45
    inner = radius * 0.85
    draw.ellipse((x - inner + offset, y - inner, x + inner + offset, y + inner), fill=background)


def _person(draw, x, y, colour, scale=1.0) -> None:
    """A standing figure whose feet are at (x, y)."""
    head = 26 * scale
    body_top = y - 190 * scale
    draw.ellipse((x - head, body_top - 2 * head - 6, x + head, body_top - 6), fill=colour)
    draw.rounded_rectangle(
        (x - 38 * scale, body_top, x + 38 * scale, y - 70 * scale), radius=22 * scale, fill=colour
    )
    draw.rounded_rectangle(
        (x - 30 * scale, y - 90 * scale, x - 6 * scale, y), radius=10 * scale, fill=colour
    )
    draw.rounded_rectangle(
        (x + 6 * scale, y - 90 * scale, x + 30 * scale, y), radius=10 * scale, fill=colour
    )


def scene() -> bytes:
    """A red crescent beside a phone showing 997."""
    image, draw = _canvas(WHITE)
    _crescent(draw, (300, 270), 170, RED, WHITE)
    draw.rounded_rectangle((560, 80, 780, 470), radius=36, fill=DARK)
    draw.rounded_rectangle((580, 120, 760, 400), radius=12, fill=SKY)
    draw.ellipse((650, 415, 690, 455), fill="#4b5a60")
    font = ImageFont.load_default(size=64)
    draw.text((670, 260), "997", fill=RED, font=font, anchor="mm")
    for step in range(3):
        radius = 40 + 28 * step
        draw.arc(
            (790 - radius, 140 - radius, 790 + radius, 140 + radius), 300, 360, fill=GREEN, width=8
        )
    return _png(image)


def heat() -> bytes:
    """A blazing sun, a thermometer, a sunshade and drops of water."""
    image, draw = _canvas(SKY)
    sun = (190, 170)
    for ray in range(12):
        angle = math.tau * ray / 12
        inner, outer = 105, 150
        draw.line(
            (
                sun[0] + inner * math.cos(angle),
                sun[1] + inner * math.sin(angle),
                sun[0] + outer * math.cos(angle),
                sun[1] + outer * math.sin(angle),
            ),
            fill=GOLD,
            width=14,
        )
    draw.ellipse((sun[0] - 90, sun[1] - 90, sun[0] + 90, sun[1] + 90), fill=GOLD)
    draw.rectangle((0, 430, 960, 540), fill=SAND)
    # Thermometer.
    draw.rounded_rectangle((430, 90, 480, 380), radius=25, fill=WHITE, outline=DARK, width=5)
    draw.rectangle((445, 170, 465, 380), fill=RED)
    draw.ellipse((415, 350, 495, 430), fill=RED, outline=DARK, width=5)
    # Sunshade and a resting person in its shadow.
    draw.pieslice((580, 120, 900, 360), 180, 360, fill=GREEN)
    draw.line((740, 240, 740, 440), fill=DARK, width=10)
    draw.polygon([(600, 440), (880, 440), (860, 470), (620, 470)], fill="#cfc6b4")
    _person(draw, 690, 440, DARK, scale=0.9)
    # Drops of water.
    for x, y in ((800, 300), (840, 350), (790, 390)):
        draw.polygon([(x, y - 28), (x - 16, y), (x + 16, y)], fill=WATER)
        draw.ellipse((x - 16, y - 14, x + 16, y + 18), fill=WATER)
    return _png(image)


def bleeding() -> bytes:
    """A dressing, a roll of bandage, gloves and a first-aid bag with a red crescent."""
    image, draw = _canvas(SAND)
    draw.rounded_rectangle((80, 170, 420, 440), radius=30, fill=WHITE, outline=DARK, width=6)
    draw.rounded_rectangle((180, 120, 320, 180), radius=20, outline=DARK, width=10)
    _crescent(draw, (250, 305), 80, RED, WHITE)
    # Bandage roll.
    draw.ellipse((480, 250, 640, 410), fill=WHITE, outline=DARK, width=6)
    draw.ellipse((530, 300, 590, 360), fill="#e7e2d6", outline=DARK, width=4)
    draw.polygon([(560, 410), (760, 410), (760, 470), (560, 470)], fill=WHITE, outline=DARK)
    # Dressing pad with pressing hands (arrows).
    draw.rounded_rectangle((690, 150, 880, 300), radius=16, fill=WHITE, outline=DARK, width=6)
    for x in (740, 830):
        draw.line((x, 60, x, 135), fill=GREEN, width=14)
        draw.polygon([(x - 24, 125), (x + 24, 125), (x, 150)], fill=GREEN)
    # Gloves.
    draw.rounded_rectangle((470, 110, 560, 220), radius=30, fill="#7fb3d5")
    for finger in range(4):
        draw.rounded_rectangle(
            (472 + 22 * finger, 60, 490 + 22 * finger, 130), radius=9, fill="#7fb3d5"
        )
    return _png(image)


def gates() -> bytes:
    """An arched gate with its number, the green dome, two minarets and courtyard umbrellas."""
    image, draw = _canvas(SKY)
    draw.rectangle((0, 400, 960, 540), fill="#efe9dc")
    # Minarets.
    for x in (120, 840):
        draw.rectangle((x - 22, 90, x + 22, 400), fill="#e9e1cf", outline=DARK, width=3)
        draw.polygon([(x - 26, 90), (x + 26, 90), (x, 30)], fill=GREEN)
        draw.rectangle((x - 34, 190, x + 34, 205), fill="#d8ceb8")
    # Green dome.
    draw.rectangle((600, 250, 760, 400), fill="#e9e1cf", outline=DARK, width=3)
    draw.pieslice((590, 140, 770, 360), 180, 360, fill=GREEN)
    draw.line((680, 140, 680, 100), fill=GOLD, width=6)
    # The gate.
    draw.rectangle((240, 170, 520, 400), fill="#e9e1cf", outline=DARK, width=4)
    draw.pieslice((300, 200, 460, 360), 180, 360, fill="#8a6a3b")
    draw.rectangle((300, 280, 460, 400), fill="#8a6a3b")
    draw.rounded_rectangle((325, 182, 435, 232), radius=8, fill=GREEN)
    font = ImageFont.load_default(size=40)
    draw.text((380, 207), "21", fill=WHITE, font=font, anchor="mm")
    # Umbrellas.
    for x in (90, 540, 900):
        draw.pieslice((x - 70, 380, x + 70, 470), 180, 360, fill=WHITE, outline=DARK, width=3)
        draw.line((x, 425, x, 520), fill=DARK, width=6)
    return _png(image)


def accompany() -> bytes:
    """A volunteer walking with a pilgrim towards a guidance sign."""
    image, draw = _canvas(SAND)
    draw.rectangle((0, 440, 960, 540), fill="#e4dccb")
    _person(draw, 330, 440, GREEN)  # the volunteer, in the office's green
    draw.rectangle((292, 268, 368, 292), fill=GOLD)  # a vest stripe
    _person(draw, 450, 440, "#6b5b4b", scale=0.92)  # the pilgrim
    draw.line((368, 300, 420, 300), fill=DARK, width=8)  # hand in hand
    # Guidance sign.
    draw.line((760, 180, 760, 440), fill=DARK, width=10)
    draw.rounded_rectangle((660, 90, 860, 200), radius=16, fill=GREEN)
    draw.ellipse((748, 108, 772, 132), fill=WHITE)
    draw.rectangle((750, 142, 770, 190), fill=WHITE)
    # Footsteps towards the sign.
    for step, x in enumerate(range(520, 720, 50)):
        y = 470 + (12 if step % 2 else 0)
        draw.ellipse((x, y, x + 24, y + 14), fill="#b9ad95")
    return _png(image)


DRAWINGS = {
    "scene": scene,
    "heat": heat,
    "bleeding": bleeding,
    "gates": gates,
    "accompany": accompany,
}
