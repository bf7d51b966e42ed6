"""The one way to a report, whatever the interface (command line, API, pages): the kind, the
record, the language and the format are checked, the caller's right to see the record required,
then the report rendered. Reading only: nothing is written, nothing audited."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from ihya.accounts.actors import Actor
from ihya.errors import Invalid, NotFound, Problem
from ihya.reports.rendering import FORMATS, LANGUAGES, Report

KINDS = ("factory", "plan")
PERMISSIONS = {"factory": "registry.view_factory", "plan": "plan.view_plan"}
Progress = Callable[[str, int, int | None], None]


def _check(kind: str, lang: str, fmt: str) -> None:
    problems = []
    if kind not in KINDS:
        problems.append(
            Problem.of(
                "kind", "unknown_kind", _("The kind is one of %(names)s."), names=", ".join(KINDS)
            )
        )
    if lang not in LANGUAGES:
        problems.append(Problem.of("lang", "unknown_language", _("The language is ar or en.")))
    if fmt not in FORMATS:
        problems.append(
            Problem.of(
                "format",
                "unsupported_format",
                _("The format is one of %(names)s."),
                names=", ".join(FORMATS),
            )
        )
    if problems:
        raise Invalid(*problems)


def report_factory(
    *, actor, factory_id: str, lang: str = "ar", fmt: str = "pdf", progress: Progress | None = None
) -> Report:
    """A factory's profile (PDF or XLSX) in ``lang``."""
    from ihya.reports.factory import factory_pdf, factory_xlsx

    _check("factory", lang, fmt)
    Actor.of(actor).require(PERMISSIONS["factory"])
    render = factory_pdf if fmt == "pdf" else factory_xlsx
    content = render(external_id=factory_id, lang=lang)
    if progress:
        progress("factory", 1, 1)
    return Report(content, f"factory-{_safe(factory_id)}-{lang}.{fmt}", FORMATS[fmt])


def report_plan(
    *,
    actor,
    plan_id: int | None = None,
    name: str | None = None,
    version: int | None = None,
    lang: str = "ar",
    fmt: str = "pdf",
    progress: Progress | None = None,
) -> Report:
    """A version of the executive plan (by id, or by name and version — the latest by default)
    as a PDF or XLSX report in ``lang``."""
    from ihya.plan.selectors import plan_by_id, plan_get
    from ihya.reports.plan import plan_pdf, plan_xlsx

    _check("plan", lang, fmt)
    Actor.of(actor).require(PERMISSIONS["plan"])
    if plan_id is not None:
        plan = plan_by_id(plan_id)
        if plan is None:
            raise NotFound(Problem.of(None, "not_found", _("No plan %(id)s."), id=plan_id))
    else:
        plan = plan_get(name=name or "", version=version)
    render = plan_pdf if fmt == "pdf" else plan_xlsx
    content = render(plan=plan, lang=lang, progress=progress)
    filename = f"plan-{_safe(plan.name)}-v{plan.version}-{lang}.{fmt}"
    return Report(content, filename, FORMATS[fmt])


def _safe(text: str) -> str:
    """A file name's part: letters, digits and dashes only."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in str(text)).strip("-") or "report"


# The priority list and the portfolio scenario (issue 16, second step).
KINDS = (*KINDS, "priority", "portfolio")
PERMISSIONS.update(
    {
        "priority": ("priority.view_scenario", "registry.view_factory"),
        "portfolio": "portfolio.view_portfolioscenario",
    }
)


def _require(actor, kind: str) -> None:
    needed = PERMISSIONS[kind]
    for permission in (needed,) if isinstance(needed, str) else needed:
        Actor.of(actor).require(permission)


def report_priority(
    *,
    actor,
    scenario: int | str | None = None,
    method: str | None = None,
    top: int = 20,
    lang: str = "ar",
    fmt: str = "pdf",
    progress: Progress | None = None,
) -> Report:
    """The factory ranking (a saved priority scenario by id or name, the first by default; its
    method unless ``method``) with its weights, stability and why the first ``top`` rank where
    they do, as a PDF or XLSX report in ``lang``. Whoever may see the ranking may have it."""
    from ihya.priority.selectors import ranking_choice
    from ihya.reports.priority import priority_pdf, priority_xlsx

    _check("priority", lang, fmt)
    if top < 0:
        raise Invalid(Problem.of("top", "negative", _("The number of factories is 0 or more.")))
    _require(actor, "priority")
    choice = ranking_choice(scenario=scenario, method=method)
    render = priority_pdf if fmt == "pdf" else priority_xlsx
    content = render(choice=choice, lang=lang, top=top, progress=progress)
    name = choice.scenario.name if choice.scenario else "default"
    return Report(content, f"priority-{_safe(name)}-{choice.method}-{lang}.{fmt}", FORMATS[fmt])


def _portfolio_scenario(key: int | str):
    from ihya.portfolio.selectors import scenario_get, scenario_named

    text = str(key).strip()
    found = scenario_get(int(text)) if text.isdigit() else scenario_named(text)
    if found is None:
        raise NotFound(
            Problem.of(None, "not_found", _("No portfolio scenario %(id)s."), id=text or "—")
        )
    return found


def report_portfolio(
    *,
    actor,
    scenario_id: int | str,
    compare: int | str | None = None,
    lang: str = "ar",
    fmt: str = "pdf",
    progress: Progress | None = None,
) -> Report:
    """A portfolio scenario's solved outcome (by id, or by name), optionally compared with a
    second scenario, as a PDF or XLSX report in ``lang``. Whoever may see the scenarios may
    have it; a scenario not solved yet gives a report that says so."""
    from ihya.reports.portfolio import portfolio_pdf, portfolio_xlsx

    _check("portfolio", lang, fmt)
    _require(actor, "portfolio")
    scenario = _portfolio_scenario(scenario_id)
    other = _portfolio_scenario(compare) if compare not in (None, "") else None
    render = portfolio_pdf if fmt == "pdf" else portfolio_xlsx
    content = render(scenario=scenario, other=other, lang=lang, progress=progress)
    filename = f"portfolio-{scenario.pk}" + (f"-vs-{other.pk}" if other else "")
    return Report(content, f"{filename}-{lang}.{fmt}", FORMATS[fmt])


# the committee's meeting pack and minutes
KINDS = (*KINDS, "meeting")
PERMISSIONS.update({"meeting": "followup.view_meeting"})


def report_meeting(
    *, actor, number: str, lang: str = "ar", fmt: str = "pdf", progress: Progress | None = None
) -> Report:
    """A meeting's pack (its agenda, the open decisions) — with the attendance, the minutes and
    the decisions taken once it is held — as a PDF or XLSX report in ``lang``."""
    from ihya.followup.meetings import meeting_get
    from ihya.reports.meeting import meeting_pdf, meeting_xlsx

    _check("meeting", lang, fmt)
    Actor.of(actor).require(PERMISSIONS["meeting"])
    meeting_get(number)  # NotFound before any rendering
    render = meeting_pdf if fmt == "pdf" else meeting_xlsx
    content = render(number=number, lang=lang)
    if progress:
        progress("meeting", 1, 1)
    return Report(content, f"meeting-{_safe(number)}-{lang}.{fmt}", FORMATS[fmt])


# the quarterly KPI report
KINDS = (*KINDS, "kpi")
PERMISSIONS["kpi"] = "kpi.view_kpiactual"


def report_kpi(
    *,
    actor,
    quarter: str | None = None,
    lang: str = "ar",
    fmt: str = "pdf",
    progress: Progress | None = None,
) -> Report:
    """The quarterly KPI report of ``quarter`` (2027-Q1; by default the last quarter with an
    actual, else the current one) as a PDF or XLSX report in ``lang``."""
    from ihya.reports.kpi import kpi_pdf, kpi_quarter, kpi_xlsx

    _check("kpi", lang, fmt)
    Actor.of(actor).require(PERMISSIONS["kpi"])
    period = kpi_quarter(quarter)
    render = kpi_pdf if fmt == "pdf" else kpi_xlsx
    content = render(quarter=period, lang=lang)
    if progress:
        progress("kpi", 1, 1)
    return Report(content, f"kpi-{period}-{lang}.{fmt}", FORMATS[fmt])


# reports rendered in the background (jobs.py): the same checks before the job is queued
def report_check(*, actor, kind: str, lang: str, fmt: str) -> None:
    """The kind, the language and the format known, and the caller's right to see the kind."""
    _check(kind, lang, fmt)
    _require(actor, kind)


def portfolio_scenario_of(key: int | str):
    """A portfolio scenario by id or name (``NotFound`` otherwise)."""
    return _portfolio_scenario(key)
