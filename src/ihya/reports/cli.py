"""`ihya report …`: the committee's documents as PDF (WeasyPrint, the shipped Arabic font) or
Excel (right-to-left sheets in Arabic); the suffix of ``--out`` picks the format. Mounted by
``ihya/cli.py``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ihya.console import Bar, Language, cli_actor, out, print_problems, setup

report_app = typer.Typer(
    help="Reports the committee can table and send: PDF (Arabic shaped, right to left) or XLSX.",
    no_args_is_help=True,
)

OutOption = Annotated[
    Path, typer.Option("--out", dir_okay=False, help="FILE.pdf or FILE.xlsx: the suffix picks.")
]
LangOption = Annotated[Language, typer.Option(help="Language of the report: ar or en.")]


def _format(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def _write(path: Path, render) -> None:
    from ihya.errors import ServiceError

    try:
        with Bar() as bar:
            report = render(bar)
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    path.write_bytes(report.content)
    out.print(f"wrote {path} ({len(report.content):,} bytes)")


@report_app.command("factory")
def report_factory_cmd(
    factory_id: Annotated[str, typer.Argument(metavar="ID", help="The factory's id.")],
    out_file: OutOption,
    lang: LangOption = Language.ar,
) -> None:
    """A factory's profile: registry, diagnosis, requirements (cost, lead time, body), case file."""
    setup(lang.value)
    from ihya.reports.services import report_factory

    _write(
        out_file,
        lambda bar: report_factory(
            actor=cli_actor(),
            factory_id=factory_id,
            lang=lang.value,
            fmt=_format(out_file),
            progress=bar,
        ),
    )


@report_app.command("plan")
def report_plan_cmd(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The plan's name.")],
    out_file: OutOption,
    version: Annotated[int | None, typer.Option(help="A version (the latest by default).")] = None,
    lang: LangOption = Language.ar,
) -> None:
    """An executive plan: summary, quarterly targets, Gantt chart by factory, milestones, work by
    body, critical tasks."""
    setup(lang.value)
    from ihya.reports.services import report_plan

    _write(
        out_file,
        lambda bar: report_plan(
            actor=cli_actor(),
            name=name,
            version=version,
            lang=lang.value,
            fmt=_format(out_file),
            progress=bar,
        ),
    )


class RankingMethod(StrEnum):
    wsm = "wsm"
    topsis = "topsis"
    promethee = "promethee"


@report_app.command("priority")
def report_priority_cmd(
    out_file: OutOption,
    scenario: Annotated[
        str | None,
        typer.Option(help="A saved priority scenario by name or id (the first one by default)."),
    ] = None,
    method: Annotated[
        RankingMethod | None,
        typer.Option(help="Ranking method; the scenario's by default."),
    ] = None,
    top: Annotated[int, typer.Option(help="Explain why this many factories rank first.")] = 20,
    lang: LangOption = Language.ar,
) -> None:
    """The priority list: method and weights (table and chart), the ranked factories with their
    score and stability, and why the first ones rank where they do."""
    setup(lang.value)
    from ihya.reports.services import report_priority

    _write(
        out_file,
        lambda bar: report_priority(
            actor=cli_actor(),
            scenario=scenario,
            method=method.value if method else None,
            top=top,
            lang=lang.value,
            fmt=_format(out_file),
            progress=bar,
        ),
    )


@report_app.command("portfolio")
def report_portfolio_cmd(
    scenario_id: Annotated[
        str, typer.Argument(metavar="ID", help="The portfolio scenario's id (or name).")
    ],
    out_file: OutOption,
    compare: Annotated[
        str | None,
        typer.Option(metavar="OTHER_ID", help="A second scenario to compare it with."),
    ] = None,
    lang: LangOption = Language.ar,
) -> None:
    """A portfolio scenario: one-page summary (funded, cost per year against the budget, jobs,
    exports, value added, solver status, greedy baseline), funded factories and requirements,
    factories left out by reason; with --compare, the differences of two scenarios."""
    setup(lang.value)
    from ihya.reports.services import report_portfolio

    _write(
        out_file,
        lambda bar: report_portfolio(
            actor=cli_actor(),
            scenario_id=scenario_id,
            compare=compare,
            lang=lang.value,
            fmt=_format(out_file),
            progress=bar,
        ),
    )


@report_app.command("meeting")
def report_meeting_cmd(
    number: Annotated[str, typer.Argument(metavar="NUMBER", help="The meeting's number.")],
    out_file: OutOption,
    lang: LangOption = Language.ar,
) -> None:
    """A committee meeting's pack: agenda, open and overdue decisions; once held, attendance,
    minutes and the decisions taken."""
    setup(lang.value)
    from ihya.reports.services import report_meeting

    _write(
        out_file,
        lambda bar: report_meeting(
            actor=cli_actor(), number=number, lang=lang.value, fmt=_format(out_file), progress=bar
        ),
    )


@report_app.command("kpi")
def report_kpi_cmd(
    out_file: OutOption,
    quarter: Annotated[
        str | None,
        typer.Option(help="The quarter, e.g. 2027-Q1 (the last with an actual by default)."),
    ] = None,
    lang: LangOption = Language.ar,
) -> None:
    """The quarterly KPI report: targets against actuals, lights, trends, charts, breakdowns by
    body and by municipality."""
    setup(lang.value)
    from ihya.reports.services import report_kpi

    _write(
        out_file,
        lambda bar: report_kpi(
            actor=cli_actor(), quarter=quarter, lang=lang.value, fmt=_format(out_file), progress=bar
        ),
    )
