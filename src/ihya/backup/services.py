"""``backup_create`` and ``backup_restore``: the database and the data files under IHYA_HOME in
one archive with a manifest of checksums, and back. No command-line code here.

What is data (``DATA_FOLDERS``): case files' attachments, uploads kept for background jobs,
stored trade runs, input–output tables, prepared reports. Left out: the generated static files,
the development mail folder and, unless asked (``include_secrets``), the key files
(``SECRET_FILES``: the generated secret key and the audit log's key, ``audit.key``). Restoring
on another machine without them logs every user out and leaves the keyed audit chain
unverifiable there: ``ihya backup --with-secrets`` keeps them in the archive (which must then be
guarded like the keys), or copy the key file apart.

The audit log's anchor (``settings.AUDIT_ANCHOR_FILE``, the signed head) is read just before the
database is copied and travels with it (``files/audit.anchor``): the snapshot holds the anchored
entry and perhaps a few appended after it. A restore puts it back with the database, verifies
the chain against it (the entries past the anchor must chain with the key), then anchors the
restored log at its head. An archive without an anchor (made before anchors existed) is
verified on its chain alone, and the restore says so.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from ihya.backup import archive, databases
from ihya.errors import Conflict, Invalid, NotFound, Problem

DATA_FOLDERS = ("attachments", "uploads", "trade", "linkages", "reports")
SECRET_FILES = ("secret_key", "audit.key")
ANCHOR = "audit.anchor"  # the audit log's signed head, always in the archive when it exists
FILES = "files"

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    members: int
    files: int
    size: int
    secrets: tuple[str, ...]


@dataclass(frozen=True)
class RestoreResult:
    vendor: str
    created_at: str
    files: int
    audit_ok: bool
    audit_entries: int
    anchor_restored: bool = False  # False: the archive had no anchor (the chain alone verified)
    problems: list[Problem] = field(default_factory=list)  # after the restore (audit, pending)
    pending_migrations: list[str] = field(default_factory=list)


def _home() -> Path:
    return Path(settings.IHYA_HOME)


def _applied_migrations() -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def backup_create(
    *,
    path: Path,
    overwrite: bool = False,
    include_secrets: bool = False,
    progress: Progress | None = None,
) -> BackupResult:
    """Write the database (one consistent snapshot) and then the data files into the archive
    ``path`` (gzip unless it ends with ``.tar``), with the manifest last. The archive appears
    under its name only when whole."""
    import ihya

    path = Path(path).absolute()
    if path.exists() and not overwrite:
        raise Conflict(
            Problem.of(
                "file",
                "backup_exists",
                _("%(file)s already exists: choose another name or add --overwrite."),
                file=str(path),
            )
        )
    if not path.parent.is_dir():
        raise Invalid(
            Problem.of(
                "file",
                "backup_no_folder",
                _("The folder %(folder)s does not exist."),
                folder=str(path.parent),
            )
        )
    vendor = connection.vendor
    if vendor not in databases.MEMBER:
        raise Invalid(
            Problem.of(
                "database", "backup_vendor", _("Backups support SQLite and PostgreSQL only.")
            )
        )
    home = _home()
    secrets = tuple(name for name in SECRET_FILES if include_secrets and (home / name).is_file())
    writer = archive.Writer(path)
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work:
            dump = Path(work) / Path(databases.MEMBER[vendor]).name
            anchor = _anchor_copy(Path(work))  # before the snapshot: never ahead of it
            if progress:
                progress("database", 0, 1)
            try:
                if vendor == "sqlite":
                    databases.sqlite_dump(connection, dump)
                else:
                    databases.pg_dump(connection.settings_dict, dump)
            except Exception as exc:  # a tool's error, a full disk: said as it is
                raise Invalid(
                    Problem.of(
                        "database",
                        "backup_dump_failed",
                        _("The database could not be copied: %(detail)s"),
                        detail=str(exc),
                    )
                ) from exc
            migrations = _applied_migrations()
            writer.add_file(databases.MEMBER[vendor], dump, mode=0o600)
            if anchor is not None:
                writer.add_file(f"{FILES}/{ANCHOR}", anchor, mode=0o600)
            if progress:
                progress("database", 1, 1)
        files = archive.walk(home, DATA_FOLDERS)
        for done, (name, source) in enumerate(files, start=1):
            writer.add_file(f"{FILES}/{name}", source)
            if progress:
                progress("files", done, len(files))
        for name in secrets:
            writer.add_file(f"{FILES}/{name}", home / name, mode=0o600)
        writer.close(
            {
                "format": archive.FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "ihya_version": ihya.__version__,
                "database": {"vendor": vendor, "member": databases.MEMBER[vendor]},
                "migrations": migrations,
                "folders": list(DATA_FOLDERS),
                "secrets": list(secrets),
                "anchor": anchor is not None,
            }
        )
    except BaseException:
        writer.abort()
        raise
    os.chmod(path, 0o600)  # the whole registry: readable by its owner only
    return BackupResult(
        path=path,
        vendor=vendor,
        members=len(writer.members),
        files=len(files),
        size=path.stat().st_size,
        secrets=secrets,
    )


def _allowed(manifest_folders: tuple[str, ...]) -> Callable[[PurePosixPath], bool]:
    def allowed(name: PurePosixPath) -> bool:
        parts = name.parts
        if name.as_posix() in databases.MEMBER.values():
            return True
        if len(parts) >= 2 and parts[0] == FILES:
            return (len(parts) >= 3 and parts[1] in manifest_folders) or (
                len(parts) == 2 and parts[1] in (*SECRET_FILES, ANCHOR)
            )
        return False

    return allowed


def _damaged(exc: archive.Damaged) -> Invalid:
    return Invalid(
        Problem.of(
            "file",
            "backup_damaged",
            _("The archive is damaged or was altered (%(reason)s): nothing was restored."),
            reason=f"{exc.code} {exc.detail}".strip(),
        )
    )


def database_has_data() -> bool:
    """Whether the configured database holds anything a restore would lose: a user, a factory
    or an entry of the audit log (every change makes one). Reference data alone does not count."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("audit_auditentry", "registry_factory", "auth_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def _check_compatible(manifest: dict[str, Any]) -> None:
    vendor = (manifest.get("database") or {}).get("vendor")
    if vendor != connection.vendor:
        raise Invalid(
            Problem.of(
                "file",
                "backup_other_database",
                _(
                    "The archive holds a %(archive)s database and this installation uses "
                    "%(current)s: restore it into a %(archive)s installation. Nothing was "
                    "restored."
                ),
                archive=str(vendor),
                current=connection.vendor,
            )
        )
    known = _known_migrations()
    for app, names in sorted((manifest.get("migrations") or {}).items()):
        for name in names:
            if (app, name) not in known:
                raise Invalid(
                    Problem.of(
                        "file",
                        "backup_newer",
                        _(
                            "The archive was made by a newer version of Ihya (migration "
                            "%(migration)s is unknown here): upgrade Ihya first. Nothing was "
                            "restored."
                        ),
                        migration=f"{app}.{name}",
                    )
                )


def backup_restore(
    *, path: Path, replace: bool = False, progress: Progress | None = None
) -> RestoreResult:
    """Check the whole archive (every member against the manifest, the database vendor, the
    migrations), refuse a database that holds data unless ``replace``; then replace the database
    (one transaction) and the data folders (each renamed into place), and verify the audit
    chain. Any refusal leaves everything as it was."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(
            Problem.of(
                "file", "backup_not_found", _("The file %(file)s does not exist."), file=str(path)
            )
        )
    home = _home()
    home.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=home))  # same disk: renames
    try:
        try:
            manifest = archive.extract(
                path, staging, allowed=_allowed(DATA_FOLDERS), progress=progress
            )
        except archive.Damaged as exc:
            raise _damaged(exc) from exc
        folders = tuple(f for f in manifest.get("folders") or () if f in DATA_FOLDERS)
        unknown = [
            m["name"]
            for m in manifest["members"]
            if m["name"].startswith(f"{FILES}/")
            and m["name"].split("/")[1] not in (*folders, *SECRET_FILES, ANCHOR)
        ]
        if unknown:
            raise _damaged(archive.Damaged("unexpected_member", unknown[0]))
        _check_compatible(manifest)
        member = databases.MEMBER[connection.vendor]
        if member not in {m["name"] for m in manifest["members"]}:
            raise _damaged(archive.Damaged("missing_member", member))
        if not replace and database_has_data():
            raise Conflict(
                Problem.of(
                    "database",
                    "backup_not_empty",
                    _(
                        "The database already holds data: add --replace to replace it, and the "
                        "data files, with the archive's. Nothing was restored."
                    ),
                )
            )
        _restore_database(staging, member, progress)
        restored = _swap_files(home, staging, folders, manifest.get("secrets") or [], progress)
        anchored = _anchor_put(staging / FILES / ANCHOR)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _after_restore(manifest, restored, anchored)


def _anchor_copy(work: Path) -> Path | None:
    """A copy of the audit log's anchor file as it is now, or None when there is none."""
    from ihya.audit.anchor import anchor_file

    source = anchor_file()
    if not source.is_file():
        return None
    target = work / ANCHOR
    shutil.copyfile(source, target)
    return target


def _anchor_put(staged: Path) -> bool:
    """The archive's anchor in place of the live one (renamed in, on the anchor's own disk);
    without one in the archive, the live anchor is removed (it vouched for another database)."""
    from ihya.audit.anchor import anchor_file

    live = anchor_file()
    if not staged.is_file():
        live.unlink(missing_ok=True)
        return False
    live.parent.mkdir(parents=True, exist_ok=True)
    incoming = live.with_name(live.name + ".restoring")
    shutil.copyfile(staged, incoming)
    os.chmod(incoming, 0o600)
    os.replace(incoming, live)
    return True


def _restore_database(staging: Path, member: str, progress: Progress | None) -> None:
    dump = staging.joinpath(*PurePosixPath(member).parts)
    if progress:
        progress("restoring the database", 0, 1)
    try:
        if connection.vendor == "sqlite":
            databases.sqlite_load(connection, dump)
        else:
            databases.pg_load(connection.settings_dict, dump, staging)
    except Exception as exc:
        raise Invalid(
            Problem.of(
                "database",
                "backup_restore_failed",
                _("The database could not be restored (%(detail)s): it was left as it was."),
                detail=str(exc),
            )
        ) from exc
    if progress:
        progress("restoring the database", 1, 1)


def _swap_files(
    home: Path, staging: Path, folders: tuple[str, ...], secrets: list[str], progress
) -> int:
    """Each data folder renamed aside and the archive's renamed into its place (a folder empty
    in the archive ends empty); then the old ones removed. Returns the files restored."""
    aside = staging / "aside"
    aside.mkdir()
    restored = 0
    for done, folder in enumerate(folders, start=1):
        live, staged = home / folder, staging / FILES / folder
        if staged.is_dir():
            restored += sum(len(names) for _dir, _sub, names in os.walk(staged))
        if live.exists() or live.is_symlink():
            os.replace(live, aside / folder)
        if staged.is_dir():
            os.replace(staged, live)
        if progress:
            progress("restoring the files", done, len(folders))
    for name in secrets:
        staged = staging / FILES / name
        if name in SECRET_FILES and staged.is_file():
            os.chmod(staged, 0o600)
            os.replace(staged, home / name)
            restored += 1
    return restored


def _after_restore(manifest: dict[str, Any], files: int, anchored: bool) -> RestoreResult:
    from ihya.audit.services import audit_anchor, audit_verify

    known = _known_migrations()
    applied = {(app, name) for app, names in _applied_migrations().items() for name in names}
    pending = sorted(f"{app}.{name}" for app, name in known - applied)
    # the archive's anchor may be a few entries behind its snapshot, however old the archive:
    # any lag is accepted as long as the entries after it chain with the key
    verification = audit_verify(grace=None) if anchored else audit_verify(chain_only=True)
    if verification.ok:
        audit_anchor(force=not anchored)  # the restored log anchored at its head
    problems = []
    if not verification.ok:
        problems.append(
            Problem.of(
                None,
                "backup_audit_broken",
                _(
                    "The restored audit log does not verify: entry %(entry)s (%(reason)s). The "
                    "archive's database was restored as it was."
                ),
                entry=verification.first_bad_id if verification.first_bad_id is not None else "—",
                reason=verification.message(),
            )
        )
    return RestoreResult(
        vendor=connection.vendor,
        created_at=str(manifest.get("created_at", "")),
        files=files,
        audit_ok=verification.ok,
        audit_entries=verification.entries,
        anchor_restored=anchored,
        problems=problems,
        pending_migrations=pending,
    )
