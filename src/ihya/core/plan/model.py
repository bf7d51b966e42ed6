"""The schedule as a constraint programme (OR-Tools CP-SAT), in the portfolio's shape:
``build`` (check, then one interval per task, finish-to-start precedence, a cumulative per
resource, the spending per period) → ``solve`` (status always stated, with the best lower bound)
→ the schedule read back.

Objectives: ``makespan`` (the day the last task finishes) or ``weighted`` (the sum of each
weighted task's finish × its weight: milestones of high-benefit factories early). Money is
counted as ``profile`` counts it (hundredths, daily spend rounded up, limits down; a costly task
inside the spending periods), so a schedule the model accepts never exceeds a limit. The
priority-rule schedule (``greedy``) is given to the solver as a hint, and returned instead when
the solver found nothing better in its time. With spending limits and a time limit of 10 s or
more, ``solve`` first spends 40 % of the time on the teams alone and repairs that schedule with
the money by the list scheduler in its order of starts; the better of the two first schedules is
the hint (on the demo's plan: 505 working days in 50 s instead of 567 without it).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from ihya.core.plan.cpm import precedence_cpm
from ihya.core.plan.greedy import serial_schedule
from ihya.core.plan.instance import PlanInputError, PlanInstance, check
from ihya.core.plan.profile import daily_spend, limit_units

OBJECTIVES = ("makespan", "weighted")
WEIGHT_SCALE = 1000  # weights kept to three decimals in the integer objective
RELAX_FROM = 10.0  # seconds: from this time limit on, spending limits are first left aside …
RELAXED_SHARE = 0.4  # … for this share of the time (see ``solve``)
Progress = Callable[[float, float | None, float | None], None]  # seconds, objective, bound


@dataclass(frozen=True)
class Settings:
    objective: str = "makespan"
    time_limit: float = 30.0
    workers: int = 0  # 0: every core
    seed: int = 0


@dataclass
class Result:
    status: str  # optimal | feasible | time_limit | infeasible | error
    start: dict[str, int] | None  # task id -> day, when a schedule was found
    makespan: int | None
    objective: float | None
    lower_bound: float | None  # the solver's, in the objective's unit
    seconds: float
    objective_name: str
    greedy_objective: float | None = None  # the priority-rule schedule's, same unit

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.lower_bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / abs(self.objective))

    def summary(self) -> dict:
        return {
            "status": self.status,
            "objective": self.objective_name,
            "makespan": self.makespan,
            "objective_value": self.objective,
            "lower_bound": self.lower_bound,
            "gap": None if self.gap is None else round(self.gap, 6),
            "seconds": round(self.seconds, 3),
            "greedy_objective": self.greedy_objective,
        }


def objective_of(instance: PlanInstance, start: dict[str, int], objective: str) -> float:
    tasks = {t.id: t for t in instance.tasks}
    finish = {tid: s + instance.length(tasks[tid]) for tid, s in start.items()}
    if objective == "makespan":
        return float(max(finish.values(), default=0))
    return float(sum(t.weight * finish[t.id] for t in instance.tasks if t.weight))


@dataclass
class Model:
    instance: PlanInstance
    cp: cp_model.CpModel
    starts: dict[str, cp_model.IntVar]
    ends: dict[str, cp_model.IntVar]
    objective: str
    greedy: dict[str, int] | None  # the list scheduler's schedule
    first: dict[str, int] | None = None  # the solver's hint: the better of greedy and a hint


def build(
    instance: PlanInstance, objective: str = "makespan", hint: dict[str, int] | None = None
) -> Model:
    """The CP-SAT model; ``hint`` (a feasible schedule) replaces the list scheduler's as the
    solver's first solution when it is better."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}")
    issues = check(instance)
    if issues:
        raise PlanInputError(issues)
    greedy = serial_schedule(instance)
    first = greedy
    if hint is not None and (
        greedy is None
        or objective_of(instance, hint, objective) < objective_of(instance, greedy, objective)
    ):
        first = hint
    cpm = precedence_cpm(instance)
    horizon = instance.horizon()
    if instance.spending:
        horizon += max(p.end for p in instance.spending)
    if first:
        finish = max((first[t.id] + instance.length(t) for t in instance.tasks), default=0)
        # no better makespan ends later than the list scheduler's; another objective may
        horizon = finish if objective == "makespan" else max(horizon, finish + 1)
    cp = cp_model.CpModel()
    starts, ends, intervals, bounds = {}, {}, {}, {}
    for t in instance.tasks:
        length = instance.length(t)
        if t.fixed_start is not None:
            lo = hi = t.fixed_start
        else:
            lo, hi = max(t.release, cpm.early_start[t.id]), horizon - length
        bounds[t.id] = (lo, max(lo, hi))
        s = cp.NewIntVar(lo, max(lo, hi), f"s_{t.id}")
        e = cp.NewIntVar(lo + length, max(lo, hi) + length, f"e_{t.id}")
        intervals[t.id] = cp.NewIntervalVar(s, length, e, f"i_{t.id}")
        starts[t.id], ends[t.id] = s, e
    for t in instance.tasks:
        for p in t.predecessors:
            cp.Add(starts[t.id] >= ends[p])
    for r in instance.resources:
        users = [t for t in instance.tasks if t.demand.get(r.name, 0) > 0 and instance.length(t)]
        if users:
            cp.AddCumulative(
                [intervals[t.id] for t in users], [t.demand[r.name] for t in users], r.capacity
            )
    _spending(cp, instance, starts, ends, bounds)
    if objective == "makespan":
        makespan = cp.NewIntVar(0, horizon * 2, "makespan")
        cp.AddMaxEquality(makespan, list(ends.values()) or [cp.NewConstant(0)])
        cp.Minimize(makespan)
    else:
        cp.Minimize(
            sum(round(t.weight * WEIGHT_SCALE) * ends[t.id] for t in instance.tasks if t.weight)
        )
    if first:
        for tid, day in first.items():
            cp.AddHint(starts[tid], day)
    return Model(instance, cp, starts, ends, objective, greedy, first)


def _spending(cp, instance: PlanInstance, starts, ends, bounds) -> None:
    """Per period, the days each costly task runs in it × its daily spend ≤ the limit; a costly
    task runs inside the periods (there is no money after the last)."""
    if not instance.spending:
        return
    money_ends = max(p.end for p in instance.spending)
    for t in instance.tasks:
        if t.cost and t.fixed_start is None:
            cp.Add(starts[t.id] + max(instance.length(t), 1) <= money_ends)
    for k, period in enumerate(instance.spending):
        terms = []
        for t in instance.tasks:
            length = instance.length(t)
            if not t.cost:
                continue
            lo, hi = bounds[t.id]
            if hi + max(length, 1) <= period.start or lo >= period.end:
                continue  # can never overlap the period
            rate = daily_spend(t.cost, length)
            if length == 0:  # a costly milestone spends on its day
                after, before = cp.NewBoolVar(f"ge_{t.id}_{k}"), cp.NewBoolVar(f"lt_{t.id}_{k}")
                cp.Add(starts[t.id] >= period.start).OnlyEnforceIf(after)
                cp.Add(starts[t.id] < period.start).OnlyEnforceIf(after.Not())
                cp.Add(starts[t.id] < period.end).OnlyEnforceIf(before)
                cp.Add(starts[t.id] >= period.end).OnlyEnforceIf(before.Not())
                inside = cp.NewBoolVar(f"in_{t.id}_{k}")
                cp.Add(inside >= after + before - 1)
                terms.append(rate * inside)
                continue
            last = cp.NewIntVar(-(10**9), 10**9, f"min_{t.id}_{k}")
            first = cp.NewIntVar(-(10**9), 10**9, f"max_{t.id}_{k}")
            cp.AddMinEquality(last, [ends[t.id], cp.NewConstant(period.end)])
            cp.AddMaxEquality(first, [starts[t.id], cp.NewConstant(period.start)])
            overlap = cp.NewIntVar(0, length, f"ov_{t.id}_{k}")
            cp.AddMaxEquality(overlap, [last - first, cp.NewConstant(0)])
            terms.append(rate * overlap)
        if terms:
            cp.Add(sum(terms) <= limit_units(period.limit))


class _Watch(cp_model.CpSolverSolutionCallback):
    def __init__(self, progress: Progress, scale: float) -> None:
        super().__init__()
        self.progress, self.scale, self.started = progress, scale, time.monotonic()

    def on_solution_callback(self) -> None:
        self.progress(
            time.monotonic() - self.started,
            self.ObjectiveValue() / self.scale,
            self.BestObjectiveBound() / self.scale,
        )


def solve(
    instance: PlanInstance, settings: Settings = Settings(), progress: Progress | None = None
) -> Result:
    """Schedule ``instance``: the best schedule found within the time limit, its status
    (``optimal`` proven; ``feasible`` stopped at the gap; ``time_limit`` stopped by the clock;
    ``infeasible``; ``error``) and the solver's best lower bound."""
    started = time.perf_counter()
    hint, limit = None, float(settings.time_limit)
    if instance.spending and limit >= RELAX_FROM:
        # money first left aside: the schedule found on the teams alone, repaired by the list
        # scheduler in its order of starts, is often a far better first solution
        relaxed = solve(
            PlanInstance(instance.tasks, instance.resources, []),
            replace(settings, time_limit=limit * RELAXED_SHARE),
        )
        if relaxed.start is not None:
            hint = serial_schedule(instance, {k: float(v) for k, v in relaxed.start.items()})
        limit = max(1.0, limit - (time.perf_counter() - started))
    model = build(instance, settings.objective, hint)
    scale = 1.0 if settings.objective == "makespan" else float(WEIGHT_SCALE)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = settings.workers or max(1, os.cpu_count() or 1)
    solver.parameters.random_seed = settings.seed
    watch = _Watch(progress, scale) if progress else None
    code = solver.Solve(model.cp, watch) if watch else solver.Solve(model.cp)
    seconds = time.perf_counter() - started
    greedy = objective_of(instance, model.greedy, settings.objective) if model.greedy else None
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        start = {tid: int(solver.Value(v)) for tid, v in model.starts.items()}
        if model.first is not None and objective_of(
            instance, model.first, settings.objective
        ) < objective_of(instance, start, settings.objective):
            start = dict(model.first)  # the solver found nothing as good in its time
        ran_out = solver.WallTime() >= limit * 0.98
        status = (
            "optimal" if code == cp_model.OPTIMAL else ("time_limit" if ran_out else "feasible")
        )
        bound = solver.BestObjectiveBound() / scale
        if settings.objective == "makespan":
            bound = float(math.ceil(bound - 1e-9))
        tasks = {t.id: t for t in instance.tasks}
        return Result(
            status,
            start,
            int(max((start[t] + instance.length(tasks[t]) for t in start), default=0)),
            objective_of(instance, start, settings.objective),
            bound,
            seconds,
            settings.objective,
            greedy,
        )
    if code == cp_model.UNKNOWN and model.first is not None:  # the clock ran out first
        start = dict(model.first)
        tasks = {t.id: t for t in instance.tasks}
        bound = solver.BestObjectiveBound() / scale
        return Result(
            "time_limit",
            start,
            int(max((start[t] + instance.length(tasks[t]) for t in start), default=0)),
            objective_of(instance, start, settings.objective),
            bound if math.isfinite(bound) else None,
            seconds,
            settings.objective,
            greedy,
        )
    status = {cp_model.INFEASIBLE: "infeasible", cp_model.MODEL_INVALID: "error"}.get(
        code, "time_limit"
    )
    return Result(status, None, None, None, None, seconds, settings.objective, greedy)
