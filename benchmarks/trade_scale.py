"""Benchmark: trade data at world scale — aggregation against a bare DuckDB scan, and a panel.

    python benchmarks/trade_scale.py --rows 10000000 --years 25

1. Aggregation. One year of the seeded synthetic world in BACI's layout (t, i, j, k, v, q) with
   about ``--rows`` rows is written as CSV and as Parquet. For each format the script times
   Ihya's ``read_exports`` (exports by year, country and product: the GROUP BY, numeric codes
   mapped to ISO alpha-3, HS leading zeros restored, sorted) against the floor: DuckDB reading
   every column of the same file once (``SELECT count(*), sum(v), sum(q), max(t), max(i),
   max(j), max(k)``). Best of three runs each; the ratio is printed.
2. Panel. ``--years`` years of country × product exports at the same size (200 countries ×
   5,000 products) in one Parquet file, run through ``trade_metrics_files`` — the code behind
   ``ihya trade metrics`` — end to end: read, every metric for every year, CSV and Parquet
   written.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from ihya.core.trade.sources import read_exports
from ihya.demo.trade import bilateral_year, country_product_years, world, write


def best_of(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def scan(path: Path) -> None:
    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
    duckdb.connect().sql(
        f"SELECT count(*), sum(v), sum(q), max(t), max(i), max(j), max(k) FROM {reader}('{path}')"
    ).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--skip-panel", action="store_true")
    args = parser.parse_args()

    w = world(countries=args.countries, products=args.products, seed=3)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        probe = bilateral_year(w, 2021, base_year=2021, partners=1.0)
        partners = args.rows / probe["t"].size
        flows = bilateral_year(w, 2021, base_year=2021, partners=partners)
        n = flows["t"].size
        for suffix in ("csv", "parquet"):
            path = write(flows, work / f"BACI-SYNTHETIC_Y2021.{suffix}")
            size = path.stat().st_size / 1e6
            floor = best_of(lambda p=path: scan(p))
            ours = best_of(lambda p=path: read_exports([p]))
            print(
                f"aggregate {n:,} bilateral rows ({suffix}, {size:,.0f} MB): DuckDB scan {floor:.2f} s, "
                f"ihya read_exports {ours:.2f} s, ratio {ours / floor:.2f}"
            )
        del flows
        if args.skip_panel:
            return
        from ihya.trade.services import trade_metrics_files

        years = list(range(2021 - args.years + 1, 2022))
        parts = list(country_product_years(w, years, base_year=years[0]))
        table = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        panel_path = write(table, work / "exports_panel.parquet")
        rows = table["year"].size
        del parts, table
        t = time.perf_counter()
        _, result = trade_metrics_files(
            inputs=[panel_path], out_dir=work / "out", convention="stata"
        )
        seconds = time.perf_counter() - t
        out_rows = result.manifest["rows"]["country_product"]
        print(
            f"panel: {args.years} years × {args.countries} countries × {args.products} products "
            f"({rows:,} input rows → {out_rows:,} country-product rows, CSV + Parquet): {seconds:.1f} s"
        )


if __name__ == "__main__":
    main()
