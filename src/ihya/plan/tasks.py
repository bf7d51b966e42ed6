"""Building a plan outside the request: the page and the API enqueue (``jobs.plan_build_start``),
the worker runs ``services.plan_build_run``."""

from __future__ import annotations

from django_tasks import task


@task()
def build_plan(job_id: int, user_id: int | None = None) -> None:
    from ihya.plan.services import plan_build_run

    plan_build_run(job_id=job_id, user_id=user_id)
