"""Stored trade analyses: what a run keeps, what the factory page and the API read from it."""

import numpy as np
import pytest

from ihya.audit.models import AuditEntry
from ihya.core.trade.sources import read_bilateral_year
from ihya.registry.models import Factory
from ihya.trade import selectors
from ihya.trade.models import TradeCountry, TradeMarket, TradeProduct, TradeRun
from ihya.trade.reference import chains_with, published_pci

pytestmark = pytest.mark.django_db


def test_a_run_keeps_its_provenance_and_is_audited(trade_run):
    run = TradeRun.objects.get(pk=trade_run.pk)
    assert run.state == "done" and run.synthetic and run.home == "LBY" and run.year == 2023
    assert len(run.inputs) == 3 and all(len(f["sha256"]) == 64 for f in run.inputs)
    assert run.parameters["convention"] == "stata" and run.versions["numpy"]
    assert AuditEntry.objects.filter(entity="trade.traderun", object_id=str(run.pk)).exists()
    assert (run.summary["countries"], run.summary["home_eci_rank"] >= 1) == (37, True)
    # issue 18: of the synthetic world's 40 countries, 3 are uninhabited territories, left out
    assert run.summary["countries_left_out"] == 3


def test_stored_values_agree_with_the_files_they_came_from(trade_run):
    """Recompute from the run's own input files: the stored potential sums to actual exports,
    and the stored RCA is Balassa's formula on the same year."""
    run = trade_run
    data = read_bilateral_year([f["path"] for f in run.inputs], home="LBY", year=run.year)
    exports = {}
    # issue 18: the default filters leave out uninhabited territories, aggregates, residual codes
    from ihya.core.trade.filters import country_lists, is_residual

    out = country_lists()["uninhabited"] | country_lists()["aggregate"]
    for c, p, v in zip(data.exports.country, data.exports.product, data.exports.value, strict=True):
        if c not in out and not is_residual(p, "hs"):
            exports[(c, p)] = exports.get((c, p), 0.0) + v
    world = {}
    for (_, p), v in exports.items():
        world[p] = world.get(p, 0.0) + v
    total = sum(world.values())
    home_total = sum(v for (c, _), v in exports.items() if c == "LBY")
    crude = TradeProduct.objects.get(run=run, code="270900")
    expected = (exports[("LBY", "270900")] / home_total) / (world["270900"] / total)
    assert crude.rca == pytest.approx(expected, rel=1e-12) and crude.mcp
    # issue 18: the demo file holds three years, so demand is projected five years ahead with
    # each market's import growth and re-exports are left out — potential no longer sums to actual
    # exports (that identity, without growth, is pinned in tests/core/trade/
    # test_export_potential_itc.py); every market with sales still has potential
    for market in ("FRA", "ITA", "TUN"):
        rows = TradeMarket.objects.filter(run=run, market=market)
        if rows.exists():
            assert sum(r.potential for r in rows) > 0
    eci = np.array([c.eci for c in TradeCountry.objects.filter(run=run)])
    assert abs(eci.mean()) < 1e-9  # standardised over the countries


def test_the_factory_trade_block_reads_the_latest_run(trade_run):
    factory = Factory.objects.filter(products__product__code="721420").first()
    assert factory is not None
    items = selectors.factory_trade(factory=factory, run=trade_run)
    bars = next(i for i in items if i.code == "721420")
    assert bars.metrics is not None and bars.metrics.pci is not None
    year, published = published_pci()
    assert year == 2021 and bars.published_pci == published["7214"]
    # bars sit in two chains: iron ore → HBI → billets → bars → wire, and scrap → billets → bars
    firsts = sorted(chain[0]["hs"] for chain in bars.chains)
    assert firsts == ["260111", "720449"]
    for chain in bars.chains:
        assert [s["hs"] for s in chain if s["here"]] == ["721420"]
        assert all(s["pci"] is not None for s in chain if s["hs"] in ("720310", "721420"))


def test_beside_the_published_pci_the_run_pci_is_a_z_score_across_products(trade_run):
    # issue 18: the published PCI is a z-score across products; so is what stands beside it
    pci = np.array(
        [
            p
            for p in TradeProduct.objects.filter(run=trade_run).values_list("pci", flat=True)
            if p is not None
        ]
    )
    assert trade_run.summary["pci_mean"] == pytest.approx(pci.mean())
    assert trade_run.summary["pci_sd"] == pytest.approx(pci.std())
    factory = Factory.objects.filter(products__product__code="721420").first()
    bars = next(
        i for i in selectors.factory_trade(factory=factory, run=trade_run) if i.code == "721420"
    )
    assert bars.pci_std == pytest.approx((bars.metrics.pci - pci.mean()) / pci.std())
    for chain in bars.chains:
        for step in chain:
            if step["pci"] is not None:
                assert step["pci_std"] == pytest.approx((step["pci"] - pci.mean()) / pci.std())
    # the ranking stored is the balanced strategy's, its score beside it
    assert trade_run.summary["strategy"] == "balanced"
    rows = selectors.trade_diversification(run=trade_run, limit=50)
    scores = [r["opportunity_score"] for r in rows]
    assert [r["opportunity_rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert scores == sorted(scores, reverse=True)
    assert all(r["distance"] == pytest.approx(1 - r["density"]) for r in rows)


def test_value_chains_know_the_libyan_ones():
    olive = chains_with("150910")[0]
    assert [s.hs for s in olive] == ["070992", "150910", "200570"]
    assert {tuple(s.hs for s in c) for c in chains_with("721420")} >= {
        ("260111", "720310", "720711", "721420", "721710"),
        ("720449", "720711", "721420"),
    }


def test_pages_show_the_run_in_both_languages(trade_run, client_for):
    client = client_for("viewer")
    for url, marker in [
        ("/trade/", "basket-chart"),
        ("/trade/products/", "products-table"),
        ("/trade/product-space/", "space-data"),
        ("/trade/opportunities/", "by-market"),
        ("/trade/runs/", trade_run.inputs[0]["sha256"][:12]),
        ("/factories/DEMO-0001/", "factory-trade"),
    ]:
        page = client.get(url)
        assert page.status_code == 200 and marker in page.content.decode(), url
    arabic = client.get("/trade/").content.decode()
    assert "التحليلات التجارية" in arabic and 'dir="rtl"' in arabic
    assert "ماذا تعني هذه الأرقام" in client.get("/trade/opportunities/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/trade/"})
    english = client.get("/trade/").content.decode()
    assert "Trade analytics" in english and 'dir="ltr"' in english
    # the one-line explanations beside the metrics, in English here and in Arabic below
    opportunities = client.get("/trade/opportunities/").content.decode()
    assert "metric-help" in opportunities and "Distance: 1 − density" in opportunities
    assert "balanced-portfolio strategy" in opportunities
    search = client.get("/trade/products/", {"q": "2709", "sort": "-pci"})
    assert "270900" in search.content.decode()
    assert client.get("/trade/", {"run": "999999"}).status_code == 404
    assert client.get("/trade/", {"run": "x"}).status_code == 404


def test_without_a_run_the_pages_say_how_to_make_one(small_demo, client_for):
    page = client_for("viewer").get("/trade/")
    assert page.status_code == 200 and "no-run" in page.content.decode()


def test_the_api_serves_runs_products_markets_and_factories(trade_run, api_for):
    client = api_for("viewer")
    runs = client.get("/api/v1/trade/runs").json()
    assert runs["count"] == 1 and runs["items"][0]["inputs"][0]["sha256"]
    products = client.get(
        f"/api/v1/trade/runs/{trade_run.pk}/products", {"exported": "true", "limit": 100}
    ).json()
    codes = {p["code"] for p in products["items"]}
    assert "270900" in codes and all(p["mcp"] for p in products["items"])
    markets = client.get(f"/api/v1/trade/runs/{trade_run.pk}/markets", {"product": "270900"}).json()
    untapped = [m["untapped"] for m in markets["items"]]
    assert untapped == sorted(untapped, reverse=True)
    factory = client.get("/api/v1/trade/factories/DEMO-0001").json()
    assert factory["run"] == trade_run.pk and factory["products"]
    assert all("pci_standardised" in p for p in factory["products"])
    assert client.get("/api/v1/trade/runs/999999").status_code == 404
    # found by schemathesis on PostgreSQL: an offset past 2**63 must be refused, not overflow
    assert client.get("/api/v1/trade/runs", {"offset": 2**63}).status_code == 422
    assert client.get("/api/v1/trade/runs", {"limit": 2**63}).status_code == 422


def test_the_api_computes_complexity_of_an_uploaded_file(small_demo, api_for, data_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (data_dir / "complexity" / "stata_ecomplexity_ground_truth_1995.csv").read_bytes()
    upload = SimpleUploadedFile("gt.csv", content)
    body = api_for("authority").post("/api/v1/trade/complexity", {"file": upload}).json()
    aut = next(c for c in body["countries"] if c["country"] == "AUT")
    assert aut["eci"] == pytest.approx(1.073207217992253, abs=1e-9) and body["years"] == [1995]
    assert body["left_out"]["rows_in"] == body["left_out"]["rows_kept"]  # a clean file: all kept
    # the Atlas's default filters apply to an upload too: a world total is no country
    world = content.decode().replace("\n1995,aut,", "\n1995,wld,", 1).encode()
    body = (
        api_for("authority")
        .post("/api/v1/trade/complexity", {"file": SimpleUploadedFile("w.csv", world)})
        .json()
    )
    assert "WLD" not in {c["country"] for c in body["countries"]}
    assert body["left_out"]["left_out"]["aggregate"]["rows"] == 1
    refused = api_for("viewer").post(
        "/api/v1/trade/complexity", {"file": SimpleUploadedFile("gt.csv", content)}
    )
    assert refused.status_code == 403
    bad = api_for("authority").post(
        "/api/v1/trade/complexity", {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")}
    )
    assert bad.status_code == 422 and "year" in bad.json()["detail"]


def test_the_api_names_the_uploaded_file_and_offers_its_own_lenient_field(small_demo, api_for):
    """Issue 18 audit: the messages named the server's temporary path and told an API caller
    to use --lenient."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = b"year,country,product,value\n2020,LBY,270900,1200\n2020,TUN,252329,400\n"
    content = rows + b"2020,EGY,270900,800\n2020,EGY,252329,NA\n"
    client = api_for("authority")
    bad = client.post(
        "/api/v1/trade/complexity", {"file": SimpleUploadedFile("libya exports.csv", content)}
    )
    assert bad.status_code == 422
    assert bad["Content-Type"].startswith("application/problem+json")
    body = bad.json()
    text = str(body)
    assert "--lenient" not in text and "/tmp" not in text and "upload.csv" not in text
    problem = next(e for e in body["issues"] if e["code"] == "not_a_number")
    assert (problem["file"], problem["row"], problem["field"]) == ("libya exports.csv", 5, "value")
    assert problem["reason_en"].startswith("libya exports.csv, column value: 1 value(s)")
    assert problem["reason_ar"].startswith("libya exports.csv، العمود value")
    assert any("lenient=true" in e["reason_en"] for e in body["issues"])
    assert any("أرسل lenient=true" in e["reason_ar"] for e in body["issues"])
    ok = client.post(
        "/api/v1/trade/complexity",
        {"file": SimpleUploadedFile("libya exports.csv", content), "lenient": "true"},
    ).json()
    assert ok["lenient"] is True and ok["input_checks"]["dropped_rows"] == 1
    assert ok["input_checks"]["issues"][0]["file"] == "libya exports.csv"
