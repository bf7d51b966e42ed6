"""The trade checks' issues (``ihya.core.trade.hygiene``) → problems in Arabic and English, each
naming the file, the column, the first row and how many cells or rows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ihya.core.trade.hygiene import Issue
from ihya.errors import Problem

MESSAGES = {
    "blank_value": _(
        "%(file)s, column %(column)s: %(count)s blank value(s), the first in row %(row)s. "
        "A blank is not a zero: write 0 or remove the row."
    ),
    "not_a_number": _(
        "%(file)s, column %(column)s: %(count)s value(s) that are not numbers, the first in "
        "row %(row)s (%(value)s)."
    ),
    "negative_value": _(
        "%(file)s, column %(column)s: %(count)s negative value(s), the first in row %(row)s "
        "(%(value)s); trade values cannot be negative."
    ),
    "empty_country": _(
        "%(file)s, column %(column)s: %(count)s row(s) without a country, the first in row %(row)s."
    ),
    "empty_product": _(
        "%(file)s, column %(column)s: %(count)s row(s) without a product, the first in row %(row)s."
    ),
    "bad_year": _(
        "%(file)s, column %(column)s: %(count)s value(s) that are not years, the first in row "
        "%(row)s (%(value)s)."
    ),
    "future_year": _(
        "%(file)s, column %(column)s: %(count)s row(s) in %(value)s, after the current year, "
        "the first in row %(row)s; a mistyped year?"
    ),
    "stray_year": _(
        "%(file)s, column %(column)s: %(count)s row(s) in %(value)s, far from the file's other "
        "years (%(other)s), the first in row %(row)s; a mistyped year?"
    ),
    "mixed_separators": _(
        "%(file)s, column %(column)s: numbers are written both with a decimal comma "
        "(%(value)s) and with thousands separators (%(other)s); write them one way."
    ),
    "no_rows": _("%(file)s holds no rows to analyse: a header and no data."),
    "no_rows_left": _(
        "No rows left to analyse in %(file)s: all %(count)s row(s) were left out by the checks "
        "above. Nothing was written."
    ),
    "no_rows_filtered": _(
        "No rows left to analyse: the years asked for or the filters (aggregates, uninhabited "
        "territories, residual codes, population, exports) left out every row. Nothing was "
        "written."
    ),
    "encoding": _("%(file)s is not text in UTF-8, UTF-16 or Windows-1256; save it as CSV UTF-8."),
    "unreadable": _(
        "%(file)s cannot be read as a CSV (comma, semicolon or tab separated, with a header "
        "row) or a Parquet file."
    ),
}
LENIENT_HINT = _("Nothing was written. With --lenient the bad rows are left out and counted.")


def issue_problem(issue: Issue) -> Problem:
    """One issue as a problem (field: the column; params: file and row)."""
    return Problem.of(
        issue.column,
        issue.code,
        MESSAGES[issue.code],
        file=issue.file,
        column=issue.column or "",
        count=issue.count,
        row=issue.row if issue.row is not None else "",
        value=issue.value,
        other=issue.other,
    )


def no_rows_problem() -> Problem:
    """Every row read was left out by the years asked for or the filters."""
    return Problem.of(None, "no_rows_filtered", MESSAGES["no_rows_filtered"])


UPLOAD_HINT = _(
    "Nothing was analysed. Send lenient=true with the file to leave the bad rows out, counted "
    "under input_checks."
)


def upload_hint_problem() -> Problem:
    """The hint for an upload (the API has a ``lenient`` field, not ``--lenient``)."""
    return Problem.of(None, "lenient_hint", UPLOAD_HINT)


def hint_problem() -> Problem:
    return Problem.of(None, "lenient_hint", LENIENT_HINT)


def dropped_problem(count: int) -> Problem:
    return Problem.of(
        None, "rows_left_out", _("%(count)s row(s) left out (--lenient)."), count=count
    )


# the readers' refusals (``TradeInputError``, ``HomeNotFound``) by code
INPUT_ERRORS = {
    "no_file_matches": _("No file matches %(pattern)s."),
    "file_not_found": _("File not found: %(file)s."),
    "no_input_file": _("No input file was given."),
    "mixed_formats": _("The files mix Parquet and CSV: convert them to one format."),
    "column_not_in_file": _(
        "The column %(column)s (given for the %(role)s) is not in the file; its columns are: "
        "%(columns)s."
    ),
    "columns_unknown": _(
        "Cannot tell which column holds: %(missing)s; the file's columns are: %(columns)s. Name "
        "them with --year-col, --country-col, --product-col, --value-col (and --importer-col)."
    ),
    "unknown_classification": _("Unknown classification %(value)s: use hs, sitc or auto."),
    "not_years": _("The year column holds values that are not years: %(values)s."),
    "needs_bilateral": _(
        "Export potential needs bilateral flows (exporter, importer, product, value), such as "
        "BACI's t, i, j, k, v; name the importer column with --importer-col."
    ),
    "no_flows_for_year": _("The file holds no flows for the year %(year)s."),
    "population_file": _("The population file %(file)s cannot be read: %(reason)s"),
    "home_not_found": _(
        "%(home)s exports nothing in %(year)s: choose another year or home country."
    ),
}


def input_error_problem(exc: Exception, rename=lambda text: text) -> Problem:
    """A reader's refusal in Arabic and English (its English sentence when its code has no
    translation); ``rename`` shows an upload's name instead of its temporary path."""
    code = getattr(exc, "code", "trade_input")
    params = {k: rename(str(v)) for k, v in getattr(exc, "params", {}).items()}
    if code in INPUT_ERRORS:
        return Problem.of(None, code, INPUT_ERRORS[code], **params)
    text = rename(str(exc))
    return Problem(None, code, text, text, params)
