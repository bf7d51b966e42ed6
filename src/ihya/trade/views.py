"""Trade pages: overview, product explorer, product space, opportunities, runs. Thin: every read
is a selector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ihya.trade import selectors
from ihya.trade.reference import country_name

PAGE_SIZE = 50


def _run(request):
    raw = request.GET.get("run")
    try:
        run_id = int(raw) if raw else None
    except ValueError:
        raise Http404 from None
    run = selectors.trade_run_get(run_id=run_id)
    if raw and run is None:
        raise Http404
    return run


def _empty(request):
    return render(request, "trade/no_run.html", {"runs": selectors.trade_runs()[:10]})


@login_required
@permission_required("trade.view_traderun", raise_exception=True)
def overview(request):
    run = _run(request)
    if run is None:
        return _empty(request)
    context = selectors.trade_overview(run=run)
    context.update(
        basket=selectors.trade_basket(run=run),
        by_product=selectors.trade_opportunities_by_product(run=run, limit=10),
        by_market=selectors.trade_opportunities_by_market(run=run, limit=10),
        diversification=selectors.trade_diversification(run=run, limit=10),
    )
    return render(request, "trade/overview.html", context)


@login_required
@permission_required("trade.view_traderun", raise_exception=True)
def products(request):
    run = _run(request)
    if run is None:
        return _empty(request)
    params = request.GET
    exported = {"yes": True, "no": False}.get(params.get("exported", ""))
    group = params.get("group") if params.get("group") in selectors.DIVERSIFICATION_GROUPS else None
    sort = params.get("sort", "-exports")
    qs = selectors.trade_products(
        run=run,
        search=(params.get("q") or "").strip() or None,
        exported=exported,
        group=group,
        sort=sort,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(params.get("page"))
    names = selectors.hs_names(p.code for p in page.object_list)
    rows = [(p, selectors.product_name(names, p.code)) for p in page.object_list]
    query = params.copy()
    query.pop("page", None)
    context = {
        "run": run,
        "page": page,
        "rows": rows,
        "sort": sort,
        "params": params,
        "groups": selectors.DIVERSIFICATION_GROUPS,
        "query": query.urlencode(),
    }
    template = "trade/partials/product_table.html" if request.htmx else "trade/products.html"
    return render(request, template, context)


@login_required
@permission_required("trade.view_traderun", raise_exception=True)
def product_space(request):
    run = _run(request)
    if run is None:
        return _empty(request)
    return render(
        request,
        "trade/product_space.html",
        {
            "run": run,
            "space": selectors.trade_product_space(run=run),
            "home_name": country_name(run.home),
        },
    )


@login_required
@permission_required("trade.view_traderun", raise_exception=True)
def opportunities(request):
    run = _run(request)
    if run is None:
        return _empty(request)
    group = (
        request.GET.get("group")
        if request.GET.get("group") in selectors.DIVERSIFICATION_GROUPS
        else None
    )
    return render(
        request,
        "trade/opportunities.html",
        {
            "run": run,
            "by_product": selectors.trade_opportunities_by_product(run=run, limit=40),
            "by_market": selectors.trade_opportunities_by_market(run=run, limit=40),
            "diversification": selectors.trade_diversification(run=run, group=group, limit=40),
            "group": group,
            "groups": selectors.DIVERSIFICATION_GROUPS,
            "home_name": country_name(run.home),
        },
    )


@login_required
@permission_required("trade.view_traderun", raise_exception=True)
def runs(request):
    return render(request, "trade/runs.html", {"runs": selectors.trade_runs()[:100]})
