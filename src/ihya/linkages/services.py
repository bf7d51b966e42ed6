"""Linkage analyses: over a file (``ihya linkages analyse``) and stored in the database (the
pages, the factory's revival impact, the API). Reading, math and writing are the core's."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ihya.accounts.actors import Actor
from ihya.core.ingest.normalize import normalize_digits
from ihya.core.linkages.pymrio_folder import read_pymrio
from ihya.core.linkages.results import Analysis, analyse, extraction_table, sectors_table
from ihya.core.linkages.table import (
    TOLERANCE,
    IOTable,
    TableError,
    read_template,
    write_template,
)
from ihya.core.trade.writers import write_table
from ihya.demo import names
from ihya.errors import Invalid, Problem

FLOWS_SHOWN = 60  # strongest inter-sector flows kept for the network chart


def table_read(path: str | Path, *, tolerance: float = TOLERANCE) -> IOTable:
    """The template (CSV/XLSX) or a pymrio ``save_all`` folder; raises the core's TableError."""
    path = Path(path)
    return (
        read_pymrio(path, tolerance=tolerance)
        if path.is_dir()
        else read_template(path, tolerance=tolerance)
    )


def _sha256(path: Path) -> str:
    if path.is_dir():
        digest = hashlib.sha256()
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(f.relative_to(path).as_posix().encode())
            digest.update(f.read_bytes())
        return digest.hexdigest()
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def linkages_analyse_file(
    *, path: str | Path, out_dir: Path, tolerance: float = TOLERANCE
) -> Analysis:
    """Write ``sectors.csv`` (sector, output_multiplier, va_multiplier, employment_multiplier,
    backward_linkage, forward_linkage, key_sector_class), ``extraction.csv`` (sector,
    output_loss, va_loss, jobs_loss), ``multipliers.csv`` (every multiplier and coefficient of
    variation) and ``run.json`` (input hash, versions)."""
    from ihya.trade.provenance import versions

    try:
        result = analyse(table_read(path, tolerance=tolerance))
    except TableError as exc:
        raise table_invalid(exc) from None
    digest = _sha256(Path(path))  # before writing: --out may lie inside a pymrio folder
    out_dir.mkdir(parents=True, exist_ok=True)
    write_table(sectors_table(result), out_dir, "sectors", parquet=False)
    write_table(extraction_table(result), out_dir, "extraction", parquet=False)
    write_table(_details(result), out_dir, "multipliers", parquet=False)
    record = {
        "command": "linkages analyse",
        "input": {"path": str(path), "sha256": digest},
        "sectors": result.table.n,
        "unit": result.table.unit,
        "versions": versions(),
    }
    (out_dir / "run.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return result


def _nan(values, n):
    return np.full(n, np.nan) if values is None else np.asarray(values, float)


def _details(result: Analysis) -> dict[str, np.ndarray]:
    n, mult, link, ext = result.table.n, result.multipliers, result.linkages, result.extraction
    return {
        "sector": np.array(result.table.codes, dtype=object),
        "output": result.x,
        "output_multiplier": mult.output,
        "va_multiplier": mult.value_added,
        "employment_multiplier": _nan(mult.employment, n),
        "income_multiplier": _nan(mult.income, n),
        "output_multiplier_type2": _nan(mult.output_type2, n),
        "va_multiplier_type2": _nan(mult.value_added_type2, n),
        "employment_multiplier_type2": _nan(mult.employment_type2, n),
        "income_multiplier_type2": _nan(mult.income_type2, n),
        "backward_linkage": link.backward,
        "backward_cv": link.backward_cv,
        "forward_linkage": link.forward,
        "forward_cv": link.forward_cv,
        "domestic_input_share": result.domestic_input_share(),
        "backward_extraction_output_loss": ext.backward_output_loss,
        "forward_extraction_output_loss": ext.forward_output_loss,
    }


def _tables_dir() -> Path:
    from django.conf import settings

    return Path(settings.IHYA_HOME) / "linkages"


@dataclass
class TableAnalysis:
    """A read and analysed table, ready to store: the analysis, the source file, its SHA-256."""

    result: Analysis
    path: Path
    sha256: str


def linkages_table_analyse(*, path: str | Path, tolerance: float = TOLERANCE) -> TableAnalysis:
    """Read and analyse a table (no database); an invalid table is ``Invalid``."""
    path = Path(path)
    try:
        return TableAnalysis(analyse(table_read(path, tolerance=tolerance)), path, _sha256(path))
    except TableError as exc:
        raise table_invalid(exc) from None


def table_invalid(exc: TableError, limit: int = 200) -> Invalid:
    """A table's validation issues as a service refusal: one problem per issue, its reason in
    Arabic and English led by the row, with the row, column and value in ``params``."""
    from ihya.linkages.messages import issue_text

    def where(issue, word):
        return f"{word} {issue.row}: " if issue.row else ""

    return Invalid(
        *(
            Problem(
                i.column,
                i.code,
                where(i, "الصف") + issue_text(i, "ar"),
                where(i, "row") + issue_text(i, "en"),
                {"row": i.row, "column": i.column, "value": i.value},
            )
            for i in exc.issues[:limit]
        )
    )


def linkages_analyse_rows(*, path: Path) -> dict[str, list[dict]]:
    """The rows of ``sectors.csv`` and ``extraction.csv`` for a template file (the API's
    analysis of an upload). An invalid table is ``Invalid``, one problem per issue, with its
    row and column."""
    from ihya.core.tables import records

    try:
        result = analyse(read_template(path))
    except TableError as exc:
        raise table_invalid(exc) from None
    return {
        "sectors": records(sectors_table(result)),
        "extraction": records(extraction_table(result)),
    }


def linkages_table_load(
    *,
    path: str | Path,
    name: str = "",
    synthetic: bool = False,
    concordance: Sequence[tuple[str, str]] | Path | None = None,
    tolerance: float = TOLERANCE,
    actor=None,
):
    """Validate, analyse and store a table with its concordance (ISIC prefix → sector code, a
    list or a CSV file with columns isic,sector). Nothing is stored if the table is invalid."""
    return linkages_table_store(
        analysis=linkages_table_analyse(path=path, tolerance=tolerance),
        name=name,
        synthetic=synthetic,
        concordance=concordance,
        actor=actor,
    )


def linkages_table_store(
    *,
    analysis: TableAnalysis,
    name: str = "",
    synthetic: bool = False,
    concordance: Sequence[tuple[str, str]] | Path | None = None,
    actor=None,
):
    """Store an analysed table: its rows, its concordance, its folder under IHYA_HOME (source
    copy and coefficients); audited. A failed store leaves no folder."""
    from django.conf import settings
    from django.db import transaction

    from ihya.linkages.models import IoTable
    from ihya.trade.provenance import versions

    Actor.of(actor).require("linkages.load_iotable")
    result, path = analysis.result, analysis.path
    table = result.table
    try:
        pairs = _concordance(concordance)
    except ValueError as exc:  # the sentence names the row and the problem
        raise Invalid(Problem("concordance", "invalid_concordance", str(exc), str(exc))) from None
    unknown = sorted({s for _, s in pairs} - set(table.codes))
    if unknown:
        text = f"the concordance names sectors the table does not have: {', '.join(unknown[:10])}"
        raise Invalid(Problem("concordance", "unknown_sector", text, text))
    details = _details(result)
    off = table.Z.copy()
    np.fill_diagonal(off, 0.0)
    strongest = np.argsort(-off, axis=None)[:FLOWS_SHOWN]
    flows = [
        {"source": table.codes[i], "target": table.codes[j], "value": float(off[i, j])}
        for i, j in zip(*np.unravel_index(strongest, off.shape), strict=True)
        if off[i, j] > 0
    ]
    summary = {
        "output": float(result.x.sum()),
        "value_added": float(table.value_added.sum()),
        "jobs": float(table.employment.sum()) if table.employment is not None else None,
        "imports": float(table.imports.sum()) if table.imports is not None else None,
        "final_demand": table.final_demand,
        "flows": flows,
    }
    with transaction.atomic():
        io = IoTable.objects.create(
            name=name or table.name or path.stem,
            synthetic=synthetic,
            unit=table.unit,
            source=str(path),
            sha256=analysis.sha256,
            folder="",
            sectors_count=table.n,
            summary=summary,
            versions=versions(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        folder = _tables_dir() / str(io.pk)
        # a folder left by a table whose id the database gave out again (SQLite reuses the
        # highest id after a delete) is not this table's
        shutil.rmtree(folder, ignore_errors=True)
        try:
            _write_folder(folder, path, result)
            io.folder = str(folder.relative_to(settings.IHYA_HOME))  # moves with IHYA_HOME
            io.save(update_fields=["folder"])
            _store_rows(io, result, details, pairs, actor)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)  # a failed load leaves no files
            raise
    return io


def _write_folder(folder: Path, path: Path, result: Analysis) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        shutil.copytree(path, folder / "source")
    else:
        shutil.copy2(path, folder / f"source{path.suffix.lower()}")
    np.savez(
        folder / "analysis.npz",
        A=result.A,
        L=result.L,
        v=result.v,
        m=result.m,
        e=result.e if result.e is not None else np.array([]),
    )


def _store_rows(io, result: Analysis, details: dict, pairs: list[tuple[str, str]], actor) -> None:
    from ihya.audit.services import Change, audit_record
    from ihya.linkages.models import IoSector, SectorConcordance

    table = result.table

    def val(col, i):
        v = float(details[col][i])
        return v if np.isfinite(v) else None

    sectors = IoSector.objects.bulk_create(
        IoSector(
            table=io,
            position=i,
            code=code,
            name_en=table.names_en[i],
            name_ar=table.names_ar[i],
            output=float(result.x[i]),
            value_added=float(table.value_added[i]),
            imports=float(table.imports[i]) if table.imports is not None else None,
            employment=float(table.employment[i]) if table.employment is not None else None,
            domestic_share=float(details["domestic_input_share"][i]),
            output_multiplier=val("output_multiplier", i),
            va_multiplier=val("va_multiplier", i),
            employment_multiplier=val("employment_multiplier", i),
            income_multiplier=val("income_multiplier", i),
            output_multiplier_type2=val("output_multiplier_type2", i),
            va_multiplier_type2=val("va_multiplier_type2", i),
            employment_multiplier_type2=val("employment_multiplier_type2", i),
            income_multiplier_type2=val("income_multiplier_type2", i),
            backward_linkage=val("backward_linkage", i),
            forward_linkage=val("forward_linkage", i),
            backward_cv=val("backward_cv", i),
            forward_cv=val("forward_cv", i),
            key_class=str(result.linkages.key_class[i]),
            output_loss=float(result.extraction.output_loss[i]),
            va_loss=float(result.extraction.va_loss[i]),
            jobs_loss=(
                float(result.extraction.jobs_loss[i])
                if result.extraction.jobs_loss is not None
                else None
            ),
            backward_loss=float(result.extraction.backward_output_loss[i]),
            forward_loss=float(result.extraction.forward_output_loss[i]),
        )
        for i, code in enumerate(table.codes)
    )
    by_code = {s.code: s for s in sectors}
    SectorConcordance.objects.bulk_create(
        SectorConcordance(table=io, isic_prefix=prefix, sector=by_code[sector])
        for prefix, sector in pairs
    )
    audit_record(
        actor=actor,
        changes=[
            Change(
                "create",
                "linkages.iotable",
                str(io.pk),
                None,
                {
                    "name": io.name,
                    "source": io.source,
                    "sha256": io.sha256,
                    "sectors": io.sectors_count,
                },
            )
        ],
    )


def _concordance(concordance) -> list[tuple[str, str]]:
    """(ISIC prefix, sector code) pairs, checked: 1–4 digits, each prefix once."""
    if concordance is None:
        return []
    if isinstance(concordance, (str, Path)):
        with open(concordance, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"isic", "sector"} - {(f or "").strip() for f in reader.fieldnames or []}
            if missing:
                raise ValueError(
                    f"the concordance file needs the columns isic and sector "
                    f"(missing: {', '.join(sorted(missing))})"
                )
            reader.fieldnames = [(f or "").strip() for f in reader.fieldnames]
            pairs = [(r["isic"] or "", (r["sector"] or "").strip()) for r in reader]
    else:
        pairs = [(str(a), str(b).strip()) for a, b in concordance]
    pairs = [(normalize_digits(a).strip(), b) for a, b in pairs]  # ٢٣ is 23
    seen: set[str] = set()
    for number, (prefix, _sector) in enumerate(pairs, start=2):
        if not (prefix.isascii() and prefix.isdigit() and 1 <= len(prefix) <= 4):
            raise ValueError(
                f"concordance row {number}: the ISIC prefix {prefix!r} must be 1 to 4 digits"
            )
        if prefix in seen:
            raise ValueError(f"concordance row {number}: the ISIC prefix {prefix} appears twice")
        seen.add(prefix)
    return pairs


DEMO_NAME = names.IO_TABLE  # said in the page's language: ihya.demo.names.shown


def linkages_demo_load(*, actor=None):
    """Write the SYNTHETIC Libya-like table as a template workbook into IHYA_HOME/linkages/demo
    and load it with its ISIC concordance."""
    from ihya.demo.linkages import concordance, demo_table

    path = write_template(
        demo_table(), _tables_dir() / "demo" / "libya_like_io_table_SYNTHETIC.xlsx"
    )
    table = linkages_table_load(
        path=path,
        name=DEMO_NAME,
        synthetic=True,
        concordance=concordance(),
        actor=actor,
    )
    _synthetic_tables_delete(keep=table, actor=actor)
    return table


def _synthetic_tables_delete(*, keep, actor) -> int:
    """The demo replaces the demo: earlier synthetic tables go (rows, folders; audited)."""
    from django.conf import settings
    from django.db import transaction

    from ihya.audit.services import Change, audit_record
    from ihya.linkages.models import IoTable

    old = list(IoTable.objects.filter(synthetic=True).exclude(pk=keep.pk))
    if not old:
        return 0
    changes = [Change("delete", "linkages.iotable", str(t.pk), {"name": t.name}) for t in old]
    with transaction.atomic():
        IoTable.objects.filter(pk__in=[t.pk for t in old]).delete()
        audit_record(actor=actor, changes=changes)
    for table in old:
        if table.folder:
            shutil.rmtree(Path(settings.IHYA_HOME) / table.folder, ignore_errors=True)
    return len(old)
