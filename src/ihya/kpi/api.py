"""KPI endpoints: the dashboard (the approved plan's targets against the actuals, lights,
trends, breakdowns) and entering an actual (201; 403 for a role that may not; 422 naming each
bad field under ``issues``)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Field, Router, Schema, Status

from ihya.api_support import permission
from ihya.kpi import selectors

router = Router(tags=["kpis"])


class QuarterOut(Schema):
    quarter: str
    target: float | None = None
    actual: float | None = None
    ratio: float | None = None
    light: str
    change: float | None = None
    trend: str | None = None
    recorded: int | None = None  # factories restarted per the case files


class IndicatorOut(Schema):
    indicator: str
    quarters: list[QuarterOut]


class PlanRef(Schema):
    name: str
    version: int
    start_date: str


class DashboardOut(Schema):
    plan: PlanRef | None = None
    indicators: list[IndicatorOut]
    by_body: list[dict]
    by_municipality: list[dict]


class ActualIn(Schema):
    quarter: str = Field(..., max_length=20, examples=["2027-Q1"])
    indicator: str = Field(..., max_length=40, examples=["jobs"])
    value: Decimal = Field(..., max_digits=20, decimal_places=2)
    body: str | None = Field(None, max_length=60)
    municipality: str | None = Field(None, max_length=120)
    note: str = Field("", max_length=10_000)


class ActualOut(Schema):
    quarter: str
    indicator: str
    value: Decimal
    body: str | None = None
    municipality: str | None = None
    note: str


@router.get("/kpis", response=DashboardOut)
@permission("kpi.view_kpiactual")
def kpi_dashboard(request):
    """Per indicator and quarter: target, actual, ratio, light (green, amber, red, grey),
    change against the previous quarter and its trend; the actuals by body and by
    municipality."""
    return selectors.dashboard_json(selectors.kpi_dashboard())


@router.post("/kpis/actuals", response={201: ActualOut})
@permission("kpi.add_kpiactual")
def add_actual(request, payload: ActualIn):
    """Enter an actual (a quarter's total, or for a body and/or a municipality); it replaces
    the one recorded for the same quarter, indicator, body and municipality."""
    from ihya.kpi.services import kpi_record

    data = payload.dict()
    actual = kpi_record(actor=request.user, period=data.pop("quarter"), **data)
    return Status(
        201,
        {
            "quarter": actual.period,
            "indicator": actual.indicator,
            "value": actual.value,
            "body": actual.body.code if actual.body_id else None,
            "municipality": actual.municipality.code if actual.municipality_id else None,
            "note": actual.note,
        },
    )
