"""Stored trade runs: one bilateral year analysed for the home country (``trade_run_analyse``,
no database) and stored with its provenance (``trade_run_store``, audited) — what the trade
pages, the factory pages and the API show; and the synthetic demo run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ihya.accounts.actors import Actor
from ihya.core.trade.opportunities import Opportunities
from ihya.core.trade.sources import Columns
from ihya.demo import names
from ihya.trade.services import Progress, trade_potential_files

PRODUCT_SPACE_NODES = 900  # the most traded products (plus every home product) get drawn


def _runs_dir() -> Path:
    from django.conf import settings

    return Path(settings.IHYA_HOME) / "trade" / "runs"


@dataclass
class TradeAnalysis:
    """One analysed year, ready to store: the rows of every table, its year, its provenance
    (inputs, parameters, versions) and the folder holding its files."""

    rows: dict
    year: int
    manifest: dict
    out_dir: Path


def trade_run_analyse(
    *,
    inputs: Sequence[str | Path],
    out_dir: Path,
    home: str,
    year: int | None = None,
    columns: Columns | None = None,
    convention: str = "stata",
    threshold: float = 1.0,
    digits: int | None = None,
    lenient: bool = False,
    strategy: str = "balanced",
    max_distance: float | None = None,
    progress: Progress | None = None,
    filters=None,
    horizon: int = 5,
) -> TradeAnalysis:
    """Analyse one year of bilateral trade for ``home`` into ``out_dir`` (CSV + Parquet tables,
    run.json) and return what a run stores. No database."""
    op, files = trade_potential_files(
        inputs=inputs,
        out_dir=out_dir,
        home=home,
        year=year,
        columns=columns,
        convention=convention,
        threshold=threshold,
        digits=digits,
        lenient=lenient,
        strategy=strategy,
        max_distance=max_distance,
        filters=filters,
        horizon=horizon,
    )
    if progress:
        progress("storing", 0, None)
    rows = _run_rows(op)
    left_out = files.manifest.get("filters", {}).get("left_out", {})
    rows["summary"]["countries_left_out"] = len(
        {c for reason, e in left_out.items() if reason != "residual_product" for c in e["codes"]}
    )
    return TradeAnalysis(rows, op.year, files.manifest, out_dir)


def trade_run_create(
    *,
    inputs: Sequence[str | Path],
    home: str | None = None,
    year: int | None = None,
    columns: Columns | None = None,
    convention: str = "stata",
    threshold: float = 1.0,
    digits: int | None = None,
    lenient: bool = False,
    strategy: str = "balanced",
    max_distance: float | None = None,
    filters=None,
    horizon: int = 5,
    label: str = "",
    synthetic: bool = False,
    actor=None,
    run=None,
    progress: Progress | None = None,
):
    """Analyse one year of bilateral trade for the home country and store the run: products
    (complexity, advantage, opportunities, product-space layout), markets (export potential),
    countries (ECI), its files (CSV + Parquet) and its provenance. Audited. Bad input
    (``Invalid``) leaves no run and no file behind."""
    from django.conf import settings
    from django.utils import timezone

    from ihya.errors import Invalid
    from ihya.trade.models import TradeRun

    Actor.of(actor).require("trade.run_trade")
    home = (home or settings.IHYA_HOME_COUNTRY).upper()
    created = run is None
    if created:
        run = TradeRun.objects.create(
            label=label,
            synthetic=synthetic,
            home=home,
            convention=convention,
            threshold=threshold,
            digits=digits,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
    run.state, run.stage = TradeRun.State.RUNNING, "reading"
    run.save(update_fields=["state", "stage"])
    try:
        if progress:
            progress("reading", 0, None)
        analysis = trade_run_analyse(
            inputs=inputs,
            out_dir=_runs_dir() / str(run.pk),
            home=home,
            year=year,
            columns=columns,
            convention=convention,
            threshold=threshold,
            digits=digits,
            lenient=lenient,
            strategy=strategy,
            max_distance=max_distance,
            progress=progress,
            filters=filters,
            horizon=horizon,
        )
        run.stage = "storing"
        run.save(update_fields=["stage"])
        trade_run_store(analysis=analysis, run=run, actor=actor)
    except Invalid as exc:
        # bad input: nothing written (the files never reach their folder) and no run left
        if created:
            TradeRun.objects.filter(pk=run.pk).delete()
        else:  # a run given by the caller says why, in a sentence
            error = "\n".join(problem.en for problem in exc.problems)
            TradeRun.objects.filter(pk=run.pk).update(
                state=TradeRun.State.FAILED,
                stage="",
                error=error[:2000],
                finished_at=timezone.now(),
            )
        raise
    except Exception as exc:
        TradeRun.objects.filter(pk=run.pk).update(
            state=TradeRun.State.FAILED, stage="", error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    return run


def trade_run_store(
    *, analysis: TradeAnalysis, run=None, label: str = "", synthetic=False, actor=None
):
    """Store an analysis as a run (``run``, or a new one with the analysis's parameters), in one
    transaction, audited."""
    from django.db import transaction
    from django.utils import timezone

    from ihya.audit.services import Change, audit_record
    from ihya.trade.models import TradeRun

    parameters = analysis.manifest["parameters"]
    with transaction.atomic():
        if run is None:
            run = TradeRun.objects.create(
                label=label,
                synthetic=synthetic,
                home=parameters["home"],
                convention=parameters["convention"],
                threshold=parameters["threshold"],
                digits=parameters["digits"],
                created_by=actor if getattr(actor, "pk", None) else None,
            )
        _store_rows(run, analysis.rows)
        run.year = analysis.year
        run.inputs = analysis.manifest["inputs"]
        run.parameters = parameters
        run.versions = analysis.manifest["versions"]
        run.summary = analysis.rows["summary"]
        run.output_dir = str(analysis.out_dir)
        run.state, run.stage, run.finished_at = TradeRun.State.DONE, "", timezone.now()
        run.save()
        audit_record(
            actor=actor,
            changes=[
                Change(
                    action="create",
                    entity="trade.traderun",
                    object_id=str(run.pk),
                    after={
                        "label": run.label,
                        "home": run.home,
                        "year": run.year,
                        "inputs": run.inputs,
                        "parameters": run.parameters,
                    },
                )
            ],
        )
    return run


def _run_rows(op: Opportunities) -> dict:
    """Everything a run stores, as plain data (computed before the transaction opens)."""
    from ihya.core.trade.complexity import proximity
    from ihya.core.trade.product_space import network

    cx = op.complexity
    h = op.home_index()
    products = cx.products.astype(str)
    world = cx.export_value.sum(axis=0)
    div = op.diversification
    rank = dict(zip(div.products.astype(str).tolist(), div.rank.tolist(), strict=True))
    score = dict(zip(div.products.astype(str).tolist(), div.score.tolist(), strict=True))
    group = dict(zip(div.products.astype(str).tolist(), div.group.tolist(), strict=True))
    untapped = op.potential.untapped.sum(axis=0)

    # the drawn product space: the most traded products and every product home exports
    drawn = np.argsort(-world, kind="stable")[:PRODUCT_SPACE_NODES]
    drawn = np.unique(np.concatenate([drawn, np.flatnonzero(cx.export_value[h] > 0)]))
    net = network(
        proximity(cx.mcp[:, drawn], convention=op.complexity.convention), max_edges=len(drawn) * 3
    )
    xy = {int(drawn[i]): (float(net.x[i]), float(net.y[i])) for i in range(drawn.size)}

    def num(v):
        v = float(v)
        return None if np.isnan(v) else v

    product_rows = []
    for j, code in enumerate(products.tolist()):
        x, y = xy.get(j, (None, None))
        product_rows.append(
            {
                "code": code,
                "pci": num(cx.pci[j]),
                "ubiquity": int(cx.ubiquity[j]),
                "world_exports": float(world[j]),
                "home_exports": float(cx.export_value[h, j]),
                "rca": num(cx.rca[h, j]),
                "mcp": bool(cx.mcp[h, j]),
                "density": num(cx.density[h, j]),
                "cog": num(cx.cog[h, j]),
                "opportunity_rank": rank.get(code),
                "opportunity_score": score.get(code),
                "group": group.get(code, ""),
                "untapped": float(untapped[j]),
                "x": x,
                "y": y,
            }
        )
    pot = op.potential
    jj, kk = np.nonzero((pot.potential > 0) | (pot.actual > 0))
    market_rows = [
        {
            "product": str(pot.products[k]),
            "market": str(pot.markets[j]),
            "demand": float(pot.demand[j, k]),
            "potential": float(pot.potential[j, k]),
            "actual": float(pot.actual[j, k]),
            "untapped": float(pot.untapped[j, k]),
        }
        for j, k in zip(jj.tolist(), kk.tolist(), strict=True)
    ]
    country_rows = [
        {
            "code": str(code),
            "eci": num(cx.eci[i]),
            "coi": num(cx.coi[i]),
            "diversity": int(cx.diversity[i]),
            "exports": float(cx.export_value[i].sum()),
        }
        for i, code in enumerate(cx.countries.tolist())
    ]
    eci = np.nan_to_num(cx.eci, nan=-np.inf)
    codes = [str(products[drawn[i]]) for i in range(drawn.size)]
    summary = {
        "countries": int(cx.countries.size),
        "products": int(products.size),
        "home_eci": num(cx.eci[h]),
        "home_eci_rank": int((eci > eci[h]).sum() + 1),
        "home_coi": num(cx.coi[h]),
        "home_exports": float(cx.export_value[h].sum()),
        "home_diversity": int(cx.diversity[h]),
        "untapped_total": float(pot.untapped.sum()),
        "markets": int(pot.markets.size),
        "strategy": div.strategy,
        "pci_mean": num(np.nanmean(cx.pci)) if np.isfinite(cx.pci).any() else None,
        "pci_sd": num(np.nanstd(cx.pci)) if np.isfinite(cx.pci).any() else None,
    }
    links = [
        {"source": codes[a], "target": codes[b], "proximity": float(w)}
        for a, b, w in zip(
            net.source.tolist(), net.target.tolist(), net.weight.tolist(), strict=True
        )
    ]
    return {
        "products": product_rows,
        "markets": market_rows,
        "countries": country_rows,
        "links": links,
        "summary": summary,
    }


def _store_rows(run, rows: dict) -> None:
    from ihya.trade.models import ProductLink, TradeCountry, TradeMarket, TradeProduct

    for model, key in (
        (TradeProduct, "products"),
        (TradeMarket, "markets"),
        (TradeCountry, "countries"),
        (ProductLink, "links"),
    ):
        model.objects.bulk_create((model(run=run, **r) for r in rows[key]), batch_size=2000)


def trade_demo_load(
    *,
    seed: int = 7,
    countries: int = 120,
    products: int = 1200,
    actor=None,
    progress: Progress | None = None,
):
    """Generate the SYNTHETIC world trade (three years, BACI layout) into IHYA_HOME/trade/demo —
    with every HS code the registry's factories make and every value-chain product — and store
    an analysis of its latest year. Clearly labelled synthetic. Replaces an earlier demo run."""
    from django.conf import settings

    from ihya.registry.models import FactoryProduct

    if progress:
        progress("generating", 0, None)
    files = trade_demo_files(
        Path(settings.IHYA_HOME) / "trade" / "demo",
        made=FactoryProduct.objects.values_list("product__code", flat=True),
        seed=seed,
        countries=countries,
        products=products,
    )
    run = trade_run_create(
        inputs=files,
        home=settings.IHYA_HOME_COUNTRY,
        label=DEMO_LABEL,
        synthetic=True,
        actor=actor,
        progress=progress,
    )
    _synthetic_runs_delete(keep=run, actor=actor)
    return run


DEMO_LABEL = names.TRADE_RUN  # said in the page's language: ihya.demo.names.shown


def trade_demo_files(
    out: Path, *, made, seed: int = 7, countries: int = 120, products: int = 1200
) -> list[Path]:
    """The synthetic world's bilateral files (2021–2023) holding every 6-digit HS code in
    ``made`` and every value-chain product."""
    from ihya.demo.trade import write_bilateral
    from ihya.trade.reference import value_chains

    include = set(made) | {s.hs for steps in value_chains().values() for s in steps}
    return write_bilateral(
        out,
        years=[2021, 2022, 2023],
        countries=countries,
        products=products,
        include=sorted(c for c in include if len(c) == 6),
        partners=0.35,
        seed=seed,
    )


def _synthetic_runs_delete(*, keep, actor) -> int:
    """The demo replaces the demo: earlier synthetic runs go (rows, files; audited), so loading
    the demo twice leaves one synthetic run, never two."""
    import shutil

    from django.db import transaction

    from ihya.audit.services import Change, audit_record
    from ihya.trade.models import TradeRun

    old = list(TradeRun.objects.filter(synthetic=True).exclude(pk=keep.pk))
    if not old:
        return 0
    changes = [
        Change("delete", "trade.traderun", str(run.pk), {"label": run.label, "year": run.year})
        for run in old
    ]
    with transaction.atomic():
        TradeRun.objects.filter(pk__in=[run.pk for run in old]).delete()
        audit_record(actor=actor, changes=changes)
    for run in old:
        if run.output_dir:
            shutil.rmtree(run.output_dir, ignore_errors=True)
    return len(old)
