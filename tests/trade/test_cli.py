"""``ihya trade metrics`` and ``ihya trade potential`` as analysts run them."""

import csv
import json
import os
from pathlib import Path

import duckdb
import pytest

from ihya.demo.trade import write_bilateral
from tests.conftest import run_ihya

GROUND_TRUTH = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "complexity"
    / "stata_ecomplexity_ground_truth_1995.csv"
)


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "IHYA_HOME": str(tmp_path / "home")}


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_metrics_writes_the_three_tables_their_twins_and_provenance(env, tmp_path):
    out = tmp_path / "out"
    proc = run_ihya(env, "trade", "metrics", str(GROUND_TRUTH), "--out", str(out))
    assert "10 countries, 30 products, convention stata" in proc.stdout
    cp = read(out / "country_product.csv")
    assert list(cp[0]) == [
        "year",
        "country",
        "product",
        "export_value",
        "rca",
        "mcp",
        "density",
        "cog",
        "pci",
    ]
    assert list(read(out / "country.csv")[0]) == ["year", "country", "diversity", "eci", "coi"]
    assert list(read(out / "product.csv")[0]) == ["year", "product", "ubiquity", "pci"]
    assert len(cp) == 300
    aut = {r["country"]: r for r in read(out / "country.csv")}["AUT"]
    assert abs(float(aut["eci"]) - 1.073207217992253) < 1e-9  # the Stata command's value
    assert duckdb.sql(f"SELECT count(*) FROM '{out / 'country_product.parquet'}'").fetchall() == [
        (300,)
    ]
    run = json.loads((out / "run.json").read_text())
    assert run["parameters"]["convention"] == "stata" and len(run["inputs"][0]["sha256"]) == 64


def test_metrics_takes_a_column_mapping_and_the_other_convention(env, tmp_path):
    src = tmp_path / "mine.csv"
    rows = read(GROUND_TRUTH)
    src.write_text(
        "anno;paese;prodotto;valore\n"
        + "".join(f"{r['year']};{r['origin']};{r['hs92']};{r['export_val']}\n" for r in rows)
    )
    out = tmp_path / "out"
    run_ihya(
        env,
        "trade",
        "metrics",
        str(src),
        "--out",
        str(out),
        "--convention",
        "py-ecomplexity",
        "--year-col",
        "anno",
        "--country-col",
        "paese",
        "--product-col",
        "prodotto",
        "--value-col",
        "valore",
        "--no-parquet",
    )
    country = read(out / "country.csv")
    assert len(country) == 10 and not (out / "country.parquet").exists()


def test_metrics_explains_an_unreadable_layout(env, tmp_path):
    src = tmp_path / "odd.csv"
    src.write_text("a,b\n1,2\n")
    proc = run_ihya(env, "trade", "metrics", str(src), "--out", str(tmp_path / "o"), check=False)
    assert proc.returncode == 1
    assert "--year-col" in proc.stderr


def test_potential_ranks_markets_and_new_products(env, tmp_path):
    files = write_bilateral(
        tmp_path / "baci", years=[2020, 2021], countries=30, products=120, partners=0.3
    )
    out = tmp_path / "pot"
    proc = run_ihya(
        env, "trade", "potential", str(tmp_path / "baci" / "*.csv"), "--out", str(out), "--top", "5"
    )
    assert "LBY 2021: untapped export potential" in proc.stdout
    pot = read(out / "potential.csv")
    assert list(pot[0]) == [
        "year",
        "product",
        "market",
        "supply",
        "demand",
        "ease",
        "potential",
        "actual",
        "untapped",
        "demand_growth",
        "projected_demand",
        "re_export",
        "ease_imputed",
    ]
    # issue 18: two years in the file, so demand is projected (horizon 5) and markets without
    # sales take home's overall ease; with --horizon 0, potential summed over products equals
    # actual exports (re-exports out), market by market, for the markets home sells to
    run_ihya(
        env,
        "trade",
        "potential",
        str(tmp_path / "baci" / "*.csv"),
        "--out",
        str(out / "h0"),
        "--horizon",
        "0",
    )
    by_market: dict[str, list[float]] = {}
    for r in read(out / "h0" / "potential.csv"):
        acc = by_market.setdefault(r["market"], [0.0, 0.0])
        acc[0] += float(r["potential"])
        acc[1] += float(r["actual"]) * (r["re_export"] == "0")
    for potential, actual in by_market.values():
        if actual > 0:
            assert abs(potential - actual) <= 1e-6 * max(1.0, actual)
    div = read(out / "diversification.csv")
    assert div[0]["rank"] == "1"
    # feasibility from the distance itself, thresholds 0.75 and 0.90 (issue 18 audit)
    for r in div:
        d = float(r["distance"])
        assert r["group"] == ("near" if d <= 0.75 else "long_jump" if d > 0.9 else "balanced")
    assert len(files) == 2
    # issue 18: the old columns first, in their order, then the added ones; balanced by default
    assert list(div[0]) == [
        "year",
        "product",
        "density",
        "world_demand",
        "score",
        "pci",
        "cog",
        "group",
        "rank",
        "strategy",
        "distance",
        "world_demand_log",
        "score_low_hanging",
        "score_balanced",
        "score_long_jump",
        "density_x_demand",
    ]
    assert {r["strategy"] for r in div} == {"balanced"}
    assert all(r["score"] == r["score_balanced"] for r in div)
    scores = [float(r["score"]) for r in div]
    assert scores == sorted(scores, reverse=True)


def test_potential_takes_a_strategy_and_a_maximum_distance(env, tmp_path):
    write_bilateral(tmp_path / "baci", years=[2021], countries=30, products=120, partners=0.3)
    out = tmp_path / "pot"
    run_ihya(
        env,
        "trade",
        "potential",
        str(tmp_path / "baci" / "*.csv"),
        "--out",
        str(out),
        "--strategy",
        "long_jump",
        "--max-distance",
        "0.9",
        "--no-parquet",
    )
    div = read(out / "diversification.csv")
    assert div and {r["strategy"] for r in div} == {"long_jump"}
    assert all(float(r["distance"]) <= 0.9 + 1e-9 for r in div)
    assert all(r["score"] == r["score_long_jump"] for r in div)
    assert json.loads((out / "run.json").read_text())["parameters"]["strategy"] == "long_jump"
