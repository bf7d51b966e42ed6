"""PostgreSQL: after `ihya db secure-audit`, the application's role cannot disable the audit
log's triggers (nor drop them, update or delete rows) and still appends to it."""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import run_ihya

URL = os.environ.get("IHYA_DATABASE_URL", "")
pytestmark = [
    pytest.mark.skipif(
        not URL.startswith(("postgres://", "postgresql://")), reason="PostgreSQL only"
    ),
    pytest.mark.slow,
]


def _url(user: str, database: str) -> str:
    parts = urlsplit(URL)
    host = parts.hostname or "127.0.0.1"
    return urlunsplit((parts.scheme, f"{user}@{host}:{parts.port or 5432}", f"/{database}", "", ""))


@pytest.fixture
def app_database(tmp_path):
    """A database owned by a role of its own (LOGIN, not a superuser), as in production."""
    import psycopg

    admin_user = urlsplit(URL).username or "postgres"
    suffix = uuid.uuid4().hex[:10]
    app, owner, name = f"ihya_app_{suffix}", f"ihya_audit_{suffix}", f"ihya_secure_{suffix}"
    server = _url(admin_user, "postgres")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {app} LOGIN")
        conn.execute(f"CREATE DATABASE {name} OWNER {app}")
    env = {**os.environ, "IHYA_HOME": str(tmp_path / "home"), "IHYA_DATABASE_URL": _url(app, name)}
    try:
        yield env, owner, _url(admin_user, name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"DROP ROLE IF EXISTS {owner}")
            conn.execute(f"DROP ROLE IF EXISTS {app}")


def test_the_app_role_cannot_disable_the_triggers_after_secure_audit(app_database, tmp_path):
    import psycopg
    from psycopg.errors import InsufficientPrivilege

    env, owner, admin_url = app_database
    run_ihya(env, "db", "upgrade")
    app_url = env["IHYA_DATABASE_URL"]
    # before: the role owns the table and can switch its triggers off
    with psycopg.connect(app_url) as conn:
        conn.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER ALL")
        conn.rollback()
    refused = run_ihya(env, "db", "secure-audit", "--owner", owner, check=False)
    assert refused.returncode == 1  # the app's role may not give its table away to a new role
    done = run_ihya(env, "db", "secure-audit", "--owner", owner, "--admin-url", admin_url)
    assert owner in done.stdout
    for statement in (
        "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_no_change ON audit_auditentry",
        "DELETE FROM audit_auditentry",
        "UPDATE audit_auditentry SET note = 'x'",
        "TRUNCATE audit_auditentry",
        "DROP TABLE audit_auditentry",
    ):
        with psycopg.connect(app_url) as conn, pytest.raises(InsufficientPrivilege):
            conn.execute(statement)
    # the application still appends (an import is audited) and the log verifies
    path = tmp_path / "f.csv"
    path.write_text(
        "factory_id,name_en,municipality,isic,ownership,status\n"
        "F1,Mill,Misrata,1061,private,stalled\n",
        encoding="utf-8",
    )
    run_ihya(env, "import", "factories", str(path))
    assert "intact: 2 entries" in run_ihya(env, "audit", "verify").stdout
    doctor = run_ihya(env, "doctor", check=False)
    assert f"✓ audit table: audit table owned by {owner}" in doctor.stdout
