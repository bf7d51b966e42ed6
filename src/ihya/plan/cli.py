"""`ihya plan …`: the executive plan's scheduler. `ihya plan schedule DIR` schedules any instance
folder (tasks, resources, optional spending limits). Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import err, out, setup, solver_bar

plan_app = typer.Typer(
    help="The executive plan: schedules with teams, money and the critical path (CP-SAT).",
    no_args_is_help=True,
)


class ObjectiveOption(StrEnum):
    makespan = "makespan"
    weighted = "weighted"


@plan_app.command("schedule")
def plan_schedule(
    in_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            exists=True,
            file_okay=False,
            help="tasks.csv (task_id, duration, predecessors, optional weight and cost, one "
            "column per resource), resources.csv (resource, capacity), optional spending.csv "
            "(start, end, limit); see docs/plan.md.",
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="RESULT_DIR for the result files.")],
    objective: Annotated[
        ObjectiveOption,
        typer.Option(help="makespan (the last finish) or weighted (Σ weight × finish)."),
    ] = ObjectiveOption.makespan,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds before the solver stops.")
    ] = 30.0,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Schedule any instance: writes RESULT_DIR/schedule.csv (task_id, start, finish,
    early_start, late_start, total_float, critical; periods counted from 0) and summary.json
    (status, makespan, lower_bound, gap, seconds, objective). Exit 1 on invalid input (nothing
    written), 3 when no schedule was found."""
    setup(lang)
    from ihya.errors import Invalid
    from ihya.plan.services import plan_schedule_files

    progress, update = solver_bar(time_limit)
    try:
        with progress:
            summary = plan_schedule_files(
                in_dir=in_dir,
                out_dir=out_dir,
                objective=objective.value,
                time_limit=time_limit,
                progress=lambda seconds, value, bound: update(
                    seconds, (value - bound) / value if value else 0.0
                ),
            )
    except Invalid as error:
        for problem in error.problems[:50]:
            err.print(f"[red]✗[/red] {problem.text(lang)}", highlight=False)
        err.print(f"[bold red]{len(error.problems)} problem(s): nothing was written.[/]")
        raise typer.Exit(1) from None
    table = Table(show_header=False)
    for key, value in summary.items():
        if value is not None:
            table.add_row(key, f"{value:,.6g}" if isinstance(value, float) else str(value))
    out.print(table)
    if summary.get("makespan") is None:
        raise typer.Exit(3)
