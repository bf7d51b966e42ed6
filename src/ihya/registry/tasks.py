"""Background imports: the page enqueues, a worker (`ihya worker`, started by `ihya serve`) runs
the same ``registry_import`` service and records progress for the page to show."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ihya.registry.models import ImportJob


@task()
def run_import(job_id: int) -> None:
    from ihya.registry.services import registry_import

    job = ImportJob.objects.select_related("user").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING)
    last = [0.0]

    def progress(stage: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done:
            return
        last[0] = now
        ImportJob.objects.filter(pk=job_id).update(stage=stage[:60], done=done, total=total)

    try:
        result = registry_import(
            paths=[Path(job.path)],
            entity=None if job.entity == "workbook" else job.entity,
            dry_run=job.dry_run,
            progress=progress,
            actor=job.user,
        )
        outcome = {
            "ok": result.ok,
            "dry_run": result.dry_run,
            "written": result.written,
            "rows_read": result.rows_read(),
            "issues": [
                {
                    "sheet": i.sheet,
                    "row": i.row,
                    "column": i.column,
                    "value": i.value,
                    "code": i.code,
                    "level": i.level,
                    "ar": ar,
                    "en": en,
                }
                for i, ar, en in result.messages()[:2000]
            ],
            "errors": len(result.errors),
        }
        state = ImportJob.State.DONE
    except Exception as exc:  # the job page must say what happened, whatever it was
        outcome = {"ok": False, "crash": f"{type(exc).__name__}: {exc}"}
        state = ImportJob.State.FAILED
    finally:
        Path(job.path).unlink(missing_ok=True)
    with transaction.atomic():
        ImportJob.objects.filter(pk=job_id).update(
            state=state, result=outcome, finished_at=timezone.now()
        )
