"""The KPI dashboard page: per indicator the approved plan's targets against the actuals by
quarter (traffic light in colour and words, trend arrow, a chart), the breakdowns by body and by
municipality, and — for the roles that may — a form to enter an actual and one to import a
file. Every view checks its permission on the server; the services check it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihya.errors import ServiceError
from ihya.kpi import selectors

INDICATORS = ("factories_restarted", "jobs", "exports", "value_added", "spending")


def _problems(request, error: ServiceError, limit: int = 30) -> None:
    for problem in error.problems[:limit]:
        messages.error(request, problem.text())
    if len(error.problems) > limit:
        messages.error(
            request,
            _("%(count)s problems in all: nothing was written.") % {"count": len(error.problems)},
        )


@login_required
@permission_required("kpi.view_kpiactual", raise_exception=True)
def kpis_view(request):
    from ihya.reference.selectors import bodies, municipalities

    board = selectors.kpi_dashboard()
    labels = selectors.indicator_labels()
    lights, trends = selectors.light_names(), selectors.trend_names()
    indicators = []
    for k in INDICATORS:
        rows = [
            {
                "cell": c,
                "light_text": lights[c.light],
                "arrow": trends[c.trend][0] if c.trend else "",
                "trend_text": trends[c.trend][1] if c.trend else "",
                "recorded": board.recorded.get(c.period) if k == "factories_restarted" else None,
            }
            for c in board.cells[k]
        ]
        indicators.append({"code": k, "label": labels[k], "rows": rows})
    chart = {
        k: {
            "quarters": [str(c.period) for c in board.cells[k]],
            "target": [c.target for c in board.cells[k]],
            "actual": [None if c.actual is None else float(c.actual) for c in board.cells[k]],
        }
        for k in INDICATORS
    }
    arabic = (get_language() or "ar").startswith("ar")
    return render(
        request,
        "kpi/kpis.html",
        {
            "plan": board.plan,
            "indicators": indicators,
            "labels": [labels[k] for k in INDICATORS],
            "codes": INDICATORS,
            "by_body": _parts(board.by_body),
            "by_municipality": _parts(board.by_municipality),
            "chart": chart,
            "bodies": bodies(),
            "municipalities": municipalities().order_by("name_ar" if arabic else "name_en"),
            "current": str(selectors.current_period()),
        },
    )


def _parts(rows: list[dict]) -> list[dict]:
    return [{**r, "values": [r.get(k) for k in INDICATORS]} for r in rows]


@login_required
@permission_required("kpi.add_kpiactual", raise_exception=True)
@require_POST
def record_view(request):
    from ihya.kpi.services import kpi_record

    post = request.POST
    try:
        actual = kpi_record(
            actor=request.user,
            period=post.get("quarter", "")[:20],
            indicator=post.get("indicator", "")[:40],
            value=post.get("value", "")[:40] or None,
            body=post.get("body") or None,
            municipality=post.get("municipality") or None,
            note=post.get("note", "")[:2000],
        )
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(
            request,
            _("Recorded: %(indicator)s in %(quarter)s.")
            % {"indicator": actual.get_indicator_display(), "quarter": actual.period},
        )
    return redirect("kpi:dashboard")


@login_required
@permission_required("kpi.add_kpiactual", raise_exception=True)
@require_POST
def import_view(request):
    from ihya.kpi.services import kpi_import
    from ihya.uploads import uploaded

    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("kpi:dashboard")
    lang = "ar" if (get_language() or "ar").startswith("ar") else "en"
    try:
        with uploaded(upload, suffixes=(".csv", ".tsv", ".txt", ".xlsx")) as path:
            result = kpi_import(actor=request.user, path=path, lang=lang)
    except ServiceError as error:
        _problems(request, error)
    else:
        messages.success(request, result.text)
    return redirect("kpi:dashboard")
