"""Seeded instances for tests, benchmarks and demonstrations (not data about any country).

Requirements cost a log-normal amount spread over the plan years by a random lead time; each
factory needs 1–4 of them and has a small cost of its own; its jobs and exports grow with what
it costs to restart, with noise, and its benefit combines them. ``hub`` makes the shared
infrastructure visible: one requirement (a substation, a gas line) is needed by hundreds of
factories and a few more by dozens. Yearly budgets are ``budget_share`` of the total demand of
each year.
"""

from __future__ import annotations

import numpy as np

from ihya.core.portfolio.instance import Instance, budget_limits, spread_cost

REGIONS = ("west", "east", "south")


def generate(
    n_factories: int,
    n_requirements: int,
    *,
    years: int = 3,
    budget_share: float = 0.3,
    links: tuple[int, int] = (1, 4),
    hub: bool = False,
    options: bool = False,
    seed: int = 0,
) -> Instance:
    rng = np.random.default_rng(seed)
    req_total = rng.lognormal(mean=1.0, sigma=0.8, size=n_requirements)  # million LYD
    lead = rng.integers(3, 30, size=n_requirements)
    start = rng.integers(0, 12, size=n_requirements)
    requirement_cost = np.array(
        [
            spread_cost(c, m, years, start_month=s)
            for c, m, s in zip(req_total, lead, start, strict=True)
        ]
    ).reshape(n_requirements, years)

    pairs = []
    counts = rng.integers(links[0], links[1] + 1, size=n_factories)
    for f, k in enumerate(counts):
        for r in rng.choice(n_requirements, size=min(k, n_requirements), replace=False):
            pairs.append((f, int(r)))
    if hub and n_requirements > 10:
        for r, size in [(0, min(400, n_factories))] + [
            (r, min(40, n_factories)) for r in range(1, 10)
        ]:
            for f in rng.choice(n_factories, size=size, replace=False):
                pairs.append((int(f), r))
    pairs = np.unique(np.array(pairs, dtype=np.int64).reshape(-1, 2), axis=0)

    own_total = rng.lognormal(mean=-0.5, sigma=0.7, size=n_factories)
    need_total = np.bincount(pairs[:, 0], weights=req_total[pairs[:, 1]], minlength=n_factories)
    size = own_total + need_total
    jobs = np.round(40 * size**0.8 * rng.lognormal(0, 0.5, n_factories))
    exports = np.round(0.6 * size**0.9 * rng.lognormal(0, 0.9, n_factories), 3)  # million USD
    option_cost = np.outer(own_total, np.full(years, 1 / years))
    option_factory = np.arange(n_factories)
    names = [""] * n_factories
    if options:  # a cheaper minimal restart beside each full rehabilitation
        option_factory = np.repeat(np.arange(n_factories), 2)
        names = ["full", "minimal"] * n_factories
        option_cost = np.repeat(option_cost, 2, axis=0)
        option_cost[1::2] *= 0.4
        jobs = np.repeat(jobs, 2)
        jobs[1::2] = np.round(jobs[1::2] * 0.5)
        exports = np.repeat(exports, 2)
        exports[1::2] *= 0.3
        # the minimal restart needs only the first of the factory's requirements
        full = np.c_[2 * pairs[:, 0], pairs[:, 1]]
        first = np.unique(pairs[:, 0], return_index=True)[1]
        minimal = np.c_[2 * pairs[first, 0] + 1, pairs[first, 1]]
        pairs = np.r_[full, minimal]
    benefit = np.round(jobs / 10 + exports, 3)

    demand = option_cost.sum(axis=0) + requirement_cost[np.unique(pairs[:, 1])].sum(axis=0)
    year_list = list(range(1, years + 1))
    budgets = budget_share * demand
    return Instance(
        factory_ids=[f"F{f + 1:05d}" for f in range(n_factories)],
        option_factory=option_factory,
        option_names=names,
        values={"benefit": benefit, "jobs": jobs, "exports": exports},
        requirement_ids=[f"R{r + 1:05d}" for r in range(n_requirements)],
        links=pairs,
        years=year_list,
        option_cost=option_cost,
        requirement_cost=requirement_cost,
        limits=budget_limits(year_list, budgets, option_cost, requirement_cost),
        factory_region=[REGIONS[i] for i in rng.integers(0, len(REGIONS), n_factories)],
    )
