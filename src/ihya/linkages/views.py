"""Linkage pages: the sectors (quadrant chart, table), the network of the strongest flows and the
extraction ranking. Thin: every read is a selector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render

from ihya.linkages import selectors


def _table(request):
    raw = request.GET.get("table")
    try:
        table_id = int(raw) if raw else None
    except ValueError:
        raise Http404 from None
    table = selectors.io_table_get(table_id=table_id)
    if raw and table is None:
        raise Http404
    return table


@login_required
@permission_required("linkages.view_iotable", raise_exception=True)
def overview(request):
    table = _table(request)
    if table is None:
        return render(request, "linkages/no_table.html")
    sectors = list(selectors.io_sectors(table=table))
    ranking = sorted(sectors, key=lambda s: -s.va_loss)
    return render(
        request,
        "linkages/overview.html",
        {
            "table": table,
            "sectors": sectors,
            "ranking": ranking,
            "quadrant": selectors.io_quadrant(table=table),
            "flows": selectors.io_flows(table=table),
            "extraction": [
                {"name": s.name, "va_loss": s.va_loss, "jobs_loss": s.jobs_loss}
                for s in ranking[:12]
            ],
        },
    )
