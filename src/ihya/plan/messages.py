"""The scheduler's input issues as sentences in Arabic and English."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ihya.core.plan.instance import Issue


def _messages() -> dict[str, str]:
    return {
        "missing_file": _("The file is missing."),
        "unreadable": _("The file cannot be read."),
        "missing_column": _("A required column is missing."),
        "missing_value": _("A required value is empty."),
        "not_a_number": _("This is not a number."),
        "not_an_integer": _("This is not a whole number."),
        "negative": _("This cannot be negative."),
        "unknown_resource": _("No resource of this name in resources.csv."),
        "duplicate_task": _("This task identifier appears twice."),
        "unknown_predecessor": _("The predecessor is not a task of tasks.csv."),
        "over_capacity": _("The task needs more of this resource than its capacity."),
        "cycle": _("The predecessors form a cycle: no task of it could ever start."),
        "bad_period": _("A spending period ends after it starts and has a limit of at least 0."),
        "bad_actuals": _("An actual finish needs an actual start on or before it."),
        "not_a_date": _("This is not a date."),
        "bad_percent": _("A percent complete is between 0 and 100."),
        "unknown_task": _("No task of this identifier in the plan."),
        "future_date": _("An actual date cannot be after the date of the actuals."),
        "early_date": _("An actual date cannot be before the plan's start."),
    }


def issue_text(issue: Issue, language: str) -> str:
    """``file row N column C: reason (value)`` in ``language``."""
    with translation.override(language):
        reason = _messages().get(issue.code, issue.code)
        where = issue.file
        if issue.row:
            where += " " + _("row %(row)s") % {"row": issue.row}
        if issue.column:
            where += " " + _("column %(column)s") % {"column": issue.column}
        value = f" ({issue.value})" if issue.value else ""
        return f"{where}: {reason}{value}"
