"""Checking trade files before any metric: every bad cell counted, never silently read.

One pass per file over the raw text of the four (five) roles finds:

- ``blank_value`` — an empty value cell (a blank is not a zero);
- ``not_a_number`` — ``NA``, ``..``, text;
- ``negative_value`` — trade values are never negative;
- ``empty_country`` / ``empty_product`` — a row without its key (the exporter or the importer);
- ``bad_year`` — a year cell that is not a whole number;
- ``future_year`` — a year after the current one (a mistyped 2099);
- ``stray_year`` — a year holding under 5 % of the rows of the file's largest year and more than
  one year away from the years holding the rest (a mistyped 2012 in a 2020–2022 file);
- ``no_rows`` — no data rows at all (a header alone), and ``no_rows_left`` — every row left out by
  the checks of a lenient run: nothing to analyse, whatever the options.

Number forms are those of the registry import: ``1234.5``, ``30,068`` and ``1,234.5`` (thousands
separators), ``2,5`` and ``1.234,5`` (decimal comma), and Arabic-Indic digits with the Arabic
separators (``١٢٣٤``, ``1٬234``, ``2٫5``) through the registry's own table
(``normalize.DIGIT_FORMS``). A column mixing both kinds of comma cannot be read one way
(``mixed_separators``) and stops the run whatever the options. Text files are read in UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1256; others stop the run (``encoding``).

Row problems stop the run too unless ``lenient``: then the rows go, counted (``Report``).
Issues are codes with parameters; the app renders them in Arabic and English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ihya.core.ingest.normalize import DIGIT_FORMS, INVISIBLE
from ihya.core.ingest.sources import detect_encoding

ROW_CODES = (
    "blank_value",
    "not_a_number",
    "negative_value",
    "empty_country",
    "empty_product",
    "bad_year",
    "future_year",
    "stray_year",
)
NUMERIC = ("year", "value")  # the roles read as numbers
FATAL_CODES = ("mixed_separators", "encoding", "unreadable", "no_rows", "no_rows_left")

_PLAIN = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_THOUSANDS = r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"
_DECIMAL_COMMA = r"[+-]?(\d+|\d{1,3}(\.\d{3})+),\d+"


@dataclass(frozen=True)
class Issue:
    """One problem of one file: ``count`` cells (or rows), the first at ``row`` (the row a
    person sees in a spreadsheet: the header is row 1), in ``column``; ``value`` shows it."""

    code: str
    file: str
    column: str | None = None
    count: int = 1
    row: int | None = None
    value: str = ""
    other: str = ""  # a second example (mixed_separators) or the file's years (stray_year)

    @property
    def fatal(self) -> bool:
        return self.code in FATAL_CODES


@dataclass
class Report:
    """What the checks found: the issues and how many rows were dropped (lenient runs)."""

    issues: list[Issue] = field(default_factory=list)
    dropped_rows: int = 0
    encodings: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "dropped_rows": self.dropped_rows,
            "encodings": self.encodings,
            "issues": [
                {
                    "code": i.code,
                    "file": i.file,
                    "column": i.column,
                    "count": i.count,
                    "row": i.row,
                    "value": i.value,
                }
                for i in self.issues
            ],
        }


class TradeCheckError(ValueError):
    """The checks refused the input; ``issues`` says why, each with file, row and column."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(f"{i.file}: {i.code} ({i.column}, row {i.row})" for i in issues))


def is_parquet(path: str) -> bool:
    return path.lower().endswith((".parquet", ".pq"))


def utf8_copies(files: list[str], tmp: Path, report: Report) -> list[str]:
    """The files as DuckDB can read them: UTF-16 and Windows-1256 text re-encoded as UTF-8 into
    ``tmp`` (streamed); UTF-8 and Parquet as they are."""
    out = []
    for n, name in enumerate(files):
        if is_parquet(name):
            out.append(name)
            continue
        encoding = detect_encoding(Path(name))
        report.encodings[name] = encoding
        if encoding in ("utf-8", "utf-8-sig"):
            out.append(name)
            continue
        target = tmp / f"{n}.csv"
        try:
            with (
                open(name, encoding=encoding, newline="") as src,
                open(target, "w", encoding="utf-8", newline="") as dst,
            ):
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        except (UnicodeError, LookupError):
            raise TradeCheckError([Issue("encoding", name)]) from None
        out.append(str(target))
    return out


def value_sql(v: str) -> tuple[str, str]:
    """SQL for the form of a trimmed text value ``v`` and for its number."""
    form = (
        f"CASE WHEN {v} IS NULL OR {v} = '' THEN 'blank_value' "
        f"WHEN regexp_full_match({v}, '{_PLAIN}') THEN 'plain' "
        f"WHEN regexp_full_match({v}, '{_THOUSANDS}') THEN 'thousands' "
        f"WHEN regexp_full_match({v}, '{_DECIMAL_COMMA}') THEN 'decimal_comma' "
        "ELSE 'not_a_number' END"
    )
    number = (
        f"CASE WHEN regexp_full_match({v}, '{_PLAIN}') THEN TRY_CAST({v} AS DOUBLE) "
        f"WHEN regexp_full_match({v}, '{_THOUSANDS}') THEN TRY_CAST(replace({v}, ',', '') AS DOUBLE) "
        f"WHEN regexp_full_match({v}, '{_DECIMAL_COMMA}') "
        f"THEN TRY_CAST(replace(replace({v}, '.', ''), ',', '.') AS DOUBLE) END"
    )
    return form, number


def _text(column: str, *, numeric: bool = False) -> str:
    """A cell as trimmed text (NULL when empty); a number or a year (``numeric``) with the
    registry import's digits and separators first (``normalize.DIGIT_FORMS``: ``١٢٣٤``,
    ``1٬234``, ``2٫5``) and its invisible marks removed."""
    ident = '"' + column.replace('"', '""') + '"'
    text = f"CAST({ident} AS VARCHAR)"
    if numeric:
        source, target = DIGIT_FORMS
        text = f"regexp_replace(translate({text}, '{source}', '{target}'), '{INVISIBLE}', '', 'g')"
    return f"NULLIF(trim({text}), '')"


def check_file(
    con: duckdb.DuckDBPyConnection,
    reader: str,
    *,
    name: str,
    roles: dict[str, str],
    header: bool,
) -> tuple[list[Issue], dict[int, int], dict[int, int]]:
    """One file's issues (without the year rules, which need every file), its rows per year and
    its rows passing every other check, per year."""
    key = {"country": "empty_country", "importer": "empty_country", "product": "empty_product"}
    texts = {role: _text(col, numeric=role in NUMERIC) for role, col in roles.items()}
    form, number = value_sql("v")
    parts = [
        f"{{'code': CASE WHEN {role} IS NULL THEN '{key[role]}' END, 'col': '{role}', 'val': ''}}"
        for role in ("country", "importer", "product")
        if role in roles
    ]
    parts.append(
        "{'code': CASE WHEN form IN ('blank_value', 'not_a_number') THEN form "
        "WHEN num < 0 THEN 'negative_value' "
        "WHEN form IN ('thousands', 'decimal_comma') THEN 'form:' || form END, "
        "'col': 'value', 'val': coalesce(v, '')}"
    )
    parts.append(
        "{'code': CASE WHEN yi IS NULL THEN 'bad_year' ELSE 'year:' || yi END, "
        "'col': 'year', 'val': coalesce(y, '')}"
    )
    keys = " AND ".join(
        f"{role} IS NOT NULL" for role in ("country", "importer", "product") if role in roles
    )
    parts.append(
        f"{{'code': CASE WHEN {keys} AND num >= 0 AND yi IS NOT NULL THEN 'ok:' || yi END, "
        "'col': 'year', 'val': ''}"
    )
    first = 2 if header else 1
    select = ", ".join(f"{sql} AS {role}" for role, sql in texts.items() if role != "value")
    sql = f"""
        WITH r AS (SELECT row_number() OVER () + {first - 1} AS row, {select},
                          {texts["value"]} AS v FROM {reader}),
             f AS (SELECT *, {form} AS form, {number} AS num,
                          CASE WHEN regexp_full_match(year, '\\d{{1,4}}(\\.0+)?')
                               THEN CAST(TRY_CAST(year AS DOUBLE) AS BIGINT) END AS yi,
                          year AS y FROM r),
             k AS (SELECT row, unnest([{", ".join(parts)}]) AS k FROM f)
        SELECT k.code, k.col, count(*), min(row), arg_min(k.val, row)
        FROM k WHERE k.code IS NOT NULL GROUP BY ALL"""
    try:
        found = con.sql(sql).fetchall()
    except duckdb.Error:
        raise TradeCheckError([Issue("unreadable", name)]) from None
    issues, years, ok, forms = [], {}, {}, {}
    for code, col, count, row, value in found:
        if code.startswith("year:"):
            years[int(code[5:])] = count
        elif code.startswith("ok:"):
            ok[int(code[3:])] = count
        elif code.startswith("form:"):
            forms[code[5:]] = (count, value)
        else:
            issues.append(Issue(code, name, roles[col], count, row, value))
    if len(forms) == 2:
        issues.append(
            Issue(
                "mixed_separators",
                name,
                roles["value"],
                sum(c for c, _ in forms.values()),
                None,
                forms["decimal_comma"][1],
                forms["thousands"][1],
            )
        )
    return issues, years, ok


def bad_years(years: dict[int, int], current_year: int | None = None) -> set[int]:
    """Years after the current one, and stray years: under 5 % of the largest year's rows and
    more than one year away from every year holding more."""
    current_year = current_year or dt.date.today().year
    bad = {y for y in years if y > current_year or y < 1900}
    rest = {y: n for y, n in years.items() if y not in bad}
    if rest:
        top = max(rest.values())
        main = {y for y, n in rest.items() if n >= 0.05 * top}
        for y in rest:
            if y not in main and min(abs(y - m) for m in main) > 1:
                bad.add(y)
    return bad


def year_issues(
    con: duckdb.DuckDBPyConnection,
    reader: str,
    *,
    name: str,
    column: str,
    bad: set[int],
    header: bool,
    years: dict[int, int],
    current_year: int | None = None,
) -> list[Issue]:
    """Where a file holds the refused years: count and first row of each."""
    current_year = current_year or dt.date.today().year
    if not bad & years.keys():
        return []
    first = 2 if header else 1
    listed = ", ".join(str(y) for y in sorted(bad & years.keys()))
    rows = con.sql(
        f"""SELECT y, count(*), min(row) FROM (
              SELECT row_number() OVER () + {first - 1} AS row,
                     TRY_CAST(TRY_CAST({_text(column, numeric=True)} AS DOUBLE) AS BIGINT) AS y
              FROM {reader})
            WHERE y IN ({listed}) GROUP BY y ORDER BY y"""
    ).fetchall()
    kept = ", ".join(str(y) for y in sorted(years) if y not in bad)
    return [
        Issue(
            "future_year" if y > current_year else "stray_year",
            name,
            column,
            count,
            row,
            str(y),
            kept,
        )
        for y, count, row in rows
    ]


def clean_where(roles: dict[str, str], bad: set[int]) -> str:
    """The condition a row meets to be kept (every check passed)."""
    texts = {role: _text(col, numeric=role in NUMERIC) for role, col in roles.items()}
    _, number = value_sql(texts["value"])
    conds = [f"{texts[r]} IS NOT NULL" for r in ("country", "importer", "product") if r in roles]
    conds.append(f"({number}) >= 0")
    year = f"TRY_CAST(TRY_CAST({texts['year']} AS DOUBLE) AS BIGINT)"
    conds.append(f"{year} IS NOT NULL")
    if bad:
        conds.append(f"{year} NOT IN ({', '.join(str(y) for y in sorted(bad))})")
    return " AND ".join(conds)


def year_sql(roles: dict[str, str]) -> str:
    return f"CAST(TRY_CAST({_text(roles['year'], numeric=True)} AS DOUBLE) AS BIGINT)"


def number_sql(roles: dict[str, str]) -> str:
    return value_sql(_text(roles["value"], numeric=True))[1]


def check(
    con: duckdb.DuckDBPyConnection,
    files: list[str],
    readers: list[str],
    roles: dict[str, str],
    *,
    lenient: bool,
    report: Report,
    current_year: int | None = None,
) -> str:
    """Check every file; raise :class:`TradeCheckError` on a fatal issue, or on any issue unless
    ``lenient``; return the condition the kept rows meet (and fill ``report``)."""
    found: list[Issue] = []
    per_file = []
    for name, reader in zip(files, readers, strict=True):
        header = not is_parquet(name)
        issues, years, ok = check_file(con, reader, name=name, roles=roles, header=header)
        found += issues
        per_file.append((name, reader, header, years, ok, issues))
    every: dict[int, int] = {}
    for *_, years, _ok, _issues in per_file:
        for y, n in years.items():
            every[y] = every.get(y, 0) + n
    bad = bad_years(every, current_year)
    dropped = total_rows = 0
    for name, reader, header, years, ok, issues in per_file:
        found += year_issues(
            con,
            reader,
            name=name,
            column=roles["year"],
            bad=bad,
            header=header,
            years=years,
            current_year=current_year,
        )
        total = sum(years.values()) + sum(i.count for i in issues if i.code == "bad_year")
        dropped += total - sum(n for y, n in ok.items() if y not in bad)
        total_rows += total
    report.issues = found
    report.dropped_rows = dropped
    if any(i.fatal for i in found) or (found and not lenient):
        raise TradeCheckError([i for i in found if i.fatal] or found)
    if dropped >= total_rows:  # nothing to analyse: the reasons, then the count
        code = "no_rows_left" if total_rows else "no_rows"
        raise TradeCheckError([*found, Issue(code, ", ".join(files), None, total_rows)])
    return clean_where(roles, bad)
