"""Which countries and products enter the metrics: the Atlas of Economic Complexity's filters.

Rows are left out for one reason each (the first that applies, in the order of ``REASONS``) and
counted by reason — never dropped silently:

- ``aggregate`` — a world or regional total written as a country (``WLD``, the World Bank's
  regions, UN Comtrade's "areas nes", bunkers and free zones); ``keep_aggregates`` keeps them;
- ``uninhabited`` — territories without a permanent population (``ATA``, ``BVT``, ``HMD``,
  ``SGS``, ``IOT``, ``ATF``, ``UMI``); ``keep_uninhabited`` keeps them;
- ``residual_product`` — codes that are not products: SITC section 9 (postal packages, special
  transactions, coin, non-monetary gold…), HS chapter 99 (9999 and other special codes) and HS
  7108 non-monetary gold; ``keep_residual`` keeps them;
- ``population_unknown`` / ``min_population`` — with ``min_population``: a country missing from
  the population table, or with fewer people in the year (the table's nearest year);
- ``min_exports`` — a country whose total exports in the year (every row of the data, in the
  data's unit) are below ``min_exports``.

Sources and the choices made: docs/trade-metrics.md, "Filters". The lists are package data
(``ihya/data/trade_country_filters.csv``, ``ihya/data/trade_population.csv``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import numpy as np

REASONS = (
    "aggregate",
    "uninhabited",
    "residual_product",
    "population_unknown",
    "min_population",
    "min_exports",
)
CLASSIFICATIONS = ("hs", "sitc", "auto")


@cache
def country_lists() -> dict[str, frozenset[str]]:
    """``aggregate`` and ``uninhabited`` codes from the package's list."""
    text = (
        resources.files("ihya.data")
        .joinpath("trade_country_filters.csv")
        .read_text(encoding="utf-8")
    )
    kinds: dict[str, set[str]] = {"aggregate": set(), "uninhabited": set()}
    for row in csv.DictReader(text.splitlines()):
        kinds[row["kind"]].add(row["code"].strip().upper())
    return {k: frozenset(v) for k, v in kinds.items()}


def is_residual(code: str, classification: str) -> bool:
    """A code that is not a product: SITC section 9; HS chapter 99 and 7108 (non-monetary gold)."""
    code = str(code).strip()
    if classification == "sitc":
        return code.startswith("9")
    if classification == "hs":
        return code.startswith("99") or code.startswith("7108")
    return False


Population = Mapping[str, Mapping[int, float]]


def read_population(text: str) -> dict[str, dict[int, float]]:
    """``country, year, population`` (year optional: one figure for every year)."""
    table: dict[str, dict[int, float]] = {}
    rows = csv.DictReader(text.lstrip("\ufeff").splitlines())
    names = {n.strip().lower(): n for n in rows.fieldnames or []}
    country = names.get("country") or names.get("code") or names.get("iso3")
    value = names.get("population") or names.get("value")
    year = names.get("year")
    if not country or not value:
        raise ValueError("a population file needs the columns country and population (and year)")
    for row in rows:
        code = (row[country] or "").strip().upper()
        raw = (row[value] or "").strip().replace(",", "")
        if not code or not raw:
            continue
        y = int(row[year]) if year and (row[year] or "").strip() else 0
        table.setdefault(code, {})[y] = float(raw)
    return table


@cache
def shipped_population() -> dict[str, dict[int, float]]:
    """The World Bank's SP.POP.TOTL, every fifth year 1995–2020 and 2024 (package data)."""
    text = resources.files("ihya.data").joinpath("trade_population.csv").read_text(encoding="utf-8")
    return read_population(text)


def population_of(table: Population, country: str, year: int) -> float | None:
    """The country's population in the table's year nearest ``year`` (the earlier one on a tie)."""
    years = table.get(country.upper())
    if not years:
        return None
    best = min(years, key=lambda y: (abs(y - year), y))
    return float(years[best])


@dataclass(frozen=True)
class FilterSpec:
    classification: str = "hs"  # hs, sitc or other (no residual rule)
    keep_residual: bool = False
    keep_aggregates: bool = False
    keep_uninhabited: bool = False
    min_population: float | None = None
    population: Population | None = None  # None: the shipped table
    min_exports: float | None = None
    always_keep: frozenset[str] = frozenset()  # the home country

    def as_dict(self) -> dict:
        return {
            "classification": self.classification,
            "keep_residual": self.keep_residual,
            "keep_aggregates": self.keep_aggregates,
            "keep_uninhabited": self.keep_uninhabited,
            "min_population": self.min_population,
            "min_exports": self.min_exports,
        }


@dataclass
class FilterReport:
    """Rows left out by reason: how many, their value, and which codes."""

    rows_in: int = 0
    rows_kept: int = 0
    left_out: dict[str, dict] = field(default_factory=dict)  # reason -> rows, value, codes

    def add(self, reason: str, rows: int, value: float, codes: Iterable[str]) -> None:
        entry = self.left_out.setdefault(reason, {"rows": 0, "value": 0.0, "codes": []})
        entry["rows"] += int(rows)
        entry["value"] += float(value)
        entry["codes"] = sorted(set(entry["codes"]) | {str(c) for c in codes})

    def merge(self, other: FilterReport) -> None:
        self.rows_in += other.rows_in
        self.rows_kept += other.rows_kept
        for reason, entry in other.left_out.items():
            self.add(reason, entry["rows"], entry["value"], entry["codes"])

    def as_dict(self) -> dict:
        return {
            "rows_in": self.rows_in,
            "rows_kept": self.rows_kept,
            "left_out": {r: self.left_out[r] for r in REASONS if r in self.left_out},
        }

    def lines(self) -> list[str]:
        """One English line per reason, e.g. ``left out (uninhabited): 12 rows, 3 codes: ATA…``."""
        out = []
        for reason in REASONS:
            if reason not in self.left_out:
                continue
            e = self.left_out[reason]
            codes = e["codes"]
            shown = ", ".join(codes[:12]) + (" …" if len(codes) > 12 else "")
            out.append(
                f"left out ({reason}): {e['rows']} rows, value {e['value']:,.0f}, "
                f"{len(codes)} codes: {shown}"
            )
        return out


def row_reasons(
    year: np.ndarray,
    country_id: np.ndarray,
    product_id: np.ndarray,
    value: np.ndarray,
    *,
    countries: np.ndarray,
    products: np.ndarray,
    spec: FilterSpec,
    dropped_countries: Mapping[tuple[int, str], str] | None = None,
) -> tuple[np.ndarray, dict[tuple[int, str], str]]:
    """Each row's reason (an index into ``REASONS`` plus one; 0 = kept), and the (year, country)
    pairs left out by population or exports — to apply the same choice to another table (the
    markets of a bilateral file) through ``dropped_countries``."""
    year = np.asarray(year, dtype=np.int64)
    country_id = np.asarray(country_id)
    product_id = np.asarray(product_id)
    value = np.asarray(value, dtype=float)
    lists = country_lists()
    code = {r: i + 1 for i, r in enumerate(REASONS)}
    labels = [str(c).upper() for c in countries]
    c_static = np.zeros(len(labels), dtype=np.int8)
    for i, c in enumerate(labels):
        if c in spec.always_keep:
            continue
        if not spec.keep_aggregates and c in lists["aggregate"]:
            c_static[i] = code["aggregate"]
        elif not spec.keep_uninhabited and c in lists["uninhabited"]:
            c_static[i] = code["uninhabited"]
    p_static = np.zeros(len(products), dtype=np.int8)
    if not spec.keep_residual:
        for i, p in enumerate(products):
            if is_residual(p, spec.classification):
                p_static[i] = code["residual_product"]
    reason = c_static[country_id] if country_id.size else np.zeros(0, np.int8)
    reason = np.where(reason == 0, p_static[product_id], reason).astype(np.int8)

    dropped: dict[tuple[int, str], str] = dict(dropped_countries or {})
    if dropped_countries is None and (spec.min_population or spec.min_exports):
        pairs, inverse = np.unique(
            np.stack([year, country_id.astype(np.int64)]), axis=1, return_inverse=True
        )
        inverse = np.asarray(inverse).ravel()
        totals = np.bincount(inverse, weights=value, minlength=pairs.shape[1])
        table = spec.population if spec.population is not None else shipped_population()
        for k in range(pairs.shape[1]):
            y, c = int(pairs[0, k]), labels[int(pairs[1, k])]
            if c in spec.always_keep or c_static[int(pairs[1, k])]:
                continue
            if spec.min_population:
                people = population_of(table, c, y)
                if people is None:
                    dropped[(y, c)] = "population_unknown"
                    continue
                if people < spec.min_population:
                    dropped[(y, c)] = "min_population"
                    continue
            if spec.min_exports and totals[k] < spec.min_exports:
                dropped[(y, c)] = "min_exports"
    if dropped:
        index = {c: i for i, c in enumerate(labels)}
        for (y, c), why in dropped.items():
            if c not in index:
                continue
            rows = (year == y) & (country_id == index[c]) & (reason == 0)
            reason[rows] = code[why]
    return reason, dropped


def report(
    reason: np.ndarray,
    value: np.ndarray,
    country_id: np.ndarray,
    product_id: np.ndarray,
    *,
    countries: np.ndarray,
    products: np.ndarray,
) -> FilterReport:
    """Counts per reason; the codes are countries, or products for ``residual_product``."""
    out = FilterReport(rows_in=int(reason.size), rows_kept=int((reason == 0).sum()))
    value = np.asarray(value, dtype=float)
    for i, name in enumerate(REASONS, start=1):
        rows = reason == i
        if not rows.any():
            continue
        if name == "residual_product":
            codes = np.asarray(products, dtype=object)[np.unique(product_id[rows])]
        else:
            codes = np.asarray(countries, dtype=object)[np.unique(country_id[rows])]
        out.add(name, int(rows.sum()), float(value[rows].sum()), [str(c).upper() for c in codes])
    return out


def filter_table(table, spec: FilterSpec, *, dropped_countries=None):
    """A reader's table (``year``, ``country_id``, ``product_id``, ``value``, ``countries``,
    ``products``) without the rows left out, the report of those rows, and the (year, country)
    pairs left out by population or exports (to apply to the markets of the same file)."""
    reason, dropped = row_reasons(
        table.year,
        table.country_id,
        table.product_id,
        table.value,
        countries=table.countries,
        products=table.products,
        spec=spec,
        dropped_countries=dropped_countries,
    )
    rep = report(
        reason,
        table.value,
        table.country_id,
        table.product_id,
        countries=table.countries,
        products=table.products,
    )
    keep = reason == 0
    kept = replace(
        table,
        year=table.year[keep],
        country_id=table.country_id[keep],
        product_id=table.product_id[keep],
        value=table.value[keep],
    )
    return kept, rep, dropped
