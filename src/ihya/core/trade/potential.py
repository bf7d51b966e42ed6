"""Export potential and diversification opportunities of one home country.

In the spirit of ITC's Export Potential Map (Decreux & Spies 2016), simplified as stated in
``docs/trade-metrics.md``: no tariff, distance or GDP projections — ease of trade is read from the
home country's actual exports to each market.

For product k and market j (home excluded):
    supply_k   = home's exports of k / world exports of k
    demand_jk  = j's imports of k
    ease_j     = actual exports of home to j / Σ_k supply_k · demand_jk
    potential  = supply_k · demand_jk · ease_j
    untapped   = max(potential − actual_jk, 0)
so that Σ_k potential_jk equals home's actual exports to j.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GROUPS = ("near", "balanced", "long_jump")


@dataclass(frozen=True)
class Potential:
    products: np.ndarray  # P
    markets: np.ndarray  # J
    supply: np.ndarray  # P
    demand: np.ndarray  # J × P
    ease: np.ndarray  # J
    potential: np.ndarray  # J × P
    actual: np.ndarray  # J × P
    untapped: np.ndarray  # J × P


def export_potential(
    *,
    products: np.ndarray,
    markets: np.ndarray,
    home_exports: np.ndarray,
    world_exports: np.ndarray,
    imports: np.ndarray,
    home_bilateral: np.ndarray,
) -> Potential:
    """Every (market, product) cell; ``imports`` and ``home_bilateral`` are markets × products."""
    home_exports = np.asarray(home_exports, dtype=float)
    world_exports = np.asarray(world_exports, dtype=float)
    imports = np.asarray(imports, dtype=float)
    actual = np.asarray(home_bilateral, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        supply = np.where(world_exports > 0, home_exports / world_exports, 0.0)
        expected = imports @ supply  # what home would sell in each market at its world shares
        ease = np.where(expected > 0, actual.sum(axis=1) / expected, 0.0)
    potential = supply[None, :] * imports * ease[:, None]
    untapped = np.maximum(potential - actual, 0.0)
    return Potential(
        products=np.asarray(products),
        markets=np.asarray(markets),
        supply=supply,
        demand=imports,
        ease=ease,
        potential=potential,
        actual=actual,
        untapped=untapped,
    )


@dataclass(frozen=True)
class Diversification:
    products: np.ndarray
    density: np.ndarray
    world_demand: np.ndarray
    score: np.ndarray
    pci: np.ndarray
    cog: np.ndarray
    group: np.ndarray
    rank: np.ndarray


def diversification(
    *,
    products: np.ndarray,
    mcp: np.ndarray,
    density: np.ndarray,
    world_demand: np.ndarray,
    pci: np.ndarray,
    cog: np.ndarray,
) -> Diversification:
    """Products home does not yet export competitively (M = 0), ranked by density × world demand.

    Groups follow the Atlas's three strategies by feasibility: the third of candidates with the
    highest density are ``near`` opportunities, the lowest third ``long_jump``s, the rest
    ``balanced``. Rank 1 is the best score."""
    candidates = np.flatnonzero(np.asarray(mcp) == 0)
    dens = np.nan_to_num(np.asarray(density, dtype=float)[candidates])
    demand = np.asarray(world_demand, dtype=float)[candidates]
    score = dens * demand
    order = np.argsort(-score, kind="stable")
    rank = np.empty(candidates.size, dtype=np.int64)
    rank[order] = np.arange(1, candidates.size + 1)
    group = np.full(candidates.size, "balanced", dtype=object)
    if candidates.size:
        low, high = np.quantile(dens, [1 / 3, 2 / 3])
        if high > low:
            group[dens >= high] = "near"
            group[dens < low] = "long_jump"
    return Diversification(
        products=np.asarray(products)[candidates],
        density=dens,
        world_demand=demand,
        score=score,
        pci=np.asarray(pci, dtype=float)[candidates],
        cog=np.asarray(cog, dtype=float)[candidates],
        group=group,
        rank=rank,
    )
