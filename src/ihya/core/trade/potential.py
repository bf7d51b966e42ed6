"""Export potential and diversification opportunities of one home country.

ITC's export potential indicator (Decreux & Spies 2016, "Export Potential Assessments"), with the
departures stated in ``docs/trade-metrics.md``: no tariffs, distance or GDP forecasts — ease of
trade is read from the home country's actual exports, and demand is projected with the market's
own import growth when the file holds several years.

For product k and market j (home excluded):
    re_export_k = home's imports of k > home's exports of k   (net importer: exports are re-exports)
    supply_k    = home's exports of k / world exports of k,   0 for a re-export product
    demand_jk   = j's imports of k;  g_jk = CAGR of demand_jk from the file's first year, bounded
    projected   = demand_jk · (1 + g_jk) ** horizon
    ease_j      = Σ_k actual_jk (re-exports out) / Σ_k supply_k · demand_jk   (actual / hypothetical)
                  — a market with no current sales takes home's overall ease instead of 0
    potential   = supply_k · projected_jk · ease_j
    untapped    = max(potential − actual_jk, 0)
Without growth, Σ_k potential_jk equals home's actual exports to j (re-exports out): untapped
potential is then a reshuffle of what home already sells, not extra exports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GROUPS = ("near", "balanced", "long_jump")
#: Feasibility from the distance itself (1 − density), the same for every country: ``near`` up to
#: 0.75 (a quarter or more of the product's proximity-weighted neighbours already exported with
#: RCA ≥ 1), ``long_jump`` beyond 0.90 (under a tenth), ``balanced`` between. On the real SITC file
#: (226 economies, 1998–2000) the products countries do export with RCA ≥ 1 sit at a median
#: distance of 0.72 and nine in ten within 0.89: near is as close as a typical product a country
#: already sells competitively, a long jump farther than nine in ten of them
#: (docs/trade-metrics.md, "Diversification").
NEAR_DISTANCE = 0.75
LONG_JUMP_DISTANCE = 0.90
#: The market's yearly import growth is bounded to ±20 % (a CAGR from few years is noisy).
GROWTH_BOUND = 0.2
#: Years ahead the demand is projected (ITC projects five years ahead).
DEFAULT_HORIZON = 5


@dataclass(frozen=True)
class Potential:
    products: np.ndarray  # P
    markets: np.ndarray  # J
    supply: np.ndarray  # P
    demand: np.ndarray  # J × P (the analysed year's imports)
    ease: np.ndarray  # J
    potential: np.ndarray  # J × P
    actual: np.ndarray  # J × P
    untapped: np.ndarray  # J × P
    re_export: np.ndarray | None = None  # P, bool
    demand_growth: np.ndarray | None = None  # J × P, CAGR (0 without history)
    projected_demand: np.ndarray | None = None  # J × P
    ease_imputed: np.ndarray | None = None  # J, bool: home's overall ease (no current sales)
    overall_ease: float = 0.0
    horizon: int = 0


def demand_growth(
    current: np.ndarray, base: np.ndarray | None, years: int, bound: float = GROWTH_BOUND
) -> np.ndarray:
    """Compound yearly growth from ``base`` to ``current`` over ``years``, bounded to ±``bound``;
    0 where either is zero (no growth is assumed for a new or vanished flow)."""
    current = np.asarray(current, dtype=float)
    if base is None or years <= 0:
        return np.zeros(current.shape)
    base = np.asarray(base, dtype=float)
    ok = (current > 0) & (base > 0)
    g = np.zeros(current.shape)
    g[ok] = (current[ok] / base[ok]) ** (1.0 / years) - 1.0
    return np.clip(g, -bound, bound)


def export_potential(
    *,
    products: np.ndarray,
    markets: np.ndarray,
    home_exports: np.ndarray,
    world_exports: np.ndarray,
    imports: np.ndarray,
    home_bilateral: np.ndarray,
    home_imports: np.ndarray | None = None,
    base_imports: np.ndarray | None = None,
    years: int = 0,
    horizon: int = DEFAULT_HORIZON,
    growth_bound: float = GROWTH_BOUND,
) -> Potential:
    """Every (market, product) cell; ``imports``, ``home_bilateral`` and ``base_imports`` (the
    markets' imports ``years`` earlier) are markets × products; ``home_imports`` is by product."""
    home_exports = np.asarray(home_exports, dtype=float)
    world_exports = np.asarray(world_exports, dtype=float)
    imports = np.asarray(imports, dtype=float)
    actual = np.asarray(home_bilateral, dtype=float)
    re_export = (
        np.zeros(home_exports.shape, bool)
        if home_imports is None
        else np.asarray(home_imports, dtype=float) > home_exports
    )
    counted = actual * ~re_export[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        supply = np.where((world_exports > 0) & ~re_export, home_exports / world_exports, 0.0)
        expected = imports @ supply  # what home would sell in each market at its world shares
        sold = counted.sum(axis=1)
        observed = np.where(expected > 0, sold / expected, 0.0)
    sells = (sold > 0) & (expected > 0)
    overall = float(sold[sells].sum() / expected[sells].sum()) if sells.any() else 0.0
    ease = np.where(sells, observed, overall)
    growth = demand_growth(imports, base_imports, years, growth_bound)
    projected = imports * (1.0 + growth) ** max(int(horizon), 0)
    potential = supply[None, :] * projected * ease[:, None]
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
        re_export=re_export,
        demand_growth=growth,
        projected_demand=projected,
        ease_imputed=~sells,
        overall_ease=overall,
        horizon=int(horizon) if base_imports is not None and years > 0 else 0,
    )


#: The Atlas of Economic Complexity's three product-selection strategies (Country Pages, "growth
#: opportunities"): weights of (distance, PCI, COG). Each product's score is
#: −w_d·z(distance) + w_pci·z(PCI) + w_cog·z(COG), the z-scores taken over the candidate products
#: (M = 0). Source and the choice for "balanced" (the Atlas's weights for a "strategic bets"
#: country, also its Explore page's fixed weights): docs/trade-metrics.md.
STRATEGY_WEIGHTS: dict[str, tuple[float, float, float]] = {
    "low_hanging": (0.60, 0.15, 0.25),
    "balanced": (0.50, 0.15, 0.35),
    "long_jump": (0.45, 0.20, 0.35),
}
STRATEGIES = tuple(STRATEGY_WEIGHTS)
DEFAULT_STRATEGY = "balanced"


def zscore(values: np.ndarray) -> np.ndarray:
    """(v − mean) / population SD over the finite values; a missing value, or every value when
    they are all equal, scores 0 (the mean)."""
    v = np.asarray(values, dtype=float)
    out = np.zeros(v.shape)
    ok = np.isfinite(v)
    if ok.sum() == 0:
        return out
    sd = v[ok].std()
    if sd > 0:
        out[ok] = (v[ok] - v[ok].mean()) / sd
    return out


def strategy_scores(
    distance: np.ndarray, pci: np.ndarray, cog: np.ndarray
) -> dict[str, np.ndarray]:
    """Each strategy's score over candidate products (distance, PCI and COG of the candidates)."""
    zd, zp, zc = zscore(distance), zscore(pci), zscore(cog)
    return {name: -wd * zd + wp * zp + wc * zc for name, (wd, wp, wc) in STRATEGY_WEIGHTS.items()}


def standardised_pci(pci: np.ndarray) -> np.ndarray:
    """PCI on the Atlas's published scale: a z-score across products (mean 0, SD 1, population
    SD), sign unchanged (already chosen so that ECI rises with diversity). NaN stays NaN."""
    v = np.asarray(pci, dtype=float)
    out = np.full(v.shape, np.nan)
    ok = np.isfinite(v)
    if ok.sum() and v[ok].std() > 0:
        out[ok] = (v[ok] - v[ok].mean()) / v[ok].std()
    return out


@dataclass(frozen=True)
class Diversification:
    products: np.ndarray
    density: np.ndarray
    world_demand: np.ndarray
    score: np.ndarray  # the chosen strategy's score (what ``rank`` orders by)
    pci: np.ndarray
    cog: np.ndarray
    group: np.ndarray  # feasibility from the distance: near, balanced, long_jump
    rank: np.ndarray
    strategy: str = DEFAULT_STRATEGY
    distance: np.ndarray | None = None
    world_demand_log: np.ndarray | None = None
    scores: dict[str, np.ndarray] | None = None  # every strategy's score
    density_x_demand: np.ndarray | None = None  # the ranking before issue 18, kept as a column


def feasibility(distance: np.ndarray) -> np.ndarray:
    """``near``, ``balanced`` or ``long_jump`` for each distance (1 − density), by the fixed
    thresholds ``NEAR_DISTANCE`` and ``LONG_JUMP_DISTANCE`` (a hair of rounding allowed)."""
    d = np.asarray(distance, dtype=float)
    group = np.full(d.shape, "balanced", dtype=object)
    group[d <= NEAR_DISTANCE + 1e-12] = "near"
    group[d > LONG_JUMP_DISTANCE + 1e-12] = "long_jump"
    return group


def diversification(
    *,
    products: np.ndarray,
    mcp: np.ndarray,
    density: np.ndarray,
    world_demand: np.ndarray,
    pci: np.ndarray,
    cog: np.ndarray,
    strategy: str = DEFAULT_STRATEGY,
    max_distance: float | None = None,
) -> Diversification:
    """Products home does not yet export competitively (M = 0), ranked by one of the Atlas's
    strategies (``balanced`` by default): a weighted sum of the z-scored distance (negative
    weight), PCI and COG, z-scores over every candidate. World demand is shown (and its log10),
    never scored. ``max_distance`` leaves out candidates farther than that (distance = 1 −
    density) after scoring, so the ranking holds only feasible products.

    ``group`` is the feasibility, from the distance itself with fixed thresholds (not from the
    other candidates): ``near`` up to ``NEAR_DISTANCE``, ``long_jump`` beyond
    ``LONG_JUMP_DISTANCE``, ``balanced`` between. Rank 1 is best."""
    if strategy not in STRATEGY_WEIGHTS:
        raise ValueError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    candidates = np.flatnonzero(np.asarray(mcp) == 0)
    dens = np.nan_to_num(np.asarray(density, dtype=float)[candidates])
    demand = np.asarray(world_demand, dtype=float)[candidates]
    pci_c = np.asarray(pci, dtype=float)[candidates]
    cog_c = np.asarray(cog, dtype=float)[candidates]
    distance = 1.0 - dens
    scores = strategy_scores(distance, pci_c, cog_c)
    group = feasibility(distance)
    keep = (
        np.ones(candidates.size, bool) if max_distance is None else distance <= max_distance + 1e-12
    )
    score = scores[strategy][keep]
    order = np.argsort(-score, kind="stable")
    rank = np.empty(score.size, dtype=np.int64)
    rank[order] = np.arange(1, score.size + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        demand_log = np.where(demand > 0, np.log10(np.where(demand > 0, demand, 1.0)), np.nan)
    return Diversification(
        products=np.asarray(products)[candidates][keep],
        density=dens[keep],
        world_demand=demand[keep],
        score=score,
        pci=pci_c[keep],
        cog=cog_c[keep],
        group=group[keep],
        rank=rank,
        strategy=strategy,
        distance=distance[keep],
        world_demand_log=demand_log[keep],
        scores={name: s[keep] for name, s in scores.items()},
        density_x_demand=(dens * demand)[keep],
    )
