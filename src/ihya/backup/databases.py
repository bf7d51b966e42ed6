"""The database in and out of a backup: SQLite through its online backup API, PostgreSQL through
``pg_dump`` (one snapshot) and ``pg_restore`` + ``psql`` (one transaction). The connection
parameters go to the PostgreSQL tools through their environment (PGPASSWORD never on a command
line)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connections

MEMBER = {"sqlite": "database/ihya.sqlite3", "postgresql": "database/ihya.pgdump"}


class ToolError(Exception):
    """A database tool failed or is missing; the message says which and why."""


def sqlite_dump(connection, target: Path) -> None:
    """Copy the live database into ``target`` with SQLite's online backup API: one read
    transaction (with WAL, writers go on meanwhile), so the copy is one consistent state."""
    if connection.in_atomic_block:  # SQLite would answer "locked" to the copy, forever
        raise RuntimeError("a backup cannot run inside a transaction")
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as dest:
        connection.connection.backup(dest)


def sqlite_load(connection, source: Path) -> None:
    """Replace the live database by ``source`` through the backup API into the live connection:
    one write transaction, so other connections (a running app) see the old database or the new
    one, never a mix, and its WAL file stays consistent (no file is swapped under it)."""
    connections.close_all()
    connection.ensure_connection()
    with closing(sqlite3.connect(source)) as src:
        src.backup(connection.connection)
    connections.close_all()


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for option, var in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ):
        if options.get(option):
            env[var] = str(options[option])
    return env


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    path = shutil.which(tool)
    if path is None:
        raise ToolError(f"{tool} not found (install the PostgreSQL client tools)")
    proc = subprocess.run([path, *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise ToolError(
            f"{tool}: " + (" ".join(detail[-3:]) if detail else f"exit {proc.returncode}")
        )


def pg_dump(settings_dict: dict[str, Any], target: Path) -> None:
    """``pg_dump --format=custom``: the whole database in one snapshot, however long it takes."""
    env = _pg_env(settings_dict)
    _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], env)


# Everything in the public schema goes first (the tables the dump may lack too, a newer
# migration's), so that the dump's own statements recreate it exactly; DROP TABLE fires no row
# trigger, so the audit log's append-only triggers do not stand in the way (the dump recreates
# them after its data). All in the one transaction of the restore: an error leaves it as it was.
_PRELUDE = """
SET lock_timeout = '60s';
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') LOOP
    EXECUTE format('DROP VIEW IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'f') LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
           WHERE n.nspname = 'public' AND d.objid IS NULL LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS public.%I(%s) CASCADE', r.proname, r.args);
  END LOOP;
END $$;
"""


def pg_load(settings_dict: dict[str, Any], dump: Path, work: Path) -> None:
    """Replace the configured database's tables by the dump's, in one transaction."""
    env = _pg_env(settings_dict)
    script = work / "restore.sql"
    prelude = work / "prelude.sql"
    _run("pg_restore", ["--no-owner", "--no-privileges", f"--file={script}", str(dump)], env)
    prelude.write_text(_PRELUDE, encoding="utf-8")
    connections.close_all()  # our own connection holds no lock the drops would wait for
    _run(
        "psql",
        [
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-f",
            str(prelude),
            "-f",
            str(script),
        ],
        env,
    )
    connections.close_all()
