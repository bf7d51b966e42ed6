"""The keyed chain: a version and a position per entry. The entries written before stay as they
are (version NULL, plain SHA-256; the columns are nullable, so SQLite adds them without rebuilding
the table and its triggers); the next entry is the first keyed one and covers their last hash.
An existing log is anchored here, at its head: from now on the table alone cannot be rewritten
without the anchor (IHYA_HOME/audit.anchor, signed with the new key) telling."""

from django.db import migrations, models


def anchor_existing(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    entries = AuditEntry.objects.using(schema_editor.connection.alias)
    head = entries.order_by("-id").values_list("id", "hash").first()
    if head is None:
        return
    from ihya.audit.anchor import anchor_file, anchor_write

    if not anchor_file().exists():
        anchor_write(entry_id=head[0], count=entries.count(), digest=head[1])


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_alter_auditentry_actor'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='version',
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(anchor_existing, migrations.RunPython.noop),
    ]
