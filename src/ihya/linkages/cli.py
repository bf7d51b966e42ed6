"""`ihya linkages …`: analyse an input–output table into files, or store it. Mounted by
``ihya/cli.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ihya.console import cli_actor, err, out, setup

linkages_app = typer.Typer(
    help="Input–output linkages: multipliers, linked industries, extraction, revival impact.",
    no_args_is_help=True,
)


def _print_table_issues(error) -> None:
    """A refused table: every problem (its row first), then that nothing was written."""
    for problem in error.problems[:50]:
        column = problem.params.get("column") if problem.params else None
        value = problem.params.get("value") if problem.params else None
        where = "".join(
            [
                f" (column {column}" if column else "",
                f", value {value}" if value else "",
                ")" if column else "",
            ]
        )
        err.print(f"{problem.en}{where} | {problem.ar}", markup=False)
    err.print(f"[bold red]{len(error.problems)} problem(s): nothing was written.[/]")


@linkages_app.command("analyse")
def linkages_analyse(
    table_path: Annotated[
        Path,
        typer.Argument(
            metavar="TABLE",
            exists=True,
            help="Ihya's template (CSV or XLSX) or a folder saved by pymrio's save_all.",
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the result tables.")],
    tolerance: Annotated[
        float,
        typer.Option(help="Largest relative gap allowed between a sector's outputs and inputs."),
    ] = 0.005,
) -> None:
    """Write DIR/sectors.csv (sector, output_multiplier, va_multiplier, employment_multiplier,
    backward_linkage, forward_linkage, key_sector_class), DIR/extraction.csv (sector,
    output_loss, va_loss, jobs_loss), DIR/multipliers.csv (every multiplier, type II included)
    and DIR/run.json. An invalid table is reported row by row and nothing is written."""
    setup()
    from ihya.errors import Invalid
    from ihya.linkages.services import linkages_analyse_file

    if out_dir.exists() and not out_dir.is_dir():
        err.print(f"[red]--out {out_dir} is a file; give a directory.[/]")
        raise typer.Exit(2)

    try:
        result = linkages_analyse_file(path=table_path, out_dir=out_dir, tolerance=tolerance)
    except Invalid as error:
        _print_table_issues(error)
        raise typer.Exit(1) from None
    link = result.linkages
    keys = [result.table.codes[i] for i in range(result.table.n) if link.key_class[i] == "key"]
    out.print(
        f"{result.table.n} sectors; key sectors: {', '.join(keys) or '—'}; "
        f"results in {out_dir}/sectors.csv, extraction.csv, multipliers.csv"
    )


@linkages_app.command("load")
def linkages_load(
    table_path: Annotated[
        Path, typer.Argument(metavar="TABLE", exists=True, help="Template file or pymrio folder.")
    ],
    name: Annotated[str, typer.Option(help="A name shown on the pages.")] = "",
    concordance: Annotated[
        Path | None,
        typer.Option(
            exists=True, help="CSV with columns isic,sector: ISIC code prefixes → sectors."
        ),
    ] = None,
    tolerance: Annotated[float, typer.Option(help="Balance tolerance (relative).")] = 0.005,
) -> None:
    """Validate, analyse and store a table (audited): the pages, the factories' revival impact
    and the API use the latest one."""
    setup()
    from ihya.errors import Invalid
    from ihya.linkages.services import linkages_table_load

    try:
        table = linkages_table_load(
            path=table_path,
            name=name,
            concordance=concordance,
            tolerance=tolerance,
            actor=cli_actor(),
        )
    except Invalid as error:
        _print_table_issues(error)
        raise typer.Exit(1) from None
    out.print(f"input–output table {table.pk}: {table.name}, {table.sectors_count} sectors")
