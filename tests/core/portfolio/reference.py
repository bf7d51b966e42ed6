"""Independent references for the portfolio tests: a feasibility checker and a brute-force
enumeration. Both read the instance's plain fields with loops and sums of their own; neither
calls the package's model, greedy, read-back or index helpers."""

from __future__ import annotations

import itertools

import numpy as np

TOL = 1e-6


def violations(instance, chosen, funded, *, targets=()) -> list[str]:
    """Every rule the choice breaks (empty when feasible)."""
    chosen = [bool(x) for x in chosen]
    funded = [bool(x) for x in funded]
    out = []
    per_factory = [0] * len(instance.factory_ids)
    for o, is_chosen in enumerate(chosen):
        if is_chosen:
            per_factory[int(instance.option_factory[o])] += 1
    for f, count in enumerate(per_factory):
        if count > 1:
            out.append(f"factory {f} has {count} options")
        if f in instance.include and count != 1:
            out.append(f"must-include factory {f} not chosen")
        if f in instance.exclude and count:
            out.append(f"excluded factory {f} chosen")
    for o, r in instance.links:
        if chosen[int(o)] and not funded[int(r)]:
            out.append(f"option {o} chosen without requirement {r}")
    for limit in instance.limits:
        used = 0.0
        for o, is_chosen in enumerate(chosen):
            if is_chosen:
                used += float(limit.option_use[o])
        for r, is_funded in enumerate(funded):
            if is_funded:
                used += float(limit.requirement_use[r])
        if used > limit.capacity + TOL * max(1.0, abs(limit.capacity)):
            out.append(f"{limit.label}: {used} > {limit.capacity}")
    for minimum in instance.region_minimums:
        total = inside = 0.0
        for o, is_chosen in enumerate(chosen):
            if not is_chosen:
                continue
            m = (
                1.0
                if minimum.measure == "factories"
                else float(instance.values[minimum.measure][o])
            )
            total += m
            if instance.factory_region[int(instance.option_factory[o])] == minimum.region:
                inside += m
        if inside < minimum.share * total - TOL:
            out.append(f"region {minimum.region}: {inside} < {minimum.share} × {total}")
    for target in targets:
        reached = sum(float(instance.values[target.measure][o]) for o, c in enumerate(chosen) if c)
        if reached < target.amount - TOL:
            out.append(f"target {target.measure}: {reached} < {target.amount}")
    return out


def value(instance, chosen, objective=None) -> float:
    v = instance.values["benefit"] if objective is None else objective
    return float(sum(float(v[o]) for o, c in enumerate(chosen) if c))


def brute_force(instance, objective=None, *, targets=(), minimise_cost=False):
    """The best value (or least cost) over every assignment of at most one option per factory,
    with exactly the requirements the chosen options need funded; None when nothing is
    feasible. Enumerates ∏ (options of f + 1) choices."""
    n_o, n_r = len(instance.option_factory), len(instance.requirement_ids)
    options_of = [[] for _ in instance.factory_ids]
    for o, f in enumerate(instance.option_factory):
        options_of[int(f)].append(o)
    needs = [[] for _ in range(n_o)]
    for o, r in instance.links:
        needs[int(o)].append(int(r))
    v = instance.values["benefit"] if objective is None else objective
    best = None
    for pick in itertools.product(*[[None, *opts] for opts in options_of]):
        chosen = np.zeros(n_o, bool)
        funded = np.zeros(n_r, bool)
        for o in pick:
            if o is not None:
                chosen[o] = True
                funded[needs[o]] = True
        if violations(instance, chosen, funded, targets=targets):
            continue
        if minimise_cost:
            score = -(
                float(instance.option_cost[chosen].sum())
                + float(instance.requirement_cost[funded].sum())
            )
        else:
            score = float(sum(float(v[o]) for o in range(n_o) if chosen[o]))
        if best is None or score > best:
            best = score
    return None if best is None else (-best if minimise_cost else best)


def brute_force_vectorised(instance, objective=None):
    """The same enumeration for instances of one option per factory (up to ~22 factories),
    2^n subsets at a time in blocks, with plain NumPy products."""
    n = len(instance.factory_ids)
    assert len(instance.option_factory) == n
    v = np.asarray(instance.values["benefit"] if objective is None else objective, float)
    link = np.zeros((n, len(instance.requirement_ids)))
    for o, r in instance.links:
        link[int(o), int(r)] = 1
    must = np.zeros(n, bool)
    must[list(instance.include)] = True
    banned = np.zeros(n, bool)
    banned[list(instance.exclude)] = True
    best = None
    block = 1 << 16
    bits = 1 << np.arange(n)
    for begin in range(0, 1 << n, block):
        masks = np.arange(begin, min(begin + block, 1 << n))
        x = (masks[:, None] & bits) > 0
        ok = ~(x & banned).any(axis=1) & (x | ~must).all(axis=1)
        funded = (x @ link) > 0
        for limit in instance.limits:
            used = x @ limit.option_use + funded @ limit.requirement_use
            ok &= used <= limit.capacity + TOL * max(1.0, abs(limit.capacity))
        for minimum in instance.region_minimums:
            m = np.ones(n) if minimum.measure == "factories" else instance.values[minimum.measure]
            inside = np.array([r == minimum.region for r in instance.factory_region])
            ok &= x @ (m * inside) >= minimum.share * (x @ m) - TOL
        if ok.any():
            top = float((x[ok] @ v).max())
            best = top if best is None else max(best, top)
    return best
