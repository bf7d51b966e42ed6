"""Solving a scenario outside the request: the page enqueues, the worker (`ihya worker`, started
by `ihya serve`) solves and records the stage and progress for the page to poll."""

from __future__ import annotations

import time

from django_tasks import task

from ihya.portfolio.models import PortfolioScenario


@task()
def solve_scenario(scenario_id: int, user_id: int | None = None) -> None:
    from django.contrib.auth.models import User

    from ihya.portfolio.services import scenario_solve

    scenario = PortfolioScenario.objects.get(pk=scenario_id)
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    PortfolioScenario.objects.filter(pk=scenario_id).update(
        state=PortfolioScenario.State.RUNNING, done=0, total=0
    )
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.3 and done:
            return
        last[0] = now
        PortfolioScenario.objects.filter(pk=scenario_id).update(
            stage=stage[:60], done=done, total=total
        )

    try:
        scenario_solve(scenario, actor=actor, progress=progress)
    except Exception as exc:  # the page must say what happened, whatever it was
        PortfolioScenario.objects.filter(pk=scenario_id).update(
            state=PortfolioScenario.State.FAILED,
            result={"crash": f"{type(exc).__name__}: {exc}"},
        )
