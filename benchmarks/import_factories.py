"""Benchmark: import N factory rows from CSV or XLSX into a fresh SQLite database.

    python benchmarks/import_factories.py --rows 100000 --format csv
    python benchmarks/import_factories.py --rows 100000 --format xlsx

The rows come from the demo generator (realistic names, Arabic text, dates, decimals). The
timed workload is the real command, ``ihya import factories FILE``, in a subprocess, so it
includes start-up, validation of every row and the bulk write. The peer is the floor any import
must pay: Python's csv module (or openpyxl in read-only mode) feeding sqlite3 ``executemany``
into a table of the same columns, with no validation, code resolution or upsert. The script
prints both times and their ratio.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ihya.demo.generator import generate

COLUMNS = [
    "factory_id",
    "name_ar",
    "name_en",
    "municipality",
    "isic",
    "ownership",
    "status",
    "stalled_since",
    "employees_now",
    "employees_before",
    "design_capacity",
    "capacity_unit",
    "utilisation_pct",
    "industrial_zone",
    "established_year",
    "notes",
]


def rows(n: int, seed: int) -> list[list]:
    factories = generate(seed=seed, factories=n)["factories"]
    return [[f[c] for c in COLUMNS] for f in factories]


def write_file(path: Path, data: list[list]) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            writer.writerows(data)
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("factories")
    ws.append(COLUMNS)
    for row in data:
        ws.append(row)
    book.save(path)


def peer(path: Path, db: Path) -> float:
    """The floor: read the file and insert raw text into SQLite, no validation."""
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute(f"create table f ({', '.join(c + ' text' for c in COLUMNS)})")
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            conn.executemany(f"insert into f values ({','.join('?' * len(COLUMNS))})", reader)
    else:
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True).worksheets[0]
        values = ws.iter_rows(values_only=True, min_row=2)
        conn.executemany(f"insert into f values ({','.join('?' * len(COLUMNS))})", values)
    conn.commit()
    conn.close()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = rows(args.rows, args.seed)
        source = tmp / f"factories.{args.format}"
        write_file(source, data)
        env = {**os.environ, "IHYA_HOME": str(tmp / "home")}
        env.pop("IHYA_DATABASE_URL", None)
        ihya = [sys.executable, "-m", "ihya.cli"]
        subprocess.run([*ihya, "db", "upgrade"], env=env, check=True, capture_output=True)
        start = time.perf_counter()
        proc = subprocess.run(
            [*ihya, "import", "factories", str(source)], env=env, capture_output=True, text=True
        )
        ours = time.perf_counter() - start
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr)
            return 1
        floor = peer(source, tmp / "peer.sqlite3")
        size = source.stat().st_size / 1e6
        print(f"rows: {args.rows:,}  format: {args.format}  file: {size:.1f} MB")
        print(
            f"ihya import factories: {ours:.2f} s  ({args.rows / ours:,.0f} rows/s)  -> {proc.stdout.strip()}"
        )
        print(f"peer (raw reader + sqlite3 executemany, no validation): {floor:.2f} s")
        print(f"ratio ihya / peer: {ours / floor:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
