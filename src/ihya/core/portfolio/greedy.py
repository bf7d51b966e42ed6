"""The greedy baseline (and the solver's warm start).

The must-include factories first (their best option that fits), then repeatedly the option with
the highest value per unit of *marginal* use — its own costs plus those of its requirements not
yet funded, each limit's use divided by that limit's capacity and summed. When a shared
requirement gets funded, the options waiting on it become cheaper and are re-scored (a lazy
heap: a popped score is recomputed and pushed back if it went stale). O(links · log n).
"""

from __future__ import annotations

import heapq

import numpy as np

from ihya.core.portfolio.instance import Instance

EPS = 1e-12


def greedy(instance: Instance, objective: np.ndarray | None = None, prices=None):
    """(option_chosen, requirement_funded) respecting limits, decisions and one option per
    factory, or None when the must-include factories do not fit or a regional minimum share is
    missed (the greedy does not chase those).

    A limit's use is weighed by 1 / capacity, and again by ``prices`` when given (the dual
    prices of the limits in the linear relaxation, see :func:`lp_prices`: a limit that does not
    bind gets almost no weight); the better of the two passes is returned."""
    value = np.asarray(instance.values["benefit"] if objective is None else objective, float)
    caps = np.array([limit.capacity for limit in instance.limits], float)
    safe = np.where(caps > 0, caps, 1)
    candidates = [np.where(caps > 0, 1.0 / safe, 1e12)]
    if prices is not None and len(caps):
        prices = np.abs(np.asarray(prices, float))
        candidates.append(prices + 1e-6 * prices.max(initial=0) / safe * safe.mean() + 1e-12)
    best, best_value = None, -np.inf
    for weights in candidates:
        found = _greedy(instance, value, weights)
        if found is not None and value[found[0]].sum() > best_value:
            best, best_value = found, value[found[0]].sum()
    return best


def _greedy(instance: Instance, value: np.ndarray, inv_cap: np.ndarray):
    limits = instance.limits
    caps = np.array([limit.capacity for limit in limits], float)
    option_use, req_use = instance.use_matrices()
    remaining = caps.copy()
    needs = instance.option_requirements()
    waiting = instance.requirement_options()
    funded = np.zeros(instance.n_requirements, bool)
    chosen = np.zeros(instance.n_options, bool)
    done = np.zeros(len(instance.factory_ids), bool)
    excluded = np.zeros(len(instance.factory_ids), bool)
    excluded[list(instance.exclude)] = True

    def marginal(o: int) -> np.ndarray:
        reqs = needs[o]
        open_reqs = reqs[~funded[reqs]]
        return option_use[:, o] + req_use[:, open_reqs].sum(axis=1)

    def take(o: int) -> None:
        reqs = needs[o]
        open_reqs = reqs[~funded[reqs]]
        remaining[:] -= option_use[:, o] + req_use[:, open_reqs].sum(axis=1)
        funded[open_reqs] = True
        chosen[o] = True
        done[instance.option_factory[o]] = True
        for r in open_reqs:
            for other in waiting[r]:
                if eligible(other):
                    heapq.heappush(heap, (-score(other), int(other)))

    def eligible(o: int) -> bool:
        f = instance.option_factory[o]
        return bool(value[o] > 0 and not excluded[f] and not done[f])

    def fits(use: np.ndarray) -> bool:
        return bool(np.all(use <= remaining + 1e-9 * np.maximum(1.0, np.abs(caps))))

    def score(o: int) -> float:
        weight = float(marginal(o) @ inv_cap) if len(limits) else 0.0
        return value[o] / max(weight, EPS)

    heap: list[tuple[float, int]] = []
    # must-include factories first, each by its best-valued option that fits
    for f in sorted(instance.include):
        options = np.flatnonzero(instance.option_factory == f)
        for o in options[np.argsort(-value[options], kind="stable")]:
            if fits(marginal(o)):
                take(int(o))
                break
        else:
            return None

    heap[:] = [(-score(o), o) for o in range(instance.n_options) if eligible(o)]
    heapq.heapify(heap)
    while heap:
        negative, o = heapq.heappop(heap)
        if not eligible(o):
            continue
        current = score(o)
        if current > -negative * (1 + 1e-12) + EPS:  # got cheaper since it was pushed
            heapq.heappush(heap, (-current, o))
            continue
        if fits(marginal(o)):
            take(o)

    regions = instance.option_region()
    for minimum in instance.region_minimums:
        m = instance.measure(minimum.measure)[chosen]
        inside = np.array([regions[o] == minimum.region for o in np.flatnonzero(chosen)], bool)
        if m[inside].sum() < minimum.share * m.sum() - 1e-9:
            return None
    return chosen, funded
