"""Validation codes of input–output tables → sentences in Arabic and English."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ihya.core.linkages.table import TableIssue


def _messages() -> dict[str, str]:
    return {
        "negative_flow": _("A flow between sectors cannot be negative."),
        "negative_value": _("The row %(row)s cannot hold a negative value."),
        "unbalanced": _(
            "The sector does not balance: its outputs (%(outputs)s) and its inputs (%(inputs)s) differ by more than %(tolerance)s."
        ),
        "label_mismatch": _(
            "The sector columns must carry the sector codes in the order of the rows; expected %(expected)s."
        ),
        "not_a_number": _("This is not a number."),
        "duplicate_sector": _("This sector code appears twice."),
        "missing_code": _("The sector code is empty."),
        "missing_column": _("A required column is missing."),
        "missing_row": _("The value_added row is missing."),
        "total_mismatch": _(
            "total_output differs from intermediate plus final sales (%(computed)s)."
        ),
        "empty_file": _("The file is empty."),
        "malformed_text": _("The file cannot be read as a CSV table."),
        "not_a_pymrio_folder": _("This folder was not saved by pymrio (no file_parameters.json)."),
        "malformed_pymrio": _("The pymrio folder cannot be read: %(detail)s"),
        "unreadable_file": _("The file %(file)s could not be read: %(reason)s"),
        "workbook_too_large": _(
            "The workbook %(file)s expands to too much data to be read safely; split it or save it as CSV."
        ),
        "file_not_found": _("The file %(file)s does not exist."),
        "old_excel_format": _("%(file)s is an old .xls workbook; save it as .xlsx or .csv."),
        "unsupported_format": _("%(file)s is not a CSV or XLSX file."),
        "not_finite": _("A value is too large to compute with, or is not a number."),
        "duplicate_row": _("This row appears twice; keep one."),
        "value_added_in_final_demand": _(
            "Value added in a final-demand column: is this column a sector whose row is missing? Add the sector's row or empty the cell."
        ),
        "not_productive": _(
            "The table has no solution: its sectors use more inputs than they produce (I − A is singular). Check the value_added and imports rows."
        ),
    }


def issue_text(issue: TableIssue, language: str) -> str:
    with translation.override(language):
        template = _messages().get(issue.code, issue.code)
        try:
            return template % issue.params if issue.params else template.replace("%%", "%")
        except (KeyError, TypeError, ValueError):
            return template
