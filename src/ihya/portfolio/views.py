"""Portfolio pages: scenarios, the builder, a scenario's result, its progress while solving,
and the comparison of two scenarios. Every view checks its permission on the server."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihya.errors import Conflict, Invalid, StaleEdit
from ihya.generations import PerGeneration
from ihya.portfolio import selectors, services
from ihya.portfolio.decision import decision_summary
from ihya.portfolio.forms import WEIGHT_LABELS, ScenarioForm
from ihya.portfolio.messages import reason_text
from ihya.portfolio.results import PortfolioResult
from ihya.web.context import digits_of

if TYPE_CHECKING:  # types only: this interface reads through selectors
    from ihya.portfolio.models import PortfolioScenario


def status_labels() -> dict[str, str]:
    return {
        "optimal": _("Optimal"),
        "gap_reached": _("Optimal within the gap"),
        "time_limit": _("Time limit reached: the best portfolio found so far"),
        "interrupted": _("Interrupted: the best portfolio found so far"),
        "infeasible": _("Infeasible: no portfolio meets every constraint"),
        "error": _("The solver failed"),
    }


def _status_of(result: PortfolioResult | None) -> str:
    """The solver's status of a stored result, in words ("" before the first solve)."""
    return status_labels().get(result.status, "") if result else ""


def _scenario(pk: int) -> PortfolioScenario:
    scenario = selectors.scenario_get(pk)
    if scenario is None:
        raise Http404
    return scenario


def _lang() -> str:
    return "ar" if (get_language() or "ar").startswith("ar") else "en"


@login_required
@permission_required("portfolio.view_portfolioscenario", raise_exception=True)
def scenarios_view(request):
    scenarios = list(selectors.scenario_list())
    for s in scenarios:
        s.status_label = _status_of(s.outcome)
    return render(
        request,
        "portfolio/scenarios.html",
        {"scenarios": scenarios},
    )


def _save(request, scenario: PortfolioScenario | None):
    status = 200
    if request.method == "POST":
        form = ScenarioForm(request.POST)
        if form.is_valid():
            try:
                saved = services.portfolio_scenario_save(
                    actor=request.user,
                    scenario_id=getattr(scenario, "pk", None),
                    **form.service_data(),
                )
            except (Invalid, Conflict) as error:
                form.show(error)  # a stale version: above the form, what was typed kept
                status = 409 if isinstance(error, StaleEdit) else 200
            else:
                messages.success(request, _("Scenario saved. Solve it to see its portfolio."))
                return redirect("portfolio:scenario", pk=saved.pk)
    else:
        form = ScenarioForm(initial=ScenarioForm.initial_from(scenario) if scenario else None)
    return _form_page(request, form, scenario, status=status)


def _form_page(request, form, scenario, *, status=200):
    weight_fields = [form[f"w_{name}"] for name in WEIGHT_LABELS]
    target_fields = [form[f"t_{name}"] for name in WEIGHT_LABELS]
    region_fields = [form[f"region_{k}"] for k in range(len(form.regions))]
    return render(
        request,
        "portfolio/form.html",
        {
            "form": form,
            "scenario": scenario,
            "weight_fields": weight_fields,
            "target_fields": target_fields,
            "region_fields": region_fields,
        },
        status=status,
    )


@login_required
@permission_required("portfolio.add_portfolioscenario", raise_exception=True)
def scenario_new_view(request):
    return _save(request, None)


@login_required
@permission_required("portfolio.change_portfolioscenario", raise_exception=True)
def scenario_edit_view(request, pk: int):
    return _save(request, _scenario(pk))


def _localise(result: PortfolioResult | None, lang: str) -> dict:
    """What the page shows of a result, in the user's language: names, districts, descriptions,
    why each factory is out. An infeasible result has a summary and an explanation but no
    portfolio (``selected`` is then absent)."""
    if result is None:
        return {}
    out = {
        "summary": result.summary,
        "explanation": [e[lang] for e in result.explanation],
        "candidates": result.candidates,
        "curve": result.curve,
        "frontier": result.frontier,
        "years": result.years,
        "budgets": result.budgets,
        "sources": result.sources,
    }
    if not result.has_portfolio:
        return out
    why = result.why_out or {}

    def row(r, **extra):
        return {**asdict(r), "name": r.name(lang), "district": r.district(lang), **extra}

    out["selected"] = [row(r) for r in result.selected]
    out["left_out"] = [
        row(r, why=reason_text(why.get(r.factory_id), lang)) for r in result.left_out or ()
    ]
    out["funded"] = [{**asdict(r), "description": r.description(lang)} for r in result.funded or ()]
    names = {r["factory_id"]: r["name"] for r in (*out["selected"], *out["left_out"])}
    out["shared"] = [  # what a shared requirement unlocks: the factories by name
        {**r, "unlocks": [names.get(f, f) for f in r["unlocks"]]}
        for r in out["funded"]
        if len(r["unlocks"]) > 1
    ]
    out["totals"] = result.totals
    out["spend"] = result.spend
    return out


@login_required
@permission_required("portfolio.view_portfolioscenario", raise_exception=True)
def scenario_view(request, pk: int):
    scenario = selectors.scenario_list().defer("result").filter(pk=pk).first()
    if scenario is None:
        raise Http404
    lang = _lang()
    shown = _DECISIONS.get(
        pk, scenario.updated_at, scenario.solved_at, lang, digits_of(request.user)
    )
    return render(
        request,
        "portfolio/scenario.html",
        {
            "scenario": scenario,
            **shown,
            "weights": [(WEIGHT_LABELS[k], v) for k, v in scenario.weights.items()],
            "targets": [(WEIGHT_LABELS[k], v) for k, v in (scenario.targets or {}).items()],
            "running": scenario.busy,
        },
    )


def _decision(pk: int, updated_at, solved_at, lang: str, digits: str) -> dict:
    """A solved scenario's result as its page shows it, in ``lang`` and ``digits``: the summary
    and explanation, and the decision drawn (``partials/decision.html``: the summary, charts,
    details and who is left out, hundreds of formatted figures). A result changes only with a solve or an edit of
    the scenario (``updated_at``, ``solved_at``) and names its factories itself, so each process
    keeps the last few drawn: the decision page is read far more often than it is solved."""
    scenario = _scenario(pk)
    result = _localise(scenario.outcome, lang)
    context = {"result": result, "status_label": _status_of(scenario.outcome)}
    if result.get("selected") is None:
        return {**context, "decision_html": ""}
    chart = {}
    if result.get("spend") is not None:
        chart = {
            "years": result["years"],
            "spend": result["spend"],
            "budgets": result["budgets"],
            "curve": [
                {
                    "factor": p.factor,
                    "budget": p.budget,
                    "status": p.status,
                    "objective": p.objective,
                    "greedy": p.greedy,
                    **p.totals,
                }
                for p in result["curve"]
            ],
            "frontier": [asdict(p) for p in result["frontier"]],
            "selected": [
                {"name": row["name"], "jobs": row["jobs"], "exports": row["exports"]}
                for row in result["selected"][:25]
            ],
        }
    decision = decision_summary(scenario.outcome, cheapest=bool(scenario.targets), lang=lang)
    html = render_to_string(
        "portfolio/partials/decision.html",
        {
            **context,
            "decision": decision,
            "chart": chart,
            "targets": bool(scenario.targets),
            "digits": digits,
        },
    )
    return {**context, "decision_html": html}


_DECISIONS = PerGeneration(_decision, lambda: None, size=16)


@login_required
@permission_required("portfolio.solve_portfolioscenario", raise_exception=True)
@require_POST
def solve_view(request, pk: int):
    try:
        services.portfolio_scenario_solve(actor=request.user, scenario_id=pk)
    except services.SolveBusy:
        messages.warning(request, _("This scenario is already being solved."))
    return redirect("portfolio:scenario", pk=pk)


@login_required
@permission_required("portfolio.view_portfolioscenario", raise_exception=True)
def progress_view(request, pk: int):
    scenario = _scenario(pk)
    if scenario.finished:
        response = render(request, "portfolio/partials/progress.html", {"scenario": scenario})
        response["HX-Refresh"] = "true"
        return response
    return render(request, "portfolio/partials/progress.html", {"scenario": scenario})


@login_required
@permission_required("portfolio.view_portfolioscenario", raise_exception=True)
def compare_view(request):
    scenarios = list(selectors.scenario_list())
    by_id = {str(s.pk): s for s in scenarios}
    a, b = by_id.get(request.GET.get("a")), by_id.get(request.GET.get("b"))
    lang = _lang()
    ra = _localise(a.outcome, lang) if a else {}
    rb = _localise(b.outcome, lang) if b else {}
    without = [(s, r) for s, r in ((a, ra), (b, rb)) if s and "selected" not in r]
    rows = []
    if a and b and not without:
        for row in selectors.comparison(a.outcome, b.outcome):
            factory = row["factory"]
            rows.append(
                {
                    "factory_id": factory.factory_id,
                    "name": factory.name(lang),
                    "in_a": row["in_a"],
                    "in_b": row["in_b"],
                    "why": reason_text(row["why"], lang),
                }
            )
    return render(
        request,
        "portfolio/compare.html",
        {
            "scenarios": scenarios,
            "a": a,
            "b": b,
            "rows": rows,
            "both": [ra, rb],
            "without": without,
            "status_a": _status_of(a.outcome) if a else "",
            "status_b": _status_of(b.outcome) if b else "",
        },
    )
