"""Solving a saved scenario on the registry as it is now: the portfolio (or why there is none),
the spend, the shared requirements and what they unlock, why each factory is out, the budget
curve and the jobs–exports frontier — stored as a typed ``PortfolioResult`` with the provenance
of its inputs, and audited. The page's worker, the API's and the command line's solves all end
here (``services.portfolio_scenario_solve``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from ihya.accounts.actors import Actor
from ihya.audit.services import Change, audit_record
from ihya.core.portfolio.explain import why_out
from ihya.core.portfolio.instance import objective_vector
from ihya.core.portfolio.model import Settings, Target
from ihya.core.portfolio.questions import budget_curve, cheapest, frontier, optimise
from ihya.portfolio import messages
from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.results import (
    CurvePoint,
    FactoryRow,
    FrontierPoint,
    FundedRequirement,
    LimitUse,
    PortfolioResult,
    Summary,
)
from ihya.portfolio.selectors import DEFAULT_WEIGHTS, VALUES, RegistryInstance, scenario_instance

CURVE = (0.25, 0.5, 2 / 3, 0.75, 1.0, 1.25, 1.5, 2.0)  # 2/3: "what if it is cut by a third"
FRONTIER_POINTS = 6
Progress = Callable[[str, int, int], None]


def _factory_row(ri: RegistryInstance, i: int, **extra) -> FactoryRow:
    factory, instance = ri.factories[i], ri.instance
    return FactoryRow(
        factory_id=factory.external_id,
        name_ar=factory.name_ar or factory.name_en,
        name_en=factory.name_en or factory.name_ar,
        district_ar=factory.municipality.district_ar,
        district_en=factory.municipality.district_en,
        **{name: float(instance.values[name][i]) for name in VALUES},
        **extra,
    )


def _why_out(instance, chosen, funded, objective, targets) -> dict[str, dict]:
    out = {}
    for f, reason in why_out(instance, chosen, funded, objective).items():
        row = dict(reason.__dict__)
        if targets and reason.code not in ("excluded", "too_costly"):
            row = {"code": "not_needed"}  # the cheapest way to the targets does without it
        if reason.limit is not None:  # what the sentence needs to name the limit
            limit = instance.limits[reason.limit]
            row["limit"] = {
                "kind": limit.kind,
                "name": limit.name,
                "year": limit.year,
                "region": limit.region,
                "capacity": limit.capacity,
            }
        out[instance.factory_ids[f]] = row
    return out


def scenario_result(
    *, scenario: PortfolioScenario, progress: Progress | None = None
) -> PortfolioResult:
    """Solve ``scenario`` on the registry as it is now (no database write)."""
    from ihya.trade.provenance import versions

    progress = progress or (lambda stage, done, total: None)
    progress("building the model", 0, 1)
    ri = scenario_instance(scenario)
    instance = ri.instance
    settings = Settings(
        time_limit=scenario.time_limit,
        gap=scenario.gap,
        threads=django_settings.SOLVER_THREADS or None,
    )
    weights = scenario.weights or DEFAULT_WEIGHTS
    targets = [Target(k, float(v)) for k, v in (scenario.targets or {}).items() if v]
    progress("solving", 0, 1)
    if targets:  # the cheapest portfolio reaching the targets
        solved = cheapest(instance, targets, settings=settings)
    else:
        solved = optimise(instance, weights=weights, settings=settings)
    result = PortfolioResult(
        summary=Summary(
            **solved.summary(),
            greedy_totals={k: v for k, v in (solved.greedy_totals or {}).items() if k in VALUES}
            or None,
        ),
        weights=dict(weights),
        targets={t.measure: t.amount for t in targets},
        years=list(instance.years),
        budgets=[limit.capacity for limit in instance.limits if limit.kind == "budget"],
        candidates=len(ri.factories),
        requirements=len(ri.requirements),
        explanation=[
            {lang: messages.conflict_text(c, lang) for lang in ("ar", "en")}
            for c in solved.conflicts
        ],
        sources=ri.sources,
        versions={**versions(), "solver": solved.solver},
    )
    portfolio = solved.portfolio
    if portfolio is None:
        return result
    chosen, funded = portfolio.option_chosen, portfolio.requirement_funded
    needs = instance.option_requirements()
    waiting = instance.requirement_options()
    result.spend = [float(x) for x in portfolio.spend]
    result.limits = [
        LimitUse(limit.label, limit.kind, limit.year, limit.capacity, float(u))
        for limit, u in zip(instance.limits, portfolio.limit_use, strict=True)
    ]
    result.totals = {name: portfolio.totals[name] for name in VALUES}
    result.selected = sorted(
        (
            _factory_row(
                ri,
                o,
                requirements=[instance.requirement_ids[r] for r in needs[o]],
                cost=float(instance.requirement_cost[needs[o]].sum()),
            )
            for o in np.flatnonzero(chosen)
        ),
        key=lambda row: -row.priority,
    )
    result.funded = [
        FundedRequirement(
            requirement_id=instance.requirement_ids[r],
            description_ar=ri.requirements[r].description_ar,
            description_en=ri.requirements[r].description_en,
            cost=float(instance.requirement_cost[r].sum()),
            unlocks=[instance.factory_ids[o] for o in waiting[r] if chosen[o]],
        )
        for r in np.flatnonzero(funded)
    ]
    objective = objective_vector(instance, weights)
    result.why_out = _why_out(instance, chosen, funded, objective, targets)
    result.left_out = [_factory_row(ri, f) for f in range(len(ri.factories)) if not chosen[f]]
    if not targets:  # the value questions of a best-value scenario
        steps = len(CURVE) + FRONTIER_POINTS
        curve = budget_curve(
            instance,
            list(CURVE),
            weights=weights,
            settings=settings,
            progress=lambda k, n: progress("budget curve", k, steps),
        )
        result.curve = [
            CurvePoint(
                factor=p.factor,
                budget=float(sum(p.budgets)),
                status=p.result.status,
                objective=p.result.objective,
                greedy=p.result.greedy_objective,
                totals=(
                    {name: p.result.portfolio.totals[name] for name in VALUES}
                    if p.result.portfolio
                    else {}
                ),
            )
            for p in curve
        ]
        points = frontier(
            instance,
            "jobs",
            "exports",
            FRONTIER_POINTS,
            settings=settings,
            progress=lambda k, n: progress("frontier", len(CURVE) + k, steps),
        )
        result.frontier = [
            FrontierPoint(p.epsilon, p.x, p.y, p.result.status, p.dominated) for p in points
        ]
    return result


def scenario_solve(
    *, scenario: PortfolioScenario, actor=None, progress: Progress | None = None
) -> PortfolioScenario:
    """Solve and store the result, audited — unless the scenario was edited meanwhile (an edit
    clears the result: it no longer answers the scenario); ``stored`` on the returned scenario
    says which."""
    result = scenario_result(scenario=scenario, progress=progress)
    with transaction.atomic():
        stored = PortfolioScenario.objects.filter(
            pk=scenario.pk, updated_at=scenario.updated_at
        ).update(
            result=result.to_json(),
            error="",
            state=PortfolioScenario.State.DONE,
            solved_at=timezone.now(),
            stage="",
        )
        if not stored:
            scenario.stored = False
            return scenario
        scenario.refresh_from_db()
        scenario.stored = True
        audit_record(
            actor=Actor.of(actor),
            changes=[
                Change(
                    "update",
                    "portfolio.scenario",
                    str(scenario.pk),
                    None,
                    {
                        **result.to_json()["summary"],
                        "selected": result.selected_ids,
                        "sources": [f"{s.kind}:{s.id or ''}" for s in result.sources],
                    },
                    note="solved",
                )
            ],
        )
    return scenario


def solve_claimed(
    *,
    scenario_id: int,
    actor: Actor,
    progress: Progress | None = None,
    reraise: bool = False,
) -> PortfolioScenario:
    """Solve a claimed scenario: running, then done (or failed, saying why). The returned
    scenario's ``stored`` says whether the result was kept (False after an edit)."""
    PortfolioScenario.objects.filter(pk=scenario_id).update(
        state=PortfolioScenario.State.RUNNING, done=0, total=0
    )
    scenario = PortfolioScenario.objects.get(pk=scenario_id)
    try:
        return scenario_solve(scenario=scenario, actor=actor, progress=progress)
    except BaseException as exc:  # the page must say what happened, whatever it was
        PortfolioScenario.objects.filter(pk=scenario_id).update(
            state=PortfolioScenario.State.FAILED, error=f"{type(exc).__name__}: {exc}"
        )
        if reraise or not isinstance(exc, Exception):
            raise
        scenario.refresh_from_db()
        scenario.stored = False
        return scenario


def solve_progress(*, scenario_id: int, stage: str, done: int, total: int) -> None:
    """Record a running solve's stage and progress for the page to poll."""
    PortfolioScenario.objects.filter(pk=scenario_id).update(
        stage=stage[:60], done=done, total=total
    )


def solve_lost(*, scenario_id: int, reasons: dict[str, str]) -> None:
    """The worker solving this scenario died (``web.workers.jobs_sweep``): the solve failed
    (its previous result, if any, kept as it was), with the reason in both languages."""
    PortfolioScenario.objects.filter(
        pk=scenario_id,
        state__in=(PortfolioScenario.State.QUEUED, PortfolioScenario.State.RUNNING),
    ).update(state=PortfolioScenario.State.FAILED, error=f"{reasons['ar']}\n{reasons['en']}")
