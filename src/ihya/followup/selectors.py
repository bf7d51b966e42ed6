"""Reading case files: a case's state, history and the moves its caller may make now, and the
restart dates the executive plan gives it — the baseline's (the approved version) against the
forecast (the latest version of that plan, revised from actuals) — which make a file at risk
when the forecast slips past ``IHYA_RISK_SLIP_DAYS``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from ihya.followup import workflow
from ihya.followup.models import Case


@dataclass
class Restarts:
    """Restart dates by factory id: the approved baseline's and the latest version's."""

    baseline: dict[str, dt.date] = field(default_factory=dict)
    forecast: dict[str, dt.date] = field(default_factory=dict)
    plan: str | None = None

    def slip(self, factory_id: str) -> int | None:
        a, b = self.baseline.get(factory_id), self.forecast.get(factory_id)
        return (b - a).days if a and b else None

    def at_risk(self, factory_id: str) -> bool:
        slip = self.slip(factory_id)
        return slip is not None and slip > settings.RISK_SLIP_DAYS


def restarts() -> Restarts:
    """The plan followed: the most recently approved one; its latest version is the forecast."""
    from ihya.plan.models import Plan, PlanTask

    plans = Plan.objects.only("id", "name", "version")  # not the versions' stored results
    baseline = plans.filter(state=Plan.State.APPROVED).order_by("-approved_at", "-id").first()
    if baseline is None:
        return Restarts()
    latest = plans.filter(name=baseline.name).order_by("-version").first()

    def dates(plan) -> dict[str, dt.date]:
        return dict(
            PlanTask.objects.filter(plan=plan, kind=PlanTask.Kind.RESTART)
            .exclude(finish_date=None)
            .values_list("factory_id", "finish_date")
        )

    base = dates(baseline)
    return Restarts(base, dates(latest) if latest.pk != baseline.pk else dict(base), baseline.name)


@dataclass
class CaseView:
    factory_id: str
    name_ar: str
    name_en: str
    state: str
    held_from: str
    allowed: list[str]
    history: list[dict]
    baseline_restart: dt.date | None
    forecast_restart: dt.date | None
    slip_days: int | None
    at_risk: bool
    case: Case


def case_of(factory) -> Case:
    """The factory's case file; a factory without one is ``registered`` (not saved)."""
    try:
        return factory.case
    except Case.DoesNotExist:
        return Case(factory=factory, state=workflow.INITIAL)


def allowed_moves(case: Case, actor) -> list[str]:
    """The states ``actor`` may move the file to now (role allowed and preconditions met)."""
    from ihya.followup.rules import unmet

    out = []
    for move in workflow.moves_from(case.state):
        if not role_may(actor, move):
            continue
        needs = [p for p in move.preconditions if p != "note"]  # a note is written with the move
        if not unmet(case, needs, target=move.target):
            out.append(move.target)
    return out


def role_may(actor, move: workflow.Transition) -> bool:
    from ihya.accounts.actors import Actor
    from ihya.accounts.roles import role_of

    actor = Actor.of(actor)
    if actor.user is None:  # the command line and the system
        return True
    if not actor.has_perm("followup.move_case"):
        return False
    return role_of(actor.user) in move.roles


def case_view(factory, *, actor=None, plan: Restarts | None = None) -> CaseView:
    plan = plan or restarts()
    case = case_of(factory)
    fid = factory.external_id
    history = [
        {
            "at": e.at,
            "from": e.state_from,
            "to": e.state_to,
            "note": e.note,
            "by": e.actor_name,
        }
        for e in (case.events.all() if case.pk else ())
    ]
    return CaseView(
        fid,
        factory.name_ar,
        factory.name_en,
        case.state,
        case.held_from,
        allowed_moves(case, actor) if actor is not None else [],
        history,
        plan.baseline.get(fid),
        plan.forecast.get(fid),
        plan.slip(fid),
        plan.at_risk(fid),
        case,
    )


def case_list(
    *,
    state: str | None = None,
    at_risk: bool | None = None,
    body: str | None = None,
    municipality: str | None = None,
) -> list[CaseView]:
    """Opened case files, filtered: state, at risk, a body responsible for one of the factory's
    requirements, the factory's municipality (codes)."""
    cases = Case.objects.select_related("factory")
    if state:
        cases = cases.filter(state=state)
    if body:
        cases = cases.filter(factory__requirements__responsible_body__code=body).distinct()
    if municipality:
        cases = cases.filter(factory__municipality__code=municipality)
    plan = restarts()
    out = []
    for case in cases.order_by("factory__external_id"):
        fid = case.factory.external_id
        if at_risk is not None and plan.at_risk(fid) != at_risk:
            continue
        out.append(
            CaseView(
                fid,
                case.factory.name_ar,
                case.factory.name_en,
                case.state,
                case.held_from,
                [],
                [],
                plan.baseline.get(fid),
                plan.forecast.get(fid),
                plan.slip(fid),
                plan.at_risk(fid),
                case,
            )
        )
    return out


def case_counts() -> dict[str, int]:
    """How many case files are in each state."""
    from django.db.models import Count

    return dict(Case.objects.values_list("state").annotate(n=Count("id")).order_by())


def decision_list():
    from ihya.followup.models import Decision

    return Decision.objects.select_related("owner_body").prefetch_related("factories")


def timeline(
    factory, view: CaseView, names: dict[str, str], task_keys: list[str] = ()
) -> list[dict]:
    """The file's story, newest first: its moves, the decisions about it, its production
    reports, the progress reported on its tasks and the documents attached. Items of the same
    day come newest recorded first."""
    items = [
        {
            "at": h["at"].date(),
            "recorded": h["at"],
            "kind": "move",
            "title": f"{names.get(h['from'], h['from'] or '—')} → {names.get(h['to'], h['to'])}",
            "text": h["note"],
            "by": h["by"],
        }
        for h in view.history
    ]
    for d in factory.decisions.all():
        items.append(
            {
                "at": d.taken_on,
                "recorded": d.created_at,
                "kind": "decision",
                "title": d.number,
                "decision": d,
            }
        )
    for r in factory.production_reports.all():
        items.append({"at": r.date, "recorded": r.created_at, "kind": "production", "report": r})
    from django.db.models import Q

    from ihya.followup.models import TaskUpdate

    updates = TaskUpdate.objects.filter(
        Q(factory_id=factory.external_id) | Q(task_key__in=list(task_keys))
    )
    for u in updates:
        items.append(
            {"at": u.at.date(), "recorded": u.at, "kind": "task", "update": u, "by": u.actor_name}
        )
    for e in factory.evidence.all():
        items.append(
            {"at": e.created_at.date(), "recorded": e.created_at, "kind": "document", "evidence": e}
        )
    return sorted(items, key=lambda i: (i["at"], i["recorded"]), reverse=True)


def decision_rows(*, show: str = "") -> list[dict]:
    """The decision register: every decision with whether it is overdue (open past its
    deadline); ``show``: open, done or overdue."""
    today = dt.date.today()
    rows = []
    for d in decision_list():
        overdue = d.state == "open" and d.deadline is not None and d.deadline < today
        status = "overdue" if overdue else d.state
        if show and show != status and not (show == "open" and overdue):
            continue
        rows.append({"d": d, "status": status, "overdue": overdue})
    return rows
