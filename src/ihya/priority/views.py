"""The factory ranking page (weights that re-rank live through HTMX) and a factory's explanation."""

from __future__ import annotations

import contextlib
import math

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from ihya.core.tables import spreadsheet_row
from ihya.errors import Invalid
from ihya.priority import selectors
from ihya.priority.criteria import criteria

METHODS = selectors.METHODS


def _choice(request):
    """Scenario, method and weights from the query (sliders), chosen as the API and the command
    line choose (``selectors.ranking_choice``); a slider value that is not a number is ignored."""
    params = request.GET
    method = params.get("method") if params.get("method") in METHODS else None
    choice = selectors.ranking_choice(
        scenario=params.get("scenario") or None, method=method, params=params
    )
    return list(selectors.scenario_list()), choice.scenario, choice.weights, choice.method


@login_required
@permission_required("priority.view_scenario", raise_exception=True)
def ranking_view(request):
    scenarios, scenario, weights, method = _choice(request)
    try:
        ranking = selectors.factory_ranking(weights=weights, method=method)
    except Invalid:
        ranking = None
    chart = []
    if ranking and ranking.rows:
        chart = [
            {"name": f"{r.rank}. {r.factory.name}", "buckets": r.buckets} for r in ranking.rows[:15]
        ]
    context = {
        "chart": chart,
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


def _places(value: float, significant: int = 3) -> int:
    if value == 0:
        return 0
    return max(0, significant - 1 - math.floor(math.log10(abs(value))))


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
    # each change with three significant digits (0.000475 must not show as 0.00)
    moves = []
    for c, change in explanation.to_move_up:
        if change is None:
            moves.append((c, None, None))
            continue
        places = _places(change)
        scale = 10**places  # rounded away from zero: the change shown is never too small
        moves.append((c, math.copysign(math.ceil(abs(change) * scale) / scale, change), places))
    return render(
        request,
        "priority/explanation.html",
        {
            "e": explanation,
            "rows": rows,
            "moves": moves,
            "ranking": ranking,
            "method": method,
            "scenario": scenario,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@permission_required("priority.view_scenario", raise_exception=True)
def scenarios_view(request):
    """Rank changes between the saved scenarios."""
    method = request.GET.get("method") if request.GET.get("method") in METHODS else "wsm"
    scenarios, rows = selectors.scenario_comparison(method=method)
    return render(
        request,
        "priority/scenarios.html",
        {"scenarios": scenarios, "rows": rows, "method": method, "methods": METHODS},
    )


@login_required
@permission_required("priority.view_scenario", raise_exception=True)
def export_view(request):
    """The ranking on the page's weights as an Excel workbook: the ranking with every criterion
    value (missing ones marked), and the weights used."""
    import io

    from django.http import HttpResponse
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    _, scenario, weights, method = _choice(request)
    ranking = selectors.factory_ranking(weights=weights, method=method)
    cols, rows = selectors.ranking_rows(ranking)
    wb = Workbook()
    ws = wb.active
    ws.title = "ranking"
    arabic = (get_language() or "ar").startswith("ar")
    ws.sheet_view.rightToLeft = arabic
    ws.append([*selectors.RANKING_HEADER, *[c.name for c in cols]])
    missing = PatternFill("solid", fgColor="FFF2CC")
    width = len(selectors.RANKING_HEADER)
    for row in rows:
        ws.append(spreadsheet_row(row))
        for k, value in enumerate(row[width:]):
            if value is None:
                ws.cell(row=ws.max_row, column=width + 1 + k).fill = missing
    sheet = wb.create_sheet("weights")
    sheet.sheet_view.rightToLeft = arabic
    sheet.append(["criterion", "name", "weight", "direction", "method", "scenario"])
    for c in cols:
        sheet.append(
            spreadsheet_row(
                [
                    c.code,
                    c.name,
                    weights[c.code],
                    "cost" if c.cost else "benefit",
                    method,
                    scenario.name if scenario else "",
                ]
            )
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="priority.xlsx"'
    return response


@login_required
@permission_required("priority.edit_scenario", raise_exception=True)
@require_POST
def save_view(request):
    """Save the page's weights as a named scenario."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from ihya.priority.services import priority_scenario_save

    weights, _invalid = selectors.weights_from(request.POST, None)
    try:
        scenario = priority_scenario_save(
            actor=request.user,
            name=request.POST.get("name", ""),
            weights=weights,
            method=request.POST.get("method") or "wsm",
        )
    except Invalid as error:
        messages.error(request, error.text())
        return redirect("priority:ranking")
    messages.success(request, _("Scenario %(name)s was saved.") % {"name": scenario.name})
    return redirect(f"{reverse('priority:ranking')}?scenario={scenario.pk}")


@login_required
@permission_required("priority.view_scenario", raise_exception=True)
def compare_view(request):
    """Two factories side by side: each criterion's value and contribution."""
    _, scenario, weights, method = _choice(request)
    ranking = selectors.factory_ranking(weights=weights, method=method)
    a = selectors.explain(ranking, request.GET.get("a", ""), moves=False)
    b = selectors.explain(ranking, request.GET.get("b", ""), moves=False)
    options = [(r.factory.external_id, r.factory.name) for r in ranking.rows]
    rows = []
    if a and b:
        rows = list(
            zip(a.criteria, a.values, a.contributions, b.values, b.contributions, strict=True)
        )
    return render(
        request,
        "priority/compare.html",
        {
            "a": a,
            "b": b,
            "rows": rows,
            "options": options,
            "method": method,
            "scenario": scenario,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@permission_required("priority.view_scenario", raise_exception=True)
def ahp_view(request):
    """The AHP questionnaire: each pair of criteria on Saaty's 1–9 scale; the weights, λmax and
    the consistency ratio; a link that ranks with those weights. Nothing is stored."""
    from urllib.parse import urlencode

    from ihya.priority.services import priority_ahp_answers

    cols = criteria()
    chosen = [c for c in cols if request.GET.get(f"use_{c.code}")] or list(cols)
    pairs = [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1 :]]
    result, error, link = None, None, None
    if request.GET.get("submitted"):
        judgements = {}
        for a, b in pairs:
            with contextlib.suppress(ValueError):
                judgements[(a.code, b.code)] = float(request.GET.get(f"p_{a.code}__{b.code}", "1"))
        try:
            result = priority_ahp_answers(codes=[c.code for c in chosen], judgements=judgements)
            weights = {c.code: 0.0 for c in cols} | {
                c.code: round(float(w), 4) for c, w in zip(chosen, result.weights, strict=True)
            }
            link = urlencode({f"w_{k}": v for k, v in weights.items()})
        except Invalid as exc:
            error = exc.text()
    scale = [
        (9, "9"),
        (7, "7"),
        (5, "5"),
        (3, "3"),
        (1, "1"),
        (1 / 3, "1/3"),
        (1 / 5, "1/5"),
        (1 / 7, "1/7"),
        (1 / 9, "1/9"),
    ]
    weights_rows = list(zip(chosen, result.weights, strict=True)) if result else []
    return render(
        request,
        "priority/ahp.html",
        {
            "criteria": cols,
            "chosen": {c.code for c in chosen},
            "pairs": [(a, b, request.GET.get(f"p_{a.code}__{b.code}", "1")) for a, b in pairs],
            "scale": scale,
            "result": result,
            "weights_rows": weights_rows,
            "error": error,
            "link": link,
        },
    )
