"""Trade analyses over files: the use cases behind ``ihya trade …``, the API and the pages.

Each writes its tables (CSV and Parquet twins) and a ``run.json`` recording the inputs' hashes,
the parameters and the code versions.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ihya.core.trade.filters import FilterReport, FilterSpec, filter_table, read_population
from ihya.core.trade.hygiene import Report, TradeCheckError
from ihya.core.trade.opportunities import (
    HomeNotFound,
    Opportunities,
    diversification_table,
    opportunities,
    potential_table,
)
from ihya.core.trade.panel import Panel, complexity_panel
from ihya.core.trade.sources import Columns, TradeInputError, read_bilateral_year, read_exports
from ihya.core.trade.writers import write_table
from ihya.errors import Invalid, Problem
from ihya.trade.provenance import provenance, write_manifest

Progress = Callable[[str, int, int | None], None]


@dataclass
class RunOutput:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    tables: dict = field(default_factory=dict)  # name -> columns, as written


@contextlib.contextmanager
def _refusing_bad_input(names: Mapping[str, str] | None = None, hint=None):
    """The readers' and the analysis's input errors (a missing column, a home country that
    exports nothing…) as service refusals; their sentence names the file's problem. ``names``:
    the name to show for a file read under another (an upload); ``hint``: the problem telling
    how to leave bad rows out (``--lenient`` by default)."""
    try:
        yield
    except (TradeInputError, HomeNotFound) as exc:
        from ihya.trade.messages import input_error_problem

        raise Invalid(input_error_problem(exc, lambda text: _renamed(text, names))) from None
    except TradeCheckError as exc:
        from ihya.trade.messages import hint_problem, issue_problem

        issues = [_renamed_issue(issue, names) for issue in exc.issues]
        problems = [issue_problem(issue) for issue in issues]
        if not any(issue.fatal for issue in issues):
            problems.append((hint or hint_problem)())
        raise Invalid(*problems) from None


def _renamed(text: str, names: Mapping[str, str] | None) -> str:
    for path, name in (names or {}).items():
        text = text.replace(path, name)
    return text


def _renamed_issue(issue, names: Mapping[str, str] | None):
    import dataclasses

    return dataclasses.replace(issue, file=_renamed(issue.file, names)) if names else issue


@contextlib.contextmanager
def staged(out_dir: Path):
    """A temporary folder beside ``out_dir`` to write into; its files move into ``out_dir`` only
    when the block ends without an error (one rename when ``out_dir`` is new). On an error the
    folder goes, and so do the parents it needed: nothing is left written."""
    out_dir = Path(out_dir)
    created = [p for p in (out_dir.parent, *out_dir.parent.parents) if not p.exists()]
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", suffix=".partial", dir=out_dir.parent))
    try:
        yield tmp
        if out_dir.exists():
            for path in tmp.iterdir():
                os.replace(path, out_dir / path.name)
            tmp.rmdir()
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for parent in created:  # the nearest first
            with contextlib.suppress(OSError):
                parent.rmdir()
        raise


def _write(out_dir: Path, tables, record: dict, *, labels=None, parquet: bool) -> list[Path]:
    """Every table and run.json, written together (``staged``); the paths in ``out_dir``."""
    with staged(out_dir) as tmp:
        written = []
        for name, data in tables:
            written += write_table(data, tmp, name, labels=labels, parquet=parquet)
        written.append(write_manifest(tmp, record))
    return [out_dir / path.name for path in written]


def _some_rows(table) -> None:
    """Refuse a table the years asked for or the filters emptied (the checks refuse a file
    without rows, or whose rows they all left out)."""
    if not len(table):
        from ihya.trade.messages import no_rows_problem

        raise Invalid(no_rows_problem())


def _checked(report: Report, result: RunOutput, record: dict) -> None:
    """A lenient run's dropped rows: in run.json and among the warnings (English and Arabic)."""
    from ihya.trade.messages import dropped_problem, issue_problem

    record["input_checks"] = report.as_dict()
    for issue in report.issues:
        problem = issue_problem(issue)
        result.warnings.append(f"{problem.en} | {problem.ar}")
    if report.dropped_rows:
        problem = dropped_problem(report.dropped_rows)
        result.warnings.append(f"{problem.en} | {problem.ar}")


def _columns(columns: Columns | Mapping[str, str | None] | None) -> Columns | None:
    """Column names given as a mapping (year, country, importer, product, value)."""
    if columns is None or isinstance(columns, Columns):
        return columns
    return Columns(**{k: v for k, v in columns.items() if v})


@dataclass(frozen=True)
class Filters:
    """The Atlas's filters as the commands take them (docs/trade-metrics.md, "Filters")."""

    classification: str = "hs"  # hs, sitc, auto
    keep_residual: bool = False
    keep_aggregates: bool = False
    keep_uninhabited: bool = False
    min_population: float | None = None
    population: str | Path | None = None  # a user's file; the World Bank table by default
    min_exports: float | None = None

    def spec(self, classification: str, home: str | None = None) -> FilterSpec:
        table = None
        if self.population:
            try:
                table = read_population(Path(self.population).read_text(encoding="utf-8-sig"))
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                raise TradeInputError(
                    f"population file {self.population}: {exc}",
                    "population_file",
                    file=str(self.population),
                    reason=str(exc),
                ) from None
        return FilterSpec(
            classification=classification,
            keep_residual=self.keep_residual,
            keep_aggregates=self.keep_aggregates,
            keep_uninhabited=self.keep_uninhabited,
            min_population=self.min_population,
            population=table,
            min_exports=self.min_exports,
            always_keep=frozenset({home.upper()}) if home else frozenset(),
        )

    def parameters(self) -> dict:
        return {
            "classification": self.classification,
            "keep_residual": self.keep_residual,
            "keep_aggregates": self.keep_aggregates,
            "keep_uninhabited": self.keep_uninhabited,
            "min_population": self.min_population,
            "population": str(self.population) if self.population else "World Bank SP.POP.TOTL",
            "min_exports": self.min_exports,
        }


def _filtered(report: FilterReport, result: RunOutput, record: dict, classification: str):
    """The rows the filters left out: counted per reason in run.json and among the warnings."""
    record["filters"] = {"classification": classification, **report.as_dict()}
    result.warnings.extend(report.lines())


def _panel(table, *, convention: str, threshold: float, progress=None) -> Panel:
    """Every year's complexity of an exports table read by ``read_exports``."""
    return complexity_panel(
        table.year,
        table.country_id,
        table.product_id,
        table.value,
        countries=table.countries,
        products=table.products,
        convention=convention,
        threshold=threshold,
        progress=progress,
    )


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
    lenient: bool = False,
    progress: Progress | None = None,
    filters: Filters | None = None,
) -> tuple[Panel, RunOutput]:
    """RCA, presence, diversity, ubiquity, ECI, PCI, density, COI and COG for every year, over
    the countries and products the filters keep (``filters``; the defaults leave out aggregates,
    uninhabited territories and residual codes)."""
    filters = filters or Filters()
    started = time.perf_counter()
    if progress:
        progress("reading", 0, None)
    columns = _columns(columns)
    with _refusing_bad_input():
        table = read_exports(
            inputs,
            columns=columns,
            digits=digits,
            hs=hs,
            years=years,
            lenient=lenient,
            classification=filters.classification if hs else "other",
        )
        table, left_out, _ = filter_table(table, filters.spec(table.classification))
    _some_rows(table)
    n_years = int(np.unique(table.year).size)
    done = 0

    def tick(_year: int) -> None:
        nonlocal done
        done += 1
        if progress:
            progress("years", done, n_years)

    panel = _panel(table, convention=convention, threshold=threshold, progress=tick)
    result = RunOutput(out_dir=out_dir)
    if table.unknown_countries:
        result.warnings.append(
            "numeric country codes with no ISO or UN Comtrade match: "
            + ", ".join(table.unknown_countries)
        )
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
            "lenient": lenient,
            **filters.parameters(),
        },
    )
    _checked(table.report, result, record)
    _filtered(left_out, result, record, table.classification)
    record["rows"] = {
        "aggregated_input": len(table),
        "country_product": int(panel.country_product["year"].size),
    }
    if progress:
        progress("writing", 0, None)
    record["seconds"] = round(time.perf_counter() - started, 3)
    record["warnings"] = result.warnings
    result.manifest = record
    tables = (
        ("country_product", panel.country_product),
        ("country", panel.country),
        ("product", panel.product),
    )
    result.files = _write(out_dir, tables, record, labels=panel.labels, parquet=parquet)
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
    lenient: bool = False,
    strategy: str = "balanced",
    max_distance: float | None = None,
    progress: Progress | None = None,
    filters: Filters | None = None,
    horizon: int = 5,
) -> tuple[Opportunities, RunOutput]:
    """Export potential by (product, market) and the diversification ranking of the home country,
    over the countries, markets and products the filters keep (the home country always)."""
    filters = filters or Filters()
    started = time.perf_counter()
    if progress:
        progress("reading", 0, None)
    columns = _columns(columns)
    with _refusing_bad_input():
        data = read_bilateral_year(
            inputs,
            home=home,
            year=year,
            columns=columns,
            digits=digits,
            hs=hs,
            lenient=lenient,
            classification=filters.classification if hs else "other",
        )
        data, left_out = _filter_bilateral(data, filters)
        _some_rows(data.exports)
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
            strategy=strategy,
            max_distance=max_distance,
            home_imports=(data.home_imports.product, data.home_imports.value),
            base_imports=None
            if data.base_imports is None
            else (data.base_imports.country, data.base_imports.product, data.base_imports.value),
            base_year=data.base_year,
            horizon=horizon,
        )
    result = RunOutput(out_dir=out_dir)
    result.tables = {"potential": potential_table(op), "diversification": diversification_table(op)}
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
            "lenient": lenient,
            "strategy": strategy,
            "max_distance": max_distance,
            "horizon": horizon,
            "base_year": data.base_year,
            **filters.parameters(),
        },
    )
    _checked(data.report, result, record)
    _filtered(left_out, result, record, data.exports.classification)
    record["potential"] = {
        "overall_ease": op.potential.overall_ease,
        "markets_with_imputed_ease": int(op.potential.ease_imputed.sum()),
        "re_export_products": int(op.potential.re_export.sum()),
        "horizon": op.potential.horizon,
    }
    record["seconds"] = round(time.perf_counter() - started, 3)
    result.manifest = record
    result.files = _write(out_dir, result.tables.items(), record, parquet=parquet)
    return op, result


def _filter_bilateral(data, filters: Filters):
    """The filters on every table of a bilateral year: exporters decide (population, exports),
    the markets follow; home is always kept. The report counts the exporters' rows."""
    import dataclasses

    spec = filters.spec(data.exports.classification, home=data.home)
    exports, left_out, dropped = filter_table(data.exports, spec)
    changes = {"exports": exports}
    for name in ("imports", "home_bilateral", "home_imports", "base_imports"):
        table = getattr(data, name)
        if table is not None:
            changes[name] = filter_table(table, spec, dropped_countries=dropped)[0]
    return dataclasses.replace(data, **changes), left_out


def trade_complexity_rows(
    *,
    path: Path,
    convention: str = "stata",
    threshold: float = 1.0,
    digits: int | None = None,
    name: str | None = None,
    lenient: bool = False,
) -> dict:
    """Every country's ECI, COI and diversity and every product's PCI and ubiquity, per year,
    for one exports file (the API's analysis of an upload; ``ihya trade metrics`` for more),
    with the Atlas's default filters (aggregates, uninhabited territories and residual codes
    left out, counted under ``left_out``). ``Invalid`` on a bad parameter or file, its messages
    naming the file ``name`` (the upload's own name) rather than ``path``; ``lenient`` leaves
    bad rows out, counted under ``input_checks``."""
    from django.utils.translation import gettext_lazy as _

    from ihya.core.tables import records
    from ihya.core.trade.complexity import CONVENTIONS

    problems = []
    if convention not in CONVENTIONS:
        problems.append(
            Problem.of(
                "convention",
                "unknown_convention",
                _("The convention must be one of %(conventions)s."),
                conventions=", ".join(CONVENTIONS),
            )
        )
    if not 0 < threshold < 1e6:
        problems.append(
            Problem.of("threshold", "out_of_range", _("The RCA threshold must be above 0."))
        )
    if digits is not None and not 1 <= digits <= 10:
        problems.append(Problem.of("digits", "out_of_range", _("Digits are 1 to 10.")))
    if problems:
        raise Invalid(*problems)
    from ihya.trade.messages import upload_hint_problem

    names = {str(path): name} if name else None
    with _refusing_bad_input(names, hint=upload_hint_problem):
        table = read_exports([path], digits=digits, lenient=lenient)
        table, left_out, _ = filter_table(table, Filters().spec(table.classification))
        _some_rows(table)
        panel = _panel(table, convention=convention, threshold=threshold)
    checks = table.report.as_dict()
    checks["encodings"] = {_renamed(k, names): v for k, v in checks["encodings"].items()}
    for issue in checks["issues"]:
        issue["file"] = _renamed(issue["file"], names)
    return {
        "convention": convention,
        "threshold": threshold,
        "lenient": lenient,
        "input_checks": checks,
        "left_out": left_out.as_dict(),
        "years": panel.years,
        "countries": records(panel.labelled("country")),
        "products": records(panel.labelled("product")),
    }
