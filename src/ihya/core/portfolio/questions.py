"""The committee's questions, each a sequence of solves of the same model.

- :func:`optimise`: the best portfolio (greedy baseline and warm start, then HiGHS; an infeasible
  instance comes back with its conflict);
- :func:`budget_curve`: the best value as every yearly budget is scaled (ascending, each solve
  warm-started from the previous portfolio, which stays feasible as budgets grow);
- :func:`frontier`: the efficient frontier between two values by the ε-constraint method
  (ε descending from the second value's maximum, warm-started the same way);
- :func:`cheapest`: the least total cost reaching given targets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ihya.core.portfolio import explain
from ihya.core.portfolio.greedy import greedy
from ihya.core.portfolio.instance import Instance, objective_vector
from ihya.core.portfolio.model import (
    DEFAULT,
    Result,
    Settings,
    Target,
    build,
    lp_prices,
    solve,
)

Progress = Callable[[int, int], None]


def optimise(
    instance: Instance,
    *,
    weights: dict[str, float] | None = None,
    settings: Settings = DEFAULT,
    start: tuple[np.ndarray, np.ndarray] | None = None,
    progress=None,
) -> Result:
    """The best portfolio for ``weights`` (see ``objective_vector``); ``progress(seconds, gap)``
    follows the search."""
    objective = objective_vector(instance, weights)
    model = build(instance, objective)
    baseline = greedy(instance, objective, lp_prices(model))
    greedy_value = greedy_totals = None
    if baseline is not None:
        greedy_value = float(objective[baseline[0]].sum())
        greedy_totals = {
            name: float(values[baseline[0]].sum()) for name, values in instance.values.items()
        }
    warm = start or baseline
    result = solve(model, settings, start=warm, progress=progress)
    result.greedy_objective = greedy_value
    result.greedy_totals = greedy_totals
    if result.status == "infeasible":
        result.conflicts = [explain.conflict(instance)]
    return result


def cheapest(instance: Instance, targets: list[Target], *, settings: Settings = DEFAULT) -> Result:
    """The portfolio of least total cost (all years) whose values reach every target, within
    the limits and decisions."""
    model = build(instance, targets=targets, minimise_cost=True)
    result = solve(model, settings)
    if result.status == "infeasible":
        result.conflicts = [explain.conflict(instance, {"targets": targets})]
    return result


@dataclass(frozen=True)
class CurvePoint:
    factor: float
    budgets: tuple[float, ...]
    result: Result


def budget_curve(
    instance: Instance,
    factors: list[float],
    *,
    weights: dict[str, float] | None = None,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
) -> list[CurvePoint]:
    points, start = [], None
    for k, factor in enumerate(sorted(factors)):
        scaled = instance.scaled_budgets(factor)
        result = optimise(scaled, weights=weights, settings=settings, start=start)
        if result.portfolio is not None:
            start = (result.portfolio.option_chosen, result.portfolio.requirement_funded)
        budgets = tuple(limit.capacity for limit in scaled.limits if limit.kind == "budget")
        points.append(CurvePoint(factor, budgets, result))
        if progress:
            progress(k + 1, len(factors))
    return points


@dataclass
class FrontierPoint:
    epsilon: float | None
    x: float | None
    y: float | None
    result: Result
    dominated: bool = False


def frontier(
    instance: Instance,
    x: str,
    y: str,
    points: int = 10,
    *,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
) -> list[FrontierPoint]:
    """Maximise value ``x`` subject to value ``y`` ≥ ε for ``points`` values of ε between the
    ``y`` of the best-``x`` portfolio and the best ``y``; each point is optimal for ``x`` within
    the solver's gap. The objective adds ``y`` with a tiny weight (1e-7 · Σx/Σy) to break ties
    toward more ``y``; as that cannot rule out a point weakly dominated within the gap, every
    point found is compared with the others and flagged ``dominated`` when one has at least as
    much of both and more of one."""
    vx, vy = instance.values[x].astype(float), instance.values[y].astype(float)
    top_y = solve(build(instance, vy), settings, start=greedy(instance, vy))
    top_x = solve(build(instance, vx), settings, start=greedy(instance, vx))
    if top_x.portfolio is None or top_y.portfolio is None:
        return [FrontierPoint(None, None, None, top_x if top_x.portfolio is None else top_y)]
    low = float(vy[top_x.portfolio.option_chosen].sum())
    high = float(vy[top_y.portfolio.option_chosen].sum())
    delta = 1e-7 * max(vx.sum(), 1.0) / max(vy.sum(), 1.0)
    out, start = [], (top_y.portfolio.option_chosen, top_y.portfolio.requirement_funded)
    for k, epsilon in enumerate(np.linspace(high, low, points)):
        model = build(instance, vx + delta * vy, targets=[Target(y, float(epsilon))])
        result = solve(model, settings, start=start)
        if result.portfolio is not None:
            chosen = result.portfolio.option_chosen
            start = (chosen, result.portfolio.requirement_funded)
            out.append(
                FrontierPoint(
                    float(epsilon), float(vx[chosen].sum()), float(vy[chosen].sum()), result
                )
            )
        else:
            out.append(FrontierPoint(float(epsilon), None, None, result))
        if progress:
            progress(k + 1, points)
    found = [p for p in out if p.x is not None]
    for p in found:
        p.dominated = any(
            q.x >= p.x and q.y >= p.y and (q.x > p.x or q.y > p.y) for q in found if q is not p
        )
    return out
