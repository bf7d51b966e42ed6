"""Why a portfolio problem has no solution, and why a factory was left out of one.

An infeasible model is reduced to a minimal set of conflicting constraint *groups* (each yearly
budget, each resource, each regional minimum, each target, the must-include and must-exclude
decisions) by a deletion filter: drop a group; if the rest is still infeasible, leave it out,
otherwise put it back. What remains cannot hold together, and every group in it is needed for
the conflict. The structure (links, one option per factory) is never dropped: it is the problem
itself. The conflict comes back as data; the interfaces turn it into sentences in the user's
language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np

from ihya.core.portfolio.instance import Instance
from ihya.core.portfolio.model import Settings, build, solve

STRUCTURE = frozenset({"options", "links"})


@dataclass(frozen=True)
class Part:
    """One group of a conflict, with what the sentence needs."""

    kind: str  # budget | resource | include | exclude | region | target
    label: str
    capacity: float | None = None  # limits
    year: int | None = None
    name: str = ""
    region: str | None = None
    factories: tuple[str, ...] = ()  # include / exclude
    share: float | None = None  # region
    measure: str = ""  # region / target
    amount: float | None = None  # target
    needed: float | None = None  # least use the must-include factories make of this limit


@dataclass(frozen=True)
class Conflict:
    parts: tuple[Part, ...]
    groups: tuple[str, ...] = field(default=())


def _infeasible(instance: Instance, skip: frozenset[str], build_kwargs: dict) -> bool:
    model = build(instance, np.zeros(instance.n_options), skip_groups=skip, **build_kwargs)
    return solve(model, Settings(time_limit=30, gap=1.0)).status == "infeasible"


def least_use(instance: Instance, limit_index: int) -> float:
    """The least that the must-include factories use of one limit (their own use plus their
    requirements', shared ones once), over their options: a small MILP of its own."""
    limit = instance.limits[limit_index]
    relaxed = instance.with_limits([])
    relaxed.exclude = frozenset()
    relaxed.region_minimums = []
    model = build(relaxed, np.zeros(instance.n_options))
    model.lp.col_cost_ = np.r_[limit.option_use, limit.requirement_use].astype(float)
    model.lp.sense_ = highspy.ObjSense.kMinimize
    model.sense = "min"
    result = solve(model, Settings(time_limit=30, gap=0.0))
    return float(result.objective or 0.0)


def conflict(instance: Instance, build_kwargs: dict | None = None) -> Conflict:
    """The minimal set of constraint groups that cannot hold together."""
    build_kwargs = build_kwargs or {}
    model = build(instance, np.zeros(instance.n_options), **build_kwargs)
    candidates = [key for key in model.groups if key not in STRUCTURE]
    kept = list(candidates)
    for key in candidates:
        trial = frozenset(k for k in candidates if k not in kept or k == key)
        if _infeasible(instance, trial, build_kwargs):
            kept.remove(key)
    return Conflict(tuple(_part(instance, key, kept, build_kwargs) for key in kept), tuple(kept))


def _part(instance: Instance, key: str, kept: list[str], build_kwargs: dict) -> Part:
    kind, _, index = key.partition(":")
    ids = instance.factory_ids
    if kind == "limit":
        limit = instance.limits[int(index)]
        needed = least_use(instance, int(index)) if "include" in kept else None
        return Part(
            limit.kind,
            limit.label,
            capacity=limit.capacity,
            year=limit.year,
            name=limit.name,
            region=limit.region,
            needed=needed,
        )
    if kind == "include":
        return Part(
            "include", "must-include", factories=tuple(ids[f] for f in sorted(instance.include))
        )
    if kind == "exclude":
        return Part(
            "exclude", "must-exclude", factories=tuple(ids[f] for f in sorted(instance.exclude))
        )
    if kind == "region":
        minimum = instance.region_minimums[int(index)]
        return Part(
            "region",
            minimum.region,
            region=minimum.region,
            share=minimum.share,
            measure=minimum.measure,
        )
    target = build_kwargs["targets"][int(index)]
    return Part("target", target.measure, measure=target.measure, amount=target.amount)


@dataclass(frozen=True)
class Reason:
    """Why an option is not in a portfolio."""

    code: str  # excluded | too_costly | lower_value
    label: str = ""  # the limit it cannot fit on its own
    limit: int | None = None  # that limit's index in instance.limits
    ratio: float | None = None  # value per unit of use (too low)
    cutoff: float | None = None  # the lowest ratio among chosen options


def _use_weight(instance: Instance, option: int, funded: np.ndarray, needs) -> np.ndarray:
    reqs = needs[option]
    open_reqs = reqs[~funded[reqs]]
    return np.array(
        [
            limit.option_use[option] + limit.requirement_use[open_reqs].sum()
            for limit in instance.limits
        ]
    )


def why_out(
    instance: Instance, chosen: np.ndarray, funded: np.ndarray, objective=None
) -> dict[int, Reason]:
    """For every factory with no chosen option, the reason (keyed by factory index): the
    committee excluded it; one of its options is too costly for a limit on its own; or its value
    per unit of marginal use (own plus still unfunded requirements, over capacity) is below that
    of the least efficient option chosen."""
    value = np.asarray(instance.values["benefit"] if objective is None else objective, float)
    needs = instance.option_requirements()
    caps = np.array([limit.capacity for limit in instance.limits], float)
    inv = np.where(caps > 0, 1 / np.where(caps > 0, caps, 1), 1e12)
    chosen_idx = np.flatnonzero(chosen)
    ratios = [
        value[o] / max(float(_use_weight(instance, o, np.zeros_like(funded), needs) @ inv), 1e-12)
        for o in chosen_idx
    ]
    cutoff = min(ratios) if ratios else None
    picked = np.zeros(len(instance.factory_ids), bool)
    picked[instance.option_factory[chosen_idx]] = True
    reasons: dict[int, Reason] = {}
    for f in np.flatnonzero(~picked):
        if f in instance.exclude:
            reasons[int(f)] = Reason("excluded")
            continue
        options = np.flatnonzero(instance.option_factory == f)
        best, best_ratio, alone = None, -np.inf, None
        for o in options:
            use = _use_weight(instance, o, funded, needs)
            over = np.flatnonzero(use > caps + 1e-9)
            if over.size:
                alone = int(over[0]) if alone is None else alone
                continue
            ratio = value[o] / max(float(use @ inv), 1e-12)
            if ratio > best_ratio:
                best, best_ratio = o, ratio
        if best is None:
            reasons[int(f)] = Reason(
                "too_costly",
                label=instance.limits[alone].label if alone is not None else "",
                limit=alone,
            )
        else:
            reasons[int(f)] = Reason("lower_value", ratio=float(best_ratio), cutoff=cutoff)
    return reasons
