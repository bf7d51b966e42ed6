"""`ihya case …`: the follow-up of the priority files from the command line — the case files
(list, show with the moves allowed now, move through the workflow). Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ihya.console import cli_actor, out, print_problems, setup

case_app = typer.Typer(
    help="Case files: each factory's way from registered to exporting (the follow-up).",
    no_args_is_help=True,
)


def _state(code: str, lang: str) -> str:
    from ihya.followup import workflow

    state = workflow.states().get(code)
    return state.name(lang) if state else code


@case_app.command("list")
def case_list_cmd(
    state: Annotated[str | None, typer.Option(help="Only files in this state.")] = None,
    at_risk: Annotated[
        bool, typer.Option("--at-risk", help="Only files whose forecast restart slips.")
    ] = False,
    lang: Annotated[str, typer.Option(help="Language of the output: ar or en.")] = "en",
) -> None:
    """The opened case files: state, the plan's baseline and forecast restart, at risk."""
    setup(lang)
    from ihya.followup.selectors import case_list

    table = Table("factory_id", "name", "state", "baseline", "forecast", "slip", "at risk")
    for c in case_list(state=state, at_risk=True if at_risk else None):
        table.add_row(
            c.factory_id,
            (c.name_ar if lang == "ar" else c.name_en) or c.name_ar or c.name_en,
            _state(c.state, lang),
            str(c.baseline_restart or ""),
            str(c.forecast_restart or ""),
            "" if c.slip_days is None else str(c.slip_days),
            "yes" if c.at_risk else "",
        )
    out.print(table)


@case_app.command("show")
def case_show_cmd(
    factory_id: Annotated[str, typer.Argument(help="The factory's id.")],
    lang: Annotated[str, typer.Option(help="Language of the output: ar or en.")] = "en",
) -> None:
    """A factory's case file: its state, the moves allowed now, its history."""
    setup(lang)
    from ihya.errors import ServiceError
    from ihya.followup.selectors import case_view
    from ihya.registry.selectors import factory_by_id

    try:
        view = case_view(factory_by_id(external_id=factory_id), actor=cli_actor())
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    out.print(f"{view.factory_id}: {_state(view.state, lang)}")
    out.print("allowed: " + ", ".join(view.allowed))
    if view.baseline_restart:
        out.print(
            f"restart: baseline {view.baseline_restart}, forecast {view.forecast_restart}"
            + (" (at risk)" if view.at_risk else "")
        )
    for h in view.history:
        out.print(f"{h['at']:%Y-%m-%d %H:%M} {h['from']} → {h['to']} ({h['by']}) {h['note']}")


@case_app.command("move")
def case_move_cmd(
    factory_id: Annotated[str, typer.Argument(help="The factory's id.")],
    to: Annotated[str, typer.Argument(help="The state to move the file to.")],
    note: Annotated[str, typer.Option(help="The reason (a hold, a rejection, a closure).")] = "",
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Move a case file through the workflow. Exit 1 with each unmet precondition named."""
    setup(lang)
    from ihya.errors import ServiceError
    from ihya.followup.services import case_transition

    try:
        view = case_transition(actor=cli_actor(), factory_id=factory_id, to=to, note=note)
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    out.print(f"{view.factory_id}: {_state(view.state, lang)}")
