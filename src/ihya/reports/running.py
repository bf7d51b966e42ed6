"""The worker's side of a report job (``tasks.run_report``): the same ``report_<kind>`` as the
command line, its ``progress`` written to the job, then the file kept under
``IHYA_HOME/reports/`` (written to a temporary name, then renamed) with its size and SHA-256 —
or the reasons it failed, in Arabic and English."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ihya.errors import ServiceError
from ihya.files import write_atomic
from ihya.reports import services


def reports_dir() -> Path:
    return Path(settings.IHYA_HOME) / "reports"


def report_job_file(job) -> Path | None:
    """The kept file of a done job (None when there is none, or when the recorded name would
    lead out of the reports folder: a file name only, never a path)."""
    if job.state != job.State.DONE or not job.path:
        return None
    if Path(job.path).name != job.path or job.path in (".", "..") or "\0" in job.path:
        return None
    path = reports_dir() / job.path
    return path if path.is_file() else None


def _keep(job_id: int, report) -> dict:
    """Write the file under a temporary name, then rename it: never half a file to download."""
    folder = reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{job_id}-{report.filename}"
    write_atomic(folder / name, report.content)  # a full disk: StorageFull, nothing left
    return {
        "filename": report.filename,
        "path": name,
        "content_type": report.content_type,
        "size": len(report.content),
        "sha256": hashlib.sha256(report.content).hexdigest(),
    }


def report_job_run(*, job_id: int) -> None:
    """The worker's body of a report job: its report with a ``progress`` that writes the step and
    how far it is, then the file kept and the job done, or failed with the reasons."""
    from ihya.accounts.services import actor_of_user
    from ihya.reports.models import ReportJob

    job = ReportJob.objects.get(pk=job_id)
    jobs = ReportJob.objects.filter(pk=job_id)
    jobs.update(state=ReportJob.State.RUNNING, started_at=timezone.now())

    def progress(step, done: int, total: int | None) -> None:
        jobs.update(step=str(step)[:120], done=max(0, done), total=total)

    render = getattr(services, f"report_{job.kind}")
    try:
        report = render(
            actor=actor_of_user(user_id=job.requested_by_id),
            lang=job.lang,
            fmt=job.format,
            progress=progress,
            **job.params,
        )
        kept = _keep(job_id, report)
    except ServiceError as error:
        jobs.update(
            state=ReportJob.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"ar": p.ar, "en": p.en} for p in error.problems],
        )
        return
    except Exception as error:  # the worker records it and goes on; the page says so
        jobs.update(
            state=ReportJob.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"ar": str(error), "en": str(error)}],
        )
        raise
    job.refresh_from_db(fields=["done", "total"])
    total = job.total or max(job.done, 1)
    jobs.update(
        state=ReportJob.State.DONE, finished_at=timezone.now(), done=total, total=total, **kept
    )


def report_job_lost(*, job_id: int, reasons: dict[str, str]) -> None:
    """The worker rendering this report died (``web.workers.jobs_sweep``): the job failed with
    the reasons; no file was kept (it is renamed into place only once whole)."""
    from ihya.reports.models import ReportJob

    ReportJob.objects.filter(
        pk=job_id, state__in=(ReportJob.State.QUEUED, ReportJob.State.RUNNING)
    ).update(state=ReportJob.State.FAILED, finished_at=timezone.now(), errors=[reasons])
