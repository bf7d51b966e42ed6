"""`ihya backup` then `ihya restore` on a database of its own (a SQLite file, or a fresh
PostgreSQL database under `make test-postgres`), as processes, as a user would: every table equal
row by row and every data file equal byte by byte after the round trip; the backup taken while
another connection holds an open write; a database holding data refused without --replace."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_ihya

LOAD = """
import ihya; ihya.setup()
from ihya.accounts.actors import Actor
from ihya.accounts.services import user_create
from ihya.demo.generator import generate
from ihya.followup.progress import evidence_add
from ihya.registry.services import registry_import_tables

result = registry_import_tables(tables=generate(factories={factories}), source="demo")
assert result.ok, result.issues[:3]
user_create(username={user!r}, role="viewer", password="correct horse battery staple 42")
evidence_add(actor=Actor.cli(), factory_id="DEMO-0001", name={name!r},
             data=b"%PDF-1.4 " + {name!r}.encode())
"""

TABLES = """
import json
import ihya; ihya.setup()
from django.db import connection

dump = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        dump[table] = sorted(repr(row) for row in cursor.fetchall())
print(json.dumps(dump))
"""

FOLDERS = ("attachments", "uploads", "trade", "linkages", "reports")


def _python(env: dict, code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _tables(env: dict) -> dict[str, list[str]]:
    return json.loads(_python(env, TABLES))


def _files(home: Path) -> dict[str, str]:
    return {
        path.relative_to(home).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in FOLDERS
        for path in sorted((home / folder).rglob("*"))
        if path.is_file()
    }


def _open_write(env: dict):
    """Another connection with an uncommitted insert (the running app in mid-transaction)."""
    url = env.get("IHYA_DATABASE_URL")
    statement = (
        "INSERT INTO django_session (session_key, session_data, expire_date) "
        "VALUES ('uncommitted', 'x', '2099-01-01 00:00:00+00')"
    )
    if url:
        import psycopg

        conn = psycopg.connect(url)
        conn.execute(statement)
        return conn
    conn = sqlite3.connect(Path(env["IHYA_HOME"]) / "ihya.sqlite3", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(statement)
    return conn


def test_the_round_trip_gives_back_every_table_and_file(scratch_database, tmp_path):
    env = scratch_database
    home = Path(env["IHYA_HOME"])
    _python(env, LOAD.format(factories=8, user="amal", name="proof.pdf"))
    for name, data in {
        "trade/runs/3/country_product.csv": b"year,country,product\n2023,LBY,2523\n",
        "linkages/io-1/analysis.npz": bytes(range(256)) * 40,
        "reports/plan-1.pdf": b"%PDF-1.7 report",
        "uploads/abc/factories.csv": "المصنع,1\n".encode(),
    }.items():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        (home / name).write_bytes(data)
    tables, files = _tables(env), _files(home)
    assert any(name.startswith("attachments/") for name in files)
    assert tables["audit_auditentry"] and tables["registry_factory"]

    archive = tmp_path / "ihya-backup.tar.gz"
    writer = _open_write(env)  # the app writing meanwhile: the backup neither waits nor sees it
    try:
        made = run_ihya(env, "backup", str(archive))
    finally:
        writer.commit()
        writer.close()
    assert "backup written" in made.stdout
    import tarfile

    with tarfile.open(archive) as tar:  # the audit log's signed head travels with its database
        assert "files/audit.anchor" in tar.getnames()
        assert "files/audit.key" not in tar.getnames()  # a key only with --with-secrets
    assert archive.stat().st_mode & 0o777 == 0o600
    assert run_ihya(env, "backup", str(archive), check=False).returncode == 1  # no overwrite

    # life goes on: more factories, another user, an attachment more, a file gone
    _python(env, LOAD.format(factories=12, user="badr", name="later.pdf"))
    (home / "trade/runs/3/country_product.csv").unlink()
    (home / "reports/plan-2.pdf").write_bytes(b"%PDF-1.7 later")
    changed, changed_files = _tables(env), _files(home)
    assert changed != tables and changed_files != files

    refused = run_ihya(env, "restore", str(archive), check=False)
    assert refused.returncode == 1 and "--replace" in refused.stderr
    assert _tables(env) == changed and _files(home) == changed_files

    restored = run_ihya(env, "restore", str(archive), "--replace")
    assert "audit log intact" in restored.stdout
    after = _tables(env)
    assert sorted(after) == sorted(tables)
    for table in tables:  # one assertion per table: a failure names it
        assert after[table] == tables[table], table
    assert _files(home) == files
    assert not list(home.glob(".restore-*"))

    # the restored database goes on: ids, sequences and the audit chain continue
    _python(env, LOAD.format(factories=10, user="chadi", name="next.pdf"))
    assert "intact" in run_ihya(env, "audit", "verify").stdout


TAMPER = """
import ihya; ihya.setup()
from django.db import connection
from tests.audit.test_audit import _drop_triggers
_drop_triggers()
with connection.cursor() as c:
    c.execute("UPDATE audit_auditentry SET actor_name = 'mallory' "
              "WHERE id = (SELECT MIN(id) FROM audit_auditentry)")
"""


def test_a_restored_log_that_does_not_verify_exits_1(scratch_database, tmp_path):
    """An archive of a hand-edited database restores as it was, and says so: exit 1."""
    env = scratch_database
    _python(env, LOAD.format(factories=3, user="amal", name="proof.pdf"))
    _python(env, TAMPER)
    archive = tmp_path / "edited.tar"
    run_ihya(env, "backup", str(archive))
    restored = run_ihya(env, "restore", str(archive), "--replace", check=False)
    assert restored.returncode == 1
    assert "does not verify" in restored.stderr and "سجل التدقيق" in restored.stderr
