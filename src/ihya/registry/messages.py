"""Import messages in Arabic and English: issue codes from the pure core, rendered via gettext."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ihya import vocabularies
from ihya.core.ingest.validate import Issue

MESSAGES = {
    "required": _("A value is required."),
    "not_a_number": _("“{value}” is not a number."),
    "not_an_integer": _("“{value}” is not a whole number."),
    "not_a_date": _("“{value}” is not a date; write 2024-03-01 or 01/03/2024."),
    "not_a_boolean": _("“{value}” is not yes or no."),
    "future_date": _("The date is in the future (latest allowed: {max})."),
    "date_too_early": _("The date is too early (earliest allowed: {min})."),
    "below_min": _("Must be at least {min}."),
    "above_max": _("Must be at most {max}."),
    "too_long": _("Longer than {max} characters."),
    "unknown_code": _("Unknown {kind}: “{value}”."),
    "unknown_code_suggest": _("Unknown {kind}: “{value}”. Did you mean: {suggestions}?"),
    "ambiguous": _("“{value}” matches several entries of {kind}: {candidates}."),
    "isic_level": _(
        "ISIC code “{value}” is a section or group; give a division (2 digits) or a class (4 digits)."
    ),
    "hs_level": _("HS code “{value}” must have 4 or 6 digits."),
    "duplicate_key": _("Same key as row {row}."),
    "unknown_factory": _("Factory “{value}” is neither in this file nor in the registry."),
    "missing_column": _("The required column is missing."),
    "unknown_column": _("Column not recognised; it was ignored."),
    "duplicate_column": _("Two columns have the same meaning."),
    "unknown_sheet": _("Sheet “{sheet}” is not recognised; it was ignored."),
    "duplicate_sheet": _("A second sheet for {entity}; only the first was read."),
    "name_required": _("Give an Arabic or an English name."),
    "description_required": _("Give an Arabic or an English description."),
    "closed_with_employees": _("A closed factory cannot have employees now."),
    "empty_file": _("The file “{file}” has no header row."),
    "unreadable_file": _("The file “{file}” could not be read: {reason}"),
    "workbook_too_large": _(
        "The workbook “{file}” expands to too much data to be read safely; split it or save it as CSV."
    ),
    "file_not_found": _("The file “{file}” does not exist."),
    "old_excel_format": _("“{file}” is an old .xls workbook; save it as .xlsx or .csv."),
    "unsupported_format": _("“{file}” is not a CSV or XLSX file."),
    "malformed_text": _("“{file}” cannot be read as a CSV table ({detail})."),
    "no_table": _("No sheet of “{file}” matches an entity of the registry."),
    "forbidden_entity": _("Your role may not import {entity}; nothing was written."),
    "other_body": _(
        "This assessment is credited to “{value}”: each body records its own assessments "
        "(an administrator records any)."
    ),
}

KINDS = {
    "municipality": _("municipality"),
    "isic": _("ISIC activity"),
    "hs": _("HS code"),
    "body": _("body"),
    "cause": _("stall cause"),
    "country": _("country"),
}


def _kind(kind: str) -> str:
    if kind.startswith("vocab:"):
        name = kind.split(":", 1)[1]
        options = ", ".join(t.code for t in vocabularies.terms(name))
        return f"{name} ({options})"
    return str(KINDS.get(kind, kind))


def render(issue: Issue, language: str) -> str:
    """The issue's reason as a sentence in ``language`` ("ar" or "en")."""
    code = issue.code
    params = dict(issue.params)
    if code == "unknown_code" and params.get("suggestions"):
        code = "unknown_code_suggest"
    params.setdefault("value", issue.value or "")
    with translation.override(language):
        if code == "forbidden_entity":
            from ihya.registry.schema import specs

            spec = specs().get(params.get("entity", ""))
            params["entity"] = spec.label(language) if spec else params.get("entity", "")
        if "kind" in params:
            params["kind"] = _kind(params["kind"])
        template = MESSAGES.get(code)
        if template is None:
            return code
        try:
            return str(template).format(**params)
        except (KeyError, IndexError):
            return str(template)
