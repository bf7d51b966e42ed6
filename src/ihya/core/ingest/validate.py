"""Validate tables row by row against their entity schema, then across tables.

Nothing here writes: the result holds clean rows and every issue (sheet, row, column, value, code)
so that the caller writes all or nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ihya.core.ingest.lookup import Lookup
from ihya.core.ingest.normalize import clean_text, match_key
from ihya.core.ingest.schema import EntitySpec, row_model
from ihya.core.ingest.sources import Sheet

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where (sheet, spreadsheet row, column header), what value, and why (code).

    ``level`` is ``error`` (nothing is written) or ``warning`` (reported, import goes on).
    """

    sheet: str
    row: int | None
    column: str | None
    value: str | None
    code: str
    params: Mapping[str, str] = field(default_factory=dict)
    level: str = "error"


@dataclass
class Table:
    """The validated rows of one entity: clean values by column, with their source rows."""

    entity: str
    sheet: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column -> header as in the file

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Validation:
    tables: dict[str, Table] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return clean_text(value) or str(value)


# Row rules: checks across the columns of one clean row, per entity.
def _names_present(row: dict[str, Any]) -> list[tuple[str, str]]:
    return [] if row.get("name_ar") or row.get("name_en") else [("name_ar", "name_required")]


def _description_present(row: dict[str, Any]) -> list[tuple[str, str]]:
    if row.get("description_ar") or row.get("description_en"):
        return []
    return [("description_ar", "description_required")]


def _jobs_consistent(row: dict[str, Any]) -> list[tuple[str, str]]:
    status, now = row.get("status"), row.get("employees_now")
    if status == "closed" and now:
        return [("employees_now", "closed_with_employees")]
    return []


ROW_RULES: dict[str, list[Callable[[dict[str, Any]], list[tuple[str, str]]]]] = {
    "factories": [_names_present, _jobs_consistent],
    "requirements": [_description_present],
}


def validate_sheet(
    entity: EntitySpec,
    sheet: Sheet,
    lookups: Mapping[str, Lookup],
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> tuple[Table, list[Issue]]:
    """Validate every row of ``sheet`` as ``entity``; return the clean table and the issues."""
    issues: list[Issue] = []
    table = Table(entity=entity.name, sheet=sheet.name)
    positions: dict[str, int] = {}
    for index, header in enumerate(sheet.header):
        if clean_text(header) is None:
            continue
        column = entity.match_header(header)
        if column is None:
            issues.append(
                Issue(sheet.name, 1, clean_text(header), None, "unknown_column", level="warning")
            )
        elif column in positions:
            issues.append(Issue(sheet.name, 1, clean_text(header), None, "duplicate_column"))
        else:
            positions[column] = index
            table.headers[column] = clean_text(header) or column
    missing = [c.name for c in entity.columns if c.required and c.name not in positions]
    for name in missing:
        issues.append(Issue(sheet.name, 1, name, None, "missing_column"))
    for c in entity.columns:
        table.headers.setdefault(c.name, c.name)

    checker = _RowChecker(
        sheet=sheet.name,
        model=row_model(entity, today=today),
        lookups=lookups,
        rules=ROW_RULES.get(entity.name, []),
        positions=positions,
        headers=table.headers,
        skip=frozenset(missing),
    )
    keys = entity.key_columns
    seen: dict[tuple, int] = {}
    count = 0
    for results in _checked(checker, sheet.rows):
        for number, clean, row_issues in results:
            count += 1
            if progress and count % 5000 == 0:
                progress(entity.name, sheet.progress(), sheet.size_hint)
            issues.extend(row_issues)
            if clean is None:
                continue
            if keys:
                key = tuple(
                    clean[k].casefold() if isinstance(clean[k], str) else clean[k] for k in keys
                )
                first = seen.setdefault(key, number)
                if first != number:
                    issues.append(
                        Issue(
                            sheet.name,
                            number,
                            table.headers[keys[-1]],
                            _show(clean[keys[-1]]),
                            "duplicate_key",
                            {"row": str(first)},
                        )
                    )
                    continue
            if not row_issues:
                table.rows.append(clean)
                table.row_numbers.append(number)
    if progress:
        progress(entity.name, sheet.size_hint or count, sheet.size_hint)
    return table, issues


@dataclass
class _RowChecker:
    """Checks one row: the pydantic model of its entity, then the entity's row rules."""

    sheet: str
    model: Any
    lookups: Mapping[str, Lookup]
    rules: list
    positions: dict[str, int]
    headers: dict[str, str]
    skip: frozenset[str]

    def __call__(self, number: int, cells: list[Any]) -> tuple:
        data = {c: cells[i] if i < len(cells) else None for c, i in self.positions.items()}
        try:
            clean = self.model.model_validate(data, context={"lookups": self.lookups}).__dict__
        except ValidationError as exc:
            issues = []
            for error in exc.errors(include_url=False):
                column = str(error["loc"][0]) if error["loc"] else None
                if column in self.skip:
                    continue
                issues.append(
                    Issue(
                        self.sheet,
                        number,
                        self.headers.get(column, column),
                        _show(data.get(column)),
                        error["type"],
                        {k: str(v) for k, v in (error.get("ctx") or {}).items()},
                    )
                )
            return number, None, issues
        issues = [
            Issue(self.sheet, number, self.headers[column], _show(data.get(column)), code)
            for rule in self.rules
            for column, code in rule(clean)
        ]
        return number, clean, issues

    def chunk(self, rows: list[tuple[int, list[Any]]]) -> list[tuple]:
        return [self(number, cells) for number, cells in rows]


CHUNK_ROWS = 5000
_worker_checker: _RowChecker | None = None


def _init_worker(checker: _RowChecker) -> None:
    global _worker_checker
    _worker_checker = checker


def _check_chunk(rows: list[tuple[int, list[Any]]]) -> list[tuple]:
    assert _worker_checker is not None
    return _worker_checker.chunk(rows)


def _chunks(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[list[tuple[int, list[Any]]]]:
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield chunk


def _checked(checker: _RowChecker, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[list[tuple]]:
    """Checked rows in file order, chunk by chunk. A sheet of more than one chunk is checked by
    worker processes (forked, so the lookups need no pickling) on machines with several cores;
    the rows are independent, so the result is the same either way."""
    chunks = _chunks(iter(rows))
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    workers = min(os.cpu_count() or 1, 4)
    if second is None or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield checker.chunk(first)
        if second is not None:
            yield checker.chunk(second)
            for chunk in chunks:
                yield checker.chunk(chunk)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(checker,)
    ) as pool:
        pending = [pool.submit(_check_chunk, first), pool.submit(_check_chunk, second)]
        for chunk in chunks:
            pending.append(pool.submit(_check_chunk, chunk))
            while len(pending) > workers * 2:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def check_references(tables: Mapping[str, Table], known_factories: Iterable[str]) -> list[Issue]:
    """Every factory named by a child table exists in this import or in the registry."""
    factories = set(known_factories)
    if "factories" in tables:
        factories.update(r["factory_id"] for r in tables["factories"].rows)
    issues = []
    for name, table in tables.items():
        if name == "factories":
            continue
        for column in ("factory_id", "factory_ids"):
            if column not in table.headers or not table.rows or column not in table.rows[0]:
                continue
            for row, number in zip(table.rows, table.row_numbers, strict=True):
                values = row[column]
                for value in values if isinstance(values, tuple) else (values,):
                    if value is not None and value not in factories:
                        issues.append(
                            Issue(
                                table.sheet,
                                number,
                                table.headers[column],
                                value,
                                "unknown_factory",
                                {"value": value},
                            )
                        )
    return issues


def match_sheet(specs: Mapping[str, EntitySpec], sheet_name: str) -> EntitySpec | None:
    key = match_key(sheet_name)
    for spec in specs.values():
        if key in spec.sheet_keys():
            return spec
    return None


def validate_sources(
    specs: Mapping[str, EntitySpec],
    sheets: Iterable[tuple[EntitySpec | None, Sheet]],
    lookups: Mapping[str, Lookup],
    *,
    known_factories: Iterable[str] = (),
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Validation:
    """Validate (entity, sheet) pairs; an entity of None means "guess from the sheet name"."""
    result = Validation()
    for entity, sheet in sheets:
        entity = entity or match_sheet(specs, sheet.name)
        if entity is None:
            result.issues.append(
                Issue(
                    sheet.name, None, None, None, "unknown_sheet", {"sheet": sheet.name}, "warning"
                )
            )
            continue
        if entity.name in result.tables:
            result.issues.append(
                Issue(sheet.name, None, None, None, "duplicate_sheet", {"entity": entity.name})
            )
            continue
        table, issues = validate_sheet(entity, sheet, lookups, today=today, progress=progress)
        result.tables[entity.name] = table
        result.issues.extend(issues)
    result.issues.extend(check_references(result.tables, known_factories))
    return result
