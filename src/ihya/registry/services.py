"""Use cases of the registry: import and export. Web views, the API and the CLI call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from ihya.accounts.actors import Actor
from ihya.accounts.roles import can_edit_assessment
from ihya.audit.services import Change, audit_record
from ihya.core.ingest.normalize import ParseError
from ihya.core.ingest.report import write_issue_workbook
from ihya.core.ingest.sources import Sheet, open_tables
from ihya.core.ingest.validate import Issue, Progress, Validation, match_sheet, validate_sources
from ihya.core.tables import SafeCsvWriter, spreadsheet_row
from ihya.reference.models import Body
from ihya.reference.selectors import import_lookups
from ihya.registry import exporting, messages, writers
from ihya.registry.editing import (  # noqa: F401  (the registry's services, in one place)
    FACTORY_EDIT_FIELDS,
    StaleEdit,
    factory_create,
    factory_update,
)
from ihya.registry.models import Factory, ImportJob
from ihya.registry.schema import ENTITIES, specs

WRITTEN_TABLES = [
    "registry_factory",
    "registry_factoryproduct",
    "registry_factoryinput",
    "registry_exportrecord",
    "registry_statuschange",
    "diagnosis_diagnosis",
    "diagnosis_diagnosiscause",
    "diagnosis_requirement",
    "diagnosis_requirement_factories",
    "diagnosis_revivalscheme",
]


@dataclass
class ImportResult:
    """What an import found and, when it had no error, what it wrote."""

    validation: Validation
    written: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.validation.ok

    @property
    def issues(self) -> list[Issue]:
        return self.validation.issues

    @property
    def errors(self) -> list[Issue]:
        return self.validation.errors

    def rows_read(self) -> dict[str, int]:
        return {name: len(t) for name, t in self.validation.tables.items()}

    def messages(self) -> list[tuple[Issue, str, str]]:
        """Each issue with its reason in Arabic and in English."""
        return [(i, messages.render(i, "ar"), messages.render(i, "en")) for i in self.issues]


def _sheets(paths: Sequence[Path], entity: str | None, issues: list[Issue]) -> Iterable:
    """(entity spec or None, sheet) for every table of every file, read lazily."""
    all_specs = specs()
    for path in paths:
        try:
            for sheet in open_tables(path):
                if entity is None:
                    yield None, sheet
                elif sheet.single:
                    yield all_specs[entity], sheet
                elif (found := match_sheet(all_specs, sheet.name)) and found.name == entity:
                    yield found, sheet
        except ParseError as error:
            issues.append(Issue(path.name, None, None, None, error.code, error.params))


def registry_import(
    *,
    paths: Sequence[Path],
    entity: str | None = None,
    dry_run: bool = False,
    report: Path | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    source: str = "import",
    actor: object = None,
) -> ImportResult:
    """Validate every row of every file, then write all of it in one transaction, or nothing.

    ``entity`` names what a CSV holds (``factories``…); workbooks are matched sheet by sheet
    (English or Arabic sheet names), or restricted to ``entity`` when given. With ``report``,
    problems are also saved as an XLSX with the bad cells highlighted.
    """
    if entity is not None and entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}")
    Actor.of(actor).require("registry.import_registry")
    open_issues: list[Issue] = []
    known = Factory.objects.values_list("external_id", flat=True)
    validation = validate_sources(
        specs(),
        _sheets(paths, entity, open_issues),
        import_lookups(),
        known_factories=known.iterator(),
        today=today,
        progress=progress,
    )
    validation.issues[:0] = open_issues
    validation.issues.extend(import_rights_issues(validation, Actor.of(actor)))
    if not validation.tables and not validation.errors:
        validation.issues.append(
            Issue(
                paths[0].name if paths else "",
                None,
                None,
                None,
                "no_table",
                {"file": ", ".join(p.name for p in paths)},
            )
        )
    result = ImportResult(validation=validation, dry_run=dry_run)
    if report is not None and result.issues:
        _write_report(report, result, paths)
    if result.ok and not dry_run:
        note = ", ".join(f"{p.name} sha256:{_sha256(p)[:16]}" for p in paths)
        result.written = _write(
            validation, progress=progress, source=source, actor=actor, note=note
        )
    return result


# What an import of each entity writes, hence the rights it needs (creating and changing rows).
ENTITY_PERMISSIONS = {
    "factories": ("registry.add_factory", "registry.change_factory"),
    "products": ("registry.add_factoryproduct", "registry.change_factoryproduct"),
    "inputs": ("registry.add_factoryinput", "registry.change_factoryinput"),
    "exports": ("registry.add_exportrecord", "registry.change_exportrecord"),
    "diagnoses": ("diagnosis.add_diagnosis", "diagnosis.change_diagnosis"),
    "requirements": ("diagnosis.add_requirement", "diagnosis.change_requirement"),
    "schemes": ("diagnosis.add_revivalscheme", "diagnosis.change_revivalscheme"),
}


def import_rights_issues(validation: Validation, actor: Actor) -> list[Issue]:
    """The rows the actor may not write, as import issues (nothing is then written): a sheet of
    an entity the role may not change, and a diagnosis credited to another body than the
    actor's own (each body records its own assessments; an administrator records any)."""
    issues: list[Issue] = []
    for name, table in validation.tables.items():
        if not all(actor.has_perm(p) for p in ENTITY_PERMISSIONS[name]):
            issues.append(
                Issue(table.sheet, None, None, None, "forbidden_entity", {"entity": name})
            )
    diagnoses = validation.tables.get("diagnoses")
    if diagnoses is not None and not any(i.code == "forbidden_entity" for i in issues):
        bodies = dict(Body.objects.values_list("code", "id"))
        for number, row in zip(diagnoses.row_numbers, diagnoses.rows, strict=True):
            body = row.get("body")
            if not can_edit_assessment(actor, bodies.get(body) if body else None):
                issues.append(
                    Issue(
                        diagnoses.sheet,
                        number,
                        diagnoses.headers.get("body", "body"),
                        body or "",
                        "other_body",
                    )
                )
    return issues


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def registry_import_tables(
    *,
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    source: str = "import",
    progress: Progress | None = None,
    actor: object = None,
) -> ImportResult:
    """Import rows already in memory (column name -> value), through the same validation."""
    all_specs = specs()
    sheets = []
    for name, rows in tables.items():
        spec = all_specs[name]
        header = [c.name for c in spec.columns]
        sheets.append(
            (spec, Sheet(name=name, header=header, rows=_cells(rows, header), size_hint=len(rows)))
        )
    known = Factory.objects.values_list("external_id", flat=True)
    validation = validate_sources(
        all_specs, sheets, import_lookups(), known_factories=known.iterator(), progress=progress
    )
    validation.issues.extend(import_rights_issues(validation, Actor.of(actor)))
    result = ImportResult(validation=validation)
    if result.ok:
        result.written = _write(
            validation, progress=progress, source=source, actor=actor, note=source
        )
    return result


def _cells(rows: Sequence[Mapping[str, Any]], header: list[str]):
    for index, row in enumerate(rows):
        yield index + 2, [row.get(c) for c in header]


def _write(
    validation: Validation, *, progress: Progress | None, source: str, actor: object, note: str
) -> dict[str, dict[str, int]]:
    """Write every table in one transaction. As Django's ``loaddata`` does, foreign keys are
    checked once for the whole batch (``check_constraints``, still inside the transaction)
    instead of row by row; every reference was already resolved against the database."""
    with connection.constraint_checks_disabled(), transaction.atomic():
        written = _write_tables(
            validation, progress=progress, source=source, actor=actor, note=note
        )
        connection.check_constraints(table_names=WRITTEN_TABLES)
    return written


def _write_tables(
    validation: Validation, *, progress: Progress | None, source: str, actor: object, note: str
) -> dict[str, dict[str, int]]:
    codes = writers.Codes.load()
    written: dict[str, dict[str, int]] = {}
    tables = validation.tables
    if "factories" in tables:
        if progress:
            progress("writing factories", 0, len(tables["factories"]))
        written["factories"] = writers.write_factories(
            tables["factories"].rows, codes, source=source
        ).as_dict()
    else:
        codes.refresh_factories()
    for name in ENTITIES[1:]:
        if name in tables:
            if progress:
                progress(f"writing {name}", 0, len(tables[name]))
            written[name] = writers.WRITERS[name](tables[name].rows, codes).as_dict()
    if progress:
        progress("writing the audit log", 0, len(codes.changes) + 1)
    summary = Change("import", "registry.import", source, None, written, note)
    audit_record(actor=actor, changes=[*codes.changes, summary])
    return written


def _write_report(path: Path, result: ImportResult, paths: Sequence[Path]) -> None:
    sheets: list[Sheet] = []
    for p in paths:
        try:
            sheets.extend(open_tables(p))
        except ParseError:
            continue
    flagged = {i.sheet for i in result.issues}
    write_issue_workbook(path, result.messages(), (s for s in sheets if s.name in flagged))


# --- export -----------------------------------------------------------------------------------


def registry_export(
    *,
    path: Path,
    entities: Sequence[str] = ENTITIES,
    language: str = "en",
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Write the registry in the import format: one XLSX workbook (a sheet per entity) when
    ``path`` ends in .xlsx, one CSV (UTF-8 with BOM, for Excel) for a single entity when it ends
    in .csv, else a folder of ``<entity>.csv`` files. Headers in ``language`` (en or ar)."""
    all_specs = specs()
    counts: dict[str, int] = {}
    suffix = path.suffix.lower()
    if suffix == ".csv" and len(entities) != 1:
        raise ValueError("a .csv path holds one entity; give a folder or an .xlsx path")
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        for name in entities:
            spec = all_specs[name]
            ws = book.create_sheet(spec.label(language)[:31])
            if language.startswith("ar"):
                ws.sheet_view.rightToLeft = True
            ws.append([c.header(language) for c in spec.columns])
            counts[name] = 0
            for row in exporting.READERS[name](language):
                ws.append(spreadsheet_row(_xlsx_value(row[c.name]) for c in spec.columns))
                counts[name] += 1
                if progress and counts[name] % 5000 == 0:
                    progress(name, counts[name])
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return counts
    import csv

    folder = path.parent if suffix == ".csv" else path
    folder.mkdir(parents=True, exist_ok=True)
    for name in entities:
        spec = all_specs[name]
        target = path if suffix == ".csv" else folder / f"{name}.csv"
        with target.open("w", encoding="utf-8-sig", newline="") as fh:
            out = SafeCsvWriter(csv.writer(fh))
            out.writerow([c.header(language) for c in spec.columns])
            counts[name] = 0
            for row in exporting.READERS[name](language):
                out.writerow([_text_value(row[c.name]) for c in spec.columns])
                counts[name] += 1
                if progress and counts[name] % 5000 == 0:
                    progress(name, counts[name])
    return counts


def _xlsx_value(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- background imports ---------------------------------------------------------------------


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import (the worker's job): ``registry_import`` on the kept file, for the
    user who uploaded it, with its stage and progress recorded for the page; the file is
    removed afterwards, and a crash is recorded, not raised."""
    import time

    from django.utils import timezone

    job = ImportJob.objects.select_related("user").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING)
    last = [0.0]

    def progress(stage: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done:
            return
        last[0] = now
        ImportJob.objects.filter(pk=job_id).update(stage=stage[:60], done=done, total=total)

    try:
        result = registry_import(
            paths=[Path(job.path)],
            entity=None if job.entity == "workbook" else job.entity,
            dry_run=job.dry_run,
            progress=progress,
            actor=job.user,
        )
        outcome = {
            "ok": result.ok,
            "dry_run": result.dry_run,
            "written": result.written,
            "rows_read": result.rows_read(),
            "issues": [
                {
                    "sheet": i.sheet,
                    "row": i.row,
                    "column": i.column,
                    "value": i.value,
                    "code": i.code,
                    "level": i.level,
                    "ar": ar,
                    "en": en,
                }
                for i, ar, en in result.messages()[:2000]
            ],
            "errors": len(result.errors),
        }
        state = ImportJob.State.DONE
    except Exception as exc:  # the job page must say what happened, whatever it was
        outcome = {"ok": False, "crash": f"{type(exc).__name__}: {exc}"}
        state = ImportJob.State.FAILED
    finally:
        Path(job.path).unlink(missing_ok=True)
    with transaction.atomic():
        ImportJob.objects.filter(pk=job_id).update(
            state=state, result=outcome, finished_at=timezone.now()
        )
    return ImportJob.objects.get(pk=job_id)


def import_job_lost(*, job_id: int, reasons: dict[str, str]) -> None:
    """The worker running this import died (``web.workers.jobs_sweep``): the job failed with the
    reasons; nothing was written (the import's writes are one transaction, never committed);
    the kept file is removed."""
    from django.utils import timezone

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    Path(job.path).unlink(missing_ok=True)
    ImportJob.objects.filter(
        pk=job_id, state__in=(ImportJob.State.QUEUED, ImportJob.State.RUNNING)
    ).update(
        state=ImportJob.State.FAILED,
        result={"ok": False, "crash": "", "lost": reasons},
        finished_at=timezone.now(),
    )
