"""`ihya backup FILE` and `ihya restore FILE`: the database and the data files under IHYA_HOME in
one checked archive, and back. Mounted by ``ihya/cli.py`` as two top-level commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ihya.console import Bar, err, fmt, out, print_problems, setup


def backup(
    file: Annotated[
        Path, typer.Argument(dir_okay=False, help="The archive to write (.tar.gz, or .tar).")
    ],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace FILE if it exists.")
    ] = False,
    with_secrets: Annotated[
        bool,
        typer.Option(
            "--with-secrets",
            help="Also keep the key files of IHYA_HOME (the generated secret key): guard the "
            "archive like the key.",
        ),
    ] = False,
) -> None:
    """Back up the database and the data files (attachments, uploads, stored trade runs and
    input-output tables, reports) while the app runs: SQLite through its online backup API,
    PostgreSQL with pg_dump in one snapshot; a manifest holds every member's SHA-256."""
    setup()
    from ihya.backup.services import backup_create
    from ihya.errors import ServiceError

    try:
        with Bar() as bar:
            result = backup_create(
                path=file, overwrite=overwrite, include_secrets=with_secrets, progress=bar
            )
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    out.print(
        f"backup written: {result.path} ({result.vendor} database, {fmt(result.files)} files, "
        f"{fmt(result.size)} bytes)"
    )
    if result.secrets:
        err.print(f"[yellow]the archive holds {', '.join(result.secrets)}: keep it as safe[/]")


def restore(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="An archive of `ihya backup`.")],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace a database that already holds data (users, factories, audit entries).",
        ),
    ] = False,
) -> None:
    """Restore a backup: every member checked against the manifest first (a damaged, truncated
    or altered archive is refused and nothing changes), then the database and the data files
    replaced, then the audit chain verified (exit 1 if it does not hold)."""
    setup()
    from ihya.backup.services import backup_restore
    from ihya.errors import ServiceError

    try:
        with Bar() as bar:
            result = backup_restore(path=file, replace=replace, progress=bar)
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    out.print(
        f"restored the backup of {result.created_at} ({result.vendor} database, "
        f"{fmt(result.files)} files)"
    )
    if result.pending_migrations:
        err.print(
            f"[yellow]{len(result.pending_migrations)} migrations to apply: run `ihya db upgrade`[/]"
        )
    if result.problems:
        print_problems(ServiceError(*result.problems))
        raise typer.Exit(1)
    out.print(f"audit log intact: {result.audit_entries} entries")
    if not result.anchor_restored:
        err.print(
            "[yellow]the archive had no audit anchor: the log was verified on its chain alone[/]"
        )
