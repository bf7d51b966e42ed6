"""Reads of stored trade runs: what the trade pages, factory pages, API and CLI show."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, Sum
from django.utils.translation import get_language

from ihya.core.trade.potential import GROUPS as DIVERSIFICATION_GROUPS  # noqa: F401  (pages)
from ihya.reference.models import HsProduct
from ihya.trade.models import ProductLink, TradeCountry, TradeMarket, TradeProduct, TradeRun
from ihya.trade.reference import (
    chains_with,
    country_name,
    published_eci_for,
    published_pci,
    section_name,
)

PRODUCT_SORTS = {
    "code": "code",
    "pci": "pci",
    "rca": "rca",
    "density": "density",
    "world": "world_exports",
    "exports": "home_exports",
    "untapped": "untapped",
    "opportunity": "opportunity_rank",
}


def trade_run_latest() -> TradeRun | None:
    return TradeRun.objects.filter(state=TradeRun.State.DONE).order_by("-id").first()


def trade_run_get(*, run_id: int | None) -> TradeRun | None:
    if run_id is None:
        return trade_run_latest()
    return TradeRun.objects.filter(pk=run_id, state=TradeRun.State.DONE).first()


def trade_runs():
    return TradeRun.objects.select_related("created_by").order_by("-id")


@dataclass(frozen=True)
class HsLabel:
    name: str
    section: str


def hs_names(codes) -> dict[str, HsLabel]:
    """Product names in the page's language. A 6-digit code with no Arabic title takes its
    heading's (4-digit) Arabic title; a code of another HS revision falls back to its heading."""
    codes = set(codes)
    wanted = codes | {c[:4] for c in codes}
    found = {p.code: p for p in HsProduct.objects.filter(code__in=wanted)}
    arabic = (get_language() or "ar").startswith("ar")
    out = {}
    for code in codes:
        product, heading = found.get(code), found.get(code[:4])
        if product is None and heading is None:
            continue
        own = product or heading
        if arabic:
            name = own.name_ar or (heading.name_ar if heading else "") or own.name_en
        else:
            name = own.name_en
        out[code] = HsLabel(name=name, section=own.section)
    return out


def product_name(names: dict[str, HsLabel], code: str) -> str:
    label = names.get(code)
    return label.name if label else ""


def trade_products(
    *,
    run: TradeRun,
    search: str | None = None,
    exported: bool | None = None,
    group: str | None = None,
    sort: str = "-exports",
):
    qs = TradeProduct.objects.filter(run=run)
    if search:
        codes = list(
            HsProduct.objects.filter(
                Q(name_en__icontains=search) | Q(name_ar__icontains=search)
            ).values_list("code", flat=True)[:500]
        )
        qs = qs.filter(
            Q(code__startswith=search) | Q(code__in=codes) | Q(code__in=[c[:6] for c in codes])
        )
    if exported is not None:
        qs = qs.filter(mcp=exported)
    if group:
        qs = qs.filter(group=group)
    column = F(PRODUCT_SORTS.get(sort.lstrip("-"), "home_exports"))
    order = column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
    return qs.order_by(order, "code")


def trade_markets(*, run: TradeRun, product: str | None = None, market: str | None = None):
    """Export potential by (product, market) of a run, most untapped first."""
    from ihya.trade.models import TradeMarket

    qs = TradeMarket.objects.filter(run=run)
    if product:
        qs = qs.filter(product=product)
    if market:
        qs = qs.filter(market=market.upper())
    return qs.order_by("-untapped", "product", "market")


def trade_basket(*, run: TradeRun, limit: int = 60) -> list[dict]:
    """The home country's exports by HS section and product, for the treemap."""
    rows = list(
        TradeProduct.objects.filter(run=run, home_exports__gt=0)
        .order_by("-home_exports")
        .values("code", "home_exports", "pci", "rca")[:limit]
    )
    names = hs_names(r["code"] for r in rows)
    sections: dict[str, dict] = {}
    for r in rows:
        product = names.get(r["code"])
        section = product.section if product else "?"
        node = sections.setdefault(section, {"name": section_name(section), "children": []})
        node["children"].append(
            {
                "name": f"{r['code']} {product_name(names, r['code'])[:40]}",
                "value": round(r["home_exports"], 3),
                "pci": r["pci"],
                "rca": r["rca"],
            }
        )
    return list(sections.values())


def trade_product_space(*, run: TradeRun) -> dict:
    nodes = list(
        TradeProduct.objects.filter(run=run, x__isnull=False).values(
            "code", "x", "y", "pci", "mcp", "world_exports", "home_exports", "density"
        )
    )
    names = hs_names(n["code"] for n in nodes)
    for n in nodes:
        product = names.get(n["code"])
        n["name"] = product.name if product else n["code"]
        n["section"] = product.section if product else ""
    links = list(ProductLink.objects.filter(run=run).values("source", "target", "proximity"))
    return {"nodes": nodes, "links": links}


def trade_opportunities_by_market(*, run: TradeRun, limit: int = 30) -> list[dict]:
    rows = list(
        TradeMarket.objects.filter(run=run)
        .values("market")
        .annotate(untapped=Sum("untapped"), actual=Sum("actual"), potential=Sum("potential"))
        .order_by("-untapped")[:limit]
    )
    for r in rows:
        r["name"] = country_name(r["market"])
    return rows


def trade_opportunities_by_product(*, run: TradeRun, limit: int = 30) -> list[dict]:
    rows = list(
        TradeProduct.objects.filter(run=run, untapped__gt=0)
        .order_by("-untapped")
        .values("code", "untapped", "home_exports", "pci", "rca")[:limit]
    )
    names = hs_names(r["code"] for r in rows)
    top = {}
    for m in (
        TradeMarket.objects.filter(run=run, product__in=[r["code"] for r in rows], untapped__gt=0)
        .order_by("product", "-untapped")
        .values("product", "market", "untapped")
    ):
        top.setdefault(m["product"], [])
        if len(top[m["product"]]) < 3:
            top[m["product"]].append(
                {
                    "market": m["market"],
                    "name": country_name(m["market"]),
                    "untapped": m["untapped"],
                }
            )
    for r in rows:
        r["name"] = product_name(names, r["code"])
        r["markets"] = top.get(r["code"], [])
    return rows


def trade_diversification(*, run: TradeRun, group: str | None = None, limit: int = 30):
    qs = TradeProduct.objects.filter(run=run, opportunity_rank__isnull=False)
    if group:
        qs = qs.filter(group=group)
    rows = list(
        qs.order_by("opportunity_rank").values(
            "code",
            "opportunity_rank",
            "opportunity_score",
            "group",
            "density",
            "world_exports",
            "pci",
            "cog",
        )[:limit]
    )
    names = hs_names(r["code"] for r in rows)
    for r in rows:
        r["name"] = product_name(names, r["code"])
        r["distance"] = None if r["density"] is None else 1.0 - r["density"]
    return rows


def trade_overview(*, run: TradeRun) -> dict:
    s = run.summary
    published = published_eci_for(run.home)
    return {
        "run": run,
        "summary": s,
        "published_eci": published,
        "home_name": country_name(run.home),
        "top_countries": list(
            TradeCountry.objects.filter(run=run)
            .order_by("-eci")
            .values("code", "eci", "diversity")[:5]
        ),
    }


def pci_scale(run: TradeRun) -> tuple[float, float] | None:
    """Mean and population SD of the run's PCI over its products, to put PCI on the Atlas's
    published scale (z-score across products). Stored in the run's summary since issue 18;
    computed from the stored products for earlier runs."""
    s = run.summary or {}
    if s.get("pci_sd"):
        return float(s["pci_mean"]), float(s["pci_sd"])
    import numpy as np

    values = np.array(
        list(TradeProduct.objects.filter(run=run, pci__isnull=False).values_list("pci", flat=True)),
        dtype=float,
    )
    if values.size < 2 or values.std() == 0:
        return None
    return float(values.mean()), float(values.std())


def pci_standardised(pci: float | None, scale: tuple[float, float] | None) -> float | None:
    """A run's PCI as a z-score across the run's products, comparable with the published PCI."""
    if pci is None or scale is None:
        return None
    return (pci - scale[0]) / scale[1]


@dataclass
class ProductTrade:
    code: str
    name: str
    metrics: TradeProduct | None
    published_pci: float | None
    published_year: int
    markets: list[dict] = field(default_factory=list)
    chains: list[list[dict]] = field(default_factory=list)
    pci_std: float | None = None  # the run's PCI z-scored across products (published scale)


def _metrics_for(run: TradeRun, codes: list[str]) -> dict[str, TradeProduct]:
    """A run's products by factory HS code: the same code, or its heading if the run is at 4 digits."""
    wanted = set(codes) | {c[:4] for c in codes}
    found = {p.code: p for p in TradeProduct.objects.filter(run=run, code__in=wanted)}
    return {c: found.get(c) or found.get(c[:4]) for c in codes if found.get(c) or found.get(c[:4])}


def factory_trade(*, factory, run: TradeRun | None = None) -> list[ProductTrade]:
    """For each product a factory makes: PCI, RCA, density, world demand, the top markets by
    untapped potential, the published PCI of its heading and the value chain it belongs to."""
    run = run or trade_run_latest()
    codes = [fp.product.code for fp in factory.products.all()]
    if not codes:
        return []
    pub_year, pub = published_pci()
    metrics = _metrics_for(run, codes) if run else {}
    chain_codes = {s.hs for code in codes for steps in chains_with(code) for s in steps}
    chain_metrics = _metrics_for(run, sorted(chain_codes)) if run else {}
    names = hs_names(codes)
    scale = pci_scale(run) if run else None
    out = []
    for code in codes:
        m = metrics.get(code)
        markets = []
        if m is not None:
            for row in (
                TradeMarket.objects.filter(run=run, product=m.code, untapped__gt=0)
                .order_by("-untapped")
                .values("market", "untapped", "actual", "demand")[:3]
            ):
                row["name"] = country_name(row["market"])
                markets.append(row)
        chains = []
        for steps in chains_with(code):
            chains.append(
                [
                    {
                        "hs": s.hs,
                        "name": s.name,
                        "here": s.hs == code or s.hs[:4] == code,
                        "pci": getattr(chain_metrics.get(s.hs), "pci", None),
                        "rca": getattr(chain_metrics.get(s.hs), "rca", None),
                        "world": getattr(chain_metrics.get(s.hs), "world_exports", None),
                        "pci_std": pci_standardised(
                            getattr(chain_metrics.get(s.hs), "pci", None), scale
                        ),
                        "published_pci": pub.get(s.hs[:4]),
                    }
                    for s in steps
                ]
            )
        out.append(
            ProductTrade(
                code=code,
                name=product_name(names, code),
                metrics=m,
                published_pci=pub.get(code[:4]),
                published_year=pub_year,
                markets=markets,
                chains=chains,
                pci_std=pci_standardised(getattr(m, "pci", None), scale),
            )
        )
    return out
