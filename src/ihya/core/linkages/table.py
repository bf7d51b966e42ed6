"""Input–output tables in Ihya's CSV/XLSX template, in and out (pymrio ``save_all`` folders are
``pymrio_folder``'s). Validation reports every problem with its row, column and a code the
interfaces turn into a sentence in Arabic or English.

The template (one sheet, or one CSV file):

    code | name_en | name_ar | <one column per sector code> | <final-demand columns…> | total_output
    one row per sector: its sales to every sector (Z) and to final demand (Y)
    then the rows value_added, imports, compensation (optional), employment (optional), and
    optionally a row ``unit`` whose next cell names the unit of the values (``million LYD``)

Final-demand columns are every column after the last sector one (except ``total_output``); the
one named ``households`` (or ``household_consumption``, ``الأسر``) is household consumption, used
to close the model for type II multipliers. Digits, separators and encodings are read as the
registry import reads them (Arabic-Indic digits, ``1.234,5``, Windows-1256, Excel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ihya.core.ingest.normalize import ParseError, clean_text, match_key, parse_decimal
from ihya.core.ingest.sources import open_tables
from ihya.core.tables import SafeCsvWriter, spreadsheet_row

SPECIAL_ROWS = {
    "value_added": ("value_added", "value added", "va", "القيمة المضافة"),
    "imports": ("imports", "imported inputs", "الواردات", "المستلزمات المستوردة"),
    "compensation": (
        "compensation",
        "compensation of employees",
        "wages",
        "تعويضات العاملين",
        "الأجور",
    ),
    "employment": ("employment", "jobs", "employees", "العمالة", "عدد العاملين", "الوظائف"),
}
HOUSEHOLDS = (
    "households",
    "household_consumption",
    "household consumption",
    "الأسر",
    "الاستهلاك العائلي",
)
TOTAL = ("total_output", "total output", "output", "الإنتاج الكلي", "إجمالي الإنتاج")
CODE = ("code", "sector", "الرمز", "رمز القطاع")
NAME_EN = ("name_en", "name (english)", "الاسم بالإنجليزية")
NAME_AR = ("name_ar", "name (arabic)", "الاسم بالعربية")
TOLERANCE = 0.005  # relative: a sector's inputs and outputs may differ by 0.5 %


@dataclass
class TableIssue:
    code: str  # negative_flow, unbalanced, label_mismatch, not_a_number, duplicate_sector, …
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict)


class TableError(ValueError):
    def __init__(self, issues: list[TableIssue]):
        self.issues = issues
        super().__init__(
            "; ".join(f"{i.code} (row {i.row}, column {i.column})" for i in issues[:5])
        )


@dataclass
class IOTable:
    codes: list[str]
    names_en: list[str]
    names_ar: list[str]
    Z: np.ndarray
    Y: np.ndarray
    final_demand: list[str]
    value_added: np.ndarray
    imports: np.ndarray | None = None
    compensation: np.ndarray | None = None
    employment: np.ndarray | None = None
    households: int | None = None  # index of household consumption in Y's columns
    unit: str = ""
    name: str = ""

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def y(self) -> np.ndarray:
        return self.Y.sum(axis=1)

    @property
    def x(self) -> np.ndarray:
        """Gross output from the rows: intermediate sales plus final demand."""
        return self.Z.sum(axis=1) + self.y

    @property
    def inputs_total(self) -> np.ndarray:
        """Gross input from the columns: intermediate purchases, imports and value added."""
        imports = self.imports if self.imports is not None else 0.0
        return self.Z.sum(axis=0) + imports + self.value_added


def validate(table: IOTable, *, tolerance: float = TOLERANCE, row_of=None) -> list[TableIssue]:
    """Negative flows, unbalanced sectors; ``row_of(i)`` gives the row number a person sees."""
    row_of = row_of or (lambda i: i + 1)
    issues: list[TableIssue] = []
    for name in ("Z", "Y", "value_added", "imports", "employment", "compensation"):
        values = getattr(table, name)
        if values is not None and not np.isfinite(values).all():
            issues.append(TableIssue("not_finite", None, name))
    if issues:  # an infinite or NaN value makes every other check meaningless
        return issues
    for i, j in zip(*np.nonzero(table.Z < 0), strict=True):
        issues.append(
            TableIssue("negative_flow", row_of(int(i)), table.codes[int(j)], f"{table.Z[i, j]:g}")
        )
    for name in ("imports", "employment", "compensation"):
        values = getattr(table, name)
        if values is not None:
            for j in np.flatnonzero(values < 0):
                issues.append(
                    TableIssue(
                        "negative_value", None, table.codes[int(j)], f"{values[j]:g}", {"row": name}
                    )
                )
    x, inputs = table.x, table.inputs_total
    for j in range(table.n):
        scale = max(abs(x[j]), abs(inputs[j]), 1e-12)
        if abs(x[j] - inputs[j]) > tolerance * scale:
            issues.append(
                TableIssue(
                    "unbalanced",
                    row_of(j),
                    table.codes[j],
                    None,
                    {
                        "outputs": f"{x[j]:,.3f}",
                        "inputs": f"{inputs[j]:,.3f}",
                        "tolerance": f"{tolerance:.1%}",
                    },
                )
            )
    return issues


def _number(value, row: int, column: str, issues: list[TableIssue]) -> float:
    try:
        number = parse_decimal(value)
    except ParseError:
        issues.append(TableIssue("not_a_number", row, column, str(value)))
        return 0.0
    return float(number) if number is not None else 0.0


def read_template(path: Path, *, tolerance: float = TOLERANCE) -> IOTable:
    """Read and validate Ihya's template; raises :class:`TableError` listing every problem."""
    try:
        sheets = list(open_tables(Path(path)))
    except ParseError as exc:
        raise TableError([TableIssue(exc.code, params=dict(exc.params))]) from exc
    if not sheets:
        raise TableError([TableIssue("empty_file")])
    sheet = sheets[0]
    header = [clean_text(h) or "" for h in sheet.header]
    keys = [match_key(h) for h in header]
    issues: list[TableIssue] = []

    def column(names: tuple[str, ...]) -> int | None:
        wanted = {match_key(a) for a in names}
        return next((i for i, k in enumerate(keys) if k in wanted), None)

    c_code, c_en, c_ar = column(CODE), column(NAME_EN), column(NAME_AR)
    if c_code is None:
        raise TableError([TableIssue("missing_column", 1, "code")])
    try:
        rows = [(number, cells) for number, cells in sheet.rows]
    except ParseError as exc:
        raise TableError([TableIssue(exc.code, params=dict(exc.params))]) from exc
    special_keys = {match_key(a): k for k, names in SPECIAL_ROWS.items() for a in names}
    unit_keys = {match_key(u) for u in ("unit", "units", "الوحدة")}
    unit = ""
    for _, cells in rows:
        if c_code < len(cells) and match_key(cells[c_code]) in unit_keys:
            unit = next((clean_text(c) for c in cells[c_code + 1 :] if clean_text(c)), "") or ""
    rows = [(n, c) for n, c in rows if not (c_code < len(c) and match_key(c[c_code]) in unit_keys)]
    sector_rows = [
        (n, c)
        for n, c in rows
        if match_key(c[c_code] if c_code < len(c) else "") not in special_keys
    ]
    special: dict[str, tuple[int, list]] = {}
    for n, c in rows:
        name = special_keys.get(match_key(c[c_code] if c_code < len(c) else ""))
        if name is None:
            continue
        if name in special:
            issues.append(
                TableIssue("duplicate_row", n, header[c_code], clean_text(c[c_code]) or name)
            )
        else:
            special[name] = (n, c)
    codes = [clean_text(c[c_code]) or "" for _, c in sector_rows]
    seen = set()
    for (number, _), code in zip(sector_rows, codes, strict=True):
        if not code:
            issues.append(TableIssue("missing_code", number, header[c_code]))
        elif code in seen:
            issues.append(TableIssue("duplicate_sector", number, header[c_code], code))
        seen.add(code)
    # the sector columns must be the sector codes, in the same order
    start = max(i for i in (c_code, c_en, c_ar) if i is not None) + 1
    columns = header[start : start + len(codes)]
    if not issues and [match_key(c) for c in columns] != [match_key(c) for c in codes]:
        for k, (col, code) in enumerate(zip(columns + [""] * len(codes), codes, strict=False)):
            if match_key(col) != match_key(code):
                issues.append(
                    TableIssue(
                        "label_mismatch", 1, col or f"#{start + k + 1}", code, {"expected": code}
                    )
                )
                break
    total_col = next((i for i, k in enumerate(keys) if k in {match_key(t) for t in TOTAL}), None)
    fd_cols = [i for i in range(start + len(codes), len(header)) if i != total_col and header[i]]
    if issues:
        raise TableError(issues)
    n = len(codes)
    Z = np.zeros((n, n))
    Y = np.zeros((n, len(fd_cols)))
    for i, (number, cells) in enumerate(sector_rows):
        for j in range(n):
            Z[i, j] = _number(
                cells[start + j] if start + j < len(cells) else None,
                number,
                header[start + j],
                issues,
            )
        for k, col in enumerate(fd_cols):
            Y[i, k] = _number(cells[col] if col < len(cells) else None, number, header[col], issues)

    def special_row(name: str) -> np.ndarray | None:
        if name not in special:
            return None
        number, cells = special[name]
        return np.array(
            [
                _number(
                    cells[start + j] if start + j < len(cells) else None,
                    number,
                    header[start + j],
                    issues,
                )
                for j in range(n)
            ]
        )

    table = IOTable(
        codes=codes,
        names_en=[clean_text(c[c_en]) or "" if c_en is not None else "" for _, c in sector_rows],
        names_ar=[clean_text(c[c_ar]) or "" if c_ar is not None else "" for _, c in sector_rows],
        Z=Z,
        Y=Y,
        final_demand=[header[c] for c in fd_cols],
        value_added=special_row("value_added") if "value_added" in special else np.zeros(n),
        imports=special_row("imports"),
        compensation=special_row("compensation"),
        employment=special_row("employment"),
        households=next(
            (
                k
                for k, c in enumerate(fd_cols)
                if match_key(header[c]) in {match_key(h) for h in HOUSEHOLDS}
            ),
            None,
        ),
        unit=unit,
        name=Path(path).stem,
    )
    if "value_added" not in special:
        issues.append(TableIssue("missing_row", None, "value_added"))
    if "value_added" in special:  # a sector whose row is missing reads as a final-demand column
        number, cells = special["value_added"]
        for col in fd_cols:
            value = clean_text(cells[col]) if col < len(cells) else None
            if value and _number(value, number, header[col], []) != 0:
                issues.append(TableIssue("value_added_in_final_demand", number, header[col], value))
    if total_col is not None:
        for i, (number, cells) in enumerate(sector_rows):
            given = _number(
                cells[total_col] if total_col < len(cells) else None,
                number,
                header[total_col],
                issues,
            )
            if abs(given - table.x[i]) > tolerance * max(abs(given), 1e-12):
                issues.append(
                    TableIssue(
                        "total_mismatch",
                        number,
                        header[total_col],
                        f"{given:g}",
                        {"computed": f"{table.x[i]:,.3f}"},
                    )
                )
    row_numbers = [number for number, _ in sector_rows]
    issues += validate(table, tolerance=tolerance, row_of=lambda i: row_numbers[i])
    if issues:
        raise TableError(issues)
    return table


# --- pymrio folders -------------------------------------------------------------------------


def template_rows(table: IOTable) -> list[list]:
    """The table in Ihya's template layout: a header, one row per sector, the special rows."""
    header = ["code", "name_en", "name_ar", *table.codes, *table.final_demand, "total_output"]
    rows: list[list] = [header]
    x = table.x
    for i, code in enumerate(table.codes):
        rows.append(
            [
                code,
                table.names_en[i],
                table.names_ar[i],
                *table.Z[i].tolist(),
                *table.Y[i].tolist(),
                float(x[i]),
            ]
        )
    for name, values in (
        ("value_added", table.value_added),
        ("imports", table.imports),
        ("compensation", table.compensation),
        ("employment", table.employment),
    ):
        if values is not None:
            rows.append([name, "", "", *np.asarray(values, float).tolist()])
    if table.unit:
        rows.append(["unit", table.unit])
    return rows


def write_template(table: IOTable, path: Path) -> Path:
    """CSV (UTF-8 with BOM, so Excel shows the Arabic names) or XLSX, by the file's suffix."""
    import csv

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = template_rows(table)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "io_table"
        ws.sheet_view.rightToLeft = False
        for row in rows:
            ws.append(spreadsheet_row(row))
        wb.save(path)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            SafeCsvWriter(csv.writer(fh)).writerows(rows)
    return path


TEMPLATE_DOC = """## Input–output table (`ihya linkages analyse` / `ihya linkages load`)

One sheet (XLSX) or one CSV file, read with the same rules as the registry files (UTF-8, UTF-8
with BOM, UTF-16 or Windows-1256; Arabic-Indic digits; `1,234.5` or `1.234,5`; Excel cells).
Values in one unit for the whole table (million LYD in the demo).

| column | العربية | content |
|---|---|---|
| `code` | الرمز | sector code (unique); also the header of that sector's column |
| `name_en` | الاسم بالإنجليزية | optional |
| `name_ar` | الاسم بالعربية | optional |
| one column per sector code, in the order of the rows | | intermediate sales of the row sector to the column sector (Z) |
| any further columns | | final demand (Y); `households` (also `household_consumption`, `الأسر`) is household consumption, used for type II multipliers |
| `total_output` | الإنتاج الكلي | optional check: must equal the row's intermediate plus final sales |

After the sector rows, rows named in `code`: `value_added` (required; also `القيمة المضافة`),
`imports` (imported intermediate inputs by using sector; `الواردات`), `compensation`
(compensation of employees, household income; `تعويضات العاملين`), `employment` (jobs;
`العمالة`), and `unit` with the unit in the next cell.

Checks, each reported with its row, column and reason in Arabic and English, nothing stored on
any error: numbers that are not numbers (or too large to compute with), negative flows, negative
imports, jobs or compensation, duplicate or empty sector codes, a special row given twice, sector
columns that do not carry the sector codes in the row order, value added in a final-demand
column (a sector whose row was forgotten), sectors whose outputs (row: Z + Y) and inputs (column:
Z + imports + value added) differ by more than 0.5 % (`--tolerance`), and a table with no
solution (I − A singular or not productive). A file that cannot be read (an old `.xls`, a damaged
workbook, another format) is named with the reason.

A folder written by pymrio's `IOSystem.save_all` is read too (value added, imports and
compensation from the `Value Added`, `Imports` and `Compensation of employees` rows of
`factor_inputs`, jobs from the extension `employment`; a folder without value added, or with a
missing file, a cell that is not a number or a ragged row, is reported, not half-read), and
`ihya.core.linkages.pymrio_folder.write_pymrio` writes one that `pymrio.load_all` reads.
"""
