"""The preconditions a move of a case file needs (their codes are in ``workflow.csv``): each
returns None when met, else the reason (a lazy gettext message) it is not."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _


def _diagnosis(case, note: str, target: str):
    if not case.factory.diagnoses.exists():
        return _("No diagnosis of the factory is recorded.")
    return None


def _costed_diagnosis(case, note: str, target: str):
    if not case.factory.diagnoses.exists():
        return _("No diagnosis of the factory is recorded.")
    requirements = case.factory.requirements.all()
    if not requirements:
        return _("The diagnosis lists no requirement to restart the factory.")
    if any(r.cost_lyd is None or r.lead_time_months is None for r in requirements):
        return _("A requirement of the factory has no cost or no lead time.")
    return None


def _in_portfolio(case, note: str, target: str):
    from ihya.portfolio.models import PortfolioScenario

    external_id = case.factory.external_id
    for scenario in PortfolioScenario.objects.exclude(result=None).only("id", "result"):
        outcome = scenario.outcome
        if outcome is not None and external_id in outcome.selected_ids:
            return None
    return _("No solved portfolio scenario has chosen the factory.")


def _committee_decision(case, note: str, target: str):
    from ihya.followup.models import Decision

    approving = Decision.objects.filter(factories=case.factory, approves=True).exclude(
        state=Decision.State.CANCELLED
    )
    if not approving.exists():
        return _("No committee decision approves the factory's revival.")
    return None


def _in_approved_plan(case, note: str, target: str):
    from ihya.plan.models import Plan, PlanTask

    if not PlanTask.objects.filter(
        plan__state=Plan.State.APPROVED,
        factory_id=case.factory.external_id,
        kind=PlanTask.Kind.RESTART,
    ).exists():
        return _("The factory's restart is in no approved executive plan.")
    return None


def _production_report(case, note: str, target: str):
    if not case.factory.production_reports.filter(date__lte=dt.date.today()).exists():
        return _("No dated production report of the factory is recorded.")
    return None


def _export_record(case, note: str, target: str):
    """An export record of the year the factory restarted or later (earlier ones are its past)."""
    exports = case.factory.exports.all()
    restart = case.events.filter(state_to="restarted").order_by("-at").first() if case.pk else None
    if restart is not None:
        exports = exports.filter(year__gte=restart.at.year)
    if not exports.exists():
        return _("No export record of the factory since its restart is recorded.")
    return None


def _note(case, note: str, target: str):
    if not (note or "").strip():
        return _("Write the reason in the note.")
    return None


def _resumes(case, note: str, target: str):
    if case.held_from != target:
        return _("A file on hold returns to the state it was put on hold from.")
    return None


RULES = {
    "diagnosis": _diagnosis,
    "costed_diagnosis": _costed_diagnosis,
    "in_portfolio": _in_portfolio,
    "committee_decision": _committee_decision,
    "in_approved_plan": _in_approved_plan,
    "production_report": _production_report,
    "export_record": _export_record,
    "note": _note,
    "resumes": _resumes,
}


def unmet(case, preconditions, *, note: str = "", target: str = "") -> list[tuple[str, object]]:
    """The preconditions not met: (code, reason)."""
    out = []
    for code in preconditions:
        reason = RULES[code](case, note, target)
        if reason is not None:
            out.append((code, reason))
    return out
