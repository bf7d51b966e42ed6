"""Complexity over a panel of years, from long data to the three long output tables.

The output tables are dicts of NumPy columns — the interface that ``ihya trade metrics`` writes
as ``country_product``, ``country`` and ``product`` (CSV and Parquet). Countries and products are
carried as integer ids into the panel's sorted label arrays; :meth:`Panel.labelled` gives the
tables with the labels themselves.
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
    country_product: dict[str, np.ndarray]  # country and product as ids
    country: dict[str, np.ndarray]
    product: dict[str, np.ndarray]
    countries: np.ndarray  # labels
    products: np.ndarray
    years: list[int]
    convention: str
    threshold: float

    @property
    def labels(self) -> dict[str, np.ndarray]:
        return {"country": self.countries, "product": self.products}

    def labelled(self, name: str) -> dict[str, np.ndarray]:
        """One table (``country_product``, ``country`` or ``product``) with labels, not ids."""
        table = dict(getattr(self, name))
        for column, labels in self.labels.items():
            if column in table:
                table[column] = np.asarray(labels, dtype=object)[table[column]]
        return table


def encode(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted labels and each value's integer id."""
    labels, ids = np.unique(np.asarray(values).astype(str), return_inverse=True)
    return labels.astype(object), ids.astype(np.int32)


def matrix(country: np.ndarray, product: np.ndarray, value: np.ndarray):
    """Long (country, product, value) → labels and a dense countries × products matrix."""
    countries, ci = encode(country)
    products, pi = encode(product)
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
    countries: np.ndarray | None = None,
    products: np.ndarray | None = None,
    convention: ConventionName = "stata",
    threshold: float = 1.0,
    progress: Callable[[int], None] | None = None,
) -> Panel:
    """Metrics for every year; ``progress(year)`` is called after each one.

    ``country`` and ``product`` are labels, or integer ids into ``countries`` and ``products``
    when those are given."""
    if countries is None:
        countries, country = encode(country)
    if products is None:
        products, product = encode(product)
    year = np.asarray(year)
    value = np.asarray(value, dtype=float)
    order = np.argsort(year, kind="stable")
    sorted_years = year[order]
    years = [int(y) for y in np.unique(sorted_years)]
    starts = np.searchsorted(sorted_years, years, side="left")
    stops = np.searchsorted(sorted_years, years, side="right")
    parts: dict[str, list[dict[str, np.ndarray]]] = {"cp": [], "c": [], "p": []}
    x = np.zeros((len(countries), len(products)))
    for y, start, stop in zip(years, starts, stops, strict=True):
        rows = order[start:stop]
        x[:] = 0.0
        np.add.at(x, (country[rows], product[rows]), value[rows])
        res = complexity(x, convention=convention, threshold=threshold)
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
        countries=np.asarray(countries, dtype=object),
        products=np.asarray(products, dtype=object),
        years=years,
        convention=convention,
        threshold=threshold,
    )


def long_tables(res: Complexity, year: int):
    """One year's result as the three long tables (rectangular: every country × product kept),
    countries and products as ids (positions in the matrix the result was computed from)."""
    n_c, n_p = res.mcp.shape
    c_ids = res.kept_countries.astype(np.int32)
    p_ids = res.kept_products.astype(np.int32)
    cp = {
        "year": np.full(n_c * n_p, year, dtype=np.int32),
        "country": np.repeat(c_ids, n_p),
        "product": np.tile(p_ids, n_c),
        "export_value": res.export_value.ravel(),
        "rca": res.rca.ravel(),
        "mcp": res.mcp.ravel().astype(np.int8),
        "density": res.density.ravel(),
        "cog": res.cog.ravel(),
        "pci": np.tile(res.pci, n_c),
    }
    c = {
        "year": np.full(n_c, year, dtype=np.int32),
        "country": c_ids,
        "diversity": res.diversity.astype(np.int32),
        "eci": res.eci,
        "coi": res.coi,
    }
    p = {
        "year": np.full(n_p, year, dtype=np.int32),
        "product": p_ids,
        "ubiquity": res.ubiquity.astype(np.int32),
        "pci": res.pci,
    }
    return cp, c, p


def _concat(parts: list[dict[str, np.ndarray]], columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    if not parts:
        return {c: np.array([]) for c in columns}
    return {c: np.concatenate([p[c] for p in parts]) for c in columns}
