"""Attacks by someone holding the application's database role (not the key, not IHYA_HOME):
each one passes the old, unkeyed and unanchored verification and fails the new one."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import pytest
from django.db import connection, transaction

from ihya.audit.anchor import anchor_file, anchor_read, anchor_write, audit_key, key_file
from ihya.audit.chain import GENESIS, entry_fields, json_text, keyed, unkeyed
from ihya.audit.models import AuditEntry
from ihya.audit.services import Change, audit_anchor, audit_record, audit_verify

pytestmark = pytest.mark.django_db


def _append(capture, n: int, start: int = 0, *, commit: bool = True) -> None:
    """``n`` entries in one transaction; ``commit=False``: its anchor write never runs (a
    commit still in flight, or a process killed between its commit and the anchor)."""
    changes = [Change("create", "x.y", str(i), None, {"n": i}) for i in range(start, start + n)]
    if commit:
        with capture(execute=True), transaction.atomic():
            audit_record(actor="tester", changes=changes)
    else:
        with transaction.atomic():
            audit_record(actor="tester", changes=changes)


def _old_verify() -> bool:
    """What the verification before this change could check: each row linked to the previous
    one and its hash recomputed by the formula it is marked with (the old code knew only the
    unkeyed one), no anchor, no order of versions, no position."""
    previous = GENESIS
    key = audit_key()
    for entry in AuditEntry.objects.order_by("id"):
        fields = entry_fields(entry)
        digest = unkeyed(*fields) if entry.version is None else keyed(key, entry.seq, *fields)
        if entry.prev_hash != previous or digest != entry.hash:
            return False
        previous = entry.hash
    return True


class _Unguarded:
    """The append-only triggers out of the way, as the database role can: PostgreSQL's
    ``DISABLE TRIGGER ALL`` on a table it owns, SQLite's drop and re-create."""

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER ALL")
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'audit_auditentry'"
                )
                self.triggers = cursor.fetchall()
                for name, _sql in self.triggers:
                    cursor.execute(f"DROP TRIGGER {name}")
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER ALL")
            else:
                for _name, sql in self.triggers:
                    cursor.execute(sql)


def _rewrite(from_id: int, *, edit: dict | None, key: bytes | None) -> None:
    """Edit the entry ``from_id`` (its ``after``) and recompute every later hash: with the
    unkeyed formula (``key`` None: the entries marked unkeyed) or HMAC with ``key``."""
    entries = list(AuditEntry.objects.order_by("id"))
    previous = GENESIS
    with _Unguarded(), connection.cursor() as cursor:
        for position, entry in enumerate(entries, start=1):
            if entry.id >= from_id:
                if entry.id == from_id and edit is not None:
                    entry.after = edit
                entry.prev_hash = previous
                fields = entry_fields(entry)
                digest = keyed(key, position, *fields) if key else unkeyed(*fields)
                cursor.execute(
                    "UPDATE audit_auditentry SET after = %s, prev_hash = %s, hash = %s, "
                    "version = %s, seq = %s WHERE id = %s",
                    [
                        json_text(entry.after),
                        previous,
                        digest,
                        2 if key else None,
                        position if key else None,
                        entry.id,
                    ],
                )
                entry.hash = digest
            previous = entry.hash


def _ids() -> list[int]:
    return list(AuditEntry.objects.order_by("id").values_list("id", flat=True))


def test_the_key_is_made_once_readable_by_its_owner_only(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 2)
    mode = stat.S_IMODE(os.stat(key_file()).st_mode)
    assert mode == 0o600
    assert len(audit_key()) == 32
    anchor = anchor_read(audit_key())
    entries = list(AuditEntry.objects.order_by("id"))
    assert (anchor.id, anchor.count, anchor.hash) == (entries[-1].id, 2, entries[-1].hash)
    assert [e.version for e in entries] == [2, 2] and [e.seq for e in entries] == [1, 2]
    assert audit_verify().ok


def test_deleting_the_tail_with_the_triggers_off_is_found(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 3)
    _append(django_capture_on_commit_callbacks, 2, 3)
    ids = _ids()
    with _Unguarded(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id >= %s", [ids[3]])
    assert _old_verify()  # the old check saw a shorter, intact chain
    result = audit_verify()
    assert (result.ok, result.code, result.first_bad_id) == (False, "anchor_ahead", ids[-1])
    assert result.entries == 3


def test_deleting_the_tail_and_appending_again_is_found(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 4)
    ids = _ids()
    with _Unguarded(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id >= %s", [ids[2]])
    _append(django_capture_on_commit_callbacks, 1, 10)  # the anchor cannot move past its row
    result = audit_verify()
    assert not result.ok and result.code == "anchor_row_missing"


@pytest.mark.parametrize("whole", [False, True])
def test_an_edit_recomputed_with_the_unkeyed_formula_is_found(
    django_capture_on_commit_callbacks, whole
):
    _append(django_capture_on_commit_callbacks, 5)
    ids = _ids()
    # from the edited entry on, or the whole log made "unkeyed" so no keyed row precedes
    _rewrite(ids[0] if whole else ids[2], edit=None, key=None)
    _rewrite(ids[2], edit={"n": 99}, key=None)
    assert AuditEntry.objects.get(id=ids[2]).after == {"n": 99}
    assert _old_verify()
    result = audit_verify()
    assert not result.ok
    if whole:  # a chain that holds, but not the anchored head
        assert (result.code, result.first_bad_id) == ("anchor_mismatch", ids[-1])
    else:
        assert (result.code, result.first_bad_id) == ("recomputed", ids[2])


def test_an_edit_recomputed_with_a_wrong_key_is_found(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 5)
    ids = _ids()
    _rewrite(ids[2], edit={"n": 99}, key=b"k" * 32)
    result = audit_verify()
    assert (result.ok, result.code, result.first_bad_id) == (False, "edited", ids[2])


def test_a_missing_forged_or_rolled_back_anchor_is_reported(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 3)
    saved = anchor_file().read_text()
    _append(django_capture_on_commit_callbacks, 2, 3)
    assert audit_verify().ok

    anchor_file().write_text(saved)  # rolled back: behind the table
    assert audit_verify().ok  # within the grace a lagging anchor is a commit in flight
    late = audit_verify(grace=dt.timedelta(0))
    assert (late.ok, late.code, late.params["rows"]) == (False, "anchor_behind", 2)
    assert "2" in late.message("en")

    forged = json.loads(saved)
    forged["count"] = 5
    anchor_file().write_text(json.dumps(forged))
    assert audit_verify().code == "anchor_invalid"
    anchor_file().unlink()
    assert audit_verify().code == "anchor_missing"
    assert audit_verify().message("ar") != audit_verify().message("en")


def test_a_lagging_anchor_is_accepted_while_its_rows_chain(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 3)
    _append(django_capture_on_commit_callbacks, 2, 3, commit=False)  # its anchor not written
    result = audit_verify()
    assert (result.ok, result.entries, result.anchored) == (True, 5, 3)
    # ... but only while they chain with the key
    _rewrite(_ids()[4], edit={"n": 7}, key=b"k" * 32)
    assert audit_verify().code == "edited"


def test_the_anchor_only_moves_forwards(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 3)
    head = anchor_read(audit_key())
    assert not anchor_write(entry_id=1, count=1, digest="0" * 64)  # a late, older callback
    assert anchor_read(audit_key()) == head


def test_an_invalid_anchor_is_left_for_the_operator(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 2)
    anchor_file().write_text("{}")
    _append(django_capture_on_commit_callbacks, 1, 2)
    assert anchor_file().read_text() == "{}"
    assert audit_verify().code == "anchor_invalid"
    assert audit_anchor().ok
    assert audit_verify() == audit_verify().__class__(True, 3, anchored=3)


def test_the_operator_re_anchors_only_over_an_intact_chain(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 4)
    ids = _ids()
    with _Unguarded(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id >= %s", [ids[2]])
    assert audit_anchor().code == "anchor_ahead"  # not without --force
    assert audit_anchor(force=True).ok  # a database restored from an older backup
    assert audit_verify().ok
    _rewrite(ids[0], edit={"n": 5}, key=b"k" * 32)
    assert audit_anchor(force=True).code == "edited"


def _legacy(n: int) -> None:
    """Entries as the code before the key wrote them (unkeyed, no version, no position)."""
    previous = GENESIS
    for i in range(n):
        entry = AuditEntry(
            at=dt.datetime(2026, 1, 1, 12, i, tzinfo=dt.UTC),
            actor_name="old",
            action="create",
            entity="x.y",
            object_id=str(i),
            after={"n": i},
            prev_hash=previous,
        )
        entry.hash = unkeyed(*entry_fields(entry))
        entry.save()
        previous = entry.hash


def test_unkeyed_entries_of_before_the_switch_stay_valid_and_covered(
    django_capture_on_commit_callbacks,
):
    _legacy(3)
    assert audit_verify().code == "anchor_missing"  # an upgrade's migration anchors here
    assert audit_anchor().ok
    assert audit_verify().ok
    _append(django_capture_on_commit_callbacks, 2, 3)
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.version for e in entries] == [None, None, None, 2, 2]
    assert [e.seq for e in entries] == [None, None, None, 4, 5]
    assert audit_verify() == audit_verify().__class__(True, 5, anchored=5)
    # an old entry edited and the unkeyed part recomputed: the first keyed one no longer links
    ids = [e.id for e in entries]
    entries[0].after = {"n": 42}
    previous = GENESIS
    with _Unguarded(), connection.cursor() as cursor:
        for entry in entries[:3]:
            entry.prev_hash = previous
            entry.hash = unkeyed(*entry_fields(entry))
            cursor.execute(
                "UPDATE audit_auditentry SET after = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [json_text(entry.after), entry.prev_hash, entry.hash, entry.id],
            )
            previous = entry.hash
    result = audit_verify()
    assert (result.ok, result.code, result.first_bad_id) == (False, "deleted", ids[3])


def test_the_migration_anchors_an_existing_log(db):
    import importlib

    _legacy(2)
    migration = importlib.import_module("ihya.audit.migrations.0004_keyed_chain")
    from django.apps import apps

    migration.anchor_existing(apps, connection.schema_editor())
    assert anchor_read(audit_key()).count == 2
    assert audit_verify().ok


def test_a_missing_key_is_reported_never_replaced(django_capture_on_commit_callbacks):
    _append(django_capture_on_commit_callbacks, 2)
    key_file().unlink()
    result = audit_verify()
    assert not result.ok and result.code in {"anchor_invalid", "key_missing"}
    assert not key_file().exists()


def test_the_key_may_come_from_the_environment(settings, django_capture_on_commit_callbacks):
    settings.AUDIT_KEY = "x" * 40
    _append(django_capture_on_commit_callbacks, 2)
    assert not key_file().exists() and audit_verify().ok
    settings.AUDIT_KEY = "y" * 40
    assert not audit_verify().ok


def test_the_cli_finds_a_deleted_tail_and_a_lost_anchor(scratch_database, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import run_ihya

    env = scratch_database
    path = tmp_path / "f.csv"
    path.write_text(
        "factory_id,name_en,municipality,isic,ownership,status\n"
        "F1,Mill,Misrata,1061,private,stalled\nF2,Kiln,Benghazi,2394,public,closed\n",
        encoding="utf-8",
    )
    run_ihya(env, "import", "factories", str(path))
    assert "intact: 3 entries" in run_ihya(env, "audit", "verify").stdout
    code = (
        "import ihya; ihya.setup()\n"
        "from django.db import connection, transaction\n"
        "from tests.audit.test_tamper import _Unguarded\n"
        "with transaction.atomic(), _Unguarded(), connection.cursor() as c:\n"
        "    c.execute('DELETE FROM audit_auditentry WHERE id = "
        "(SELECT MAX(id) FROM audit_auditentry)')\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    cut = run_ihya(env, "audit", "verify", check=False)
    assert cut.returncode == 1 and "rows were deleted" in cut.stderr
    assert "حُذفت صفوف" in run_ihya(env, "audit", "verify", "--lang", "ar", check=False).stderr
    anchor = Path(env["IHYA_HOME"]) / "audit.anchor"
    anchor.unlink()
    lost = run_ihya(env, "audit", "verify", check=False)
    assert lost.returncode == 1 and "anchor file is missing" in lost.stderr
    # the operator, having checked the log otherwise, anchors it again
    assert "anchored at 2 entries" in run_ihya(env, "audit", "anchor").stdout
    assert "intact: 2 entries" in run_ihya(env, "audit", "verify").stdout
