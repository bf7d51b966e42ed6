"""Complexity over a panel of years, from long data to the three long output tables.

The output tables are dicts of NumPy columns — the interface that ``ihya trade metrics`` writes
as ``country_product``, ``country`` and ``product`` (CSV and Parquet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ihya.core.trade.complexity import Complexity, ConventionName, complexity

COUNTRY_PRODUCT_COLUMNS = (
    "year",
    "country",
    "product",
    "export_value",
    "rca",
    "mcp",
    "density",
    "cog",
    "pci",
)
COUNTRY_COLUMNS = ("year", "country", "diversity", "eci", "coi")
PRODUCT_COLUMNS = ("year", "product", "ubiquity", "pci")


@dataclass
class Panel:
    country_product: dict[str, np.ndarray]
    country: dict[str, np.ndarray]
    product: dict[str, np.ndarray]
    years: list[int]
    convention: str
    threshold: float


def matrix(country: np.ndarray, product: np.ndarray, value: np.ndarray):
    """Long (country, product, value) → labels and a dense countries × products matrix."""
    countries, ci = np.unique(np.asarray(country).astype(str), return_inverse=True)
    products, pi = np.unique(np.asarray(product).astype(str), return_inverse=True)
    x = np.zeros((countries.size, products.size))
    np.add.at(x, (ci, pi), np.asarray(value, dtype=float))
    return countries, products, x


def complexity_year(
    country: np.ndarray,
    product: np.ndarray,
    value: np.ndarray,
    *,
    convention: ConventionName = "stata",
    threshold: float = 1.0,
) -> Complexity:
    countries, products, x = matrix(country, product, value)
    return complexity(
        x, countries=countries, products=products, convention=convention, threshold=threshold
    )


def complexity_panel(
    year: np.ndarray,
    country: np.ndarray,
    product: np.ndarray,
    value: np.ndarray,
    *,
    convention: ConventionName = "stata",
    threshold: float = 1.0,
    progress: Callable[[int], None] | None = None,
) -> Panel:
    """Metrics for every year; ``progress(year)`` is called after each one."""
    year = np.asarray(year)
    order = np.argsort(year, kind="stable")
    sorted_years = year[order]
    years = [int(y) for y in np.unique(sorted_years)]
    starts = np.searchsorted(sorted_years, years, side="left")
    stops = np.searchsorted(sorted_years, years, side="right")
    parts: dict[str, list[dict[str, np.ndarray]]] = {"cp": [], "c": [], "p": []}
    for y, start, stop in zip(years, starts, stops, strict=True):
        rows = order[start:stop]
        res = complexity_year(
            country[rows], product[rows], value[rows], convention=convention, threshold=threshold
        )
        cp, c, p = long_tables(res, y)
        parts["cp"].append(cp)
        parts["c"].append(c)
        parts["p"].append(p)
        if progress:
            progress(y)
    return Panel(
        country_product=_concat(parts["cp"], COUNTRY_PRODUCT_COLUMNS),
        country=_concat(parts["c"], COUNTRY_COLUMNS),
        product=_concat(parts["p"], PRODUCT_COLUMNS),
        years=years,
        convention=convention,
        threshold=threshold,
    )


def long_tables(res: Complexity, year: int):
    """One year's result as the three long tables (rectangular: every country × product)."""
    n_c, n_p = res.mcp.shape
    cp = {
        "year": np.full(n_c * n_p, year, dtype=np.int64),
        "country": np.repeat(res.countries.astype(str), n_p),
        "product": np.tile(res.products.astype(str), n_c),
        "export_value": res.export_value.ravel(),
        "rca": res.rca.ravel(),
        "mcp": res.mcp.ravel().astype(np.int8),
        "density": res.density.ravel(),
        "cog": res.cog.ravel(),
        "pci": np.tile(res.pci, n_c),
    }
    c = {
        "year": np.full(n_c, year, dtype=np.int64),
        "country": res.countries.astype(str),
        "diversity": res.diversity.astype(np.int64),
        "eci": res.eci,
        "coi": res.coi,
    }
    p = {
        "year": np.full(n_p, year, dtype=np.int64),
        "product": res.products.astype(str),
        "ubiquity": res.ubiquity.astype(np.int64),
        "pci": res.pci,
    }
    return cp, c, p


def _concat(parts: list[dict[str, np.ndarray]], columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    if not parts:
        return {c: np.array([]) for c in columns}
    return {c: np.concatenate([p[c] for p in parts]) for c in columns}
