"""Reading report jobs: a job as the user who asked for it (or an administrator) sees it."""

from __future__ import annotations


def report_job_get(*, pk: int, user):
    """The job, or None for anyone but the user who asked for it and the administrators."""
    from ihya.reports.models import ReportJob

    job = ReportJob.objects.filter(pk=pk).first()
    if job is None or user is None:
        return None
    if job.requested_by_id != user.pk and not user.is_superuser:
        return None
    return job


def report_job_path(job):
    """The kept file of a done job (None when there is none)."""
    from ihya.reports.running import report_job_file

    return report_job_file(job)
