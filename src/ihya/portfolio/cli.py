"""`ihya portfolio …`: the budget-optimal portfolio of any instance folder, its budget curve,
frontier and cheapest-target questions, the registry as an instance, and a seeded generator."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import Bar, cli_actor, err, out, setup, solver_bar, steps_bar

portfolio_app = typer.Typer(
    help="The budget-optimal set of factories and requirements to fund (HiGHS).",
    no_args_is_help=True,
)

InDir = Annotated[
    Path,
    typer.Argument(
        metavar="DIR",
        exists=True,
        file_okay=False,
        help="factories.csv, requirements.csv, links.csv, budgets.csv (+ optional resources, "
        "decisions, regions); see docs/portfolio.md.",
    ),
]
TimeLimit = Annotated[float, typer.Option("--time-limit", help="Seconds before the solver stops.")]
Gap = Annotated[float, typer.Option("--gap", help="Relative optimality gap at which to stop.")]
Weights = Annotated[
    str | None,
    typer.Option(
        help="Objective as weights over value columns of factories.csv, e.g. jobs=0.6,exports=0.4 "
        "(each divided by its largest possible total); default: the benefit column."
    ),
]


@contextmanager
def _errors(language: str):
    """Invalid input files: every problem, then exit 1; a bad option: exit 2."""
    from ihya.errors import Invalid

    try:
        yield
    except Invalid as error:
        for problem in error.problems[:50]:
            err.print(f"[red]✗[/red] {problem.text(language)}", highlight=False)
        if len(error.problems) > 50:
            err.print(f"… {len(error.problems) - 50} more")
        raise typer.Exit(1) from None
    except ValueError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _finish(summary: dict) -> None:
    """Print the summary; exit 3 when no portfolio came out (infeasible, error, or a time
    limit before any)."""
    _print_summary(summary)
    if summary.get("status") in ("infeasible", "error") or summary.get("objective") is None:
        raise typer.Exit(3)


def _print_summary(summary: dict) -> None:
    table = Table(show_header=False)
    for key in (
        "status",
        "objective",
        "bound",
        "gap",
        "seconds",
        "greedy_objective",
        "optimum_over_greedy_pct",
        "selected_factories",
        "funded_requirements",
    ):
        if summary.get(key) is not None:
            value = summary[key]
            table.add_row(key, f"{value:,.6g}" if isinstance(value, float) else str(value))
    out.print(table)
    for sentence in summary.get("explanation", []):
        out.print(f"[red]{sentence}[/red]")


@portfolio_app.command("solve")
def portfolio_solve(
    in_dir: InDir,
    out_dir: Annotated[Path, typer.Option("--out", help="RESULT_DIR for the result files.")],
    time_limit: TimeLimit = 60.0,
    gap: Gap = 1e-4,
    weights: Weights = None,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Choose the factories (and revival options) and the requirements to fund within the
    budgets and limits. Writes RESULT_DIR/selected_factories.csv, funded_requirements.csv and
    summary.json (status, objective, bound, gap, seconds, greedy baseline). An infeasible
    instance is explained; invalid files are reported row by row and nothing is written."""
    setup(lang)
    from ihya.portfolio.services import portfolio_solve_files

    bar, update = solver_bar(time_limit)
    with _errors(lang), bar:
        summary = portfolio_solve_files(
            in_dir,
            out_dir,
            time_limit=time_limit,
            gap=gap,
            weights=weights,
            language=lang,
            progress=update,
        )
    _finish(summary)


@portfolio_app.command("cheapest")
def portfolio_cheapest(
    in_dir: InDir,
    target: Annotated[str, typer.Option(help="Targets over value columns, e.g. jobs=5000.")],
    out_dir: Annotated[Path, typer.Option("--out", help="RESULT_DIR for the result files.")],
    time_limit: TimeLimit = 60.0,
    gap: Gap = 1e-4,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """The portfolio of least total cost (all years) that reaches every target within the
    budgets and limits; the same result files as solve (objective = total cost)."""
    setup(lang)
    from ihya.portfolio.services import portfolio_cheapest_files

    with _errors(lang):
        summary = portfolio_cheapest_files(
            in_dir, out_dir, targets=target, time_limit=time_limit, gap=gap, language=lang
        )
    _finish(summary)


@portfolio_app.command("curve")
def portfolio_curve(
    in_dir: InDir,
    out_path: Annotated[Path, typer.Option("--out", help="CURVE.csv, one row per budget level.")],
    points: Annotated[int, typer.Option(min=2, max=200, help="Number of budget levels.")] = 8,
    low: Annotated[float, typer.Option("--from", help="Smallest budget factor.")] = 0.25,
    high: Annotated[float, typer.Option("--to", help="Largest budget factor.")] = 2.0,
    weights: Weights = None,
    time_limit: TimeLimit = 60.0,
    gap: Gap = 1e-4,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """The best value as every yearly budget is multiplied by factors from --from to --to (what
    one more million buys; --from 0.67 --to 1 for a cut by a third); each point beside the greedy
    baseline. The default, 8 points from 0.25 to 2, steps by a quarter and holds 1."""
    import numpy as np

    setup(lang)
    from ihya.portfolio.services import portfolio_curve_files

    factors = [round(float(f), 6) for f in np.linspace(low, high, points)]
    bar, update = steps_bar("budget curve", points)
    with _errors(lang), bar:
        rows = portfolio_curve_files(
            in_dir,
            out_path,
            factors=factors,
            weights=weights,
            time_limit=time_limit,
            gap=gap,
            progress=update,
        )
    table = Table("factor", "budget", "status", "objective", "greedy")
    for r in rows:
        table.add_row(
            f"{r['factor']:g}",
            f"{r['budget_total']:,.0f}",
            r["status"],
            f"{r['objective']:,.6g}" if r["objective"] is not None else "—",
            f"{r['greedy_objective']:,.6g}" if r["greedy_objective"] is not None else "—",
        )
    out.print(table)


@portfolio_app.command("frontier")
def portfolio_frontier(
    in_dir: InDir,
    x: Annotated[str, typer.Option(help="The value maximised (a column of factories.csv).")],
    y: Annotated[str, typer.Option(help="The value held at ≥ ε.")],
    out_path: Annotated[Path, typer.Option("--out", help="FRONTIER.csv, one row per ε.")],
    points: Annotated[int, typer.Option(min=2, max=100, help="Number of ε values.")] = 8,
    time_limit: TimeLimit = 60.0,
    gap: Gap = 1e-4,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """The efficient frontier between two values (ε-constraint, warm-started)."""
    setup(lang)
    from ihya.portfolio.services import portfolio_frontier_files

    bar, update = steps_bar("frontier", points)
    with _errors(lang), bar:
        rows = portfolio_frontier_files(
            in_dir,
            out_path,
            x=x,
            y=y,
            points=points,
            time_limit=time_limit,
            gap=gap,
            progress=update,
        )
    table = Table("ε", x, y, "status", "dominated")
    for r in rows:
        table.add_row(
            "—" if r["epsilon"] is None else f"{r['epsilon']:,.6g}",
            "—" if r[x] is None else f"{r[x]:,.6g}",
            "—" if r[y] is None else f"{r[y]:,.6g}",
            r["status"],
            "yes" if r["dominated"] else "",
        )
    out.print(table)


@portfolio_app.command("registry")
def portfolio_registry(
    out_dir: Annotated[Path, typer.Option("--out", help="DIR for the instance files.")],
    budget: Annotated[
        list[float], typer.Option(help="A yearly budget in LYD; repeat once per plan year.")
    ],
    fx_budget: Annotated[
        list[float] | None,
        typer.Option(help="A yearly foreign-currency budget in LYD; repeat per year."),
    ] = None,
    weights: Weights = None,
) -> None:
    """Write the registry's candidate factories, their open requirements (costs spread over the
    years by lead time) and the budgets as an instance folder for `ihya portfolio solve`."""
    setup()
    from ihya.portfolio.services import portfolio_registry_files

    with _errors("en"):
        n = portfolio_registry_files(
            out_dir, budgets=list(budget), fx_budgets=list(fx_budget or ()), weights=weights
        )
    out.print(f"{n} candidate factories written to {out_dir}")


@portfolio_app.command("generate")
def portfolio_generate(
    out_dir: Annotated[Path, typer.Option("--out", help="DIR for the instance files.")],
    factories: Annotated[int, typer.Option(min=1, help="Number of factories.")] = 5000,
    requirements: Annotated[int, typer.Option(min=1, help="Number of requirements.")] = 12000,
    years: Annotated[int, typer.Option(min=1, max=30, help="Plan years.")] = 3,
    budget_share: Annotated[float, typer.Option(help="Budgets as a share of demand.")] = 0.3,
    hub: Annotated[
        bool, typer.Option(help="One requirement shared by hundreds of factories.")
    ] = False,
    options: Annotated[
        bool, typer.Option(help="A minimal-restart option beside each factory.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 0,
) -> None:
    """A seeded synthetic instance (not data about any country) in the folder format."""
    setup()
    from ihya.portfolio.services import portfolio_generate_files

    instance = portfolio_generate_files(
        out_dir,
        factories=factories,
        requirements=requirements,
        years=years,
        budget_share=budget_share,
        hub=hub,
        options=options,
        seed=seed,
    )
    out.print(
        f"{factories} factories, {requirements} requirements, {len(instance.links)} links → {out_dir}"
    )


@portfolio_app.command("scenarios")
def portfolio_scenarios() -> None:
    """The saved portfolio scenarios of the registry, with their last result."""
    setup()
    from ihya.portfolio.selectors import scenario_list

    table = Table("id", "name", "state", "status", "factories", "jobs", "budgets")
    for s in scenario_list():
        result = s.outcome
        table.add_row(
            str(s.pk),
            s.name,
            s.state,
            result.status if result else "",
            str(len(result.selected)) if result and result.has_portfolio else "",
            f"{result.totals['jobs']:,.0f}" if result and result.totals else "",
            " · ".join(f"{b:,.0f}" for b in s.budgets),
        )
    out.print(table)


@portfolio_app.command("run")
def portfolio_run(
    name: Annotated[
        str, typer.Argument(help="The scenario's name (see `ihya portfolio scenarios`).")
    ],
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Solve a saved scenario on the registry as it is now, as the web's Solve button does
    (stored, audited), and print its summary."""
    setup(lang)
    from ihya.errors import Conflict
    from ihya.portfolio.selectors import scenario_named
    from ihya.portfolio.services import portfolio_scenario_solve

    scenario = scenario_named(name)
    if scenario is None:
        err.print(f"[red]No scenario named {name!r}.[/red]")
        raise typer.Exit(2)
    try:
        with _errors(lang), Bar() as bar:
            scenario = portfolio_scenario_solve(
                actor=cli_actor(), scenario_id=scenario.pk, wait=True, progress=bar
            )
    except Conflict as error:  # a solve already under way
        err.print(f"[red]{error.text(lang)}[/red]")
        raise typer.Exit(2) from None
    if not scenario.stored:
        err.print("[red]The scenario was edited while it was solved: result discarded.[/red]")
        raise typer.Exit(2)
    result = scenario.outcome
    summary = dict(result.to_json()["summary"])
    summary["selected_factories"] = len(result.selected or ())
    summary["explanation"] = [e[lang if lang in ("ar", "en") else "en"] for e in result.explanation]
    _finish(summary)
