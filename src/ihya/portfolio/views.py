"""Portfolio pages: scenarios, the builder, a scenario's result, its progress while solving,
and the comparison of two scenarios. Every view checks its permission on the server."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihya.portfolio import selectors, services
from ihya.portfolio.forms import WEIGHT_LABELS, ScenarioForm
from ihya.portfolio.messages import reason_text
from ihya.portfolio.models import PortfolioScenario
from ihya.portfolio.tasks import solve_scenario


def status_labels() -> dict[str, str]:
    return {
        "optimal": _("Optimal"),
        "gap_reached": _("Optimal within the gap"),
        "time_limit": _("Time limit reached: the best portfolio found so far"),
        "interrupted": _("Interrupted: the best portfolio found so far"),
        "infeasible": _("Infeasible: no portfolio meets every constraint"),
        "error": _("The solver failed"),
    }


def _status_of(result: dict | None) -> str:
    """The solver's status in a stored result, in words ("" before the first solve)."""
    return status_labels().get(((result or {}).get("summary") or {}).get("status"), "")


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
        s.status_label = _status_of(s.result)
    return render(
        request,
        "portfolio/scenarios.html",
        {"scenarios": scenarios},
    )


def _save(request, scenario: PortfolioScenario | None):
    if request.method == "POST":
        form = ScenarioForm(request.POST)
        saved = None
        if form.is_valid():
            data = form.cleaned_data
            duplicate = (
                PortfolioScenario.objects.filter(name=data["name"].strip())
                .exclude(pk=getattr(scenario, "pk", None))
                .exists()
            )
            if duplicate:
                form.add_error("name", _("Another scenario has this name."))
            else:
                try:
                    saved = _store(request, data, scenario)
                except IntegrityError:  # the same name saved meanwhile
                    form.add_error("name", _("Another scenario has this name."))
            if saved is not None:
                messages.success(request, _("Scenario saved. Solve it to see its portfolio."))
                return redirect("portfolio:scenario", pk=saved.pk)
    else:
        form = ScenarioForm(initial=ScenarioForm.initial_from(scenario) if scenario else None)
    return _form_page(request, form, scenario)


def _store(request, data, scenario):
    return services.scenario_save(
        actor=request.user,
        name=data["name"],
        budgets=data["budgets"],
        fx_budgets=data["fx_budgets"],
        weights=data["weights"],
        include=data["include"],
        exclude=data["exclude"],
        region_minimums=data["region_minimums"],
        targets=data["targets"],
        time_limit=data["time_limit"],
        gap=data["gap"],
        scenario=scenario,
    )


def _form_page(request, form, scenario):
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
    )


@login_required
@permission_required("portfolio.add_portfolioscenario", raise_exception=True)
def scenario_new_view(request):
    return _save(request, None)


@login_required
@permission_required("portfolio.change_portfolioscenario", raise_exception=True)
def scenario_edit_view(request, pk: int):
    return _save(request, _scenario(pk))


def _localise(result: dict, lang: str) -> dict:
    """Pick the user's language in the stored result (names, districts, descriptions). An
    infeasible result has a summary and an explanation but no portfolio: it keeps none."""
    if not result:
        return {}
    out = dict(result)
    out["explanation"] = [e[lang] for e in result.get("explanation", [])]
    if "selected" not in result:
        return out
    for key in ("selected", "left_out"):
        out[key] = [
            {**row, "name": row[f"name_{lang}"], "district": row[f"district_{lang}"]}
            for row in result.get(key, [])
        ]
    why = result.get("why_out", {})
    for row in out["left_out"]:
        row["why"] = reason_text(why.get(row["factory_id"]), lang)
    out["funded"] = [
        {**row, "description": row.get(f"description_{lang}") or row.get("description_en") or ""}
        for row in result.get("funded", [])
    ]
    out["shared"] = [row for row in out["funded"] if len(row["unlocks"]) > 1]
    return out


@login_required
@permission_required("portfolio.view_portfolioscenario", raise_exception=True)
def scenario_view(request, pk: int):
    scenario = _scenario(pk)
    lang = _lang()
    result = _localise(scenario.result or {}, lang)
    chart = {}
    if result.get("spend") is not None:
        chart = {
            "years": result["years"],
            "spend": result["spend"],
            "budgets": result["budgets"],
            "curve": result.get("curve", []),
            "frontier": result.get("frontier", []),
            "selected": [
                {"name": row["name"], "jobs": row["jobs"], "exports": row["exports"]}
                for row in result["selected"][:25]
            ],
        }
    return render(
        request,
        "portfolio/scenario.html",
        {
            "scenario": scenario,
            "result": result,
            "chart": chart,
            "weights": [(WEIGHT_LABELS[k], v) for k, v in scenario.weights.items()],
            "targets": [(WEIGHT_LABELS[k], v) for k, v in (scenario.targets or {}).items()],
            "status_label": _status_of(result),
            "running": scenario.state
            in (PortfolioScenario.State.QUEUED, PortfolioScenario.State.RUNNING),
        },
    )


@login_required
@permission_required("portfolio.solve_portfolioscenario", raise_exception=True)
@require_POST
def solve_view(request, pk: int):
    scenario = _scenario(pk)
    if not services.solve_claim(scenario):
        messages.warning(request, _("This scenario is already being solved."))
    else:
        solve_scenario.enqueue(scenario.pk, request.user.pk)
    return redirect("portfolio:scenario", pk=scenario.pk)


@login_required
@permission_required("portfolio.view_portfolioscenario", raise_exception=True)
def progress_view(request, pk: int):
    scenario = _scenario(pk)
    if scenario.state in (PortfolioScenario.State.DONE, PortfolioScenario.State.FAILED):
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
    ra = _localise(a.result or {}, lang) if a else {}
    rb = _localise(b.result or {}, lang) if b else {}
    without = [(s, r) for s, r in ((a, ra), (b, rb)) if s and "selected" not in r]
    rows = []
    if a and b and not without:
        for row in selectors.comparison(a, b):
            row["why"] = reason_text(row["why"], lang)
            row["name"] = row[f"name_{lang}"]
            rows.append(row)
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
            "status_a": _status_of(a.result) if a else "",
            "status_b": _status_of(b.result) if b else "",
        },
    )
