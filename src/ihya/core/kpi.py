"""Key performance indicators of the follow-up: the approved plan's quarterly targets against the
actuals, with a traffic light and a trend per indicator and quarter. Pure: no Django.

Quarters are calendar quarters (``2027-Q1``). A plan's quarter ``q`` (counted from its start
date, three months each) is the calendar quarter in which it begins: a plan starting on
2027-01-03 has its first quarter in 2027-Q1, its fifth in 2028-Q1.

The indicators are the keys of ``Plan.targets``; how each is measured follows the plan:

- ``factories_restarted``, ``jobs``, ``exports``, ``value_added``: levels at the quarter's end
  (cumulative since the plan's start: the factories restarted so far, the jobs they restored, the
  yearly exports and value added of the factories exporting or restarted so far);
- ``spending``: the money spent during the quarter (not cumulative).

An actual is entered the same way, so a target and an actual of the same quarter compare
directly. The trend is the actual's change against the previous calendar quarter's actual (for a
level indicator: what the quarter added).

Traffic lights (ratio = actual / target):

- green when the ratio is at least 95 %, amber from 80 % up to 95 %, red below 80 %;
- spending only: over-spending is flagged too — amber above 110 % up to 125 %, red above 125 %;
- a target of 0: green when nothing (levels: anything) was done, red for money spent on a
  quarter the plan gives none;
- grey when there is no target or no actual for the quarter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ihya.core.ingest.normalize import ParseError, normalize_digits

INDICATORS: tuple[str, ...] = ("factories_restarted", "jobs", "exports", "value_added", "spending")
LEVELS = frozenset({"factories_restarted", "jobs", "exports", "value_added"})
WHOLE = frozenset({"factories_restarted", "jobs"})  # counts: whole numbers
ALIASES = {
    "jobs_restored": "jobs",
    "restarted": "factories_restarted",
    "factories": "factories_restarted",
    "export": "exports",
    "va": "value_added",
    "spent": "spending",
}

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
GREEN_FROM = Decimal("0.95")
AMBER_FROM = Decimal("0.80")
OVERSPEND_AMBER = Decimal("1.10")
OVERSPEND_RED = Decimal("1.25")

_PERIOD = re.compile(r"(\d{4})\s*[-/ _]?\s*[QR]\s*([1-4])")
_PERIOD_REVERSED = re.compile(r"[QR]\s*([1-4])\s*[-/ _]?\s*(\d{4})")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter."""

    year: int
    quarter: int

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def previous(self) -> Period:
        return (
            Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)
        )

    @property
    def ends(self) -> dt.date:
        month = 3 * self.quarter
        following = dt.date(self.year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)


def parse_period(value: object) -> Period:
    """``2027-Q1`` (also ``2027Q1``, ``2027 q1``, ``Q1 2027``, Arabic-Indic digits) → Period;
    ``ParseError("bad_quarter")`` otherwise (years 2000–2100)."""
    text = normalize_digits(str(value if value is not None else "")).upper()
    match = _PERIOD.fullmatch(text)
    if match:
        year, quarter = int(match[1]), int(match[2])
    else:
        match = _PERIOD_REVERSED.fullmatch(text)
        if not match:
            raise ParseError("bad_quarter", value=text)
        quarter, year = int(match[1]), int(match[2])
    if not 2000 <= year <= 2100:
        raise ParseError("bad_quarter", value=text)
    return Period(year, quarter)


def period_of(day: dt.date) -> Period:
    return Period(day.year, (day.month - 1) // 3 + 1)


def plan_period(start: dt.date, quarter: int) -> Period:
    """The calendar quarter in which a plan's quarter ``quarter`` (1, 2, …) begins."""
    month = start.month - 1 + 3 * (quarter - 1)
    return Period(start.year + month // 12, month % 12 // 3 + 1)


def indicator_code(value: object) -> str:
    """An indicator's code (or an alias of it); ``ParseError("unknown_indicator")`` otherwise."""
    text = "_".join(normalize_digits(str(value or "")).lower().replace("-", " ").split())
    code = ALIASES.get(text, text)
    if code not in INDICATORS:
        raise ParseError("unknown_indicator", value=str(value or ""))
    return code


def plan_targets(start: dt.date, targets: Iterable[Mapping]) -> dict[str, dict[Period, float]]:
    """``Plan.targets`` (one dict per plan quarter) → indicator → calendar quarter → target."""
    out: dict[str, dict[Period, float]] = {k: {} for k in INDICATORS}
    for row in targets:
        period = plan_period(start, int(row["quarter"]))
        for k in INDICATORS:
            if row.get(k) is not None:
                out[k][period] = float(row[k])
    return out


@dataclass(frozen=True)
class ActualRow:
    """One recorded actual: a total (no body, no municipality) or a part of one."""

    period: Period
    indicator: str
    value: Decimal
    body: str | None = None
    municipality: str | None = None


def totals(rows: Iterable[ActualRow]) -> dict[str, dict[Period, Decimal]]:
    """The total of each indicator and quarter: the row with neither body nor municipality;
    without one, the sum of the rows by municipality (no body); without those, the sum of the
    rows by body (no municipality). Rows with both a body and a municipality are details only."""
    whole: dict[tuple[str, Period], Decimal] = {}
    by_place: dict[tuple[str, Period], Decimal] = {}
    by_body: dict[tuple[str, Period], Decimal] = {}
    for r in rows:
        key = (r.indicator, r.period)
        if r.body is None and r.municipality is None:
            whole[key] = r.value
        elif r.body is None:
            by_place[key] = by_place.get(key, Decimal(0)) + r.value
        elif r.municipality is None:
            by_body[key] = by_body.get(key, Decimal(0)) + r.value
    out: dict[str, dict[Period, Decimal]] = {k: {} for k in INDICATORS}
    for source in (by_body, by_place, whole):  # later sources win
        for (indicator, period), value in source.items():
            out.setdefault(indicator, {})[period] = value
    return out


def light(indicator: str, target: float | Decimal | None, actual: float | Decimal | None) -> str:
    """The traffic light of an actual against its target (the rule in the module's text)."""
    if target is None or actual is None:
        return GREY
    t, a = Decimal(str(target)), Decimal(str(actual))
    if t <= 0:
        if indicator == "spending" and a > 0:
            return RED
        return GREEN
    if indicator == "spending":
        if a > t * OVERSPEND_RED:
            return RED
        if a > t * OVERSPEND_AMBER:
            return AMBER
    if a >= t * GREEN_FROM:
        return GREEN
    if a >= t * AMBER_FROM:
        return AMBER
    return RED


@dataclass(frozen=True)
class Cell:
    """An indicator in a quarter: target, actual, ratio, light, change against the previous
    quarter's actual and its direction (up, down, flat; None without both actuals)."""

    indicator: str
    period: Period
    target: float | None
    actual: Decimal | None
    ratio: float | None
    light: str
    change: Decimal | None
    trend: str | None


def scorecard(
    targets: Mapping[str, Mapping[Period, float]],
    actuals: Mapping[str, Mapping[Period, Decimal]],
) -> dict[str, list[Cell]]:
    """Per indicator, every quarter with a target or an actual, in order."""
    out: dict[str, list[Cell]] = {}
    for k in INDICATORS:
        target_of, actual_of = targets.get(k, {}), actuals.get(k, {})
        cells = []
        for period in sorted(set(target_of) | set(actual_of)):
            target, actual = target_of.get(period), actual_of.get(period)
            ratio = None
            if target and actual is not None:
                ratio = round(float(Decimal(str(actual)) / Decimal(str(target))), 4)
            before = actual_of.get(period.previous)
            change = actual - before if actual is not None and before is not None else None
            trend = None
            if change is not None:
                trend = "up" if change > 0 else "down" if change < 0 else "flat"
            cells.append(
                Cell(k, period, target, actual, ratio, light(k, target, actual), change, trend)
            )
        out[k] = cells
    return out


def latest(cells: list[Cell]) -> Cell | None:
    """The last quarter with an actual (the one a dashboard headlines), else the first."""
    with_actual = [c for c in cells if c.actual is not None]
    return with_actual[-1] if with_actual else (cells[0] if cells else None)
