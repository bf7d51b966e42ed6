"""Report endpoints: a factory's profile and a version of the executive plan as a file (PDF or
XLSX, Arabic or English). Whoever may see the factory or the plan may have its report (the
service checks it); refusals are problem+json with the reasons in Arabic and English."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from django.utils.translation import get_language
from ninja import Router

from ihya.reports import services

router = Router(tags=["reports"])
Lang = Literal["ar", "en"]
Format = Literal["pdf", "xlsx"]


def _file(report) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


def _lang(lang: str | None) -> str:
    return lang or ("en" if (get_language() or "ar").startswith("en") else "ar")


@router.get("/reports/factory/{factory_id}")
def factory_report(request, factory_id: str, lang: Lang | None = None, format: Format = "pdf"):
    """The factory's profile: registry, diagnosis, requirements, case file (the page's
    language unless ``lang``)."""
    report = services.report_factory(
        actor=request.user, factory_id=factory_id, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/plan/{plan_id}")
def plan_report(request, plan_id: int, lang: Lang | None = None, format: Format = "pdf"):
    """A version of the executive plan: summary, quarterly targets, Gantt chart, milestones,
    work by body, critical tasks."""
    report = services.report_plan(actor=request.user, plan_id=plan_id, lang=_lang(lang), fmt=format)
    return _file(report)


@router.get("/reports/priority")
def priority_report(
    request,
    scenario: str | None = None,
    method: str | None = None,
    lang: Lang | None = None,
    format: Format = "pdf",
):
    """The priority list of a saved scenario (id or name; the first by default) and method (the
    scenario's by default): weights, the ranked factories, stability, why the first rank there.
    Whoever may see the ranking may have it."""
    report = services.report_priority(
        actor=request.user, scenario=scenario, method=method, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/portfolio/{scenario_id}")
def portfolio_report(
    request,
    scenario_id: int,
    compare: int | None = None,
    lang: Lang | None = None,
    format: Format = "pdf",
):
    """A portfolio scenario's outcome (and, with ``compare``, its comparison with a second
    scenario). Whoever may see the scenarios may have it."""
    report = services.report_portfolio(
        actor=request.user, scenario_id=scenario_id, compare=compare, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/meeting/{path:number}")
def meeting_report(request, number: str, lang: Lang | None = None, format: Format = "pdf"):
    """A committee meeting's pack: agenda, open and overdue decisions; once held, attendance,
    minutes and the decisions taken (a number may hold a slash, as in 3/2026)."""
    report = services.report_meeting(
        actor=request.user, number=number, lang=_lang(lang), fmt=format
    )
    return _file(report)


@router.get("/reports/kpi")
def kpi_report(
    request,
    lang: Lang | None = None,
    format: Format = "pdf",
    quarter: str | None = None,
):
    """The quarterly KPI report: the followed plan's targets against the actuals with lights,
    trends, charts and the breakdowns by body and by municipality (``quarter``: 2027-Q1; the
    last with an actual by default)."""
    report = services.report_kpi(actor=request.user, quarter=quarter, lang=_lang(lang), fmt=format)
    return _file(report)
