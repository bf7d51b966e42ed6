"""Background imports: the page enqueues (``jobs.import_job_start``), a worker (`ihya
worker`, started by `ihya serve`) runs the job (``services.import_job_run``: the same
``registry_import`` service), recording progress for the page to show."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(job_id: int) -> None:
    from ihya.registry.services import import_job_run

    import_job_run(job_id=job_id)
