"""`ihya case …`: the follow-up of the priority files from the command line — the case files
(list, show with the moves allowed now, move through the workflow). Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import cli_actor, err, out, print_problems, setup

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


progress_app = typer.Typer(
    help="Progress of the plan's tasks: actual dates and percent complete, re-forecast.",
    no_args_is_help=True,
)


@progress_app.command("import")
def progress_import_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="CSV or XLSX: task_id, actual_start, actual_finish, percent (dates day first "
            "or ISO, Arabic-Indic digits accepted).",
        ),
    ],
    plan: Annotated[
        str | None, typer.Option(help="The plan (the most recently approved by default).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date of the actuals, YYYY-MM-DD (today by default)."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds the re-forecast may take.")
    ] = 60.0,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Record task progress and re-forecast the plan (a new version): every row is checked
    first and nothing is written on any problem (exit 1, each row and column named). Prints
    the restarts that moved and the files that turned at risk."""
    setup(lang)
    from ihya.followup.progress import progress_import

    _revise(
        lambda day, progress: progress_import(
            actor=cli_actor(), path=file, plan=plan, as_of=day, time_limit=time_limit,
            progress=progress,
        ),
        as_of, time_limit, lang,
    )  # fmt: skip


def _revise(run, as_of: str | None, time_limit: float, lang: str) -> None:
    """Run a re-forecast (``run(day, progress)``) under a progress bar, then print the restarts
    that moved and the files turned at risk; exit 1 naming each problem, 2 for a bad date."""
    from ihya.console import solver_bar
    from ihya.core.ingest.normalize import ParseError, parse_date
    from ihya.errors import ServiceError

    try:
        day = parse_date(as_of) if as_of else None
    except ParseError:
        out.print(f"--as-of must be a date such as 2027-01-03, not {as_of!r}")
        raise typer.Exit(2) from None
    bar, update = solver_bar(time_limit)
    try:
        with bar:
            result = run(
                day,
                lambda seconds, value, bound: update(
                    seconds, (value - bound) / value if value else 0.0
                ),
            )
    except ServiceError as error:
        for problem in error.problems[:50]:
            err.print(f"[red]✗[/red] {problem.text(lang)}", highlight=False)
        err.print(f"[bold red]{len(error.problems)} problem(s): nothing was written.[/]")
        raise typer.Exit(1) from None
    out.print(f"{result.plan}: {result.updated} tasks with actuals")
    for fid, (old, new) in sorted(result.moved.items()):
        out.print(f"restart of {fid}: {old} → {new}")
    if result.turned_at_risk:
        out.print("at risk now: " + ", ".join(result.turned_at_risk))


@progress_app.command("reforecast")
def progress_reforecast_cmd(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date of the actuals, YYYY-MM-DD (today by default)."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds the re-forecast may take.")
    ] = 60.0,
    lang: Annotated[str, typer.Option(help="Language of messages: ar or en.")] = "en",
) -> None:
    """Re-forecast the plan followed from the latest progress reported on each task (page, API
    or file): a new version; prints the restarts that moved and the files turned at risk."""
    setup(lang)
    from ihya.followup.progress import progress_reforecast

    _revise(
        lambda day, progress: progress_reforecast(
            actor=cli_actor(), as_of=day, time_limit=time_limit, progress=progress
        ),
        as_of, time_limit, lang,
    )  # fmt: skip


meeting_app = typer.Typer(
    help="The committee's meetings: their agenda built from the follow-up.",
    no_args_is_help=True,
)


@meeting_app.command("list")
def meeting_list_cmd() -> None:
    """Every meeting: number, date, state, decisions taken."""
    setup("en")
    from ihya.followup.meetings import meeting_list

    table = Table("number", "date", "state", "place", "decisions")
    for m in meeting_list():
        table.add_row(m.number, str(m.date), m.state, m.place, str(m.decisions.count()))
    out.print(table)


@meeting_app.command("agenda")
def meeting_agenda_cmd(
    number: Annotated[
        str | None, typer.Argument(help="A meeting's number (the next one by default).")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of the output: ar or en.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="The agenda as JSON.")] = False,
) -> None:
    """A meeting's agenda: files at risk, decisions past their deadline, approvals pending,
    tasks past their approved finish (live until the meeting is held)."""
    setup(lang)
    import json

    from ihya.errors import ServiceError
    from ihya.followup.meetings import agenda, meeting_agenda, meeting_get, next_meeting

    try:
        meeting = meeting_get(number) if number else next_meeting()
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    items = meeting_agenda(meeting) if meeting else agenda()
    if as_json:
        out.print_json(json.dumps(items, ensure_ascii=False))
        return
    title = f"{meeting.number} · {meeting.date}" if meeting else "no meeting planned: as of today"
    out.print(f"[bold]{title}[/bold] (as of {items['as_of']})")
    out.print(f"\n[bold]files at risk[/bold] ({len(items['at_risk'])})")
    for f in items["at_risk"]:
        out.print(f"  {f['factory_id']} {f['name'][lang]}: +{f['slip_days']} days")
    out.print(f"\n[bold]decisions past their deadline[/bold] ({len(items['overdue_decisions'])})")
    for d in items["overdue_decisions"]:
        text = d["text_ar"] if lang == "ar" else d["text_en"]
        out.print(f"  {d['number']} {text} — {d['owner_body']} {d['days_late']} days late")
    out.print(f"\n[bold]approvals pending[/bold] ({len(items['pending_approvals'])})")
    for p in items["pending_approvals"]:
        out.print(f"  {p.get('factory_id') or p.get('plan')}")
    out.print(f"\n[bold]tasks past their approved finish[/bold] ({len(items['overdue_tasks'])})")
    for t in items["overdue_tasks"][:30]:
        out.print(f"  {t['key']} ({t['body']}): {t['days_late']} days late")
