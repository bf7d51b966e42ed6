"""Lower bounds on the makespan: a hand-worked case, never above a published optimum (PSPLIB
j30, whose optima are proven), and the money-first-aside phase of the solver checked like any
schedule."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from ihya.core.plan.bounds import makespan_bounds
from ihya.core.plan.instance import PlanInstance, Resource, SpendLimit, Task
from ihya.core.plan.model import Settings, solve
from ihya.core.plan.psplib import read_sm
from tests.core.plan.checker import violations

PSPLIB = Path(__file__).resolve().parents[2] / "data" / "psplib"
OPTIMA = {r["instance"]: r for r in csv.DictReader((PSPLIB / "optima.csv").open())}


def test_the_energy_bound_by_hand():
    # three 4-day tasks on a team of 2, then a 1-day task after all of them; a 2-day task first
    # for one of them. Critical path: 2 + 4 + 1 = 7. Energy: heads ≥ 0, 12 days of work on 2
    # units = 6, tail 1 → 7; with heads ≥ 2 only that task (4/2 = 2) → 2 + 2 + 1 = 5.
    team = {"team": 1}
    instance = PlanInstance(
        [
            Task("first", 2),
            Task("a", 4, ("first",), demand=team),
            Task("b", 4, demand=team),
            Task("c", 4, demand=team),
            Task("end", 1, ("a", "b", "c")),
        ],
        [Resource("team", 2)],
    )
    bounds = makespan_bounds(instance)
    assert (bounds.critical_path, bounds.energy, bounds.energy_resource) == (7, 7, "team")
    # the optimum is 9 (b and c together, then a): both bounds below it
    assert solve(instance, Settings(time_limit=5)).makespan == 9


@pytest.mark.parametrize("name", sorted(p.stem for p in (PSPLIB / "j30").glob("*.sm"))[:20])
def test_the_bounds_never_exceed_a_proven_optimum(name):
    bounds = makespan_bounds(read_sm(PSPLIB / "j30" / f"{name}.sm"))
    assert 0 < bounds.best <= int(OPTIMA[name]["makespan_opt_or_best_upper"])


def test_the_money_first_aside_phase_gives_a_checked_schedule():
    rng = random.Random(7)
    tasks = []
    for k in range(60):
        before = tuple(f"t{j}" for j in range(max(0, k - 5), k) if rng.random() < 0.3)
        tasks.append(
            Task(f"t{k}", rng.randint(1, 8), before, demand={"r": 1}, cost=rng.randint(0, 50))
        )
    total = sum(t.cost for t in tasks)
    spending = [SpendLimit(0, 40 * q, 1.01 * total * q / 4) for q in range(1, 5)]
    instance = PlanInstance(tasks, [Resource("r", 3)], spending)
    result = solve(instance, Settings(time_limit=10))  # ≥ 10 s: the phase runs
    assert result.start is not None and violations(instance, result.start) == []
    assert result.makespan >= makespan_bounds(instance).best
    assert result.objective <= result.greedy_objective
