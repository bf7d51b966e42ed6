"""Reading trade files with DuckDB, out of core: nothing is loaded whole into memory.

Layouts:
- ``bilateral`` — BACI's ``t, i, j, k, v[, q]`` (year, exporter, importer, product, value in
  thousand USD, quantity) or any file mapped onto those roles;
- ``exports`` — country-product exports ``year, country, product, value``.

A layout is recognised from the column names; other names are mapped with :class:`Columns`.
Country codes may be ISO alpha-3 or numeric (UN Comtrade's numeric codes, as BACI uses, included);
product codes may be HS of any revision at 6 or 4 digits, SITC or any other system. A numeric HS
code that lost its leading zero (``10121``) gets it back, and codes can be cut to fewer digits
(6 → 4) before aggregation.

The heavy work is one ``GROUP BY`` over the raw columns; codes are cleaned and mapped on the
aggregated result, which is small.
"""

from __future__ import annotations

import csv
import glob
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np

BACI = {"year": "t", "exporter": "i", "importer": "j", "product": "k", "value": "v"}
EXPORTS_NAMES = {
    "year": ("year", "t", "time"),
    "country": ("country", "exporter", "origin", "location", "loc", "i"),
    "product": ("product", "hs", "hs6", "hs4", "hs92", "code", "k", "prod"),
    "value": ("value", "export_value", "export_val", "exports", "v", "val"),
}


class TradeInputError(ValueError):
    """A trade file that cannot be read as asked; the message says what to change."""


@dataclass(frozen=True)
class Columns:
    """Which column holds which role. Unset roles are recognised from the column names."""

    year: str | None = None
    country: str | None = None  # exporter
    importer: str | None = None  # only in bilateral files
    product: str | None = None
    value: str | None = None


@dataclass
class ExportsTable:
    """Long country-product exports, aggregated; one row per (year, country, product)."""

    year: np.ndarray
    country: np.ndarray
    product: np.ndarray
    value: np.ndarray
    layout: str
    files: list[str] = field(default_factory=list)
    unknown_countries: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.year.size)


def expand(paths: Sequence[str | Path]) -> list[str]:
    """File names from paths and glob patterns (BACI ships one file per year)."""
    found: list[str] = []
    for p in paths:
        text = str(p)
        matches = sorted(glob.glob(text)) if any(ch in text for ch in "*?[") else [text]
        if not matches:
            raise TradeInputError(f"no file matches {text}")
        for m in matches:
            if not Path(m).is_file():
                raise TradeInputError(f"file not found: {m}")
        found.extend(matches)
    if not found:
        raise TradeInputError("no input file given")
    return found


def _reader(files: list[str]) -> str:
    """A DuckDB table function reading every file (CSV of any delimiter, or Parquet)."""
    kinds = {"parquet" if f.lower().endswith((".parquet", ".pq")) else "csv" for f in files}
    if len(kinds) > 1:
        raise TradeInputError("mix of Parquet and CSV files; convert them to one format")
    listed = "[" + ", ".join(_quote(f) for f in files) + "]"
    if kinds == {"parquet"}:
        return f"read_parquet({listed}, union_by_name = true)"
    return f"read_csv({listed}, header = true, union_by_name = true, sample_size = 20480)"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_names(con: duckdb.DuckDBPyConnection, files: list[str]) -> list[str]:
    return [row[0] for row in con.sql(f"DESCRIBE SELECT * FROM {_reader(files)}").fetchall()]


def resolve_columns(names: Sequence[str], given: Columns) -> tuple[str, Columns]:
    """Decide the layout and fill the unset roles from the file's column names."""
    lower = {n.strip().lower(): n for n in names}

    def pick(role: str, explicit: str | None, candidates: Sequence[str]) -> str | None:
        if explicit:
            if explicit in names:
                return explicit
            if explicit.lower() in lower:
                return lower[explicit.lower()]
            raise TradeInputError(
                f"column {explicit!r} (given for {role}) is not in the file; its columns are: {', '.join(names)}"
            )
        for c in candidates:
            if c in lower:
                return lower[c]
        return None

    bilateral = bool(given.importer) or all(c in lower for c in BACI.values())
    if bilateral:
        cols = Columns(
            year=pick("year", given.year, ("t", "year")),
            country=pick("exporter", given.country, ("i", "exporter", "reporter")),
            importer=pick("importer", given.importer, ("j", "importer", "partner")),
            product=pick("product", given.product, ("k", "product", "hs6")),
            value=pick("value", given.value, ("v", "value", "trade_value")),
        )
    else:
        cols = Columns(
            year=pick("year", given.year, EXPORTS_NAMES["year"]),
            country=pick("country", given.country, EXPORTS_NAMES["country"]),
            product=pick("product", given.product, EXPORTS_NAMES["product"]),
            value=pick("value", given.value, EXPORTS_NAMES["value"]),
        )
    missing = [
        role for role in ("year", "country", "product", "value") if getattr(cols, role) is None
    ]
    if bilateral and cols.importer is None:
        missing.append("importer")
    if missing:
        raise TradeInputError(
            f"cannot tell which column holds: {', '.join(missing)}; the file has: {', '.join(names)}; "
            "name them with --year-col, --country-col, --product-col, --value-col (and --importer-col)"
        )
    return ("bilateral" if bilateral else "exports"), cols


def _country_codes() -> dict[str, str]:
    """Numeric → alpha-3: ISO 3166 (pycountry) plus UN Comtrade's own numeric codes."""
    import pycountry

    table = {str(int(c.numeric)): c.alpha_3 for c in pycountry.countries}
    for c in getattr(pycountry, "historic_countries", []):
        if getattr(c, "numeric", None):
            table.setdefault(str(int(c.numeric)), c.alpha_3)
    text = (
        resources.files("ihya.data").joinpath("trade_country_codes.csv").read_text(encoding="utf-8")
    )
    for row in csv.DictReader(text.splitlines()):
        table[str(int(row["numeric"]))] = row["code"]
    return table


def _clean_codes(codes: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Upper-case alpha codes; numeric codes mapped to alpha-3 (unknown ones kept as numbers)."""
    table = _country_codes()
    uniq, inverse = np.unique(np.asarray(codes, dtype=str), return_inverse=True)
    out, unknown = [], []
    for code in uniq:
        code = code.strip()
        if code.isdigit():
            mapped = table.get(str(int(code)))
            if mapped is None:
                unknown.append(code)
            out.append(mapped or code)
        else:
            out.append(code.upper())
    return np.asarray(out, dtype=object)[inverse], unknown


def hs_code(code: str, width: int) -> str:
    """An HS code as text of ``width`` digits: ``10121`` → ``010121`` (Excel and BACI drop the 0)."""
    text = code.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isdigit() and len(text) < width:
        text = text.zfill(width)
    return text


def product_codes(codes: np.ndarray, *, digits: int | None, hs: bool) -> np.ndarray:
    """Normalise product codes; with ``digits``, keep only the first ``digits`` characters."""
    uniq, inverse = np.unique(np.asarray(codes, dtype=str), return_inverse=True)
    if hs:
        numeric = [len(c) for c in (u.strip() for u in uniq) if c.isdigit()]
        longest = max(numeric, default=0)
        width = longest + (longest % 2)  # HS codes have an even number of digits
        cleaned = [hs_code(u, width) for u in uniq]
    else:
        cleaned = [u.strip() for u in uniq]
    if digits:
        cleaned = [c[:digits] for c in cleaned]
    return np.asarray(cleaned, dtype=object)[inverse]


def read_exports(
    paths: Sequence[str | Path],
    *,
    columns: Columns | None = None,
    digits: int | None = None,
    hs: bool = True,
    years: Sequence[int] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> ExportsTable:
    """Exports by (year, country, product) from bilateral or country-product files."""
    files = expand(paths)
    con = con or duckdb.connect()
    layout, cols = resolve_columns(column_names(con, files), columns or Columns())
    where = ""
    if years:
        where = f"WHERE {_ident(cols.year)} IN ({', '.join(str(int(y)) for y in years)})"
    try:
        raw = con.sql(
            f"""SELECT {_ident(cols.year)} AS year, {_ident(cols.country)} AS country,
                       {_ident(cols.product)} AS product, SUM(TRY_CAST({_ident(cols.value)} AS DOUBLE)) AS value
                FROM {_reader(files)} {where}
                GROUP BY ALL"""
        ).fetchnumpy()
    except duckdb.Error as exc:
        raise TradeInputError(f"cannot read {', '.join(files)}: {exc}") from exc
    return _finish(raw, layout, files, digits, hs)


def _finish(raw: dict, layout: str, files: list[str], digits: int | None, hs: bool) -> ExportsTable:
    year = np.asarray(raw["year"])
    try:
        year = year.astype(np.int64)
    except (TypeError, ValueError) as exc:
        raise TradeInputError(f"the year column holds values that are not years: {exc}") from exc
    country, unknown = _clean_codes(raw["country"])
    product = product_codes(raw["product"], digits=digits, hs=hs)
    value = np.nan_to_num(np.asarray(raw["value"], dtype=float), nan=0.0)
    table = ExportsTable(year, country, product, value, layout, files, unknown)
    return aggregate(table)


def aggregate(table: ExportsTable) -> ExportsTable:
    """Sum duplicate (year, country, product) rows, sorted by year, country and product."""
    con = duckdb.connect()
    data = {
        "year": table.year,
        "country": table.country.astype(str),
        "product": table.product.astype(str),
        "value": table.value,
    }
    con.register("data", data)
    out = con.sql(
        "SELECT year, country, product, SUM(value) AS value FROM data GROUP BY ALL ORDER BY ALL"
    ).fetchnumpy()
    return replace(
        table,
        year=np.asarray(out["year"], dtype=np.int64),
        country=np.asarray(out["country"], dtype=object),
        product=np.asarray(out["product"], dtype=object),
        value=np.asarray(out["value"], dtype=float),
    )


@dataclass
class BilateralYear:
    """What export potential needs from a bilateral file, for one year."""

    year: int
    exports: ExportsTable  # every country's exports by product (for complexity)
    imports: ExportsTable  # 'country' is the importing market
    home_bilateral: ExportsTable  # 'country' is the market home exports to
    home: str


def read_bilateral_year(
    paths: Sequence[str | Path],
    *,
    home: str,
    year: int | None = None,
    columns: Columns | None = None,
    digits: int | None = None,
    hs: bool = True,
) -> BilateralYear:
    """One year of a bilateral file (the latest when ``year`` is None), scanned once."""
    files = expand(paths)
    home = home.strip().upper()
    if home.isdigit():
        home = _country_codes().get(str(int(home)), home)
    con = duckdb.connect()
    layout, cols = resolve_columns(column_names(con, files), columns or Columns())
    if layout != "bilateral":
        raise TradeInputError(
            "export potential needs bilateral flows (exporter, importer, product, value), "
            "such as BACI's t, i, j, k, v; name the importer column with --importer-col"
        )
    t, i, j, k, v = (
        _ident(c) for c in (cols.year, cols.country, cols.importer, cols.product, cols.value)
    )
    try:
        if year is None:
            year = int(con.sql(f"SELECT max({t}) FROM {_reader(files)}").fetchall()[0][0])
        con.sql(
            f"""CREATE TEMP TABLE flows AS
                SELECT {i} AS exporter, {j} AS importer, {k} AS product, TRY_CAST({v} AS DOUBLE) AS value
                FROM {_reader(files)} WHERE {t} = {int(year)}"""
        )
    except duckdb.Error as exc:
        raise TradeInputError(f"cannot read {', '.join(files)}: {exc}") from exc
    if con.sql("SELECT count(*) FROM flows").fetchall()[0][0] == 0:
        raise TradeInputError(f"no flows for year {year}")

    def table(sql: str) -> ExportsTable:
        raw = con.sql(sql).fetchnumpy()
        raw["year"] = np.full(len(raw["value"]), year, dtype=np.int64)
        return _finish(raw, layout, files, digits, hs)

    exports = table(
        "SELECT exporter AS country, product, SUM(value) AS value FROM flows GROUP BY ALL"
    )
    imports = table(
        "SELECT importer AS country, product, SUM(value) AS value FROM flows GROUP BY ALL"
    )
    home_codes = _home_codes(con, home)
    bilateral = table(
        "SELECT importer AS country, product, SUM(value) AS value FROM flows "
        f"WHERE CAST(exporter AS VARCHAR) IN ({', '.join(_quote(c) for c in home_codes)}) GROUP BY ALL"
    )
    return BilateralYear(
        year=int(year),
        exports=exports,
        imports=imports,
        home_bilateral=bilateral,
        home=home.upper(),
    )


def _home_codes(con: duckdb.DuckDBPyConnection, home: str) -> list[str]:
    """The spellings the home country may have in the file: alpha-3 and numeric codes."""
    alpha = home.strip().upper()
    codes = {alpha, alpha.lower()}
    for numeric, code in _country_codes().items():
        if code == alpha:
            codes.update({numeric, numeric.zfill(3)})
    return sorted(codes)
