"""Trade endpoints: stored runs and their results, a factory's trade block, and the complexity
calculation on an uploaded file. Each checks the caller's permission, then calls a selector or
service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from django.http import Http404
from ninja import File, Form, Router, Schema, UploadedFile
from ninja.pagination import paginate

from ihya.api_support import Pagination, permission
from ihya.core.ingest.normalize import clean_text
from ihya.trade import selectors, services
from ihya.uploads import uploaded

if TYPE_CHECKING:  # types only: this interface reads through selectors
    from ihya.trade.models import TradeRun

router = Router(tags=["trade"])


class RunOut(Schema):
    id: int
    label: str
    synthetic: bool
    home: str
    year: int | None
    convention: str
    threshold: float
    digits: int | None
    state: str
    inputs: list[dict]
    parameters: dict
    versions: dict
    summary: dict
    created_at: dt.datetime


class ProductOut(Schema):
    code: str
    name: str = ""
    pci: float | None
    ubiquity: int
    world_exports: float
    home_exports: float
    rca: float | None
    mcp: bool
    density: float | None
    cog: float | None
    opportunity_rank: int | None
    group: str
    untapped: float


class MarketOut(Schema):
    product: str
    market: str
    demand: float
    potential: float
    actual: float
    untapped: float


class FactoryProductTrade(Schema):
    code: str
    name: str
    pci: float | None = None
    rca: float | None = None
    density: float | None = None
    world_exports: float | None = None
    untapped: float | None = None
    pci_standardised: float | None = None  # z-score across the run's products, like published
    published_pci: float | None = None
    published_year: int
    markets: list[dict]
    chains: list[list[dict]]


class FactoryTradeOut(Schema):
    run: int | None
    products: list[FactoryProductTrade]


class ComplexityOut(Schema):
    convention: str
    threshold: float
    lenient: bool = False
    # the checks of the file (issue 18): with lenient, the rows left out (dropped_rows, issues)
    input_checks: dict = {}
    # rows the Atlas's default filters left out, by reason (rows, value, codes)
    left_out: dict = {}
    years: list[int]
    countries: list[dict]
    products: list[dict]


def _run(run_id: int) -> TradeRun:
    run = selectors.trade_run_get(run_id=run_id)
    if run is None:
        raise Http404(f"No finished trade analysis {run_id}.")
    return run


@router.get("/trade/runs", response=list[RunOut])
@permission("trade.view_traderun")
@paginate(Pagination)
def list_runs(request):
    """Every trade analysis, newest first, with its provenance."""
    return selectors.trade_runs()


@router.get("/trade/runs/{run_id}", response=RunOut)
@permission("trade.view_traderun")
def get_run(request, run_id: int):
    return _run(run_id)


@router.get("/trade/runs/{run_id}/products", response=list[ProductOut])
@permission("trade.view_traderun")
@paginate(Pagination)
def list_products(
    request,
    run_id: int,
    q: str | None = None,
    exported: bool | None = None,
    group: str | None = None,
    sort: str = "-exports",
):
    """The run's products with complexity and the home country's position; ``sort`` is one of
    code, pci, rca, density, world, exports, untapped, opportunity (``-`` for descending)."""
    run = _run(run_id)
    return selectors.trade_products(
        run=run,
        search=clean_text(q) or None,
        exported=exported,
        group=clean_text(group) or None,
        sort=clean_text(sort) or "-exports",
    )


@router.get("/trade/runs/{run_id}/markets", response=list[MarketOut])
@permission("trade.view_traderun")
@paginate(Pagination)
def list_markets(request, run_id: int, product: str | None = None, market: str | None = None):
    """Export potential by (product, market), most untapped first."""
    return selectors.trade_markets(
        run=_run(run_id), product=clean_text(product) or None, market=clean_text(market) or None
    )


@router.get("/trade/factories/{factory_id}", response=FactoryTradeOut)
@permission("trade.view_traderun", "registry.view_factory")
def factory_trade(request, factory_id: str):
    """PCI, RCA, density, world demand, top markets and value chain of each product of a factory,
    from the latest trade analysis."""
    from ihya.registry.selectors import factory_by_id

    factory = factory_by_id(external_id=factory_id)  # NotFound: 404
    run = selectors.trade_run_latest()
    items = selectors.factory_trade(factory=factory, run=run) if run else []
    return FactoryTradeOut(
        run=run.pk if run else None,
        products=[
            FactoryProductTrade(
                code=p.code,
                name=p.name,
                pci=getattr(p.metrics, "pci", None),
                rca=getattr(p.metrics, "rca", None),
                density=getattr(p.metrics, "density", None),
                world_exports=getattr(p.metrics, "world_exports", None),
                untapped=getattr(p.metrics, "untapped", None),
                pci_standardised=p.pci_std,
                published_pci=p.published_pci,
                published_year=p.published_year,
                markets=p.markets,
                chains=p.chains,
            )
            for p in items
        ],
    )


@router.post("/trade/complexity", response=ComplexityOut)
@permission("trade.run_trade")
def complexity(
    request,
    file: File[UploadedFile],
    convention: Form[str] = "stata",
    threshold: Form[float] = 1.0,
    digits: Form[int | None] = None,
    lenient: Form[bool] = False,
):
    """Every country's ECI, COI and diversity and every product's PCI and ubiquity, per year,
    from an uploaded CSV or Parquet file (BACI's t,i,j,k,v or year,country,product,value), up to
    IHYA_UPLOAD_MAX_MB (413 beyond; ``ihya trade metrics`` reads files of any size). The same
    calculation as ``ihya trade metrics``. A bad cell is refused (422) naming the uploaded
    file, its row and column; with ``lenient`` true the bad rows are left out, counted under
    ``input_checks``."""
    name = clean_text(Path(file.name or "").name) or "upload"
    with uploaded(file, suffixes=(".parquet", ".pq"), default=".csv") as path:
        return ComplexityOut(
            **services.trade_complexity_rows(
                path=path,
                convention=convention,
                threshold=threshold,
                digits=digits,
                name=name,
                lenient=lenient,
            )
        )
