"""The audit log: every import recorded in its transaction, append-only, tamper-evident."""

import pytest
from django.db import DatabaseError, connection, transaction

from ihya.audit.models import AuditEntry
from ihya.audit.services import Change, audit_record, audit_verify
from tests.conftest import run_ihya

pytestmark = pytest.mark.django_db


def _drop_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_no_change ON audit_auditentry")
        else:
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")


def test_an_import_records_every_change_and_a_summary(demo):
    entries = AuditEntry.objects.all()
    factories = entries.filter(entity="registry.factory", action="create")
    assert factories.count() == 400
    first = factories.get(object_id="DEMO-0001")
    # a created record's values are the imported row; the summary entry names the source
    assert first.before is None and first.after is None
    summary = entries.get(entity="registry.import")
    assert summary.after["factories"]["created"] == 400
    assert summary.note == "demo" and summary.id > first.id
    assert (
        entries.filter(entity="diagnosis.requirement").count()
        == demo.written["requirements"]["created"]
    )
    # the test's transaction never commits, so nothing was anchored: the chain alone
    assert audit_verify(chain_only=True).ok


def test_updates_record_before_and_after_of_the_changed_fields_only(demo):
    from ihya.demo.services import demo_tables
    from ihya.registry.services import registry_import_tables

    tables = demo_tables()
    row = dict(tables["factories"][0], status="closed", employees_now=0)
    result = registry_import_tables(tables={"factories": [row]}, actor="tester")
    assert result.written["factories"]["updated"] == 1
    entry = AuditEntry.objects.filter(entity="registry.factory", action="update").get()
    assert entry.actor_name == "tester"
    assert set(entry.after) <= {"status", "employees_now", "utilisation_pct", "stalled_since"}
    assert entry.after["status"] == "closed"
    assert entry.before["status"] != "closed"


def test_the_database_refuses_update_and_delete():
    with transaction.atomic():
        audit_record(actor="tester", changes=[Change("create", "x.y", "1", None, {"a": 1})])
    for statement in ("UPDATE audit_auditentry SET note = 'x'", "DELETE FROM audit_auditentry"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEntry.objects.count() == 1


def test_verify_finds_an_edited_or_deleted_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        audit_record(
            actor="tester",
            changes=[Change("create", "x.y", str(i), None, {"n": i}) for i in range(5)],
        )
    assert audit_verify() == audit_verify().__class__(True, 5, anchored=5)
    rows = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET after = %s WHERE id = %s", ['{"n": 99}', rows[2]]
        )
    broken = audit_verify()
    assert (broken.ok, broken.first_bad_id, broken.reason) == (False, rows[2], "the row was edited")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET after = %s WHERE id = %s", ['{"n": 2}', rows[2]]
        )
    assert audit_verify().ok
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [rows[1]])
    broken = audit_verify()
    assert (broken.ok, broken.first_bad_id) == (False, rows[2])


def test_the_cli_verify_fails_on_a_hand_edited_database(scratch_database, tmp_path):
    env = scratch_database
    path = tmp_path / "f.csv"
    path.write_text(
        "factory_id,name_en,municipality,isic,ownership,status\n"
        "F1,Mill,Misrata,1061,private,stalled\nF2,Kiln,Benghazi,2394,public,closed\n",
        encoding="utf-8",
    )
    run_ihya(env, "import", "factories", str(path))
    assert "intact" in run_ihya(env, "audit", "verify").stdout
    code = (
        "import ihya; ihya.setup()\n"
        "from django.db import connection\n"
        "from tests.audit.test_audit import _drop_triggers\n"
        "_drop_triggers()\n"
        "with connection.cursor() as c:\n"
        "    c.execute(\"UPDATE audit_auditentry SET actor_name = 'mallory' WHERE id = "
        '(SELECT MIN(id) FROM audit_auditentry)")\n'
    )
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    tampered = run_ihya(env, "audit", "verify", check=False)
    assert tampered.returncode == 1
    assert "edited" in tampered.stderr


def test_a_long_record_name_is_cut_to_the_column_and_the_chain_still_verifies(
    db, django_capture_on_commit_callbacks
):
    # found by schemathesis on PostgreSQL: a 120-character scenario name in a 60-character column
    from django.db import transaction

    from ihya.audit.models import AuditEntry
    from ihya.audit.services import Change, audit_record, audit_verify

    name = "ص" * 120
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        audit_record(
            actor=None, changes=[Change("create", "priority.scenario", name, None, {"name": name})]
        )
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.object_id == name[:60] and entry.after["name"] == name
    assert audit_verify().ok
