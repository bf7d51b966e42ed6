"""Reports rendered in the background: the pages and the API start one (``report_start``: the
kind, language, format, the caller's right and the report's arguments checked now, the job
recorded and queued); the worker (`ihya worker`) runs ``running.report_job_run``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ihya.errors import Invalid, Problem
from ihya.reports import services

# each kind's arguments (those of its report_<kind>) and how a JSON value is read
_INT, _TEXT = "int", "text"
PARAMS = {
    "factory": {"factory_id": _TEXT},
    "plan": {"plan_id": _INT, "name": _TEXT, "version": _INT},
    "priority": {"scenario": _TEXT, "method": _TEXT, "top": _INT},
    "portfolio": {"scenario_id": _TEXT, "compare": _TEXT},
    "meeting": {"number": _TEXT},
    "kpi": {"quarter": _TEXT},
}
REQUIRED = {"factory": ("factory_id",), "portfolio": ("scenario_id",), "meeting": ("number",)}


def _value(name: str, how: str, raw):
    if how == _INT:
        if isinstance(raw, bool) or not (
            isinstance(raw, int) or (isinstance(raw, str) and raw.strip().isdigit())
        ):
            raise Invalid(
                Problem.of(name, "not_integer", _("%(name)s is a whole number."), name=name)
            )
        return int(raw)
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise Invalid(Problem.of(name, "not_text", _("%(name)s is a text."), name=name))
    return str(raw).strip()


def report_arguments(kind: str, params: dict | None) -> dict:
    """The report's arguments read from ``params`` (unknown or missing ones refused)."""
    if not isinstance(params, dict):
        raise Invalid(Problem.of("params", "not_object", _("The arguments are an object.")))
    known = PARAMS[kind]
    problems = [
        Problem.of(
            name,
            "unknown_argument",
            _("%(name)s is not an argument of this report; its arguments: %(names)s."),
            name=name,
            names=", ".join(known),
        )
        for name in params
        if name not in known
    ]
    args = {}
    for name, how in known.items():
        if params.get(name) in (None, ""):
            continue
        try:
            args[name] = _value(name, how, params[name])
        except Invalid as error:
            problems.extend(error.problems)
    needed = REQUIRED.get(kind, ()) or (
        ("plan_id",) if kind == "plan" and "name" not in args else ()
    )
    problems += [
        Problem.of(name, "required", _("This report needs %(name)s."), name=name)
        for name in needed
        if name not in args
    ]
    if problems:
        raise Invalid(*problems)
    return args


def _record_exists(kind: str, args: dict) -> None:
    """The record the report is of (NotFound now rather than in the worker)."""
    if kind == "factory":
        from ihya.registry.selectors import factory_by_id

        factory_by_id(external_id=args["factory_id"])
    elif kind == "plan":
        from ihya.errors import NotFound
        from ihya.plan.selectors import plan_by_id, plan_get

        if "plan_id" in args:
            if plan_by_id(args["plan_id"]) is None:
                raise NotFound(
                    Problem.of(None, "not_found", _("No plan %(id)s."), id=args["plan_id"])
                )
        else:
            plan_get(name=args["name"], version=args.get("version"))
    elif kind == "priority":
        from ihya.priority.selectors import ranking_choice

        ranking_choice(scenario=args.get("scenario"), method=args.get("method"))
    elif kind == "portfolio":
        services.portfolio_scenario_of(args["scenario_id"])
        if args.get("compare"):
            services.portfolio_scenario_of(args["compare"])
    elif kind == "meeting":
        from ihya.followup.meetings import meeting_get

        meeting_get(args["number"])
    elif kind == "kpi":
        from ihya.reports.kpi import kpi_quarter

        kpi_quarter(args.get("quarter"))


def report_start(
    *, actor, kind: str, params: dict | None = None, lang: str = "ar", fmt: str = "pdf"
):
    """Check what can be checked now (kind, language, format, the right to see the kind, the
    arguments and their record), record the job and queue it; returns the ``ReportJob``."""
    from ihya.accounts.actors import Actor
    from ihya.reports.models import ReportJob
    from ihya.reports.tasks import run_report

    actor = Actor.of(actor)
    services.report_check(actor=actor, kind=kind, lang=lang, fmt=fmt)
    args = report_arguments(kind, params or {})
    _record_exists(kind, args)
    job = ReportJob.objects.create(
        kind=kind, params=args, lang=lang, format=fmt, requested_by=actor.user
    )
    run_report.enqueue(job.pk)
    job.refresh_from_db()
    return job
