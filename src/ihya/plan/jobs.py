"""Plans built in the background: the page and the API start a build (``plan_build_start``:
checked, recorded, queued), the worker (`ihya worker`, started by `ihya serve`) runs it
(``services.plan_build_run``: the same ``plan_build`` as the command line). The page shows the
time the solver has had of its limit."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy


def plan_build_start(
    *,
    actor,
    scenario_id: int,
    name: str = "",
    start: dt.date | None = None,
    objective: str = "weighted",
    time_limit: float = 60.0,
):
    """Check what can be checked now (the right, the scenario, the objective), record the build
    and queue it; returns the ``PlanBuild``."""
    from ihya.accounts.actors import Actor
    from ihya.errors import Invalid, Problem
    from ihya.plan.models import PlanBuild
    from ihya.plan.services import plannable_scenario
    from ihya.plan.tasks import build_plan

    actor = Actor.of(actor)
    actor.require("plan.build_plan")
    scenario = plannable_scenario(scenario_id=scenario_id, objective=objective)
    if not 1 <= time_limit <= 600:
        raise Invalid(
            Problem.of(
                "time_limit",
                "time_limit",
                gettext_lazy("The time limit is between 1 and 600 seconds."),
            )
        )
    job = PlanBuild.objects.create(
        scenario=scenario,
        name=(name or "").strip()[:120],
        start_date=start,
        objective=objective,
        time_limit=time_limit,
        created_by=actor.user,
    )
    build_plan.enqueue(job.pk, actor.pk)
    job.refresh_from_db()
    return job
