"""``audit_secure``: on PostgreSQL, the audit table, its sequence, its trigger function and (when
the application's role owns it) its schema given to another role, so that the application's role keeps SELECT and INSERT only and can no longer
``ALTER TABLE … DISABLE TRIGGER``, drop the triggers or the table (docs/security.md).

Run by an administrator (``--admin-url``: a superuser, or a role that may create the owner and
is a member of it); the application's role must be neither a superuser nor a member of the
owner role, or it could take the owner's rights back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from ihya.errors import Invalid, Problem

TABLE = "audit_auditentry"
FUNCTION = "audit_refuse_change()"


@dataclass(frozen=True)
class Secured:
    owner: str
    app_role: str
    created_owner: bool


def _app_role() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        return cursor.fetchone()


def audit_secure(*, owner: str, admin_url: str | None = None) -> Secured:
    """Give the audit table to ``owner`` (created NOLOGIN when missing) and grant the
    application's role (the user of IHYA_DATABASE_URL) SELECT and INSERT on it."""
    if connection.vendor != "postgresql":
        raise Invalid(
            Problem.of(None, "not_postgresql", _("This step is for PostgreSQL databases only."))
        )
    import psycopg
    from psycopg import sql

    app_role, database = _app_role()
    if owner == app_role:
        raise Invalid(
            Problem.of(
                "owner",
                "owner_is_app",
                _("The owner must be another role than the application's (%(role)s)."),
                role=app_role,
            )
        )
    url = admin_url or _url()
    with psycopg.connect(url, autocommit=False) as admin:
        current_db = admin.execute("SELECT current_database()").fetchone()[0]
        if current_db != database:
            raise Invalid(
                Problem.of(
                    "admin_url",
                    "other_database",
                    _("The administrator's connection is to %(other)s, not to %(db)s."),
                    other=current_db,
                    db=database,
                )
            )
        row = admin.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role]
        ).fetchone()
        if row and row[0]:
            raise Invalid(
                Problem.of(
                    None,
                    "app_superuser",
                    _(
                        "The application's role %(role)s is a superuser: it can do anything. "
                        "Give the application a role of its own first."
                    ),
                    role=app_role,
                )
            )
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(owner)))
        member = admin.execute(
            "SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner]
        ).fetchone()[0]
        if member:
            raise Invalid(
                Problem.of(
                    "owner",
                    "app_is_member",
                    _("The application's role %(role)s is a member of %(owner)s."),
                    role=app_role,
                    owner=owner,
                )
            )
        names = {"owner": sql.Identifier(owner), "app": sql.Identifier(app_role)}
        sequence = admin.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE]).fetchone()[0]
        for statement in (
            "ALTER TABLE {table} OWNER TO {owner}",  # the identity sequence and indexes follow
            "ALTER FUNCTION {function} OWNER TO {owner}",
            "REVOKE ALL ON {table} FROM {app}",
            "GRANT SELECT, INSERT ON {table} TO {app}",
        ):
            admin.execute(
                sql.SQL(statement).format(
                    table=sql.Identifier(TABLE), function=sql.SQL(FUNCTION), **names
                )
            )
        # a schema's owner may drop any table in it: the schema goes to the owner too (the
        # application keeps creating its own tables there, as migrations do)
        schema, schema_owner = admin.execute(
            "SELECT n.nspname, pg_get_userbyid(n.nspowner) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = %s",
            [TABLE],
        ).fetchone()
        if admin.execute(
            "SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, schema_owner]
        ).fetchone()[0]:
            for statement in (
                "ALTER SCHEMA {schema} OWNER TO {owner}",
                "GRANT USAGE, CREATE ON SCHEMA {schema} TO {app}",
            ):
                admin.execute(sql.SQL(statement).format(schema=sql.Identifier(schema), **names))
        if sequence:
            admin.execute(
                sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(
                    sql.SQL(sequence), names["app"]
                )
            )
        admin.commit()
    return Secured(owner, app_role, not exists)


def audit_table_owner() -> tuple[str, str, bool] | None:
    """(the audit table's owner, the application's role, whether the table is out of that
    role's reach: it is neither a superuser, nor a member of the table's owner or its schema's);
    None on SQLite."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tableowner, current_user, "
            "NOT r.rolsuper AND NOT pg_has_role(current_user, t.tableowner, 'MEMBER') "
            "AND NOT pg_has_role(current_user, n.nspowner, 'MEMBER') "
            "FROM pg_tables t JOIN pg_roles r ON r.rolname = current_user "
            "JOIN pg_namespace n ON n.nspname = t.schemaname "
            "WHERE t.tablename = %s",
            [TABLE],
        )
        return cursor.fetchone()


def _url() -> str:
    """A connection string of the application's own database settings."""
    db = settings.DATABASES["default"]
    parts = {
        "dbname": db["NAME"],
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)
