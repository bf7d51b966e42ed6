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


def least_use(instance: Instance, limit_index: int) -> float | None:
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
    return result.objective if result.status == "optimal" else None  # unproven: say nothing


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
    """Why a factory is not in a portfolio."""

    code: str  # excluded | too_costly | no_room | no_value | other
    label: str = ""  # the limit concerned (too_costly, no_room)
    limit: int | None = None  # that limit's index in instance.limits
    ratio: float | None = None  # its value per unit of marginal use of the limits
    cutoff: float | None = None  # the lowest such ratio among the chosen factories


def why_out(
    instance: Instance, chosen: np.ndarray, funded: np.ndarray, objective=None
) -> dict[int, Reason]:
    """For every factory with no chosen option, the first reason that holds (keyed by factory
    index):

    - ``excluded``: the committee excluded it;
    - ``too_costly``: each of its options alone uses more of some limit than that limit holds;
    - ``no_value``: it adds nothing to the objective with these weights;
    - ``no_room``: its best option needs more of a limit (its own use plus its requirements not
      yet funded) than the chosen factories leave. ``ratio`` and ``cutoff`` compare its value per
      unit of marginal use with the least efficient chosen factory's (a chosen factory's marginal
      use is its own plus the requirements only it needs; each limit's use is divided by the
      limit's capacity and summed), so a sentence can add that it is also less efficient — only
      when it is;
    - ``other``: it would fit, yet is out: a regional minimum or the solver's gap kept it out.
    """
    value = np.asarray(instance.values["benefit"] if objective is None else objective, float)
    chosen = np.asarray(chosen, bool)
    funded = np.asarray(funded, bool)
    needs = instance.option_requirements()
    limits = instance.limits
    caps = np.array([limit.capacity for limit in limits], float)
    inv = np.where(caps > 0, 1 / np.where(caps > 0, caps, 1), 1e12)
    option_use, req_use = instance.use_matrices()
    used = option_use[:, chosen].sum(axis=1) + req_use[:, funded].sum(axis=1)
    remaining = caps - used
    users = np.zeros(instance.n_requirements, int)  # chosen options needing each requirement
    for o in np.flatnonzero(chosen):
        users[needs[o]] += 1

    def use_of(o: int, reqs: np.ndarray) -> np.ndarray:
        return option_use[:, o] + req_use[:, reqs].sum(axis=1)

    def ratio(o: int, use: np.ndarray) -> float:
        return value[o] / max(float(use @ inv), 1e-12) if len(limits) else np.inf

    chosen_ratios = [
        ratio(o, use_of(o, needs[o][users[needs[o]] == 1])) for o in np.flatnonzero(chosen)
    ]
    cutoff = min(chosen_ratios) if chosen_ratios else None
    picked = np.zeros(len(instance.factory_ids), bool)
    picked[instance.option_factory[chosen]] = True
    reasons: dict[int, Reason] = {}
    tolerance = 1e-9 * np.maximum(1.0, np.abs(caps))
    for f in np.flatnonzero(~picked):
        f = int(f)
        if f in instance.exclude:
            reasons[f] = Reason("excluded")
            continue
        options = np.flatnonzero(instance.option_factory == f)
        alone = [use_of(o, needs[o]) for o in options]
        over = [np.flatnonzero(u > caps + tolerance) for u in alone]
        if all(x.size for x in over):
            k = int(over[0][0])
            reasons[f] = Reason("too_costly", label=limits[k].label, limit=k)
            continue
        if value[options].max() <= 0:
            reasons[f] = Reason("no_value")
            continue
        fitting = [int(o) for o, x in zip(options, over, strict=True) if not x.size]
        best = max(fitting, key=lambda o: value[o])
        marginal = use_of(best, needs[best][~funded[needs[best]]])
        short = np.flatnonzero(marginal > remaining + tolerance)
        if short.size:
            k = int(short[0])
            reasons[f] = Reason(
                "no_room",
                label=limits[k].label,
                limit=k,
                ratio=float(ratio(best, marginal)),
                cutoff=cutoff,
            )
        else:
            reasons[f] = Reason("other")
    return reasons
