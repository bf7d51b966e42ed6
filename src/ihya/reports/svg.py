"""Charts as vector graphics drawn on the server: plain SVG text written in Python (no browser, no
JavaScript), which WeasyPrint embeds in the PDF as vectors. Pure: no Django, no database.

The Gantt chart draws one row per item (a factory: the span of its requirement chains up to its
first export, a diamond on its restart); time runs left to right in English and right to left
in Arabic. Words stay out of the SVG: WeasyPrint draws SVG text glyph by glyph, without Arabic
shaping, so the page writes the labels as HTML beside the bars."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

RED = "#c0392b"
BLUE = "#2e86c1"
GOLD = "#d4a017"
GRID = "#d5d8dc"
INK = "#1b2631"
FAMILIES = "Noto Sans"
STRIPE = "#f4f6f7"
AXIS = 24  # the height of the axis above the rows (CSS pixels)
ROW = 16  # a row's height


@dataclass(frozen=True)
class Bar:
    label: str
    start: dt.date
    end: dt.date
    critical: bool = False
    marker: dt.date | None = None  # a milestone drawn as a diamond (the restart)


@dataclass(frozen=True)
class Tick:
    day: dt.date
    label: str


def gantt(
    bars: list[Bar],
    *,
    first: dt.date,
    last: dt.date,
    ticks: list[Tick],
    rtl: bool,
    width: int = 470,
    row: int = ROW,
) -> str:
    """The bars of an SVG Gantt chart between ``first`` and ``last``, drawn in CSS pixels at their
    own size: the page sets the labels beside it as HTML rows of the same height (WeasyPrint
    draws SVG text glyph by glyph, without Arabic shaping). Tick labels hold digits only."""
    height = AXIS + row * len(bars) + 4
    span = max((last - first).days, 1)
    chart = width - 10

    def x(day: dt.date) -> float:
        share = min(max((day - first).days / span, 0.0), 1.0)
        return round(5 + (chart * (1 - share) if rtl else chart * share), 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FAMILIES}" font-size="9" '
        f'class="gantt" role="img">'
    ]
    for k in range(1, len(bars), 2):
        parts.append(
            f'<rect x="0" y="{AXIS + k * row}" width="{width}" height="{row}" fill="{STRIPE}"/>'
        )
    for tick in ticks:
        if not first <= tick.day <= last:
            continue
        tx = x(tick.day)
        parts.append(
            f'<line x1="{tx}" y1="{AXIS - 6}" x2="{tx}" y2="{height}" stroke="{GRID}" '
            f'stroke-width="0.8"/>'
        )
        anchor, shift = ("end", -2) if rtl else ("start", 2)
        parts.append(
            f'<text x="{tx + shift}" y="{AXIS - 8}" text-anchor="{anchor}" fill="{INK}">'
            f"{escape(tick.label)}</text>"
        )
    for k, bar in enumerate(bars):
        y = AXIS + k * row
        a, b = sorted((x(bar.start), x(max(bar.end, bar.start))))
        colour = RED if bar.critical else BLUE
        parts.append(
            f'<rect x="{a}" y="{y + 3}" width="{max(b - a, 1.5)}" height="{row - 6}" '
            f'rx="2" fill="{colour}"/>'
        )
        if bar.marker is not None:
            mx, my, r = x(bar.marker), y + row / 2, row / 2 - 2
            parts.append(
                f'<path d="M{mx} {my - r} L{mx + r} {my} L{mx} {my + r} L{mx - r} {my} Z" '
                f'fill="{GOLD}" stroke="{INK}" stroke-width="0.6"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def swatch(kind: str) -> str:
    """A legend's mark (its text is HTML beside it): a bar of a colour, or the diamond."""
    if kind == "diamond":
        shape = (
            f'<path d="M7 1 L13 7 L7 13 L1 7 Z" fill="{GOLD}" stroke="{INK}" stroke-width="0.6"/>'
        )
    else:
        shape = f'<rect x="0" y="3" width="14" height="8" rx="2" fill="{kind}"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 14 14" width="14" height="14" '
        f'class="swatch">{shape}</svg>'
    )


def quarter_ticks(first: dt.date, last: dt.date, label) -> list[Tick]:
    """A tick at the start of every calendar quarter from ``first`` to ``last``; ``label(year,
    quarter)`` writes it."""
    out = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        day = dt.date(year, 3 * (quarter - 1) + 1, 1)
        if day > last:
            return out
        if day >= first:
            out.append(Tick(day, label(year, quarter)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
