"""Writing long tables (dicts of NumPy columns) as CSV and Parquet twins, through DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _select(table: dict[str, np.ndarray], labels: dict[str, np.ndarray]) -> str:
    """Columns as they are, ids replaced by their labels, float NaN written as NULL (an empty
    CSV cell)."""
    parts = []
    for name, values in table.items():
        ident = '"' + name.replace('"', '""') + '"'
        if name in labels:
            parts.append(f"${name}[{ident} + 1] AS {ident}")
        elif np.issubdtype(values.dtype, np.floating):
            parts.append(f"CASE WHEN isnan({ident}) THEN NULL ELSE {ident} END AS {ident}")
        else:
            parts.append(ident)
    return "SELECT " + ", ".join(parts) + " FROM data"


def write_table(
    table: dict[str, np.ndarray],
    out_dir: Path,
    name: str,
    *,
    labels: dict[str, np.ndarray] | None = None,
    parquet: bool = True,
) -> list[Path]:
    """``out_dir/name.csv`` (UTF-8, comma, header; NaN as an empty cell) and ``name.parquet``.

    Columns named in ``labels`` hold integer ids into those label arrays; the files get the
    labels."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = {k: (v.astype(str) if v.dtype == object else v) for k, v in table.items()}
    used = {k: [str(x) for x in v] for k, v in (labels or {}).items() if k in data}
    con = duckdb.connect()
    con.register("data", data)
    query = _select(data, used)
    written = [out_dir / f"{name}.csv"]
    targets = [(written[0], "FORMAT csv, HEADER true")]
    if parquet:
        written.append(out_dir / f"{name}.parquet")
        targets.append((written[1], "FORMAT parquet, COMPRESSION zstd"))
    for path, options in targets:
        con.execute(f"COPY ({query}) TO {_quote(str(path))} ({options})", used).fetchall()
    return written
