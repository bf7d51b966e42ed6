"""The KPI import's and entry's problems as sentences in Arabic and English."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _


def _messages() -> dict[str, str]:
    return {
        "unreadable": _("The file cannot be read."),
        "empty_file": _("The file has no rows."),
        "missing_column": _("A required column is missing."),
        "missing_value": _("A required value is empty."),
        "bad_quarter": _("This is not a quarter: write it as 2027-Q1."),
        "unknown_indicator": _(
            "This is not an indicator: factories_restarted, jobs, exports, value_added or spending."
        ),
        "not_a_number": _("This is not a number."),
        "negative": _("This cannot be negative."),
        "not_an_integer": _("This is not a whole number."),
        "too_large": _("This number is too large."),
        "unknown_body": _("No body of this code or name."),
        "unknown_municipality": _("No municipality of this code or name."),
        "duplicate_row": _("The same quarter, indicator, body and municipality as row %(first)s."),
    }


def problem_text(
    code: str,
    language: str,
    *,
    file: str = "",
    row: int | None = None,
    column: str = "",
    value: str = "",
    params: dict | None = None,
) -> str:
    """``file row N column C: reason (value)`` in ``language``."""
    with translation.override(language):
        reason = _messages().get(code, code)
        if params:
            reason = reason % params
        where = file
        if row:
            where += " " + _("row %(row)s") % {"row": row}
        if column:
            where += " " + _("column %(column)s") % {"column": column}
        shown = f" ({value})" if value else ""
        return f"{where.strip()}: {reason}{shown}" if where.strip() else f"{reason}{shown}"
