"""Trade analyses over files: the use cases behind ``ihya trade …``, the API and the pages.

Each writes its tables (CSV and Parquet twins) and a ``run.json`` recording the inputs' hashes,
the parameters and the code versions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ihya.core.trade.opportunities import (
    Opportunities,
    diversification_table,
    opportunities,
    potential_table,
)
from ihya.core.trade.panel import Panel, complexity_panel
from ihya.core.trade.sources import Columns, read_bilateral_year, read_exports
from ihya.core.trade.writers import write_table
from ihya.trade.provenance import provenance, write_manifest

Progress = Callable[[str, int, int | None], None]


@dataclass
class RunOutput:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def trade_metrics_files(
    *,
    inputs: Sequence[str | Path],
    out_dir: Path,
    columns: Columns | None = None,
    convention: str = "stata",
    threshold: float = 1.0,
    digits: int | None = None,
    hs: bool = True,
    years: Sequence[int] | None = None,
    parquet: bool = True,
    progress: Progress | None = None,
) -> tuple[Panel, RunOutput]:
    """RCA, presence, diversity, ubiquity, ECI, PCI, density, COI and COG for every year."""
    started = time.perf_counter()
    if progress:
        progress("reading", 0, None)
    table = read_exports(inputs, columns=columns, digits=digits, hs=hs, years=years)
    n_years = int(np.unique(table.year).size)
    done = 0

    def tick(_year: int) -> None:
        nonlocal done
        done += 1
        if progress:
            progress("years", done, n_years)

    panel = complexity_panel(
        table.year,
        table.country_id,
        table.product_id,
        table.value,
        countries=table.countries,
        products=table.products,
        convention=convention,
        threshold=threshold,
        progress=tick,
    )
    result = RunOutput(out_dir=out_dir)
    if table.unknown_countries:
        result.warnings.append(
            "numeric country codes with no ISO or UN Comtrade match: "
            + ", ".join(table.unknown_countries)
        )
    for i, (name, data) in enumerate(
        (
            ("country_product", panel.country_product),
            ("country", panel.country),
            ("product", panel.product),
        )
    ):
        if progress:
            progress("writing", i, 3)
        result.files += write_table(data, out_dir, name, labels=panel.labels, parquet=parquet)
    record = provenance(
        command="trade metrics",
        files=table.files,
        parameters={
            "layout": table.layout,
            "columns": columns.__dict__ if columns else None,
            "convention": convention,
            "threshold": threshold,
            "digits": digits,
            "hs": hs,
            "years": panel.years,
        },
    )
    record["rows"] = {
        "aggregated_input": len(table),
        "country_product": int(panel.country_product["year"].size),
    }
    record["seconds"] = round(time.perf_counter() - started, 3)
    record["warnings"] = result.warnings
    result.manifest = record
    result.files.append(write_manifest(out_dir, record))
    return panel, result


def trade_potential_files(
    *,
    inputs: Sequence[str | Path],
    out_dir: Path,
    home: str = "LBY",
    year: int | None = None,
    columns: Columns | None = None,
    convention: str = "stata",
    threshold: float = 1.0,
    digits: int | None = None,
    hs: bool = True,
    parquet: bool = True,
    progress: Progress | None = None,
) -> tuple[Opportunities, RunOutput]:
    """Export potential by (product, market) and the diversification ranking of the home country."""
    started = time.perf_counter()
    if progress:
        progress("reading", 0, None)
    data = read_bilateral_year(inputs, home=home, year=year, columns=columns, digits=digits, hs=hs)
    if progress:
        progress("analysing", 0, None)
    op = opportunities(
        year=data.year,
        home=data.home,
        exports=(data.exports.country, data.exports.product, data.exports.value),
        imports=(data.imports.country, data.imports.product, data.imports.value),
        home_bilateral=(
            data.home_bilateral.country,
            data.home_bilateral.product,
            data.home_bilateral.value,
        ),
        convention=convention,
        threshold=threshold,
    )
    result = RunOutput(out_dir=out_dir)
    result.files += write_table(potential_table(op), out_dir, "potential", parquet=parquet)
    result.files += write_table(
        diversification_table(op), out_dir, "diversification", parquet=parquet
    )
    record = provenance(
        command="trade potential",
        files=data.exports.files,
        parameters={
            "home": data.home,
            "year": data.year,
            "columns": columns.__dict__ if columns else None,
            "convention": convention,
            "threshold": threshold,
            "digits": digits,
            "hs": hs,
        },
    )
    record["seconds"] = round(time.perf_counter() - started, 3)
    result.manifest = record
    result.files.append(write_manifest(out_dir, record))
    return op, result
