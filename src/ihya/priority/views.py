"""The factory ranking page (weights that re-rank live through HTMX) and a factory's explanation."""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render

from ihya.core.priority.methods import PriorityInputError
from ihya.priority import selectors
from ihya.priority.criteria import criteria

METHODS = ("wsm", "topsis", "promethee")


def _choice(request):
    """Scenario, method and weights from the query (sliders), falling back to the scenario's."""
    params = request.GET
    scenarios = list(selectors.scenario_list())
    scenario = next(
        (s for s in scenarios if str(s.pk) == params.get("scenario")),
        scenarios[0] if scenarios else None,
    )
    weights = selectors.weights_of(scenario)
    for c in criteria():
        raw = params.get(f"w_{c.code}")
        if raw is not None:
            with contextlib.suppress(ValueError):
                weights[c.code] = max(0.0, min(1.0, float(raw)))
    method = (
        params.get("method")
        if params.get("method") in METHODS
        else (scenario.method if scenario else "wsm")
    )
    return scenarios, scenario, weights, method


@login_required
@permission_required("priority.view_scenario", raise_exception=True)
def ranking_view(request):
    scenarios, scenario, weights, method = _choice(request)
    try:
        ranking = selectors.factory_ranking(weights=weights, method=method)
    except PriorityInputError:
        ranking = None
    context = {
        "scenarios": scenarios,
        "scenario": scenario,
        "weights": weights,
        "criteria": criteria(),
        "method": method,
        "methods": METHODS,
        "ranking": ranking,
        "query": request.GET.urlencode(),
    }
    template = "priority/partials/ranking_table.html" if request.htmx else "priority/ranking.html"
    return render(request, template, context)


@login_required
@permission_required("priority.view_scenario", raise_exception=True)
def explanation_view(request, external_id: str):
    _, scenario, weights, method = _choice(request)
    ranking = selectors.factory_ranking(weights=weights, method=method)
    explanation = selectors.explain(ranking, external_id)
    if explanation is None:
        raise Http404
    rows = list(
        zip(
            explanation.criteria,
            explanation.values,
            explanation.imputed,
            explanation.contributions,
            strict=True,
        )
    )
    return render(
        request,
        "priority/explanation.html",
        {
            "e": explanation,
            "rows": rows,
            "ranking": ranking,
            "method": method,
            "scenario": scenario,
            "query": request.GET.urlencode(),
        },
    )
