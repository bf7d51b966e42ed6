"""Starting a background import: the upload is kept, the job recorded and queued; the worker
runs it (``tasks.run_import`` → ``services.import_job_run``)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from ihya.accounts.actors import Actor
from ihya.registry.models import ImportJob
from ihya.registry.tasks import run_import
from ihya.uploads import save_upload


def import_job_start(*, user, upload, entity: str, dry_run: bool) -> ImportJob:
    """Keep the uploaded file, record the job and queue it for the worker."""
    Actor.of(user).require("registry.import_registry")
    path = save_upload(upload, Path(settings.UPLOADS) / uuid.uuid4().hex / Path(upload.name).name)
    job = ImportJob.objects.create(
        user=user, path=str(path), filename=path.name, entity=entity, dry_run=dry_run
    )
    run_import.enqueue(job.pk)
    job.refresh_from_db()
    return job
