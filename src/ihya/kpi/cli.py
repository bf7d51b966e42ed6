"""`ihya kpi …`: the follow-up's key performance indicators from the command line — import a
file of actuals, show the approved plan's targets against them. Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import cli_actor, err, out, setup

kpi_app = typer.Typer(
    help="KPIs: actuals per quarter against the approved plan's targets.",
    no_args_is_help=True,
)


@kpi_app.command("import")
def kpi_import_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="CSV or XLSX: quarter, indicator, value[, body, municipality, note] "
            "(2027-Q1; factories_restarted, jobs, exports, value_added, spending).",
        ),
    ],
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Import actuals: every row is checked first and nothing is written on any problem
    (exit 1, each row and column named). An actual replaces the one of the same quarter,
    indicator, body and municipality."""
    setup(lang)
    from ihya.errors import ServiceError
    from ihya.kpi.services import kpi_import

    try:
        result = kpi_import(actor=cli_actor(), path=file, lang=lang)
    except ServiceError as error:
        for problem in error.problems[:100]:
            err.print(f"[red]✗[/red] {problem.text(lang)}", highlight=False, markup=False)
        err.print(f"[bold red]{len(error.problems)} problem(s): nothing was written.[/]")
        raise typer.Exit(1) from None
    out.print(result.text)


@kpi_app.command("show")
def kpi_show_cmd(
    lang: Annotated[str, typer.Option(help="Language of the output: ar or en.")] = "en",
) -> None:
    """Per indicator and quarter: target, actual, percent achieved, light and trend."""
    setup(lang)
    from ihya.console import fmt
    from ihya.kpi import selectors

    board = selectors.kpi_dashboard()
    labels = selectors.indicator_labels()
    lights, trends = selectors.light_names(), selectors.trend_names()
    plan = board.plan
    out.print(f"{plan.name} v{plan.version}" if plan else "(no approved plan: no targets)")
    for code, cells in board.cells.items():
        table = Table("quarter", "target", "actual", "%", "light", "trend", title=labels[code])
        for c in cells:
            arrow = f"{trends[c.trend][0]} {fmt(c.change)}" if c.trend else ""
            table.add_row(
                str(c.period),
                fmt(c.target),
                fmt(c.actual),
                "" if c.ratio is None else f"{100 * c.ratio:.1f}",
                f"{lights[c.light]} ({c.light})",
                arrow,
            )
        out.print(table)
