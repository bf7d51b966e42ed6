"""`ihya audit verify`: the hash chain of the append-only log. Mounted by ``ihya/cli.py``."""

from __future__ import annotations

import typer

from ihya.console import err, out, setup

audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain of the audit log; exit 1 if any row was edited or deleted."""
    setup()
    from ihya.audit.services import audit_verify as verify

    result = verify()
    if result.ok:
        out.print(f"audit log intact: {result.entries} entries")
        return
    err.print(f"[bold red]audit log broken at entry {result.first_bad_id}: {result.reason}[/]")
    raise typer.Exit(1)
