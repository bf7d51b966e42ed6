"""Tables as the core returns them (a dict of equal-length columns) turned into plain rows, and
the cells of every CSV or XLSX written made safe from formula injection."""

from __future__ import annotations

import math
import re


def records(table: dict) -> list[dict]:
    """Columns (NumPy arrays) → one dict per row, with plain Python values and NaN or ±inf as
    None (JSON has neither)."""
    keys = list(table)
    if not keys:
        return []

    def plain(value):
        value = value.item() if hasattr(value, "item") else value
        return None if isinstance(value, float) and not math.isfinite(value) else value

    return [{k: plain(table[k][i]) for k in keys} for i in range(len(table[keys[0]]))]


# Formula injection (OWASP "CSV injection"): a spreadsheet program runs a cell that starts with
# one of these as a formula (=HYPERLINK(…), =cmd|…). Every CSV and XLSX that Ihya writes passes
# its cells through ``spreadsheet_safe``: such text gets a leading single quote, so it is shown,
# never run; numbers (and text that is a plain number, such as "-12.5") are left alone.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value):
    """``value`` as a spreadsheet may hold it: text starting with = + - @, a tab or a carriage
    return prefixed with ``'`` unless it is a plain number; anything else unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def spreadsheet_row(values) -> list:
    """Each cell of a row through ``spreadsheet_safe``."""
    return [spreadsheet_safe(v) for v in values]


class SafeCsvWriter:
    """A ``csv.writer`` or ``csv.DictWriter`` whose rows go through ``spreadsheet_safe``."""

    def __init__(self, writer) -> None:
        self.writer = writer

    def writerow(self, row):
        if isinstance(row, dict):
            return self.writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        return self.writer.writerow(spreadsheet_row(row))

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)

    def writeheader(self):
        return self.writer.writeheader()
