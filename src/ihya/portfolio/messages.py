"""Conflicts of an infeasible portfolio and input problems → sentences in Arabic and English.
The CLI writes them to summary.json; the pages show them."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ihya import formats
from ihya.core.portfolio.explain import Conflict, Part, Reason
from ihya.core.portfolio.instance import Issue


def _n(value: float | None, language: str) -> str:
    return formats.number(round(value, 3) if value is not None else None, language)


def _ids(factories) -> str:
    return "، ".join(factories) if translation.get_language() == "ar" else ", ".join(factories)


def _limit(part: Part, language: str) -> str:
    capacity = _n(part.capacity, language)
    if part.kind == "budget":
        return _("the year-%(year)s budget (%(capacity)s)") % {
            "year": part.year,
            "capacity": capacity,
        }
    name = _("foreign currency") if part.name == "fx" else part.name
    text = _("the %(name)s limit") % {"name": name}
    if part.year:
        text += " " + _("in year %(year)s") % {"year": part.year}
    if part.region:
        text += " " + _("in %(region)s") % {"region": part.region}
    return f"{text} ({capacity})"


def _phrase(part: Part, language: str) -> str:
    if part.kind in ("budget", "resource"):
        return _limit(part, language)
    if part.kind == "include":
        return _("the must-include factories %(ids)s") % {"ids": _ids(part.factories)}
    if part.kind == "exclude":
        return _("the must-exclude factories %(ids)s") % {"ids": _ids(part.factories)}
    if part.kind == "region":
        measure = _("factories") if part.measure == "factories" else part.measure
        return _("at least %(share)s %% of the %(measure)s in %(region)s") % {
            "share": _n(100 * part.share, language),
            "measure": measure,
            "region": part.region,
        }
    return _("%(measure)s of at least %(amount)s") % {
        "measure": part.measure,
        "amount": _n(part.amount, language),
    }


def conflict_text(conflict: Conflict, language: str) -> str:
    """One sentence: the usual case (a limit below what the must-include factories need) said
    plainly, any other set of conflicting constraints listed."""
    with translation.override(language):
        parts = list(conflict.parts)
        kinds = sorted(p.kind for p in parts)
        if len(parts) == 2 and "include" in kinds:
            limit = next(p for p in parts if p.kind != "include")
            include = next(p for p in parts if p.kind == "include")
            if limit.kind in ("budget", "resource") and limit.needed is not None:
                return _(
                    "%(limit)s is below the %(needed)s that the must-include factories %(ids)s need."
                ) % {
                    "limit": _limit(limit, language)[:1].upper() + _limit(limit, language)[1:],
                    "needed": _n(limit.needed, language),
                    "ids": _ids(include.factories),
                }
        if len(parts) == 1:
            return _("This constraint cannot be met on its own: %(what)s.") % {
                "what": _phrase(parts[0], language)
            }
        return _("These constraints cannot all hold together: %(list)s.") % {
            "list": "؛ ".join(_phrase(p, language) for p in parts)
            if language == "ar"
            else "; ".join(_phrase(p, language) for p in parts)
        }


def _limit_of(reason: dict, language: str) -> str:
    limit = reason.get("limit")
    if isinstance(limit, dict):
        fields = {k: limit[k] for k in ("capacity", "year", "name", "region")}
        return _limit(Part(limit["kind"], "", **fields), language)
    return reason.get("label", "")


def reason_text(reason: dict | Reason | None, language: str) -> str:
    if reason is None:
        return ""
    if isinstance(reason, Reason):
        reason = reason.__dict__
    with translation.override(language):
        code = reason.get("code")
        if code == "excluded":
            return _("Excluded by a committee decision.")
        if code == "too_costly":
            return _("Does not fit %(limit)s on its own.") % {"limit": _limit_of(reason, language)}
        if code == "no_value":
            return _("Adds nothing to the objective with these weights.")
        if code == "no_room":
            text = _("Needs more than the chosen factories leave of %(limit)s.") % {
                "limit": _limit_of(reason, language)
            }
            ratio, cutoff = reason.get("ratio"), reason.get("cutoff")
            if ratio is not None and cutoff is not None and ratio < cutoff:
                text += " " + _(
                    "Its value per unit of the limits it uses (%(ratio)s) is below that of the least efficient factory chosen (%(cutoff)s)."
                ) % {"ratio": _n(ratio, language), "cutoff": _n(cutoff, language)}
            return text
        if code == "not_needed":
            return _("Not needed to reach the targets at the least cost.")
        if code == "other":
            return _("It would fit, but a regional minimum or the solver's gap kept it out.")
        return code or ""


REASONS = ("excluded", "too_costly", "no_room", "no_value", "not_needed", "other")  # their order


def reason_group(code: str | None) -> str:
    """The heading of the factories left out for one reason (the page's and the report's)."""
    return {
        "excluded": _("Excluded by a committee decision"),
        "too_costly": _("Too costly on their own"),
        "no_room": _("No room left in the limits"),
        "no_value": _("Worth nothing with these weights"),
        "not_needed": _("Not needed to reach the targets"),
        "other": _("Kept out by a regional minimum or the solver's gap"),
    }.get(code or "", _("Other reasons"))


def issue_text(issue: Issue, language: str) -> str:
    with translation.override(language):
        template = {
            "missing_file": _("The file is missing."),
            "unreadable": _("The file cannot be read."),
            "missing_column": _("A required column is missing."),
            "missing_value": _("A required value is empty."),
            "not_a_number": _("This is not a number."),
            "negative": _("This cannot be negative."),
            "duplicate": _("This identifier appears twice."),
            "unknown_factory": _("No factory has this identifier in factories.csv."),
            "unknown_requirement": _("No requirement has this identifier in requirements.csv."),
            "unknown_option": _("The factory has no option of this name."),
            "bad_decision": _("A decision is include or exclude."),
            "bad_year": _("This year is not a year of the plan."),
            "unknown_measure": _("No factory column has this name."),
            "unknown_region": _("No factory lies in this region."),
            "include_and_exclude": _("A factory cannot be both included and excluded."),
            "share_out_of_range": _("A share lies between 0 and 1 (or 0 and 100 %)."),
            "no_regions": _("Regional minimums need a region column in factories.csv."),
            "negative_or_missing": _("Costs, uses and capacities must be numbers of at least 0."),
            "bad_cost_column": _("Cost columns are named cost_y1, cost_y2 … (no leading zero)."),
            "reserved_name": _("This name is reserved for another column; choose another."),
        }.get(issue.code, issue.code)
        where = issue.file
        if issue.row:
            where += " " + _("row %(row)s") % {"row": issue.row}
        if issue.column:
            where += " " + _("column %(column)s") % {"column": issue.column}
        value = f" ({issue.value})" if issue.value else ""
        return f"{where}: {template}{value}"
