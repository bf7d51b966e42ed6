"""Forward partial extraction is now Dietzenbacher & van der Linden's (Ghosh model, row k of B
set to 0): recompute the stored ``forward_loss`` of every table from its Leontief inverse."""

from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import migrations


def recompute(apps, schema_editor):
    IoTable = apps.get_model("linkages", "IoTable")
    IoSector = apps.get_model("linkages", "IoSector")
    for table in IoTable.objects.all():
        path = Path(settings.IHYA_HOME) / table.folder / "analysis.npz"
        if not table.folder or not path.exists():
            continue  # its factory pages show no impact until the table is loaded again
        L = np.load(path)["L"]
        sectors = list(IoSector.objects.filter(table=table).order_by("position"))
        if len(sectors) != L.shape[0]:
            continue
        x = np.array([s.output for s in sectors])
        forward = (L @ x - x) / np.diag(L)
        for sector, loss in zip(sectors, forward, strict=True):
            sector.forward_loss = float(loss)
        IoSector.objects.bulk_update(sectors, ["forward_loss"])


class Migration(migrations.Migration):
    dependencies = [("linkages", "0001_initial")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
