"""`ihya import`, `ihya export`, `ihya factories …` and `ihya docs import-format`: the registry
from and to files, and read from the terminal. Mounted by ``ihya/cli.py``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import (
    Bar,
    Language,
    OutputFormat,
    cli_actor,
    err,
    fmt,
    out,
    print_issues,
    print_problems,
    print_written,
    setup,
)
from ihya.core.tables import SafeCsvWriter
from ihya.registry.schema import ENTITIES

factories_app = typer.Typer(help="List, show and summarise factories.", no_args_is_help=True)
docs_app = typer.Typer(help="Generate documentation from the definitions.", no_args_is_help=True)


ImportEntity = StrEnum("ImportEntity", [(e, e) for e in (*ENTITIES, "workbook")])


def import_(
    entity: Annotated[
        ImportEntity, typer.Argument(help="What the file holds; 'workbook' reads every sheet.")
    ],
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True)],
    report: Annotated[
        Path | None,
        typer.Option(help="Save the problems as an XLSX with the bad cells highlighted."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate only; write nothing.")
    ] = False,
    limit: Annotated[int, typer.Option(help="Print at most this many problems.")] = 50,
) -> None:
    """Import factories, products, inputs, exports, diagnoses, requirements or schemes from CSV or
    XLSX. Every row is validated first; on any error nothing is written and the exit code is 1."""
    setup()
    from ihya.registry.services import registry_import

    with Bar() as bar:
        result = registry_import(
            paths=files,
            entity=None if entity is ImportEntity.workbook else entity.value,
            dry_run=dry_run,
            report=report,
            progress=bar,
            actor=cli_actor(),
        )
    print_issues(result, limit=limit)
    if report is not None and result.issues:
        err.print(f"report: {report}")
    if not result.ok:
        err.print(f"[bold red]{len(result.validation.errors)} error(s): nothing was written.[/]")
        raise typer.Exit(1)
    read = result.rows_read()
    if dry_run:
        out.print(
            "valid, nothing written (dry run): " + ", ".join(f"{k} {v}" for k, v in read.items())
        )
        return
    print_written(result.written)


def export(
    path: Annotated[
        Path,
        typer.Argument(help="FILE.xlsx (all sheets), FILE.csv (one entity) or a folder of CSVs."),
    ],
    entity: Annotated[
        list[ImportEntity] | None, typer.Option(help="Entities to export (default all).")
    ] = None,
    headers: Annotated[
        Language, typer.Option(help="Language of the column headers.")
    ] = Language.en,
) -> None:
    """Export the registry in the import format (export then import gives the same registry)."""
    setup()
    from ihya.registry.services import registry_export

    names = [e.value for e in entity or [] if e is not ImportEntity.workbook] or list(ENTITIES)
    if path.suffix.lower() == ".csv" and len(names) != 1:
        err.print("a .csv file holds one entity: give --entity, an .xlsx file or a folder")
        raise typer.Exit(2)
    with Bar() as bar:
        counts = registry_export(
            path=path,
            entities=names,
            language=headers.value,
            progress=lambda stage, done: bar(f"exporting {stage}", done),
        )
    out.print(f"{path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@factories_app.command("list")
def factories_list(
    status: Annotated[
        str | None, typer.Option(help="operating, partly_operating, stalled or closed")
    ] = None,
    municipality: Annotated[
        str | None, typer.Option(help="Municipality code, e.g. misrata")
    ] = None,
    isic: Annotated[str | None, typer.Option(help="ISIC division or class prefix, e.g. 23")] = None,
    ownership: Annotated[str | None, typer.Option(help="public, private or mixed")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the id or either name")] = None,
    sort: Annotated[
        str,
        typer.Option(
            help="id, name, municipality, status, employees, jobs_lost, stalled_since; '-' for descending"
        ),
    ] = "id",
    limit: Annotated[int, typer.Option(help="At most this many rows (0: all)")] = 50,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    lang: Annotated[Language | None, typer.Option(help="Language of names and labels")] = None,
) -> None:
    """List factories with filters."""
    setup(lang.value if lang else None)
    from django.utils.translation import gettext as _

    from ihya import vocabularies
    from ihya.registry.selectors import factory_list

    try:
        qs = factory_list(
            status=status,
            municipality=municipality,
            isic=isic,
            ownership=ownership,
            search=search,
            sort=sort,
        )
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2) from exc
    total = qs.count()
    rows = [
        {
            "factory_id": f.external_id,
            "name": f.name,
            "municipality": f.municipality.name,
            "isic": f.activity.code,
            "status": f.status,
            "employees_now": f.employees_now,
            "employees_before": f.employees_before,
            "stalled_since": f.stalled_since.isoformat() if f.stalled_since else None,
        }
        for f in (qs[:limit] if limit else qs)
    ]
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt is OutputFormat.csv:
        import csv

        writer = SafeCsvWriter(
            csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["factory_id"])
        )
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(
        _("Factory"),
        _("Name"),
        _("Municipality"),
        _("ISIC"),
        _("Status"),
        _("Employees now"),
        _("before"),
        _("Stalled since"),
        title=_("%(shown)d of %(total)d factories") % {"shown": len(rows), "total": total},
    )
    for r in rows:
        table.add_row(
            r["factory_id"],
            r["name"],
            r["municipality"],
            r["isic"],
            vocabularies.label("factory_status", r["status"]),
            _fmt(r["employees_now"]),
            _fmt(r["employees_before"]),
            r["stalled_since"] or "",
        )
    out.print(table)


PLAIN = {"year", "hs", "isic", "factory_id", "requirement_id", "established_year"}


def _fmt(value: object, key: str = "") -> str:
    return fmt(value, plain=key in PLAIN)


@factories_app.command("show")
def factories_show(
    factory_id: Annotated[str, typer.Argument(help="The factory's id")],
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    lang: Annotated[Language | None, typer.Option(help="Language of names and labels")] = None,
) -> None:
    """Show one factory's file: profile, products, inputs, diagnosis, requirements, history."""
    setup(lang.value if lang else None)
    from ihya.errors import NotFound
    from ihya.registry.selectors import factory_file

    try:
        data = factory_file(external_id=factory_id)
    except NotFound as error:
        print_problems(error)
        raise typer.Exit(1) from None
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    _render_factory_file(data)


@factories_app.command("summary")
def factories_summary(
    lang: Annotated[Language | None, typer.Option(help="Language of names and labels")] = None,
) -> None:
    """Counts by status, sector and municipality; jobs lost while stalled."""
    setup(lang.value if lang else None)
    from ihya.registry.selectors import registry_summary

    _render_summary(registry_summary())


def _render_factory_file(data: dict) -> None:
    from django.utils.translation import gettext as _

    profile = Table.grid(padding=(0, 2))
    for key in (
        "factory_id",
        "name_ar",
        "name_en",
        "municipality",
        "district",
        "industrial_zone",
        "isic",
        "activity",
        "ownership",
        "status",
        "stalled_since",
        "employees_now",
        "employees_before",
        "jobs_lost",
        "design_capacity",
        "capacity_unit",
        "utilisation_pct",
    ):
        profile.add_row(f"[bold]{key}[/]", _fmt(data[key], key))
    out.print(profile)
    sections = [
        ("products", _("Products"), ["hs", "name", "capacity", "unit", "unit_value_lyd", "main"]),
        ("inputs", _("Inputs"), ["input", "hs", "annual_quantity", "unit", "local_share_pct"]),
        ("exports", _("Export history"), ["year", "hs", "market", "value_usd"]),
        (
            "requirements",
            _("Requirements"),
            [
                "requirement_id",
                "type",
                "description",
                "cost_lyd",
                "fx_share_pct",
                "lead_time_months",
                "responsible_body",
                "status",
                "shared_with",
            ],
        ),
        ("schemes", _("Revival schemes"), ["mode", "partner", "preferred", "notes"]),
        ("history", _("Status history"), ["from", "to", "effective_on", "source"]),
    ]
    for key, title, columns in sections:
        if not data[key]:
            continue
        table = Table(*columns, title=title)
        for row in data[key]:
            table.add_row(
                *[
                    _fmt(", ".join(row[c]) if isinstance(row[c], list) else row[c], c)
                    for c in columns
                ]
            )
        out.print(table)
    for diagnosis in data["diagnoses"]:
        title = _("Diagnosis") + f" — {diagnosis['body'] or ''} {diagnosis['assessed_on'] or ''}"
        table = Table("cause", "severity", "note", title=title)
        for c in diagnosis["causes"]:
            table.add_row(c["cause"], f"{c['severity']} {c['severity_label']}", c["note"])
        out.print(table)


def _render_summary(summary) -> None:
    from django.utils.translation import gettext as _

    from ihya import vocabularies

    out.print(_("%(n)d factories") % {"n": summary.factories})
    table = Table(_("Status"), _("Factories"))
    for term in vocabularies.terms("factory_status"):
        table.add_row(term.label(), str(summary.by_status.get(term.code, 0)))
    out.print(table)
    table = Table(_("ISIC division"), _("Factories"), title=_("Largest sectors"))
    for division, name, n in summary.by_division:
        table.add_row(f"{division} {name}", str(n))
    out.print(table)
    table = Table(_("Municipality"), _("Factories"), title=_("Largest municipalities"))
    for _code, name, n in summary.by_municipality:
        table.add_row(name, str(n))
    out.print(table)
    out.print(
        _("Jobs now %(now)s, before the stalls %(before)s, lost %(lost)s")
        % {"now": summary.jobs_now, "before": summary.jobs_before, "lost": summary.jobs_lost}
    )


@docs_app.command("import-format")
def docs_import_format() -> None:
    """Print docs/import-format.md, generated from the import definitions."""
    setup("en")
    from ihya.registry.docs import import_format_markdown

    sys.stdout.write(import_format_markdown())
