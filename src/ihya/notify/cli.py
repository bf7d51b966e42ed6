"""`ihya notify …`: the follow-up's notifications from the command line — ``scan`` creates them
(idempotent), ``digest`` (daily, from cron) scans then e-mails each user their digest. Mounted by
``ihya/cli.py``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ihya.console import err, out, setup

notify_app = typer.Typer(
    help="Notifications: assignments, deadlines, files at risk; the daily e-mail digest.",
    no_args_is_help=True,
)

DateOption = Annotated[
    str | None,
    typer.Option("--date", help="The day to scan as, YYYY-MM-DD (today by default)."),
]


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from ihya.core.ingest.normalize import ParseError, parse_date

    try:
        return parse_date(value)
    except ParseError:
        err.print(f"--date must be a date such as 2027-01-03, not {value!r}")
        raise typer.Exit(2) from None


def _created(scan) -> str:
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(scan.created.items()) if n)
    return f"{scan.total} new notifications" + (f" ({kinds})" if kinds else "")


@notify_app.command("scan")
def notify_scan_cmd(date: DateOption = None) -> None:
    """Create the notifications due (idempotent: an event notifies a user once)."""
    setup()
    from ihya.notify.services import notify_scan

    day = _day(date)
    out.print(_created(notify_scan(today=day)))


@notify_app.command("digest")
def notify_digest_cmd(
    date: DateOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Say who would receive what; write and send nothing."),
    ] = False,
) -> None:
    """Scan, then e-mail each user their unread, unsent notifications (exit 1 on a failure)."""
    setup()
    from ihya.notify.digest import digest_send

    day = _day(date)
    result = digest_send(today=day, dry_run=dry_run)
    out.print(_created(result.scan))
    if dry_run:
        out.print(
            f"would send {len(result.sent)} e-mails ({result.notifications} notifications)"
            + (": " + ", ".join(result.sent) if result.sent else "")
        )
        return
    out.print(f"{len(result.sent)} e-mails sent ({result.notifications} notifications)")
    for address, error in sorted(result.failed.items()):
        err.print(f"[red]✗[/red] {address}: {error}", highlight=False)
    if result.failed:
        raise typer.Exit(1)
