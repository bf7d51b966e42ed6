"""A solved scenario as the committee reads it first: what is funded, what it costs each year
against that year's budget, what it brings (jobs, exports, value added), what the greedy
baseline would have done in one sentence — and the factories left out grouped by reason (one
heading per reason, not one sentence per factory). Plain data from the stored result, in one
language; the scenario page shows it above the solver's details."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ihya import formats
from ihya.portfolio.messages import REASONS, reason_group, reason_text
from ihya.portfolio.results import PortfolioResult


def spend_rows(result: PortfolioResult) -> list[dict]:
    """One row per year: its budget, what the portfolio spends, the share of the budget spent
    (None without a budget)."""
    spend = [float(x) for x in result.spend or ()]
    rows = []
    for k, year in enumerate(result.years):
        budget = result.budgets[k] if k < len(result.budgets) else None
        budget = None if budget in (None, "") else float(budget)
        amount = spend[k] if k < len(spend) else 0.0
        share = 100 * amount / budget if budget else None
        rows.append(
            {
                "year": year,
                "budget": budget,
                "spend": amount,
                "spend_whole": round(amount),  # the summary's figure: whole dinars
                "share": share,
            }
        )
    return rows


def greedy_sentence(result: PortfolioResult, *, cheapest: bool, lang: str) -> str:
    """What the greedy baseline (factories taken one by one by value per unit of cost, within
    the same limits) would have done, in one sentence."""
    s = result.summary
    n = lambda v, places=0: formats.number(v, lang, places=places)  # noqa: E731
    with translation.override(lang):
        if cheapest or s.greedy_objective is None or s.objective is None:
            return _("No greedy baseline was computed for this scenario.")
        jobs = (result.totals or {}).get("jobs")
        greedy_jobs = (s.greedy_totals or {}).get("jobs")
        if jobs is not None and greedy_jobs is not None:
            fewer = round(jobs) - round(greedy_jobs)
            if fewer > 0:
                return ngettext(
                    "Taking the factories one by one by value per unit of cost would restore "
                    "%(n)s fewer job for the same budget (%(greedy)s against %(best)s).",
                    "Taking the factories one by one by value per unit of cost would restore "
                    "%(n)s fewer jobs for the same budget (%(greedy)s against %(best)s).",
                    fewer,
                ) % {"n": n(fewer), "greedy": n(greedy_jobs), "best": n(jobs)}
            if fewer < 0:
                return ngettext(
                    "Taking the factories one by one by value per unit of cost would restore "
                    "%(n)s more job for the same budget, but reach less of the objective "
                    "(%(greedy)s against %(best)s).",
                    "Taking the factories one by one by value per unit of cost would restore "
                    "%(n)s more jobs for the same budget, but reach less of the objective "
                    "(%(greedy)s against %(best)s).",
                    -fewer,
                ) % {
                    "n": n(-fewer),
                    "greedy": n(s.greedy_objective, 4),
                    "best": n(s.objective, 4),
                }
        greedy, best = s.greedy_objective, s.objective
        pct = 100 * (best - greedy) / abs(greedy) if greedy else 0.0
        return _(
            "Taking the factories one by one by value per unit of cost would reach "
            "%(greedy)s of the objective for the same budget, against %(best)s here "
            "(%(pct)s %% more)."
        ) % {"greedy": n(greedy, 4), "best": n(best, 4), "pct": n(pct, 1)}


def left_out_groups(result: PortfolioResult, lang: str) -> list[dict]:
    """The factories left out, one group per reason (in ``REASONS`` order): its code, heading,
    and the factories (id, name, the reason's sentence for that factory)."""
    why = result.why_out or {}
    groups: dict[str, list[dict]] = {}
    for row in result.left_out or ():
        reason = why.get(row.factory_id) or {}
        groups.setdefault(reason.get("code") or "", []).append(
            {
                "factory_id": row.factory_id,
                "name": row.name(lang),
                "why": reason_text(reason, lang),
            }
        )
    order = {code: k for k, code in enumerate(REASONS)}
    with translation.override(lang):
        return [
            {"code": code or "unknown", "title": reason_group(code), "rows": rows}
            for code, rows in sorted(groups.items(), key=lambda g: order.get(g[0], len(order)))
        ]


def decision_summary(result: PortfolioResult | None, *, cheapest: bool, lang: str) -> dict:
    """The one-screen summary of a result with a portfolio ({} otherwise)."""
    if result is None or not result.has_portfolio:
        return {}
    years = spend_rows(result)
    budgets = [y["budget"] for y in years if y["budget"] is not None]
    totals = result.totals or {}
    return {
        "factories": len(result.selected or ()),
        "candidates": result.candidates,
        "requirements": len(result.funded or ()),
        "shared": len(result.shared),
        "cost": sum(y["spend"] for y in years),
        "budget": sum(budgets) if budgets else None,
        "years": years,
        "jobs": totals.get("jobs", 0.0),
        "exports": totals.get("exports", 0.0),
        "value_added": totals.get("value_added", 0.0),
        "greedy": greedy_sentence(result, cheapest=cheapest, lang=lang),
        "left_out": left_out_groups(result, lang),
        "left_out_count": len(result.left_out or ()),
    }
