"""Small charts drawn on the server as SVG: bars for one series, lines for several.

No script and no plotting library: the office reads the charts on any browser, prints them,
and a screen reader reads the ``<title>`` and ``<desc>`` (the page shows the figures as a
table beside each chart too). Numbers are written with ``lms.numbers.format_number`` in the
active language; in Arabic and Urdu the first label sits at the right and the value axis on
the right, as a reader of those languages reads a chart.
"""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lms.i18n import reads_arabic_script
from lms.numbers import format_number

# Colours with enough contrast on white for thin lines and for text beside them.
PALETTE = ("#0b5d4b", "#b45f06", "#1f4e8c", "#8c1f5a", "#4d6b00", "#5b3f8c")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: Any
    values: Sequence[Any]


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in the picture, and which way it reads."""

    width: int
    height: int
    rtl: bool
    top: int = 44
    bottom: int = 44
    side: int = 64  # room for the value axis' labels
    far: int = 16

    @property
    def plot_width(self) -> int:
        return self.width - self.side - self.far

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def baseline(self) -> int:
        return self.top + self.plot_height

    def slot_start(self, index: int, count: int) -> float:
        """The left edge of the ``index``-th of ``count`` slots along the category axis,
        counted from the reader's start (the right in Arabic)."""
        slot = self.plot_width / count
        if self.rtl:
            return self.far + self.plot_width - (index + 1) * slot
        return self.side + index * slot

    def y(self, value: Decimal, top_value: Decimal) -> float:
        return self.baseline - float(value / top_value) * self.plot_height

    @property
    def axis_x(self) -> float:
        return self.width - self.side if self.rtl else self.side


def _number(value) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    return Decimal(str(value))


def nice_ceiling(value: Decimal) -> Decimal:
    """The round number the value axis ends at: 1, 2, 2.5 or 5 times a power of ten, at
    least ``value`` (1 for nothing to show)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (1, 2, Decimal("2.5"), 5, 10):
        ceiling = Decimal(step).scaleb(exponent)
        if ceiling >= value:
            return ceiling
    return Decimal(10).scaleb(exponent)  # pragma: no cover - the loop always returns


def _text(x, y, content, *, anchor="middle", size=12, extra="") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
        f"{extra}>{escape(content)}</text>"
    )


def _open(frame: _Frame, title, description: str) -> tuple[list[str], str]:
    ident = f"chart-{next(_ids)}"
    direction = ' direction="rtl"' if frame.rtl else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
        f' viewBox="0 0 {frame.width} {frame.height}" width="{frame.width}"'
        f' height="{frame.height}" aria-labelledby="{ident}-title {ident}-desc"'
        f' font-family="system-ui, sans-serif"{direction}>',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        # The title shown, at the reader's start (the right in Arabic); screen readers have
        # it already from <title>.
        _text(
            frame.width - 8 if frame.rtl else 8,
            20,
            str(title),
            anchor="start",
            size=15,
            extra=' font-weight="bold" aria-hidden="true"',
        ),
    ]
    return parts, ident


def _value_axis(frame: _Frame, top_value: Decimal, fmt: Callable) -> list[str]:
    """Grid lines at 0, half and the top, labelled on the reader's start side."""
    parts = []
    # "end" in both directions: in a right-to-left picture the end of a text is its left.
    anchor = "end"
    label_x = frame.axis_x + (6 if frame.rtl else -6)
    for fraction in (Decimal(0), Decimal("0.5"), Decimal(1)):
        value = top_value * fraction
        y = frame.y(value, top_value)
        parts.append(
            f'<line x1="{frame.far if frame.rtl else frame.side}" x2="'
            f'{frame.width - frame.side if frame.rtl else frame.width - frame.far}"'
            f' y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8c8" stroke-width="1"/>'
        )
        parts.append(_text(label_x, y + 4, fmt(value), anchor=anchor, size=11))
    return parts


def bar_chart(
    *,
    title,
    labels: Sequence[Any],
    values: Sequence[Any],
    description: str = "",
    width: int = 640,
    height: int = 280,
    value_format: Callable[[Any], str] = format_number,
    colour: str = PALETTE[0],
    rtl: bool | None = None,
) -> SafeString:
    """A bar per label, its height proportional to its value (negative values show as
    none), the value written above it."""
    frame = _Frame(width, height, reads_arabic_script() if rtl is None else rtl)
    numbers = [max(_number(value), Decimal(0)) for value in values]
    top_value = nice_ceiling(max(numbers, default=Decimal(0)))
    parts, _ident = _open(frame, title, description)
    parts += _value_axis(frame, top_value, value_format)
    count = max(len(numbers), 1)
    slot = frame.plot_width / count
    bar_width = slot * 0.6
    for index, (label, number) in enumerate(zip(labels, numbers, strict=True)):
        left = frame.slot_start(index, count) + (slot - bar_width) / 2
        top = frame.y(number, top_value)
        bar_height = frame.baseline - top
        centre = left + bar_width / 2
        shown = value_format(number)
        parts.append(
            f'<rect class="chart-bar" x="{left:.1f}" y="{top:.1f}" width="{bar_width:.1f}"'
            f' height="{bar_height:.1f}" fill="{colour}" data-value="{number}">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
        )
        parts.append(_text(centre, top - 4, shown, size=11))
        parts.append(_text(centre, frame.baseline + 16, label, extra=' class="chart-label"'))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def line_chart(
    *,
    title,
    labels: Sequence[Any],
    series: Sequence[Series],
    description: str = "",
    width: int = 640,
    height: int = 320,
    value_format: Callable[[Any], str] = format_number,
    rtl: bool | None = None,
) -> SafeString:
    """A line per series across the labels (seasons), each point marked, and a legend."""
    legend_rows = (len(series) + 2) // 3
    frame = _Frame(
        width,
        height,
        reads_arabic_script() if rtl is None else rtl,
        bottom=44 + 18 * legend_rows,
    )
    count = max(len(labels), 1)
    top_value = nice_ceiling(
        max((_number(v) for s in series for v in s.values), default=Decimal(0))
    )
    parts, _ident = _open(frame, title, description)
    parts += _value_axis(frame, top_value, value_format)
    slot = frame.plot_width / count
    for index, label in enumerate(labels):
        centre = frame.slot_start(index, count) + slot / 2
        parts.append(_text(centre, frame.baseline + 16, label, extra=' class="chart-label"'))
    for number, line in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = []
        for index, value in enumerate(line.values):
            x = frame.slot_start(index, count) + slot / 2
            y = frame.y(max(_number(value), Decimal(0)), top_value)
            points.append((x, y, value))
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
        parts.append(
            f'<g class="chart-series" data-series="{escape(line.name)}">'
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for (x, y, value), label in zip(points, labels, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"'
                f' data-value="{_number(value)}"><title>{escape(line.name)}, {escape(label)}:'
                f" {escape(value_format(value))}</title></circle>"
            )
        parts.append("</g>")
        # The legend: three to a row, from the reader's start.
        row, column = divmod(number, 3)
        column_width = frame.plot_width / 3
        y = frame.baseline + 36 + 18 * row
        if frame.rtl:
            x = frame.far + frame.plot_width - column * column_width
            swatch_x, text_x, anchor = x - 12, x - 16, "start"
        else:
            x = frame.side + column * column_width
            swatch_x, text_x, anchor = x, x + 16, "start"
        parts.append(
            f'<rect x="{swatch_x:.1f}" y="{y - 9:.1f}" width="12" height="12" fill="{colour}"/>'
        )
        parts.append(_text(text_x, y + 1, line.name, anchor=anchor, size=12))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
