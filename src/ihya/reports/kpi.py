"""The quarterly KPI report: the followed plan's targets against the actuals of a quarter for
each indicator — the traffic light as a word and a colour, the trend — the quarters up to it, a
chart per indicator drawn on the server (the target as a line, the actuals as bars coloured by
their light, time running right to left in Arabic; shapes and digits only, the words in HTML
beside it) and the breakdowns of the quarter by body and by municipality — as a PDF and as its
Excel twin."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ihya.core.kpi import INDICATORS, Period, parse_period
from ihya.reports import rendering, svg
from ihya.reports.rendering import DATE, DECIMAL, MONEY, NUMBER

COLOURS = {"green": "#1e8449", "amber": "#d4ac0d", "red": "#c0392b", "grey": "#95a5a6"}
MONEY_INDICATORS = frozenset({"exports", "value_added", "spending"})
PERCENT = "0.0%"
WIDTH, HEIGHT, AXIS, TOP = 470, 150, 16, 14  # the chart's size, the axis band, the top margin


def kpi_quarter(text: str | None) -> Period:
    """The report's quarter: ``text`` read as a quarter (2027-Q1, Q1 2027, Arabic-Indic
    digits…); without it, the last quarter with an actual, else the current quarter."""
    from ihya.core.ingest.normalize import ParseError
    from ihya.errors import Invalid, Problem
    from ihya.kpi.selectors import actuals, current_period

    if text:
        try:
            return parse_period(text)
        except ParseError:
            raise Invalid(
                Problem.of(
                    "quarter",
                    "bad_quarter",
                    gettext_lazy("This is not a quarter: write it as 2027-Q1."),
                )
            ) from None
    last = actuals().order_by("-period").values_list("period", flat=True).first()
    return parse_period(last) if last else current_period()


def _quarter_label(period: Period) -> str:
    """Digits only (the SVG's text is not shaped): quarter/year."""
    return f"{period.quarter}/{period.year}"


def kpi_chart(cells: list, *, rtl: bool, width: int = WIDTH, height: int = HEIGHT) -> str:
    """An indicator's quarters as SVG: the actual of each quarter a bar coloured by its light,
    the target a line with a dot per quarter; the first quarter on the right in Arabic. The
    scale's top and the quarters are written in digits; every word is HTML around it."""
    n = max(len(cells), 1)
    values = [float(c.target) for c in cells if c.target is not None]
    values += [float(c.actual) for c in cells if c.actual is not None]
    top = max(values, default=0.0) * 1.1 or 1.0
    plot = height - AXIS - TOP
    slot = (width - 10) / n

    def x(k: int) -> float:
        return round(5 + slot * ((n - 1 - k) if rtl else k) + slot / 2, 2)

    def y(value: float) -> float:
        return round(TOP + plot * (1 - value / top), 2)

    base = TOP + plot
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{svg.FAMILIES}" font-size="8" '
        f'class="kpi-chart" role="img">',
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="{svg.INK}" '
        f'stroke-width="0.6"/>',
        f'<line x1="0" y1="{TOP}" x2="{width}" y2="{TOP}" stroke="{svg.GRID}" '
        f'stroke-width="0.6" stroke-dasharray="3 2"/>',
        f'<text x="{width - 2 if rtl else 2}" y="{TOP - 3}" '
        f'text-anchor="{"end" if rtl else "start"}" fill="{svg.INK}">'
        f"{escape(f'{top:,.0f}')}</text>",
    ]
    bar = max(min(slot * 0.5, 36), 2)
    for k, c in enumerate(cells):
        cx = x(k)
        if c.actual is not None:
            top_y = y(float(c.actual))
            parts.append(
                f'<rect x="{round(cx - bar / 2, 2)}" y="{top_y}" width="{round(bar, 2)}" '
                f'height="{round(max(base - top_y, 0.5), 2)}" fill="{COLOURS[c.light]}"/>'
            )
        parts.append(
            f'<text x="{cx}" y="{height - 4}" text-anchor="middle" fill="{svg.INK}">'
            f"{escape(_quarter_label(c.period))}</text>"
        )
    points = [(x(k), y(float(c.target))) for k, c in enumerate(cells) if c.target is not None]
    if len(points) > 1:
        path = " ".join(f"{px},{py}" for px, py in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{svg.INK}" stroke-width="1.4"/>'
        )
    for px, py in points:
        parts.append(f'<circle cx="{px}" cy="{py}" r="2.2" fill="{svg.INK}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _target_mark() -> str:
    """The legend's mark of the target line (its word is HTML beside it)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 14 14" width="14" height="14" '
        f'class="swatch"><line x1="0" y1="7" x2="14" y2="7" stroke="{svg.INK}" '
        f'stroke-width="1.4"/><circle cx="7" cy="7" r="2.2" fill="{svg.INK}"/></svg>'
    )


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def kpi_context(*, quarter: Period, lang: str) -> dict:
    """Everything the report shows for ``quarter``, in ``lang``."""
    from ihya.kpi.selectors import indicator_labels, kpi_dashboard, light_names, trend_names

    arabic = lang == "ar"
    with translation.override(lang):
        board = kpi_dashboard()
        labels, lights, trends = indicator_labels(), light_names(), trend_names()
        indicators = []
        for k in INDICATORS:
            cells = [c for c in board.cells.get(k, []) if c.period <= quarter]
            rows = [
                {
                    "cell": c,
                    "quarter": str(c.period),
                    "target": c.target,
                    "actual": _number(c.actual),
                    "percent": None if c.ratio is None else round(100 * c.ratio, 1),
                    "light": lights[c.light],
                    "colour": COLOURS[c.light],
                    "arrow": trends[c.trend][0] if c.trend else "",
                    "trend": trends[c.trend][1] if c.trend else "",
                    "change": _number(c.change),
                    "recorded": board.recorded.get(c.period)
                    if k == "factories_restarted"
                    else None,
                }
                for c in cells
            ]
            current = next((r for r in rows if r["cell"].period == quarter), None)
            indicators.append(
                {
                    "code": k,
                    "label": labels[k],
                    "money": k in MONEY_INDICATORS,
                    "rows": rows,
                    "current": current,
                    "chart": kpi_chart(cells, rtl=arabic) if cells else "",
                }
            )
        legend = [
            (svg.swatch(COLOURS[light]), lights[light])
            for light in ("green", "amber", "red", "grey")
        ]
        legend.append((_target_mark(), _("target")))
        plan = board.plan
        # the quarter kept left to right inside Arabic (an isolate: 2027-Q2, not Q2-2027)
        shown = f"\u2066{quarter}\u2069" if arabic else str(quarter)
        context = rendering.base_context(
            lang=lang,
            title=_("Quarterly KPI report"),
            subtitle=(
                _("%(quarter)s · plan %(name)s, version %(version)s")
                % {"quarter": shown, "name": plan.name, "version": plan.version}
                if plan
                else _("%(quarter)s · no approved plan: actuals without targets")
                % {"quarter": shown}
            ),
            data_date=quarter.ends,
        )
    wanted = str(quarter)

    def parts(rows: list[dict]) -> list[dict]:
        return [
            {**r, "values": [_number(r.get(k)) for k in INDICATORS]}
            for r in rows
            if r["quarter"] == wanted
        ]

    return {
        **context,
        "quarter": quarter,
        "plan": plan,
        "indicators": indicators,
        "labels": [labels[k] for k in INDICATORS],
        "legend": legend,
        "by_body": parts(board.by_body),
        "by_municipality": parts(board.by_municipality),
    }


def kpi_pdf(*, quarter: Period, lang: str) -> bytes:
    context = kpi_context(quarter=quarter, lang=lang)
    return rendering.pdf("reports/kpi.html", context, lang=lang)


def _value_format(code: str) -> str:
    return MONEY if code in MONEY_INDICATORS else NUMBER


def kpi_xlsx(*, quarter: Period, lang: str) -> bytes:
    """The report's twin: the quarter's scorecard, every quarter up to it, and the quarter's
    breakdowns by body and by municipality (money in LYD, achievement as a percentage)."""
    c = kpi_context(quarter=quarter, lang=lang)
    rtl = lang == "ar"
    book = rendering.workbook()
    with translation.override(lang):
        columns = [
            (_("target"), NUMBER),
            (_("actual"), NUMBER),
            (_("achieved"), PERCENT),
            (_("light"), None),
            (_("trend"), None),
            (_("change"), NUMBER),
        ]
        sheet = rendering.Sheet(
            book,
            _("scorecard"),
            [(_("indicator"), None), (_("quarter"), None), *columns],
            rtl=rtl,
        )
        for ind in c["indicators"]:
            r = ind["current"]
            if r is None:
                sheet.add([ind["label"], str(quarter), None, None, None, _("No data"), "", None])
            else:
                _add(sheet, ind, r)
        sheet.close([28, 10, 18, 18, 10, 12, 14, 16])

        sheet = rendering.Sheet(
            book,
            _("quarters"),
            [(_("indicator"), None), (_("quarter"), None), *columns, (_("quarter ends"), DATE)],
            rtl=rtl,
        )
        for ind in c["indicators"]:
            for r in ind["rows"]:
                _add(sheet, ind, r, ends=r["cell"].period.ends)
        sheet.close([28, 10, 18, 18, 10, 12, 14, 16, 14])

        for title, rows, what in (
            (_("by body"), c["by_body"], _("body")),
            (_("by municipality"), c["by_municipality"], _("municipality")),
        ):
            sheet = rendering.Sheet(
                book,
                title,
                [
                    (_("quarter"), None),
                    (_("code"), None),
                    (what, None),
                    *[
                        (label, _value_format(k))
                        for label, k in zip(c["labels"], INDICATORS, strict=True)
                    ],
                ],
                rtl=rtl,
            )
            for r in rows:
                sheet.add([r["quarter"], r["code"], r["name"], *r["values"]])
            sheet.close([10, 18, 30, 14, 14, 18, 18, 18])
    return rendering.workbook_bytes(book)


def _add(sheet, ind: dict, r: dict, ends=None) -> None:
    values = [
        ind["label"],
        r["quarter"],
        r["target"],
        r["actual"],
        None if r["cell"].ratio is None else r["cell"].ratio,
        r["light"],
        r["trend"],
        r["change"],
    ]
    if ends is not None:
        values.append(ends)
    sheet.add(values)
    row = sheet.rows + 1
    fmt = MONEY if ind["money"] else NUMBER
    for column in (3, 4, 8):
        cell = sheet.ws.cell(row=row, column=column)
        if cell.value is not None:
            cell.number_format = fmt if float(cell.value).is_integer() or ind["money"] else DECIMAL
