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
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np

from ihya.core.trade.hygiene import (
    Issue,
    Report,
    TradeCheckError,
    check,
    number_sql,
    utf8_copies,
    year_sql,
)

BACI = {"year": "t", "exporter": "i", "importer": "j", "product": "k", "value": "v"}
EXPORTS_NAMES = {
    "year": ("year", "t", "time"),
    "country": ("country", "exporter", "origin", "location", "loc", "i"),
    "product": ("product", "hs", "hs6", "hs4", "hs92", "code", "k", "prod"),
    "value": ("value", "export_value", "export_val", "exports", "v", "val"),
}


class TradeInputError(ValueError):
    """A trade file that cannot be read as asked; the message says what to change (in English;
    ``code`` and ``params`` let the application say it in the user's language)."""

    def __init__(self, message: str, code: str = "trade_input", **params: object):
        super().__init__(message)
        self.code, self.params = code, params


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
    """Long exports, aggregated: one row per (year, country, product), sorted.

    Countries and products are integer ids into the sorted label arrays ``countries`` and
    ``products``, so that a panel of millions of rows carries no strings."""

    year: np.ndarray
    country_id: np.ndarray
    product_id: np.ndarray
    value: np.ndarray
    countries: np.ndarray
    products: np.ndarray
    layout: str
    files: list[str] = field(default_factory=list)
    unknown_countries: list[str] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    classification: str = "hs"  # as read: hs, sitc or other

    def __len__(self) -> int:
        return int(self.year.size)

    @property
    def country(self) -> np.ndarray:
        return self.countries[self.country_id]

    @property
    def product(self) -> np.ndarray:
        return self.products[self.product_id]


def expand(paths: Sequence[str | Path]) -> list[str]:
    """File names from paths and glob patterns (BACI ships one file per year)."""
    found: list[str] = []
    for p in paths:
        text = str(p)
        matches = sorted(glob.glob(text)) if any(ch in text for ch in "*?[") else [text]
        if not matches:
            raise TradeInputError(f"no file matches {text}", "no_file_matches", pattern=text)
        for m in matches:
            if not Path(m).is_file():
                raise TradeInputError(f"file not found: {m}", "file_not_found", file=m)
        found.extend(matches)
    if not found:
        raise TradeInputError("no input file given", "no_input_file")
    return found


def _reader(files: list[str]) -> str:
    """A DuckDB table function reading every file (CSV of any delimiter, or Parquet)."""
    kinds = {"parquet" if f.lower().endswith((".parquet", ".pq")) else "csv" for f in files}
    if len(kinds) > 1:
        raise TradeInputError(
            "mix of Parquet and CSV files; convert them to one format", "mixed_formats"
        )
    listed = "[" + ", ".join(_quote(f) for f in files) + "]"
    if kinds == {"parquet"}:
        return f"read_parquet({listed}, union_by_name = true)"
    return f"read_csv({listed}, header = true, union_by_name = true, all_varchar = true)"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_names(con: duckdb.DuckDBPyConnection, files: list[str]) -> list[str]:
    try:
        return [row[0] for row in con.sql(f"DESCRIBE SELECT * FROM {_reader(files)}").fetchall()]
    except duckdb.Error:
        raise TradeCheckError([Issue("unreadable", f) for f in files]) from None


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
                f"column {explicit!r} (given for {role}) is not in the file; its columns are: {', '.join(names)}",
                "column_not_in_file",
                column=explicit,
                role=role,
                columns=", ".join(names),
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
            "name them with --year-col, --country-col, --product-col, --value-col (and --importer-col)",
            "columns_unknown",
            missing=", ".join(missing),
            columns=", ".join(names),
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
        if (row.get("numeric") or "").strip():
            table[str(int(row["numeric"]))] = row["code"]
    return table


def old_codes() -> dict[str, str]:
    """Retired alpha-3 codes → today's (ROM → ROU, ZAR → COD, TMP → TLS, SCG and YUG → SRB…),
    the rows of ``trade_country_codes.csv`` with a ``replaces`` code."""
    text = (
        resources.files("ihya.data").joinpath("trade_country_codes.csv").read_text(encoding="utf-8")
    )
    return {
        row["replaces"].strip().upper(): row["code"].strip().upper()
        for row in csv.DictReader(text.splitlines())
        if (row.get("replaces") or "").strip()
    }


def country_labels(codes: Sequence[str]) -> tuple[list[str], list[str]]:
    """Upper-case alpha codes; numeric codes mapped to alpha-3 (unknown ones kept, and listed);
    retired codes mapped to today's (:func:`old_codes`)."""
    table = _country_codes()
    renamed = old_codes()
    out, unknown = [], []
    for raw in codes:
        code = str(raw).strip()
        if code.endswith(".0") and code[:-2].isdigit():
            code = code[:-2]
        if code.isdigit():
            mapped = table.get(str(int(code)))
            if mapped is None:
                unknown.append(code)
            code = mapped or code
        code = code.upper()
        out.append(renamed.get(code, code))
    return out, sorted(set(unknown))


def hs_code(code: str, width: int) -> str:
    """An HS code as text of ``width`` digits: ``10121`` → ``010121`` (Excel and BACI drop the 0)."""
    text = code.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isdigit() and len(text) < width:
        text = text.zfill(width)
    return text


def detect_classification(codes: Sequence[str]) -> str:
    """``sitc`` when the codes cannot be HS: a 5-digit code and no 6-digit one (an HS code that
    lost its leading zero sits beside 6-digit codes), or 1- or 3-digit codes; ``hs`` otherwise —
    4-digit codes alone are ambiguous and read as HS, the default."""
    lengths = {len(t) for t in (str(c).strip().removesuffix(".0") for c in codes) if t.isdigit()}
    if 6 in lengths:
        return "hs"
    if 5 in lengths or lengths & {1, 3}:
        return "sitc"
    return "hs"


def resolve_classification(classification: str | None, hs: bool, codes: Sequence[str]) -> str:
    """``hs``, ``sitc`` or ``other`` (``--not-hs``: codes kept as written, no residual rule)."""
    if classification in (None, ""):
        return "hs" if hs else "other"
    if classification == "auto":
        return detect_classification(codes)
    if classification not in ("hs", "sitc", "other"):
        raise TradeInputError(
            f"unknown classification {classification!r}; use hs, sitc or auto",
            "unknown_classification",
            value=classification,
        )
    return classification


def product_labels(
    codes: Sequence[str], *, digits: int | None, hs: bool, classification: str | None = None
) -> list[str]:
    """Normalise product codes; with ``digits``, keep only the first ``digits`` characters.

    HS codes get back a leading zero lost to a spreadsheet (``10121`` → ``010121``); SITC codes
    are kept as written (``0019`` stays 4-digit, ``00111`` 5-digit), so ``digits=4`` cuts a
    5-digit SITC code to its 4-digit heading by prefix."""
    texts = [str(c).strip() for c in codes]
    if classification is None:
        classification = "hs" if hs else "other"
    if classification in ("hs", "sitc"):
        texts = [t[:-2] if t.endswith(".0") and t[:-2].isdigit() else t for t in texts]
    if classification == "hs":
        longest = max((len(t) for t in texts if t.isdigit()), default=0)
        width = longest + (longest % 2)  # HS codes have an even number of digits
        texts = [hs_code(t, width) for t in texts]
    if digits:
        texts = [t[:digits] for t in texts]
    return texts


def _roles(layout: str, cols: Columns) -> dict[str, str]:
    roles = {"year": cols.year, "country": cols.country, "product": cols.product}
    if layout == "bilateral":
        roles["importer"] = cols.importer
    roles["value"] = cols.value
    return roles


def read_exports(
    paths: Sequence[str | Path],
    *,
    columns: Columns | None = None,
    digits: int | None = None,
    hs: bool = True,
    years: Sequence[int] | None = None,
    lenient: bool = False,
    classification: str | None = None,
) -> ExportsTable:
    """Exports by (year, country, product) from bilateral or country-product files, checked
    first (:mod:`ihya.core.trade.hygiene`): bad rows stop the read, or go counted if ``lenient``."""
    files = expand(paths)
    con = duckdb.connect()
    report = Report()
    with tempfile.TemporaryDirectory(prefix="ihya-trade-") as tmp:
        readable = utf8_copies(files, Path(tmp), report)
        layout, cols = resolve_columns(column_names(con, readable), columns or Columns())
        roles = _roles(layout, cols)
        keep = check(
            con,
            files,
            [_reader([f]) for f in readable],
            roles,
            lenient=lenient,
            report=report,
        )
        if years:
            keep += f" AND {year_sql(roles)} IN ({', '.join(str(int(y)) for y in years)})"
        source = f"""SELECT {year_sql(roles)} AS year, {_ident(cols.country)} AS country,
                            {_ident(cols.product)} AS product, {number_sql(roles)} AS value
                     FROM {_reader(readable)} WHERE {keep}"""
        table = _encode(
            con,
            source,
            layout=layout,
            files=files,
            digits=digits,
            hs=hs,
            classification=classification,
        )
    table.report = report
    return table


def _encode(
    con: duckdb.DuckDBPyConnection,
    source: str,
    *,
    layout: str,
    files: list[str],
    digits: int | None,
    hs: bool,
    classification: str | None = None,
) -> ExportsTable:
    """Aggregate ``source`` (year, country, product, value) by its raw codes — the one heavy
    pass — then map the few distinct codes to clean labels and integer ids, and aggregate again
    on the ids (cutting 6 digits to 4, or two numeric codes of one country, merge rows)."""
    try:
        con.sql(
            f"""CREATE OR REPLACE TEMP TABLE raw AS
                SELECT year, CAST(country AS VARCHAR) AS country, CAST(product AS VARCHAR) AS product,
                       SUM(value) AS value
                FROM ({source}) GROUP BY ALL"""
        )
    except duckdb.Error:
        raise TradeCheckError([Issue("unreadable", f) for f in files]) from None
    bad = con.sql(
        "SELECT DISTINCT year FROM raw WHERE TRY_CAST(year AS BIGINT) IS NULL LIMIT 5"
    ).fetchall()
    if bad:
        shown = ", ".join(repr(r[0]) for r in bad)
        raise TradeInputError(
            f"the year column holds values that are not years: {shown}", "not_years", values=shown
        )
    raw_c = [
        r[0]
        for r in con.sql("SELECT DISTINCT country FROM raw WHERE country IS NOT NULL").fetchall()
    ]
    raw_p = [
        r[0]
        for r in con.sql("SELECT DISTINCT product FROM raw WHERE product IS NOT NULL").fetchall()
    ]
    clean_c, unknown = country_labels(raw_c)
    classification = resolve_classification(classification, hs, raw_p)
    clean_p = product_labels(raw_p, digits=digits, hs=hs, classification=classification)
    countries = np.array(sorted(set(clean_c)), dtype=object)
    products = np.array(sorted(set(clean_p)), dtype=object)
    cid = {c: i for i, c in enumerate(countries)}
    pid = {p: i for i, p in enumerate(products)}
    con.register(
        "cmap",
        {
            "raw": np.array(raw_c, dtype=object),
            "id": np.array([cid[c] for c in clean_c], dtype=np.int32),
        },
    )
    con.register(
        "pmap",
        {
            "raw": np.array(raw_p, dtype=object),
            "id": np.array([pid[p] for p in clean_p], dtype=np.int32),
        },
    )
    out = con.sql(
        """SELECT CAST(r.year AS BIGINT) AS year, c.id AS cid, p.id AS pid, SUM(COALESCE(r.value, 0)) AS value
           FROM raw r JOIN cmap c ON r.country = c.raw JOIN pmap p ON r.product = p.raw
           GROUP BY ALL ORDER BY ALL"""
    ).fetchnumpy()
    return ExportsTable(
        year=np.asarray(out["year"], dtype=np.int64),
        country_id=np.asarray(out["cid"], dtype=np.int32),
        product_id=np.asarray(out["pid"], dtype=np.int32),
        value=np.asarray(out["value"], dtype=float),
        countries=countries,
        products=products,
        layout=layout,
        files=files,
        unknown_countries=unknown,
        classification=classification,
    )


@dataclass
class BilateralYear:
    """What export potential needs from a bilateral file, for one year."""

    year: int
    exports: ExportsTable  # every country's exports by product (for complexity)
    imports: ExportsTable  # 'country' is the importing market
    home_bilateral: ExportsTable  # 'country' is the market home exports to
    home: str
    report: Report = field(default_factory=Report)
    # the markets' imports in the file's first year, for the growth of demand (None: one year)
    base_year: int | None = None
    base_imports: ExportsTable | None = None
    home_imports: ExportsTable | None = None  # what home buys, by product (re-exports)


def read_bilateral_year(
    paths: Sequence[str | Path],
    *,
    home: str,
    year: int | None = None,
    columns: Columns | None = None,
    digits: int | None = None,
    hs: bool = True,
    lenient: bool = False,
    classification: str | None = None,
) -> BilateralYear:
    """One year of a bilateral file (the latest when ``year`` is None), checked first; with the
    markets' imports of the file's first year when the file holds earlier years."""
    files = expand(paths)
    with tempfile.TemporaryDirectory(prefix="ihya-trade-") as tmp:
        report = Report()
        readable = utf8_copies(files, Path(tmp), report)
        data = _read_bilateral_year(
            files,
            readable,
            home=home,
            year=year,
            columns=columns,
            digits=digits,
            hs=hs,
            lenient=lenient,
            report=report,
            classification=classification,
        )
    data.report = report
    return data


def _read_bilateral_year(
    files: list[str],
    readable: list[str],
    *,
    home: str,
    year: int | None,
    columns: Columns | None,
    digits: int | None,
    hs: bool,
    lenient: bool,
    report: Report,
    classification: str | None = None,
) -> BilateralYear:
    home = home.strip().upper()
    if home.isdigit():
        home = _country_codes().get(str(int(home)), home)
    home = old_codes().get(home, home)
    con = duckdb.connect()
    layout, cols = resolve_columns(column_names(con, readable), columns or Columns())
    if layout != "bilateral":
        raise TradeInputError(
            "export potential needs bilateral flows (exporter, importer, product, value), "
            "such as BACI's t, i, j, k, v; name the importer column with --importer-col",
            "needs_bilateral",
        )
    roles = _roles(layout, cols)
    keep = check(
        con, files, [_reader([f]) for f in readable], roles, lenient=lenient, report=report
    )
    i, j, k = (_ident(c) for c in (cols.country, cols.importer, cols.product))
    t, v = year_sql(roles), number_sql(roles)
    source = _reader(readable)
    try:
        if year is None:
            year = int(con.sql(f"SELECT max({t}) FROM {source} WHERE {keep}").fetchall()[0][0])
        first = con.sql(f"SELECT min({t}) FROM {source} WHERE {keep}").fetchall()[0][0]
        base_year = int(first) if first is not None and int(first) < int(year) else None
        if base_year is not None:
            con.sql(
                f"""CREATE TEMP TABLE base AS
                    SELECT {j} AS importer, {k} AS product, {v} AS value
                    FROM {source} WHERE {keep} AND {t} = {base_year}"""
            )
        con.sql(
            f"""CREATE TEMP TABLE flows AS
                SELECT {i} AS exporter, {j} AS importer, {k} AS product, {v} AS value
                FROM {source} WHERE {keep} AND {t} = {int(year)}"""
        )
    except (duckdb.Error, TypeError):
        raise TradeCheckError([Issue("unreadable", f) for f in files]) from None
    if con.sql("SELECT count(*) FROM flows").fetchall()[0][0] == 0:
        raise TradeInputError(f"no flows for year {year}", "no_flows_for_year", year=year)

    def table(source: str) -> ExportsTable:
        return _encode(
            con,
            source,
            layout=layout,
            files=files,
            digits=digits,
            hs=hs,
            classification=classification,
        )

    exports = table(f"SELECT {int(year)} AS year, exporter AS country, product, value FROM flows")
    classification = exports.classification  # the same reading for every table (``auto``)
    imports = table(f"SELECT {int(year)} AS year, importer AS country, product, value FROM flows")
    home_codes = _home_codes(con, home)
    bilateral = table(
        f"SELECT {int(year)} AS year, importer AS country, product, value FROM flows "
        f"WHERE CAST(exporter AS VARCHAR) IN ({', '.join(_quote(c) for c in home_codes)})"
    )
    quoted = ", ".join(_quote(c) for c in home_codes)
    home_imports = table(
        f"SELECT {int(year)} AS year, importer AS country, product, value FROM flows "
        f"WHERE CAST(importer AS VARCHAR) IN ({quoted})"
    )
    base = None
    if base_year is not None:
        base = table(f"SELECT {base_year} AS year, importer AS country, product, value FROM base")
    return BilateralYear(
        year=int(year),
        exports=exports,
        imports=imports,
        home_bilateral=bilateral,
        home=home.upper(),
        base_year=base_year,
        base_imports=base,
        home_imports=home_imports,
    )


def _home_codes(con: duckdb.DuckDBPyConnection, home: str) -> list[str]:
    """The spellings the home country may have in the file: alpha-3 and numeric codes."""
    alpha = home.strip().upper()
    codes = {alpha, alpha.lower()}
    for old, new in old_codes().items():
        if new == alpha:  # ROM in the file is ROU
            codes.update({old, old.lower()})
    renamed = old_codes()
    for numeric, code in _country_codes().items():
        if renamed.get(code, code) == alpha:
            codes.update({numeric, numeric.zfill(3)})
    return sorted(codes)
