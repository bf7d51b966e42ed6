"""`ihya doctor`: is this deployment sound? One check per line, each passed or failed with a
short reason in the reader's language: the database reachable and fully migrated, the
background worker alive, IHYA_HOME's folders writable, the secret key and HTTPS settings of a
production configuration, the audit log's chain and anchor (and, on PostgreSQL, who owns it)."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

STALE_TASK = dt.timedelta(minutes=10)  # a task waiting longer: nobody is taking them


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database_reachable() -> bool:
    """Whether the database answers ``SELECT 1`` now (/healthz). (A broken connection is closed
    when the request ends; the next one opens a new one.)"""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _database() -> list[Check]:
    name = _("database")
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return [Check(name, False, _("unreachable: %(error)s") % {"error": str(exc).strip()})]
    checks = [Check(name, True, _("reachable (%(vendor)s)") % {"vendor": connection.vendor})]
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        checks.append(
            Check(
                _("migrations"),
                False,
                _("%(n)s not applied (%(names)s): run ihya db upgrade")
                % {"n": len(plan), "names": names},
            )
        )
    else:
        checks.append(Check(_("migrations"), True, _("all applied")))
    return checks


def _worker() -> Check:
    from ihya.web.heartbeat import STALE_AFTER, heartbeat_age

    name = _("background worker")
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return Check(name, True, _("tasks run by %(backend)s") % {"backend": backend})
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().filter(enqueued_at__lt=timezone.now() - STALE_TASK)
    stale = waiting.count()
    age = heartbeat_age()
    if age is None:
        return Check(name, False, _("no heartbeat: start ihya worker (or ihya serve)"))
    if age > STALE_AFTER:
        return Check(
            name, False, _("silent for %(s)s seconds: is ihya worker running?") % {"s": int(age)}
        )
    if stale:
        return Check(
            name,
            False,
            _("%(n)s tasks waiting for more than %(m)s minutes")
            % {"n": stale, "m": int(STALE_TASK.total_seconds() // 60)},
        )
    return Check(name, True, _("alive (heartbeat %(s)s seconds ago)") % {"s": int(age)})


def folders() -> list[Path]:
    """The folders under IHYA_HOME the app writes to."""
    home = Path(settings.IHYA_HOME)
    found = [
        home,
        Path(settings.UPLOADS),
        home / "attachments",
        home / "reports",
        home / "linkages",
        home / "trade",
        Path(settings.AUDIT_ANCHOR_FILE).parent,
        Path(settings.WORKER_HEARTBEAT_FILE).parent,
    ]
    if getattr(settings, "EMAIL_FILE_PATH", None):
        found.append(Path(settings.EMAIL_FILE_PATH))
    return list(dict.fromkeys(found))


def _writable(folder: Path) -> bool:
    """A file can be created in ``folder`` (or, when it does not exist yet, in the nearest
    folder above it, where the app will make it)."""
    target = folder
    while not target.exists() and target != target.parent:
        target = target.parent
    try:
        with tempfile.NamedTemporaryFile(dir=target, prefix=".ihya-doctor-"):
            return True
    except OSError:
        return False


def _folders() -> Check:
    bad = [str(f) for f in folders() if not _writable(f)]
    if bad:
        return Check(_("folders"), False, _("not writable: %(paths)s") % {"paths": ", ".join(bad)})
    return Check(_("folders"), True, _("writable: %(n)s under IHYA_HOME") % {"n": len(folders())})


def _secret_key() -> Check:
    name = _("secret key")
    if not settings.PRODUCTION:
        return Check(name, True, _("development: generated into IHYA_HOME or IHYA_SECRET_KEY"))
    key = settings.SECRET_KEY
    if (
        not settings.SECRET_KEY_FROM_ENV
        or len(key) < settings.PRODUCTION_SECRET_LENGTH
        or key.startswith("django-insecure-")
        or len(set(key)) < 5
    ):
        return Check(name, False, _("IHYA_SECRET_KEY must be a long random value"))
    return Check(name, True, _("set from IHYA_SECRET_KEY"))


def _https() -> Check:
    name = _("HTTPS")
    if not settings.PRODUCTION:
        return Check(name, True, _("development: not required"))
    problems = []
    if not settings.HTTPS:
        problems.append("IHYA_HTTPS=1")
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        problems.append(_("secure cookies"))
    if not getattr(settings, "SECURE_HSTS_SECONDS", 0):
        problems.append("HSTS")
    plain = [o for o in settings.CSRF_TRUSTED_ORIGINS if not o.startswith("https://")]
    if plain:
        problems.append("IHYA_CSRF_TRUSTED_ORIGINS: " + ", ".join(plain))
    if not settings.SITE_URL.startswith("https://"):
        problems.append("IHYA_SITE_URL")
    if problems:
        return Check(name, False, _("missing: %(what)s") % {"what": "; ".join(problems)})
    return Check(name, True, _("secure cookies, HSTS, https addresses"))


def _audit() -> list[Check]:
    from ihya.audit.anchor import key_file
    from ihya.audit.postgres import audit_table_owner
    from ihya.audit.services import audit_verify

    checks = []
    result = audit_verify()
    if result.ok:
        checks.append(
            Check(
                _("audit log"),
                True,
                _("intact: %(n)s entries, anchored at %(a)s")
                % {"n": result.entries, "a": result.anchored or 0},
            )
        )
    else:
        where = f" ({result.first_bad_id})" if result.first_bad_id else ""
        checks.append(Check(_("audit log"), False, result.message() + where))
    path = key_file()
    if not settings.AUDIT_KEY and path.exists():
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            checks.append(
                Check(
                    _("audit key"),
                    False,
                    _("%(path)s is readable by others (chmod 600)") % {"path": path},
                )
            )
    owner = audit_table_owner()
    if owner is not None:
        table_owner, app_role, protected = owner
        detail = _("audit table owned by %(owner)s, the application is %(app)s") % {
            "owner": table_owner,
            "app": app_role,
        }
        if not protected:
            detail += " — " + _("it can disable the triggers: ihya db secure-audit")
        checks.append(Check(_("audit table"), protected or not settings.PRODUCTION, detail))
    return checks


def doctor_checks() -> list[Check]:
    """Every check, in order; the later ones are skipped when the database is unreachable."""
    checks = _database()
    mode = _("production") if settings.PRODUCTION else _("development")
    settings_check = Check(_("settings"), True, _("%(mode)s mode (IHYA_ENV)") % {"mode": mode})
    checks.insert(0, settings_check)
    reachable = checks[1].ok
    checks += [_folders(), _secret_key(), _https()]
    if reachable:
        checks.insert(3, _worker())
        checks += _audit()
    return checks
