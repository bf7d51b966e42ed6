"""The home country's opportunities for one year: export potential by (product, market) and the
diversification ranking of products it does not yet export — from one bilateral year."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ihya.core.trade.complexity import Complexity, ConventionName
from ihya.core.trade.panel import complexity_year
from ihya.core.trade.potential import (
    DEFAULT_HORIZON,
    DEFAULT_STRATEGY,
    Diversification,
    Potential,
    diversification,
    export_potential,
)

POTENTIAL_COLUMNS = (
    "year",
    "product",
    "market",
    "supply",
    "demand",
    "ease",
    "potential",
    "actual",
    "untapped",
    # added by issue 18, part 3 (ITC's terms; extend-only)
    "demand_growth",
    "projected_demand",
    "re_export",
    "ease_imputed",
)
DIVERSIFICATION_COLUMNS = (
    "year",
    "product",
    "density",
    "world_demand",
    "score",
    "pci",
    "cog",
    "group",
    "rank",
    # added by issue 18 (extend-only: the columns above keep their names and order)
    "strategy",
    "distance",
    "world_demand_log",
    "score_low_hanging",
    "score_balanced",
    "score_long_jump",
    "density_x_demand",
)


class HomeNotFound(ValueError):
    """The home country exports nothing in the year analysed."""

    code = "home_not_found"

    def __init__(self, message: str, **params: object):
        super().__init__(message)
        self.params = params


@dataclass(frozen=True)
class Opportunities:
    year: int
    home: str
    complexity: Complexity
    potential: Potential
    diversification: Diversification

    def home_index(self) -> int:
        return int(np.flatnonzero(self.complexity.countries == self.home)[0])


def _align(
    codes: np.ndarray, values: np.ndarray, keys: np.ndarray, labels: np.ndarray, rows: np.ndarray
):
    """A rows × labels matrix from long (row key, column code, value)."""
    out = np.zeros((rows.size, labels.size))
    r = np.searchsorted(rows, keys)
    c = np.searchsorted(labels, codes)
    ok = (r < rows.size) & (c < labels.size)
    ok[ok] &= (rows[r[ok]] == keys[ok]) & (labels[c[ok]] == codes[ok])
    np.add.at(out, (r[ok], c[ok]), values[ok])
    return out


def opportunities(
    *,
    year: int,
    home: str,
    exports: tuple[np.ndarray, np.ndarray, np.ndarray],
    imports: tuple[np.ndarray, np.ndarray, np.ndarray],
    home_bilateral: tuple[np.ndarray, np.ndarray, np.ndarray],
    convention: ConventionName = "stata",
    threshold: float = 1.0,
    strategy: str = DEFAULT_STRATEGY,
    max_distance: float | None = None,
    home_imports: tuple[np.ndarray, np.ndarray] | None = None,
    base_imports: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    base_year: int | None = None,
    horizon: int = DEFAULT_HORIZON,
) -> Opportunities:
    """Each argument is long (country or market, product, value) columns of the same year;
    ``home_imports`` is (product, value) of what home buys (re-exports), ``base_imports`` the
    markets' imports in ``base_year`` (the growth of demand)."""
    cx = complexity_year(*exports, convention=convention, threshold=threshold)
    home = home.upper()
    if home not in set(cx.countries.tolist()):
        raise HomeNotFound(
            f"{home} exports nothing in {year}; choose another year or home country",
            home=home,
            year=year,
        )
    h = int(np.flatnonzero(cx.countries == home)[0])
    products = cx.products.astype(str)
    market_codes = np.asarray(imports[0]).astype(str)
    markets = np.unique(market_codes[market_codes != home])
    imp = _align(
        np.asarray(imports[1]).astype(str),
        np.asarray(imports[2], float),
        market_codes,
        products,
        markets,
    )
    bil = _align(
        np.asarray(home_bilateral[1]).astype(str),
        np.asarray(home_bilateral[2], float),
        np.asarray(home_bilateral[0]).astype(str),
        products,
        markets,
    )
    home_imp = None
    if home_imports is not None:
        home_imp = _align(
            np.asarray(home_imports[0]).astype(str),
            np.asarray(home_imports[1], float),
            np.zeros(len(home_imports[0]), dtype=np.int64),
            products,
            np.zeros(1, dtype=np.int64),
        )[0]
    base = None
    years = 0
    if base_imports is not None and base_year is not None and int(base_year) < int(year):
        base = _align(
            np.asarray(base_imports[1]).astype(str),
            np.asarray(base_imports[2], float),
            np.asarray(base_imports[0]).astype(str),
            products,
            markets,
        )
        years = int(year) - int(base_year)
    pot = export_potential(
        products=products,
        markets=markets,
        home_exports=cx.export_value[h],
        world_exports=cx.export_value.sum(axis=0),
        imports=imp,
        home_bilateral=bil,
        home_imports=home_imp,
        base_imports=base,
        years=years,
        horizon=horizon,
    )
    div = diversification(
        products=products,
        mcp=cx.mcp[h],
        density=cx.density[h],
        world_demand=cx.export_value.sum(axis=0),
        pci=cx.pci,
        cog=cx.cog[h],
        strategy=strategy,
        max_distance=max_distance,
    )
    return Opportunities(
        year=int(year), home=home, complexity=cx, potential=pot, diversification=div
    )


def potential_table(op: Opportunities) -> dict[str, np.ndarray]:
    """Cells with any potential or actual trade, best untapped first."""
    p = op.potential
    j, k = np.nonzero((p.potential > 0) | (p.actual > 0))
    order = np.lexsort((k, j, -p.untapped[j, k]))
    j, k = j[order], k[order]
    return {
        "year": np.full(j.size, op.year, dtype=np.int64),
        "product": p.products[k].astype(str),
        "market": p.markets[j].astype(str),
        "supply": p.supply[k],
        "demand": p.demand[j, k],
        "ease": p.ease[j],
        "potential": p.potential[j, k],
        "actual": p.actual[j, k],
        "untapped": p.untapped[j, k],
        "demand_growth": p.demand_growth[j, k],
        "projected_demand": p.projected_demand[j, k],
        "re_export": p.re_export[k].astype(np.int8),
        "ease_imputed": p.ease_imputed[j].astype(np.int8),
    }


def diversification_table(op: Opportunities) -> dict[str, np.ndarray]:
    d = op.diversification
    order = np.argsort(d.rank)
    return {
        "year": np.full(order.size, op.year, dtype=np.int64),
        "product": d.products[order].astype(str),
        "density": d.density[order],
        "world_demand": d.world_demand[order],
        "score": d.score[order],
        "pci": d.pci[order],
        "cog": d.cog[order],
        "group": d.group[order].astype(str),
        "rank": d.rank[order],
        "strategy": np.full(order.size, d.strategy),
        "distance": d.distance[order],
        "world_demand_log": d.world_demand_log[order],
        "score_low_hanging": d.scores["low_hanging"][order],
        "score_balanced": d.scores["balanced"][order],
        "score_long_jump": d.scores["long_jump"][order],
        "density_x_demand": d.density_x_demand[order],
    }
