"""Reads of the KPIs: the dashboard — the followed plan's quarterly targets (the most recently
approved version) against the actuals, with lights and trends (``core.kpi``), the breakdowns by
body and by municipality, and the factories restarted as recorded in Ihya's case files."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ihya.core.kpi import (
    INDICATORS,
    ActualRow,
    Cell,
    Period,
    latest,
    parse_period,
    period_of,
    plan_targets,
    scorecard,
    totals,
)
from ihya.kpi.models import Indicator, KpiActual

RESTARTED_STATES = ("restarted", "exporting")


@dataclass
class Dashboard:
    plan: object | None  # the approved Plan whose targets are followed
    cells: dict[str, list[Cell]]
    recorded: dict[Period, int]  # factories restarted per the case files, by the quarter's end
    by_body: list[dict] = field(default_factory=list)
    by_municipality: list[dict] = field(default_factory=list)

    def headline(self, indicator: str) -> Cell | None:
        return latest(self.cells.get(indicator, []))


def followed_plan():
    """The plan followed: the most recently approved version (None before any approval)."""
    from ihya.plan.selectors import plan_list

    return plan_list().filter(state="approved").order_by("-approved_at", "-id").first()


def actuals():
    return KpiActual.objects.select_related("body", "municipality").order_by(
        "period", "indicator", "body__code", "municipality__code"
    )


def _rows(records) -> list[ActualRow]:
    return [
        ActualRow(
            parse_period(a.period),
            a.indicator,
            a.value,
            a.body.code if a.body_id else None,
            a.municipality.code if a.municipality_id else None,
        )
        for a in records
    ]


def recorded_restarts(periods: list[Period]) -> dict[Period, int]:
    """Per quarter: the case files now restarted or exporting that moved to ``restarted`` by the
    quarter's end (the follow-up's own count, beside the entered actual)."""
    from django.db.models import Min

    from ihya.followup.models import CaseEvent

    firsts = (
        CaseEvent.objects.filter(case__state__in=RESTARTED_STATES, state_to="restarted")
        .values("case_id")
        .annotate(first=Min("at"))
        .values_list("first", flat=True)
    )
    days = [at.date() for at in firsts]
    return {p: sum(1 for d in days if d <= p.ends) for p in periods}


def _breakdown(records, attribute: str) -> list[dict]:
    """Rows by quarter and body (or municipality): the value of each indicator."""
    table: dict[tuple, dict] = {}
    for a in records:
        other = "municipality" if attribute == "body" else "body"
        part = getattr(a, attribute)
        if part is None or getattr(a, f"{other}_id") is not None:
            continue
        row = table.setdefault(
            (a.period, part.code), {"quarter": a.period, "code": part.code, "name": str(part)}
        )
        row[a.indicator] = a.value
    return [table[k] for k in sorted(table)]


def kpi_dashboard() -> Dashboard:
    """The followed plan's targets against the actuals, with breakdowns."""
    plan = followed_plan()
    targets = plan_targets(plan.start_date, plan.targets) if plan else {}
    records = list(actuals())
    cells = scorecard(targets, totals(_rows(records)))
    periods = sorted({c.period for k in INDICATORS for c in cells[k]})
    return Dashboard(
        plan,
        cells,
        recorded_restarts(periods),
        _breakdown(records, "body"),
        _breakdown(records, "municipality"),
    )


def indicator_labels() -> dict[str, str]:
    """Each indicator's name in the active language."""
    return {code: str(label) for code, label in Indicator.choices}


def dashboard_json(board: Dashboard) -> dict:
    """The dashboard as plain JSON (the API's answer and the page's chart data)."""

    def number(value):
        return None if value is None else float(value)

    plan = board.plan
    return {
        "plan": (
            {"name": plan.name, "version": plan.version, "start_date": plan.start_date.isoformat()}
            if plan
            else None
        ),
        "indicators": [
            {
                "indicator": k,
                "quarters": [
                    {
                        "quarter": str(c.period),
                        "target": c.target,
                        "actual": number(c.actual),
                        "ratio": c.ratio,
                        "light": c.light,
                        "change": number(c.change),
                        "trend": c.trend,
                        **(
                            {"recorded": board.recorded.get(c.period)}
                            if k == "factories_restarted"
                            else {}
                        ),
                    }
                    for c in board.cells[k]
                ],
            }
            for k in INDICATORS
        ],
        "by_body": [_part(r, "body") for r in board.by_body],
        "by_municipality": [_part(r, "municipality") for r in board.by_municipality],
    }


def _part(row: dict, key: str) -> dict:
    return {
        "quarter": row["quarter"],
        key: row["code"],
        **{k: float(row[k]) for k in INDICATORS if isinstance(row.get(k), Decimal)},
    }


def current_period() -> Period:
    import datetime as dt

    return period_of(dt.date.today())


def light_names() -> dict[str, str]:
    """The traffic lights in words, in the active language (never colour alone)."""
    return {
        "green": _("On track"),
        "amber": _("Watch"),
        "red": _("Off track"),
        "grey": _("No data"),
    }


def trend_names() -> dict[str, tuple[str, str]]:
    """Each trend's arrow and its word in the active language."""
    return {"up": ("▲", _("up")), "down": ("▼", _("down")), "flat": ("▬", _("unchanged"))}
