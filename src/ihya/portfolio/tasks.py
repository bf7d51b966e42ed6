"""Solving a scenario outside the request: the page and the API enqueue (through
``services.portfolio_scenario_solve``), the worker (`ihya worker`, started by `ihya serve`)
solves and records the stage and progress for the page to poll."""

from __future__ import annotations

import time

from django_tasks import task


@task()
def solve_scenario(scenario_id: int, user_id: int | None = None) -> None:
    from ihya.accounts.services import actor_of_user
    from ihya.portfolio.solving import solve_claimed, solve_progress

    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.3 and done:
            return
        last[0] = now
        solve_progress(scenario_id=scenario_id, stage=stage, done=done, total=total)

    solve_claimed(scenario_id=scenario_id, actor=actor_of_user(user_id=user_id), progress=progress)
