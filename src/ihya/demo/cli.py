"""`ihya demo …`: the synthetic demo (registry, world trade, input–output table, portfolio
scenarios) and one demo user per role. Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ihya.console import Bar, cli_actor, out, print_issues, print_run, print_written, setup

demo_app = typer.Typer(help="The synthetic demo registry.", no_args_is_help=True)


@demo_app.command("load")
def demo_load(
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 2026,
    factories: Annotated[int, typer.Option(help="How many factories.")] = 400,
    trade: Annotated[
        bool, typer.Option(help="Also generate the synthetic world trade and analyse it.")
    ] = True,
    linkages: Annotated[
        bool, typer.Option(help="Also load the synthetic Libya-like input–output table.")
    ] = True,
    portfolio: Annotated[
        bool,
        typer.Option(help="Also save and solve two portfolio scenarios on the demo registry."),
    ] = True,
    plan: Annotated[
        bool,
        typer.Option(help="Also build and approve the baseline plan of “Balanced (demo)”."),
    ] = True,
    plan_time_limit: Annotated[
        float, typer.Option("--plan-time-limit", help="Seconds the plan's solver may take.")
    ] = 30.0,
    followup: Annotated[
        bool,
        typer.Option(
            help="Also a year of follow-up: the plan started a year ago, its progress and "
            "re-forecast, case files in every state, three past meetings with decisions, KPI "
            "actuals."
        ),
    ] = True,
) -> None:
    """Load the synthetic demo registry and, unless told not to, the synthetic world trade with
    its analysis, the input–output table, two solved portfolio scenarios and the approved
    baseline plan of the first. Loading it again
    replaces the demo (the registry is updated in place; one synthetic trade run and table
    remain), never doubles it."""
    setup()
    from ihya.demo.services import demo_load as load

    with Bar() as bar:
        result = load(
            seed=seed,
            factories=factories,
            trade=trade,
            linkages=linkages,
            portfolio=portfolio,
            plan=plan,
            plan_time_limit=plan_time_limit,
            followup=followup,
            actor=cli_actor(),
            progress=bar,
        )
    if not result.ok:
        print_issues(result.registry)
        raise typer.Exit(1)
    print_written(result.registry.written)
    if result.trade_run is not None:
        print_run(result.trade_run)
    if result.io_table is not None:
        table = result.io_table
        out.print(f"input–output table {table.pk}: {table.name}, {table.sectors_count} sectors")
    for scenario in result.scenarios:
        outcome = scenario.outcome
        out.print(
            f"portfolio scenario {scenario.pk}: {scenario.name}, {outcome.status}, "
            f"{len(outcome.selected or ())} factories"
        )
    if result.plan is not None:
        s = result.plan.summary
        out.print(
            f"plan {result.plan}: {result.plan.state}, {s['tasks']} tasks, {s['status']}, "
            f"{s['makespan']} working days (no plan under {s['makespan_bound']}), "
            f"to {s['finish']}"
        )
    if result.followup is not None:
        f = result.followup
        states = ", ".join(f"{k} {v}" for k, v in sorted(f.states.items()))
        out.print(
            f"follow-up: {f.updates} task updates, forecast {f.forecast}, case files: {states}; "
            f"{f.meetings} meetings held, {f.decisions} decisions, {f.kpis} KPI actuals"
        )


@demo_app.command("users")
def demo_users_cmd() -> None:
    """Create (or reset) one demo user per role and print their generated passwords."""
    setup()
    from ihya.accounts.services import demo_users

    table = Table(
        "user",
        "role",
        "password",
        title="demo users — new passwords each time this command runs (make demo runs it)",
    )
    for name, role, password in demo_users(actor=cli_actor()):
        table.add_row(name, role, password)
    out.print(table)
