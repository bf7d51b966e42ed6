"""`ihya plan …`: the executive plan's scheduler. `ihya plan schedule DIR` schedules any instance
folder (tasks, resources, optional spending limits). Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import cli_actor, err, out, print_problems, setup, solver_bar

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


@plan_app.command("build")
def plan_build_cmd(
    scenario: Annotated[str, typer.Argument(help="A solved portfolio scenario, by name.")],
    name: Annotated[str, typer.Option(help="The plan's name (the scenario's by default).")] = "",
    start: Annotated[
        str | None, typer.Option(help="First day of the plan, YYYY-MM-DD (today by default).")
    ] = None,
    objective: Annotated[
        ObjectiveOption,
        typer.Option(help="weighted (high-benefit factories restart first) or makespan."),
    ] = ObjectiveOption.weighted,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds before the solver stops.")
    ] = 60.0,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Build a new draft version of a plan from a solved scenario: every funded requirement's
    chain of steps on the bodies' teams, each factory's restart and first export, under the
    yearly budgets, in working days; its critical path and quarterly targets. Audited."""
    import datetime as dt

    setup(lang)
    from ihya.errors import ServiceError
    from ihya.plan.services import plan_build
    from ihya.portfolio.selectors import scenario_named

    found = scenario_named(scenario)
    if found is None:
        err.print(f"[red]No scenario named {scenario!r}.[/red]")
        raise typer.Exit(2)
    try:
        day = dt.date.fromisoformat(start) if start else None
    except ValueError:
        err.print(f"[red]--start must be a date such as 2027-01-03, not {start!r}[/red]")
        raise typer.Exit(2) from None
    progress, update = solver_bar(time_limit)
    try:
        with progress:
            plan = plan_build(
                actor=cli_actor(),
                scenario_id=found.pk,
                name=name,
                start=day,
                objective=objective.value,
                time_limit=time_limit,
                progress=lambda seconds, value, bound: update(
                    seconds, (value - bound) / value if value else 0.0
                ),
            )
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    _print_plan(plan)


def _number(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _print_plan(plan) -> None:
    s = plan.summary
    out.print(
        f"{plan.name} v{plan.version} ({plan.state}): {s['tasks']} tasks on {s['teams']} teams, "
        f"{s['status']}, {s['makespan']} working days (no plan under "
        f"{s.get('makespan_bound', '?')}; {plan.objective} objective {_number(s['objective_value'])}, "
        f"lower bound {_number(s['lower_bound'])}), "
        f"finishing {s['finish']}; spending limits {s['spending_limits']}"
    )


@plan_app.command("list")
def plan_list_cmd() -> None:
    """Every version of every plan, with its state and finish."""
    setup()
    from ihya.plan.selectors import plan_list

    table = Table("plan", "version", "state", "scenario", "tasks", "status", "finish")
    for p in plan_list():
        table.add_row(
            p.name,
            str(p.version),
            p.state,
            p.scenario.name if p.scenario else "",
            str(p.summary.get("tasks", "")),
            p.summary.get("status", ""),
            p.summary.get("finish", ""),
        )
    out.print(table)


@plan_app.command("show")
def plan_show_cmd(
    name: Annotated[str, typer.Argument(help="The plan's name.")],
    version: Annotated[int | None, typer.Option(help="A version (the latest by default).")] = None,
    lang: Annotated[str, typer.Option(help="Language of names: ar or en.")] = "en",
) -> None:
    """A plan's summary, its milestones with their dates and float, and its quarterly targets."""
    setup(lang)
    from ihya.errors import NotFound
    from ihya.plan.selectors import plan_get, plan_tasks

    try:
        plan = plan_get(name=name, version=version)
    except NotFound as error:
        print_problems(error)
        raise typer.Exit(1) from None
    _print_plan(plan)
    table = Table("milestone", "date", "float", "critical", title="milestones")
    for t in plan_tasks(plan=plan).exclude(kind="step"):
        table.add_row(
            t.name_ar if lang == "ar" else t.name_en,
            t.start_date.isoformat(),
            str(t.total_float),
            "yes" if t.critical else "",
        )
    out.print(table)
    table = Table("quarter", "ends", "restarted", "jobs", "spending", title="targets")
    for q in plan.targets:
        table.add_row(
            str(q["quarter"]),
            q["ends"],
            str(q["factories_restarted"]),
            f"{q['jobs']:,}",
            f"{q['spending']:,.0f}",
        )
    out.print(table)


@plan_app.command("approve")
def plan_approve_cmd(
    name: Annotated[str, typer.Argument(help="The plan's name.")],
    version: Annotated[int | None, typer.Option(help="A version (the latest by default).")] = None,
) -> None:
    """Approve a draft version as the committee's baseline; it never changes afterwards."""
    setup()
    from ihya.errors import ServiceError
    from ihya.plan.services import plan_approve

    try:
        plan = plan_approve(actor=cli_actor(), name=name, version=version)
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    out.print(f"{plan} approved")


def _date_option(value: str | None, option: str):
    from ihya.core.ingest.normalize import ParseError, parse_date

    try:
        return parse_date(value) if value else None
    except ParseError:
        err.print(f"[red]{option} must be a date such as 2027-01-03, not {value!r}[/red]")
        raise typer.Exit(2) from None


@plan_app.command("revise")
def plan_revise_cmd(
    name: Annotated[str, typer.Argument(help="The plan's name.")],
    actuals: Annotated[
        Path,
        typer.Option(
            "--actuals",
            exists=True,
            dir_okay=False,
            help="CSV or XLSX: task_id, actual_start, actual_finish, percent.",
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date of the actuals, YYYY-MM-DD (today by default)."),
    ] = None,
    version: Annotated[
        int | None, typer.Option(help="The version to revise (the latest by default).")
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds before the solver stops.")
    ] = 60.0,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """A new draft version from actuals: tasks done keep their real dates, tasks started their
    real start, and only what depends on a task whose dates changed moves. Every row is checked
    first; nothing is written on any problem (exit 1). Audited."""
    setup(lang)
    from ihya.errors import ServiceError
    from ihya.plan.revising import plan_revise

    day = _date_option(as_of, "--as-of")
    progress, update = solver_bar(time_limit)
    try:
        with progress:
            plan = plan_revise(
                actor=cli_actor(),
                name=name,
                actuals=actuals,
                as_of=day,
                version=version,
                time_limit=time_limit,
                progress=lambda seconds, value, bound: update(
                    seconds, (value - bound) / value if value else 0.0
                ),
            )
    except ServiceError as error:
        for problem in error.problems[:50]:
            err.print(f"[red]✗[/red] {problem.text(lang)}", highlight=False)
        err.print(f"[bold red]{len(error.problems)} problem(s): nothing was written.[/]")
        raise typer.Exit(1) from None
    _print_plan(plan)
    s = plan.summary
    out.print(f"revises v{s['revises']}: {s['actuals']} actuals, {s['moved']} tasks moved")


@plan_app.command("compare")
def plan_compare_cmd(
    name: Annotated[str, typer.Argument(help="The plan's name.")],
    a: Annotated[int, typer.Argument(metavar="A", help="The earlier version.")],
    b: Annotated[int, typer.Argument(metavar="B", help="The later version.")],
    lang: Annotated[str, typer.Option(help="Language of names: ar or en.")] = "en",
) -> None:
    """What moved from version A to version B: each task's start in both, the working days it
    moved and the late task that pushed it."""
    setup(lang)
    from ihya.errors import NotFound
    from ihya.plan.comparing import plan_compare

    try:
        comparison = plan_compare(name=name, a=a, b=b)
    except NotFound as error:
        print_problems(error)
        raise typer.Exit(1) from None
    table = Table(title="moved")
    for column in ("task", "name", "start A", "start B", "days", "because of"):
        table.add_column(column, no_wrap=column != "name")  # ids whole, for scripts and eyes
    for m in comparison.moved:
        table.add_row(
            m.key,
            m.name_ar if lang == "ar" else m.name_en,
            str(m.start_a),
            str(m.start_b),
            f"{m.days:+d}",
            "late" if m.late else m.cause,
        )
    out.print(table)
    out.print(
        f"{len(comparison.moved)} tasks moved; the plan finishes "
        f"{comparison.a.summary.get('finish')} in v{a}, {comparison.b.summary.get('finish')} "
        f"in v{b} ({comparison.finish_days:+d} working days)"
        + f"; {len(comparison.added)} added, {len(comparison.removed)} removed"
    )


@plan_app.command("export")
def plan_export_cmd(
    name: Annotated[str, typer.Argument(help="The plan's name.")],
    out_file: Annotated[
        Path,
        typer.Option(
            "--out",
            dir_okay=False,
            help="FILE.xlsx (tasks, Gantt, targets), FILE.ics (milestones) or FILE.json.",
        ),
    ],
    version: Annotated[int | None, typer.Option(help="A version (the latest by default).")] = None,
    lang: Annotated[str, typer.Option(help="Language of names and sheets: ar or en.")] = "ar",
) -> None:
    """Write a version of the plan to a file; right-to-left sheets in Arabic."""
    setup(lang)
    from ihya.errors import ServiceError
    from ihya.plan.exporting import plan_export

    try:
        path = plan_export(name=name, out=out_file, version=version, lang=lang)
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    out.print(f"wrote {path}")
