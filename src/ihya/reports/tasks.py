"""Rendering a report outside the request: the pages and the API enqueue
(``jobs.report_start``), the worker runs ``running.report_job_run``."""

from __future__ import annotations

from django_tasks import task


@task()
def run_report(job_id: int) -> None:
    from ihya.reports.running import report_job_run

    report_job_run(job_id=job_id)
