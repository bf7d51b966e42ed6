"""Saving portfolio scenarios and solving them on the registry (both audited)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from django.db import transaction
from django.utils import timezone

from ihya.audit.services import Change, audit_record
from ihya.core.portfolio.explain import why_out
from ihya.core.portfolio.instance import objective_vector
from ihya.core.portfolio.model import Settings, Target
from ihya.core.portfolio.questions import budget_curve, cheapest, frontier, optimise
from ihya.portfolio import messages
from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.selectors import DEFAULT_WEIGHTS, VALUES, scenario_instance

CURVE = (0.25, 0.5, 2 / 3, 0.75, 1.0, 1.25, 1.5, 2.0)  # 2/3: "what if it is cut by a third"
FRONTIER_POINTS = 6
Progress = Callable[[str, int, int], None]


def _state(scenario: PortfolioScenario) -> dict:
    return {
        "name": scenario.name,
        "budgets": scenario.budgets,
        "fx_budgets": scenario.fx_budgets,
        "weights": scenario.weights,
        "region_minimums": scenario.region_minimums,
        "targets": scenario.targets,
        "include": sorted(f.external_id for f in scenario.include.all()),
        "exclude": sorted(f.external_id for f in scenario.exclude.all()),
        "time_limit": scenario.time_limit,
        "gap": scenario.gap,
    }


@transaction.atomic
def scenario_save(
    *,
    actor,
    name: str,
    budgets: list[float],
    fx_budgets: list[float] = (),
    weights: dict[str, float] | None = None,
    include=(),
    exclude=(),
    region_minimums: dict[str, float] | None = None,
    targets: dict[str, float] | None = None,
    time_limit: float = 30,
    gap: float = 1e-4,
    scenario: PortfolioScenario | None = None,
) -> PortfolioScenario:
    """Create a scenario (or update ``scenario``); ``include``/``exclude`` are Factory objects.
    A saved change clears the previous result: it no longer answers the scenario."""
    name = name.strip()[:120]
    if not name:
        raise ValueError("a scenario needs a name")
    if set(include) & set(exclude):
        raise ValueError("a factory cannot be both included and excluded")
    before = _state(scenario) if scenario else None
    if scenario is None:
        scenario = PortfolioScenario(created_by=actor if getattr(actor, "pk", None) else None)
    scenario.name = name
    scenario.budgets = [float(b) for b in budgets]
    scenario.fx_budgets = [float(b) for b in fx_budgets]
    clean = {k: float(v) for k, v in (weights or DEFAULT_WEIGHTS).items() if k in VALUES and v}
    scenario.weights = clean or dict(DEFAULT_WEIGHTS)
    scenario.region_minimums = {k: float(v) for k, v in (region_minimums or {}).items() if v}
    scenario.targets = {k: float(v) for k, v in (targets or {}).items() if k in VALUES and v}
    scenario.time_limit, scenario.gap = float(time_limit), float(gap)
    scenario.state, scenario.result, scenario.solved_at = PortfolioScenario.State.NEW, None, None
    scenario.save()
    scenario.include.set(include)
    scenario.exclude.set(exclude)
    audit_record(
        actor=actor,
        changes=[
            Change(
                "update" if before else "create",
                "portfolio.scenario",
                str(scenario.pk),
                before,
                _state(scenario),
            )
        ],
    )
    return scenario


def solve_claim(scenario: PortfolioScenario) -> bool:
    """Mark the scenario queued unless a solve is already queued or running (atomic: two
    clicks enqueue one solve). A claim older than every solve it could run (20 × the time limit,
    plus five minutes) is taken as abandoned — a stopped worker — and may be claimed again."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    busy = (PortfolioScenario.State.QUEUED, PortfolioScenario.State.RUNNING)
    now = timezone.now()
    stale = now - timedelta(seconds=20 * scenario.time_limit + 300)
    return bool(
        PortfolioScenario.objects.filter(pk=scenario.pk)
        .filter(~Q(state__in=busy) | Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(state=PortfolioScenario.State.QUEUED, stage="", done=0, total=0, claimed_at=now)
    )


class SolveBusy(ValueError):
    """The scenario is already queued or being solved."""


def scenario_run(scenario: PortfolioScenario, *, actor=None, progress: Progress | None = None):
    """Claim the scenario and solve it here, as the worker does (the command line's way). Raises
    SolveBusy when a solve is under way; a crash leaves the scenario failed, not queued. The
    returned scenario's ``stored`` says whether the result was kept (False after an edit)."""
    if not solve_claim(scenario):
        raise SolveBusy("this scenario is already being solved")
    scenario.refresh_from_db()
    try:
        return scenario_solve(scenario, actor=actor, progress=progress)
    except BaseException:
        PortfolioScenario.objects.filter(pk=scenario.pk).update(
            state=PortfolioScenario.State.FAILED
        )
        raise


def _factory_row(factory, instance, i: int) -> dict:
    return {
        "factory_id": factory.external_id,
        "name_ar": factory.name_ar or factory.name_en,
        "name_en": factory.name_en or factory.name_ar,
        "district_ar": factory.municipality.district_ar,
        "district_en": factory.municipality.district_en,
        **{name: float(instance.values[name][i]) for name in VALUES},
    }


def scenario_solve(scenario: PortfolioScenario, *, actor=None, progress: Progress | None = None):
    """Solve the scenario on the registry as it is now; store the result (portfolio, spend,
    shared requirements and what they unlock, why each factory was left out, the budget curve
    and the jobs–exports frontier) and audit it."""
    progress = progress or (lambda stage, done, total: None)
    progress("building the model", 0, 1)
    ri = scenario_instance(scenario)
    instance = ri.instance
    settings = Settings(time_limit=scenario.time_limit, gap=scenario.gap)
    weights = scenario.weights or DEFAULT_WEIGHTS
    targets = [Target(k, float(v)) for k, v in (scenario.targets or {}).items() if v]
    progress("solving", 0, 1)
    if targets:  # the cheapest portfolio reaching the targets
        result = cheapest(instance, targets, settings=settings)
    else:
        result = optimise(instance, weights=weights, settings=settings)
    out: dict = {"summary": result.summary(), "weights": weights, "years": instance.years}
    out["targets"] = {t.measure: t.amount for t in targets}
    out["budgets"] = [limit.capacity for limit in instance.limits if limit.kind == "budget"]
    out["candidates"] = len(ri.factories)
    out["requirements"] = len(ri.requirements)
    if result.conflicts:
        out["explanation"] = [
            {lang: messages.conflict_text(c, lang) for lang in ("ar", "en")}
            for c in result.conflicts
        ]
    portfolio = result.portfolio
    if portfolio is not None:
        chosen, funded = portfolio.option_chosen, portfolio.requirement_funded
        needs = instance.option_requirements()
        waiting = instance.requirement_options()
        out["spend"] = [float(x) for x in portfolio.spend]
        out["limits"] = [
            {
                "label": limit.label,
                "kind": limit.kind,
                "year": limit.year,
                "capacity": limit.capacity,
                "used": float(u),
            }
            for limit, u in zip(instance.limits, portfolio.limit_use, strict=True)
        ]
        out["totals"] = {name: portfolio.totals[name] for name in VALUES}
        out["selected"] = [
            {
                **_factory_row(ri.factories[o], instance, o),
                "requirements": [instance.requirement_ids[r] for r in needs[o]],
                "cost": float(instance.requirement_cost[needs[o]].sum()),
            }
            for o in np.flatnonzero(chosen)
        ]
        out["selected"].sort(key=lambda row: -row["priority"])
        out["funded"] = [
            {
                "requirement_id": instance.requirement_ids[r],
                "description_ar": ri.requirements[r].description_ar,
                "description_en": ri.requirements[r].description_en,
                "cost": float(instance.requirement_cost[r].sum()),
                "unlocks": [instance.factory_ids[o] for o in waiting[r] if chosen[o]],
            }
            for r in np.flatnonzero(funded)
        ]
        objective = objective_vector(instance, weights)
        out["why_out"] = {}
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
            out["why_out"][instance.factory_ids[f]] = row
        out["left_out"] = [
            _factory_row(ri.factories[f], instance, f)
            for f in range(len(ri.factories))
            if not chosen[f]
        ]
    if portfolio is not None and not targets:  # the value questions of a best-value scenario
        steps = len(CURVE) + FRONTIER_POINTS
        curve = budget_curve(
            instance,
            list(CURVE),
            weights=weights,
            settings=settings,
            progress=lambda k, n: progress("budget curve", k, steps),
        )
        out["curve"] = [
            {
                "factor": p.factor,
                "budget": float(sum(p.budgets)),
                "status": p.result.status,
                "objective": p.result.objective,
                "greedy": p.result.greedy_objective,
                **(
                    {name: p.result.portfolio.totals[name] for name in VALUES}
                    if p.result.portfolio
                    else {}
                ),
            }
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
        out["frontier"] = [
            {
                "epsilon": p.epsilon,
                "jobs": p.x,
                "exports": p.y,
                "status": p.result.status,
                "dominated": p.dominated,
            }
            for p in points
        ]
    with transaction.atomic():
        # stored only if the scenario was not edited meanwhile (an edit clears the result)
        stored = PortfolioScenario.objects.filter(
            pk=scenario.pk, updated_at=scenario.updated_at
        ).update(
            result=out,
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
            actor=actor,
            changes=[
                Change(
                    "update",
                    "portfolio.scenario",
                    str(scenario.pk),
                    None,
                    {
                        **out["summary"],
                        "selected": [row["factory_id"] for row in out.get("selected", [])],
                    },
                    note="solved",
                )
            ],
        )
    return scenario


# --- any instance as a folder of tables (the CLI's `ihya portfolio …` commands) -------------


def _parse_pairs(text: str | None, what: str) -> dict[str, float]:
    """ "jobs=0.5,exports=0.5" -> {"jobs": 0.5, "exports": 0.5}."""
    from ihya.core.ingest.normalize import parse_decimal

    out = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        number = parse_decimal(value) if sep else None
        if not key.strip() or number is None:
            raise ValueError(f"{what}: write name=number, separated by commas ({item.strip()!r})")
        out[key.strip().lower()] = float(number)
    return out


def portfolio_solve_files(
    in_dir,
    out_dir,
    *,
    time_limit: float = 60,
    gap: float = 1e-4,
    weights: str | None = None,
    language: str = "en",
    progress=None,
) -> dict:
    """Read DIR, solve, write RESULT_DIR (selected_factories.csv, funded_requirements.csv,
    summary.json) and return the summary. Input problems raise PortfolioInputError."""
    from ihya.core.portfolio.files import read_instance, write_result

    instance = read_instance(in_dir)
    settings = Settings(time_limit=time_limit, gap=gap)
    result = optimise(
        instance,
        weights=_parse_pairs(weights, "--weights") or None,
        settings=settings,
        progress=progress,
    )
    explanation = [messages.conflict_text(c, language) for c in result.conflicts]
    return write_result(instance, result, out_dir, explanation=explanation)


def portfolio_cheapest_files(
    in_dir, out_dir, *, targets: str, time_limit: float = 60, gap: float = 1e-4, language="en"
) -> dict:
    from ihya.core.portfolio.files import read_instance, write_result
    from ihya.core.portfolio.model import Target
    from ihya.core.portfolio.questions import cheapest

    instance = read_instance(in_dir)
    goal = [Target(k, v) for k, v in _parse_pairs(targets, "--target").items()]
    unknown = [t.measure for t in goal if t.measure not in instance.values]
    if unknown or not goal:
        raise ValueError(f"--target names columns of factories.csv: {', '.join(instance.values)}")
    result = cheapest(instance, goal, settings=Settings(time_limit=time_limit, gap=gap))
    explanation = [messages.conflict_text(c, language) for c in result.conflicts]
    summary = write_result(instance, result, out_dir, explanation=explanation)
    return summary


def portfolio_curve_files(
    in_dir, out_path, *, factors: list[float], weights=None, time_limit=60, gap=1e-4, progress=None
) -> list[dict]:
    """One row per budget factor: factor, budget_total, status, objective, greedy_objective,
    factories and every value's total."""
    import csv

    from ihya.core.portfolio.files import read_instance

    instance = read_instance(in_dir)
    points = budget_curve(
        instance,
        factors,
        weights=_parse_pairs(weights, "--weights") or None,
        settings=Settings(time_limit=time_limit, gap=gap),
        progress=progress,
    )
    names = list(instance.values)
    rows = []
    for p in points:
        r = p.result
        row = {
            "factor": p.factor,
            "budget_total": sum(p.budgets),
            "status": r.status,
            "objective": r.objective,
            "greedy_objective": r.greedy_objective,
            "factories": int(r.portfolio.option_chosen.sum()) if r.portfolio else None,
        }
        for name in names:
            row[name] = r.portfolio.totals[name] if r.portfolio else None
        rows.append(row)
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["factor"])
        writer.writeheader()
        writer.writerows(rows)
    return rows


def portfolio_frontier_files(
    in_dir, out_path, *, x: str, y: str, points: int, time_limit=60, gap=1e-4, progress=None
) -> list[dict]:
    """One row per ε: epsilon, x, y, status, factories (x maximised subject to y ≥ ε)."""
    import csv

    from ihya.core.portfolio.files import read_instance

    instance = read_instance(in_dir)
    for name in (x, y):
        if name not in instance.values:
            raise ValueError(
                f"--x and --y name columns of factories.csv: {', '.join(instance.values)}"
            )
    found = frontier(
        instance, x, y, points, settings=Settings(time_limit=time_limit, gap=gap), progress=progress
    )
    rows = [
        {
            "epsilon": p.epsilon,
            x: p.x,
            y: p.y,
            "status": p.result.status,
            "dominated": p.dominated,
            "factories": int(p.result.portfolio.option_chosen.sum())
            if p.result.portfolio
            else None,
        }
        for p in found
    ]
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["epsilon", x, y, "status", "factories", "dominated"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return rows


def portfolio_registry_files(
    out_dir, *, budgets: list[float], fx_budgets: list[float] = (), weights: str | None = None
) -> int:
    """The registry's candidates as an instance folder (benefit = the weighted objective, with
    jobs, exports, value_added and priority beside it); returns the number of factories."""
    from ihya.core.portfolio.files import write_instance
    from ihya.portfolio.selectors import registry_instance

    ri = registry_instance(budgets=budgets, fx_budgets=fx_budgets)
    instance = ri.instance
    instance.values["benefit"] = objective_vector(
        instance, _parse_pairs(weights, "--weights") or DEFAULT_WEIGHTS
    )
    write_instance(instance, out_dir)
    return len(ri.factories)


def portfolio_demo_load(*, actor=None, progress: Progress | None = None) -> list[PortfolioScenario]:
    """Two scenarios on the demo registry — balanced weights and jobs first — with yearly budgets
    of 30 % of what all candidates' open requirements cost each year; both solved."""
    from ihya.portfolio.selectors import registry_instance

    demand = registry_instance(budgets=[None, None, None]).instance.requirement_cost.sum(axis=0)
    budgets = [round(float(x) * 0.3, -3) for x in demand]
    made = []
    for name, weights in (
        ("Balanced (demo)", DEFAULT_WEIGHTS),
        ("Jobs first (demo)", {"jobs": 0.7, "exports": 0.15, "value_added": 0.15}),
    ):
        existing = PortfolioScenario.objects.filter(name=name).first()
        scenario = scenario_save(
            actor=actor, name=name, budgets=budgets, weights=weights, scenario=existing
        )
        made.append(scenario_solve(scenario, actor=actor, progress=progress))
    return made
