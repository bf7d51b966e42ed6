"""`ihya audit verify|anchor`: the keyed hash chain of the append-only log and its anchor
outside the database. Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from ihya.console import err, out, setup

audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)

Lang = Annotated[str, typer.Option(help="Language of the output: ar or en.")]


def _print_failure(result, lang: str) -> None:
    from django.utils.translation import gettext as _

    where = _("at entry %(id)s") % {"id": result.first_bad_id} if result.first_bad_id else ""
    broken = _("audit log broken")
    err.print(f"[bold red]{broken} {where}: {result.message(lang)}[/]", highlight=False)


@audit_app.command("verify")
def audit_verify(lang: Lang = "en") -> None:
    """Check the keyed hash chain of the audit log and its anchor (IHYA_HOME/audit.anchor);
    exit 1 if a row was edited or deleted, the tail cut off, or the anchor is missing."""
    setup(lang)
    from django.utils.translation import gettext as _

    from ihya.audit.services import audit_verify as verify

    result = verify()
    if result.ok:
        out.print(_("audit log intact: %(n)s entries") % {"n": result.entries})
        return
    _print_failure(result, lang)
    raise typer.Exit(1)


@audit_app.command("anchor")
def audit_anchor(
    force: Annotated[
        bool,
        typer.Option(
            help="Also when the table contradicts the anchor (a database restored from a backup)."
        ),
    ] = False,
    lang: Lang = "en",
) -> None:
    """Anchor the log at its current head once its chain verifies: when the anchor file was lost
    or rolled back (and the log checked by other means). Exit 1 if the chain itself is broken."""
    setup(lang)
    from django.utils.translation import gettext as _

    from ihya.audit.services import audit_anchor as anchor

    result = anchor(force=force)
    if result.ok:
        out.print(_("audit log anchored at %(n)s entries") % {"n": result.entries})
        return
    _print_failure(result, lang)
    raise typer.Exit(1)
