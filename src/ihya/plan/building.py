"""A solved portfolio scenario as a schedule instance (plain data for ``core.plan``).

- Every funded requirement becomes the chain of its type's steps (``data/plan/task_templates.csv``):
  each step takes its share of the requirement's lead time (months of 21 working days, at least a
  day) and of the cost still to fund, is owned by its body (the requirement's responsible body
  where the template says so) and occupies one unit of that body's team (the ``Team`` table: how
  many files the team handles at once), unless it is a wait on others (a supplier's delivery, a
  carrier, a licensing office: no team). A shared
  requirement is one chain feeding every factory it serves.
- Each chosen factory gets a **restart** milestone after the last step of every requirement it
  needs (market ones aside) and a **first export** milestone after its restart and its market
  steps. The restart's weight is the factory's share of the scenario's objective (its weighted,
  normalised jobs, exports and value added): the weighted objective restarts high-benefit
  factories first.
- Money: each year's budget of the scenario is released a quarter at a time and what is not
  spent carries over — by the end of every quarter the steps have spent (each step's cost spread
  evenly over its days) no more than what was released so far. The portfolio funded each
  requirement within the budget of the year it is needed; its payments fall as its steps run,
  often in a later year, hence the carry-over. Quarters and years are counted in working days
  from the plan's start (Sunday–Thursday, Libyan holidays skipped).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ihya.core.plan.calendar import WorkCalendar
from ihya.core.plan.instance import PlanInstance, Resource, SpendLimit, Task
from ihya.diagnosis.rules import cost_to_fund
from ihya.errors import Invalid, Problem
from ihya.plan.catalogue import RESPONSIBLE, TeamBook, holidays, task_templates, teams

WORKING_DAYS_PER_MONTH = 21


@dataclass
class TaskInfo:
    """What the plan shows of a task beside its schedule."""

    key: str
    kind: str  # step | restart | first_export
    name_en: str
    name_ar: str
    factory_id: str = ""
    requirement_id: str = ""
    body: str = ""
    team: str = ""


@dataclass
class PlanDraft:
    instance: PlanInstance
    calendar: WorkCalendar
    info: dict[str, TaskInfo]
    quarters: list[tuple[int, int]]  # working-day bounds of each quarter
    factories: dict[str, dict] = field(default_factory=dict)  # id -> jobs, exports, value_added


def quarter_starts(start: dt.date, quarters: int) -> list[dt.date]:
    out = []
    for q in range(quarters + 1):
        month = start.month - 1 + 3 * q
        year = start.year + month // 12
        day = min(start.day, 28)
        out.append(dt.date(year, month % 12 + 1, day))
    return out


def _weights(rows, weights: dict[str, float]) -> dict[str, float]:
    """Each chosen factory's share of the objective: Σ weight × value / the largest value."""
    tops = {k: max((getattr(r, k) for r in rows), default=0) or 1 for k in weights}
    return {
        r.factory_id: round(sum(w * getattr(r, k) / tops[k] for k, w in weights.items()), 3)
        for r in rows
    }


def plan_draft(*, result, requirements: dict, start: dt.date) -> PlanDraft:
    """The instance of a solved scenario's result (``PortfolioResult``); ``requirements`` maps
    the funded requirements' ids to their records (type, lead time, cost, body)."""
    calendar = WorkCalendar(start, holidays())
    chains = task_templates()
    book = TeamBook(teams())
    tasks: list[Task] = []
    info: dict[str, TaskInfo] = {}
    resources: dict[str, int] = {}
    last_step: dict[str, str] = {}  # requirement id -> key of its last step
    market: dict[str, bool] = {}
    for funded in result.funded or ():
        req = requirements[funded.requirement_id]
        steps = chains.get(req.type) or chains["technical"]
        lead_days = max(1, round(req.lead_time_months * WORKING_DAYS_PER_MONTH))
        cost = float(cost_to_fund(req))
        previous = None
        for step in steps:
            body = req.responsible_body.code if step.owner == RESPONSIBLE else step.owner
            demand = {}
            if step.team:  # none: waiting on others (a supplier, a carrier, a licensing office)
                team = book.get(body, step.team)
                if team is None:
                    raise Invalid(
                        Problem.of(
                            "team",
                            "no_team",
                            _(
                                "No %(team)s team for %(body)s nor for any body: add one in "
                                "the administration (Executive plan → Teams)."
                            ),
                            team=step.team,
                            body=body,
                        )
                    )
                resource = f"{team.body if team.body != '*' else body}:{step.team}"
                resources[resource] = team.capacity
                demand = {resource: 1}
            key = f"{req.external_id}/{step.code}"
            tasks.append(
                Task(
                    key,
                    max(1, round(lead_days * step.lead_share)) if step.lead_share else 0,
                    (previous,) if previous else (),
                    demand=demand,
                    cost=round(cost * step.cost_share, 2),
                )
            )
            info[key] = TaskInfo(
                key,
                "step",
                f"{step.name_en} — {req.description_en or req.external_id}",
                f"{step.name_ar} — {req.description_ar or req.external_id}",
                requirement_id=req.external_id,
                body=body,
                team=step.team,
            )
            previous = key
        last_step[req.external_id] = previous
        market[req.external_id] = req.type == "market"
    weight = _weights(result.selected or (), result.weights or {"jobs": 1.0})
    factories = {}
    for row in result.selected or ():
        needs = [r for r in row.requirements or () if r in last_step]
        restart = f"{row.factory_id}/restart"
        tasks.append(
            Task(
                restart,
                0,
                tuple(last_step[r] for r in needs if not market[r]),
                weight=weight[row.factory_id],
            )
        )
        info[restart] = TaskInfo(
            restart,
            "restart",
            f"Restart of {row.name_en}",
            f"إعادة تشغيل {row.name_ar}",
            factory_id=row.factory_id,
        )
        export = f"{row.factory_id}/first_export"
        tasks.append(
            Task(
                export,
                0,
                (restart, *(last_step[r] for r in needs if market[r])),
                weight=round(weight[row.factory_id] / 2, 3),
            )
        )
        info[export] = TaskInfo(
            export,
            "first_export",
            f"First export of {row.name_en}",
            f"أول تصدير لـ{row.name_ar}",
            factory_id=row.factory_id,
        )
        factories[row.factory_id] = {
            "jobs": row.jobs,
            "exports": row.exports,
            "value_added": row.value_added,
        }
    years = max(1, len(result.budgets))
    dates = quarter_starts(start, 4 * years)
    quarters = [
        (calendar.day_of(dates[q]), calendar.day_of(dates[q + 1])) for q in range(4 * years)
    ]
    spending = []  # by the end of each quarter: the budgets released so far, unspent carried over
    released = 0.0
    for q in range(4 * years):
        budget = result.budgets[q // 4]
        if not math.isfinite(budget):
            break
        released += budget / 4
        spending.append(SpendLimit(0, quarters[q][1], round(released, 2)))
    instance = PlanInstance(
        tasks,
        [Resource(name, capacity) for name, capacity in sorted(resources.items())],
        spending,
    )
    return PlanDraft(instance, calendar, info, quarters, factories)


def targets(draft: PlanDraft, start: dict[str, int]) -> list[dict]:
    """The KPI trajectory per quarter: factories restarted, jobs restored, exports and value
    added of the factories restarted (or exporting) by its end, and the spending in it."""
    tasks = {t.id: t for t in draft.instance.tasks}
    out = []
    for q, (a, b) in enumerate(draft.quarters):
        restarted = [f for f in draft.factories if start.get(f"{f}/restart", b) < b]
        exporting = [f for f in draft.factories if start.get(f"{f}/first_export", b) < b]
        spent = 0.0
        for t in tasks.values():
            if not t.cost:
                continue
            s, n = start[t.id], max(t.duration, 1)
            spent += t.cost * max(0, min(s + n, b) - max(s, a)) / n
        out.append(
            {
                "quarter": q + 1,
                "ends": draft.calendar.date_of(max(b - 1, 0)).isoformat(),
                "factories_restarted": len(restarted),
                "jobs": round(sum(draft.factories[f]["jobs"] for f in restarted)),
                "exports": round(sum(draft.factories[f]["exports"] for f in exporting), 2),
                "value_added": round(sum(draft.factories[f]["value_added"] for f in restarted), 2),
                "spending": round(spent, 2),
            }
        )
    return out
