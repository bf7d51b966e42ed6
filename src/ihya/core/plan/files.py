"""A schedule instance as a folder of tables, and a schedule as a folder of tables (the format of
``ihya plan schedule``, in ``docs/plan.md``).

In (CSV in any encoding, or XLSX; Arabic-Indic digits accepted):

- ``tasks``: task_id, duration (working days), predecessors (ids separated by spaces, empty if
  none), optional weight and cost, and one integer column per resource with the task's demand;
- ``resources``: resource, capacity;
- optionally ``spending``: start, end (periods counted from 0, end excluded), limit.

Out: ``schedule.csv`` (task_id, start, finish, early_start, late_start, total_float, critical;
periods counted from 0) and ``summary.json`` (status, makespan, lower_bound, gap, seconds,
objective, …).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ihya.core.ingest.normalize import ParseError, clean_text, parse_date, parse_decimal
from ihya.core.ingest.sources import open_tables
from ihya.core.plan.cpm import CriticalPath
from ihya.core.plan.instance import (
    Issue,
    PlanInputError,
    PlanInstance,
    Resource,
    SpendLimit,
    Task,
    check,
)
from ihya.core.plan.model import Result
from ihya.core.tables import SafeCsvWriter

TASK_COLUMNS = {"task_id", "duration", "predecessors", "weight", "cost", "name"}
SCHEDULE_COLUMNS = [
    "task_id",
    "start",
    "finish",
    "early_start",
    "late_start",
    "total_float",
    "critical",
]


def _read(folder: Path, name: str, issues: list[Issue], required: bool, columns: tuple):
    path = next(
        (
            folder / f"{name}{s}"
            for s in (".csv", ".xlsx", ".tsv")
            if (folder / f"{name}{s}").exists()
        ),
        None,
    )
    if path is None:
        if required:
            issues.append(Issue("missing_file", f"{name}.csv"))
        return None
    try:
        sheet = next(iter(open_tables(path)))
        rows = list(sheet.rows)
    except (ParseError, StopIteration, UnicodeError, OSError) as exc:
        issues.append(Issue("unreadable", path.name, value=str(exc)[:200]))
        return None
    header = [(clean_text(h) or "").lower() for h in sheet.header]
    missing = [c for c in columns if c not in header]
    for column in missing:
        issues.append(Issue("missing_column", path.name, column=column))
    return None if missing else (path.name, header, rows)


def _value(cells: list, header: list[str], column: str):
    j = header.index(column) if column in header else None
    return cells[j] if j is not None and j < len(cells) else None


def _integer(file, row, column, raw, issues, *, default=None) -> int | None:
    try:
        value = parse_decimal(raw)
    except ParseError:
        issues.append(Issue("not_a_number", file, row, column, str(raw)))
        return None
    if value is None:
        if default is None:
            issues.append(Issue("missing_value", file, row, column))
        return default
    if value != value.to_integral_value():
        issues.append(Issue("not_an_integer", file, row, column, str(raw)))
        return None
    if value < 0:
        issues.append(Issue("negative", file, row, column, str(raw)))
        return None
    return int(value)


def _number(file, row, column, raw, issues) -> float:
    try:
        value = parse_decimal(raw)
    except ParseError:
        issues.append(Issue("not_a_number", file, row, column, str(raw)))
        return 0.0
    if value is not None and value < 0:
        issues.append(Issue("negative", file, row, column, str(raw)))
        return 0.0
    return float(value or 0)


def read_instance(folder: Path) -> PlanInstance:
    """Read and check every file; all the problems are raised together (``PlanInputError``)."""
    folder = Path(folder)
    issues: list[Issue] = []
    tasks_table = _read(folder, "tasks", issues, True, ("task_id", "duration"))
    resources_table = _read(folder, "resources", issues, True, ("resource", "capacity"))
    spending_table = _read(folder, "spending", issues, False, ("start", "end", "limit"))
    if issues:
        raise PlanInputError(issues)
    file, header, rows = resources_table
    resources = []
    for n, cells in rows:
        name = clean_text(_value(cells, header, "resource")) or ""
        if not name:
            issues.append(Issue("missing_value", file, n, "resource"))
            continue
        capacity = _integer(file, n, "capacity", _value(cells, header, "capacity"), issues)
        resources.append(Resource(name, capacity or 0))
    known = {r.name.lower(): r.name for r in resources}
    file, header, rows = tasks_table
    resource_columns = [c for c in header if c and c not in TASK_COLUMNS]
    for column in resource_columns:
        if column not in known:
            issues.append(Issue("unknown_resource", file, 1, column))
    tasks = []
    for n, cells in rows:
        task_id = clean_text(_value(cells, header, "task_id")) or ""
        if not task_id:
            issues.append(Issue("missing_value", file, n, "task_id"))
            continue
        demand = {}
        for column in resource_columns:
            units = _integer(file, n, column, _value(cells, header, column), issues, default=0)
            if units and column in known:
                demand[known[column]] = units
        predecessors = clean_text(_value(cells, header, "predecessors")) or ""
        tasks.append(
            Task(
                id=task_id,
                duration=_integer(file, n, "duration", _value(cells, header, "duration"), issues)
                or 0,
                predecessors=tuple(predecessors.replace(",", " ").replace("،", " ").split()),
                weight=_number(file, n, "weight", _value(cells, header, "weight"), issues),
                demand=demand,
                cost=_number(file, n, "cost", _value(cells, header, "cost"), issues),
            )
        )
    spending = []
    if spending_table is not None:
        file, header, rows = spending_table
        for n, cells in rows:
            start = _integer(file, n, "start", _value(cells, header, "start"), issues)
            end = _integer(file, n, "end", _value(cells, header, "end"), issues)
            limit = _number(file, n, "limit", _value(cells, header, "limit"), issues)
            if start is not None and end is not None:
                spending.append(SpendLimit(start, end, limit))
    if issues:
        raise PlanInputError(issues)
    instance = PlanInstance(tasks=tasks, resources=resources, spending=spending)
    issues = check(instance)
    if issues:
        raise PlanInputError(issues)
    return instance


def write_instance(instance: PlanInstance, folder: Path) -> Path:
    """The folder ``read_instance`` reads back (tasks.csv, resources.csv, spending.csv)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = [r.name for r in instance.resources]
    with (folder / "tasks.csv").open("w", encoding="utf-8", newline="") as fh:
        out = SafeCsvWriter(csv.writer(fh))
        out.writerow(["task_id", "duration", "predecessors", "weight", "cost", *names])
        for t in instance.tasks:
            out.writerow(
                [
                    t.id,
                    t.duration,
                    " ".join(t.predecessors),
                    t.weight or "",
                    t.cost or "",
                    *(t.demand.get(n, 0) for n in names),
                ]
            )
    with (folder / "resources.csv").open("w", encoding="utf-8", newline="") as fh:
        out = SafeCsvWriter(csv.writer(fh))
        out.writerow(["resource", "capacity"])
        out.writerows([r.name, r.capacity] for r in instance.resources)
    if instance.spending:
        with (folder / "spending.csv").open("w", encoding="utf-8", newline="") as fh:
            out = SafeCsvWriter(csv.writer(fh))
            out.writerow(["start", "end", "limit"])
            out.writerows([p.start, p.end, p.limit] for p in instance.spending)
    return folder


def write_result(
    instance: PlanInstance, result: Result, cpm: CriticalPath | None, folder: Path
) -> dict:
    """schedule.csv (when a schedule was found) and summary.json; returns the summary."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    summary = result.summary()
    if result.start is not None and cpm is not None:
        summary["critical_path_length"] = cpm.duration
        summary["critical_tasks"] = sum(cpm.critical(t.id) for t in instance.tasks)
        with (folder / "schedule.csv").open("w", encoding="utf-8", newline="") as fh:
            out = SafeCsvWriter(csv.writer(fh))
            out.writerow(SCHEDULE_COLUMNS)
            for t in sorted(
                instance.tasks, key=lambda t: (result.start[t.id], instance.position[t.id])
            ):
                start = result.start[t.id]
                out.writerow(
                    [
                        t.id,
                        start,
                        start + instance.length(t),
                        cpm.early_start[t.id],
                        cpm.late_start[t.id],
                        cpm.total_float(t.id),
                        "yes" if cpm.critical(t.id) else "no",
                    ]
                )
    (folder / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return summary


ACTUAL_COLUMNS = ("task_id", "actual_start", "actual_finish", "percent")


@dataclass(frozen=True)
class ActualRow:
    """One row of an actuals file: a task's real start and finish dates, its percent done."""

    row: int
    task_id: str
    start: dt.date | None = None
    finish: dt.date | None = None
    percent: float | None = None


def read_actuals(path: Path) -> list[ActualRow]:
    """Read an actuals file (CSV in any encoding, or XLSX; task_id, actual_start,
    actual_finish, percent; dates day first as written in Libya, Arabic-Indic digits accepted).
    Every problem is raised together (``PlanInputError``) with its row and column."""
    path = Path(path)
    issues: list[Issue] = []
    found = _read(path.parent, path.stem, issues, True, ("task_id",)) if path.exists() else None
    if found is None:
        if path.exists() and not issues:
            issues.append(Issue("unreadable", path.name))
        elif not path.exists():
            issues = [Issue("missing_file", path.name)]
        raise PlanInputError(issues)
    file, header, rows = found
    if not any(c in header for c in ACTUAL_COLUMNS[1:]):
        raise PlanInputError([Issue("missing_column", file, 1, "actual_start")])
    out: list[ActualRow] = []
    seen: dict[str, int] = {}
    for n, cells in rows:
        task_id = clean_text(_value(cells, header, "task_id")) or ""
        if not task_id:
            issues.append(Issue("missing_value", file, n, "task_id"))
            continue
        if task_id in seen:
            issues.append(Issue("duplicate_task", file, n, "task_id", task_id))
        seen[task_id] = n
        dates = {}
        for column in ("actual_start", "actual_finish"):
            raw = _value(cells, header, column)
            try:
                dates[column] = parse_date(raw)
            except ParseError:
                issues.append(Issue("not_a_date", file, n, column, str(raw)))
                dates[column] = None
        percent = None
        raw = _value(cells, header, "percent")
        try:
            value = parse_decimal(str(raw).rstrip("%٪ ") if isinstance(raw, str) else raw)
        except ParseError:
            issues.append(Issue("not_a_number", file, n, "percent", str(raw)))
            value = None
        if value is not None:
            percent = float(value)
            if not 0 <= percent <= 100:
                issues.append(Issue("bad_percent", file, n, "percent", str(raw)))
        start, finish = dates["actual_start"], dates["actual_finish"]
        if finish is not None and (start is None or finish < start):
            issues.append(Issue("bad_actuals", file, n, "actual_finish", task_id))
        if start is None and finish is None and percent:
            issues.append(Issue("missing_value", file, n, "actual_start"))
        out.append(ActualRow(n, task_id, start, finish, percent))
    if issues:
        bad = {i.row for i in issues}
        raise PlanInputError(issues, [r for r in out if r.row not in bad])
    return out
