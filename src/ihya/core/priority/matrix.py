"""Reading an analyst's decision matrix or pairwise table (CSV or XLSX, Libyan input habits)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ihya.core.ingest.normalize import ParseError, clean_text, parse_decimal
from ihya.core.ingest.sources import open_tables
from ihya.core.priority.methods import PriorityInputError


@dataclass(frozen=True)
class DecisionMatrix:
    alternatives: list[str]
    criteria: list[str]
    values: np.ndarray


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list]]]:
    try:
        sheet = next(iter(open_tables(Path(path))))
        rows = [(n, cells) for n, cells in sheet.rows]
    except (ParseError, StopIteration) as exc:
        raise PriorityInputError(f"cannot read {path}: {exc}") from exc
    header = [clean_text(h) or "" for h in sheet.header]
    return header, rows


def read_matrix(path: Path) -> DecisionMatrix:
    """First column the alternative, then one column per criterion; every problem is listed
    with its row and column."""
    header, rows = _rows(path)
    criteria = header[1:]
    if not criteria:
        raise PriorityInputError(
            "the matrix needs a column of alternatives and at least one criterion"
        )
    problems, names, values = [], [], []
    for number, cells in rows:
        names.append(clean_text(cells[0]) or f"row {number}")
        row = []
        for j, criterion in enumerate(criteria, start=1):
            cell = cells[j] if j < len(cells) else None
            try:
                value = parse_decimal(cell)
            except ParseError:
                value = None
            if value is None:
                problems.append(f"row {number}, column {criterion}: {cell!r} is not a number")
                row.append(np.nan)
            else:
                row.append(float(value))
        values.append(row)
    if problems:
        raise PriorityInputError("; ".join(problems[:20]))
    return DecisionMatrix(names, criteria, np.array(values))


def read_pairwise_file(path: Path) -> tuple[list[str], list[list[str]]]:
    header, rows = _rows(path)
    return header, [[str(c) if c is not None else "" for c in cells] for _, cells in rows]
