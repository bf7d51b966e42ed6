"""Bar charts as SVG drawn on the server, for the priority list (a weight per criterion) and the
portfolio scenario (spend per year against the budget). Pure: no Django, no database.

Like the Gantt chart of ``svg.py``, the SVG holds shapes and digits only: WeasyPrint draws SVG
text glyph by glyph, without Arabic shaping, so the names are HTML beside the chart (rows of the
chart's row height) and the legends are HTML text beside ``svg.swatch`` marks."""

from __future__ import annotations

from ihya.reports.svg import BLUE, FAMILIES, GRID, INK, STRIPE

ROW = 18  # a row's height of the horizontal chart (CSS pixels), the HTML labels' too
GREY = "#aab7b8"


def _svg(width: int, height: int, cls: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FAMILIES}" font-size="9" '
        f'class="{cls}" role="img">' + "".join(parts) + "</svg>"
    )


def horizontal(
    values: list[float], *, labels: list[str], rtl: bool, width: int = 300, row: int = ROW
) -> str:
    """One bar per value, longest = the largest value; ``labels`` (digits only, such as "25 %")
    written at the bar's end. Bars grow from the right edge in Arabic, from the left in English."""
    height = row * len(values) + 2
    top = max([v for v in values if v > 0], default=1.0)
    room = width - 44  # space left for the digits after the longest bar
    parts = []
    for k in range(1, len(values), 2):
        parts.append(f'<rect x="0" y="{k * row}" width="{width}" height="{row}" fill="{STRIPE}"/>')
    for k, (value, label) in enumerate(zip(values, labels, strict=True)):
        length = round(max(value, 0) / top * room, 2)
        y = k * row
        x = width - 2 - length if rtl else 2
        parts.append(
            f'<rect x="{x}" y="{y + 3}" width="{max(length, 1)}" height="{row - 6}" rx="2" '
            f'fill="{BLUE}"/>'
        )
        tx, anchor = (x - 3, "end") if rtl else (x + length + 3, "start")
        parts.append(
            f'<text x="{tx}" y="{y + row / 2 + 3}" text-anchor="{anchor}" fill="{INK}">'
            f"{label}</text>"
        )
    return _svg(width, height, "hbars", parts)


def columns(
    groups: list[tuple[str, float, float | None]],
    *,
    rtl: bool,
    width: int = 460,
    height: int = 180,
    unit: float = 1e6,
) -> str:
    """For each group (a label of digits such as a year, an amount, a limit or None) a filled bar
    for the amount and, beside it, an outlined bar for the limit, on one scale; the amounts in
    ``unit`` (millions by default) above the bars. Groups run right to left in Arabic."""
    base = height - 18
    scale_top = max([v for _, a, b in groups for v in (a, b) if v], default=1.0)
    usable = base - 16
    slot = (width - 10) / max(len(groups), 1)
    bar = min(36.0, slot / 3)
    parts = [
        f'<line x1="4" y1="{base}" x2="{width - 4}" y2="{base}" stroke="{GRID}" stroke-width="1"/>'
    ]
    for k, (label, amount, limit) in enumerate(groups):
        position = len(groups) - 1 - k if rtl else k
        centre = 5 + slot * position + slot / 2
        # the amount on the reading side first: left in English, right in Arabic
        xa, xb = (centre, centre - bar - 2) if rtl else (centre - bar - 2, centre)
        for x, value, filled in ((xa, amount, True), (xb, limit, False)):
            if value is None:
                continue
            h = round(max(value, 0) / scale_top * usable, 2)
            style = (
                f'fill="{BLUE}"'
                if filled
                else f'fill="white" stroke="{GREY}" stroke-width="1.2" stroke-dasharray="3 2"'
            )
            parts.append(
                f'<rect x="{round(x + 1, 2)}" y="{base - h}" width="{round(bar, 2)}" '
                f'height="{max(h, 0.5)}" {style}/>'
            )
            parts.append(
                f'<text x="{round(x + 1 + bar / 2, 2)}" y="{base - h - 3}" text-anchor="middle" '
                f'fill="{INK}">{value / unit:,.1f}</text>'
            )
        parts.append(
            f'<text x="{round(centre, 2)}" y="{height - 5}" text-anchor="middle" fill="{INK}">'
            f"{label}</text>"
        )
    return _svg(width, height, "columns", parts)


def outline() -> str:
    """The legend's mark of a limit (an outlined bar); its text is HTML beside it."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 14 14" width="14" height="14" '
        f'class="swatch"><rect x="1" y="3" width="12" height="8" fill="white" stroke="{GREY}" '
        'stroke-width="1.2" stroke-dasharray="3 2"/></svg>'
    )
