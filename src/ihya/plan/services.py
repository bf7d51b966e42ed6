"""Executive-plan use cases: any schedule instance as a folder of tables (``ihya plan
schedule``); a plan built from a solved portfolio scenario (``plan_build``), approved as the
baseline (``plan_approve``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ihya.core.plan.bounds import makespan_bounds
from ihya.core.plan.cpm import critical_path
from ihya.core.plan.files import read_instance, write_result
from ihya.core.plan.instance import PlanInputError, PlanInstance
from ihya.core.plan.model import OBJECTIVES, Progress, Settings, solve
from ihya.demo import names
from ihya.errors import Conflict, Invalid, NotFound, Problem, ServiceError
from ihya.plan.messages import issue_text


@transaction.atomic
def plan_data_sync() -> dict[str, int]:
    """The plan's teams and holidays seeded from the package's files where the committee's
    tables lack them (``ihya db upgrade``); returns the rows added."""
    from ihya.plan.catalogue import seed_tables

    return seed_tables()


def plan_schedule_files(
    *,
    in_dir: Path,
    out_dir: Path,
    objective: str = "makespan",
    time_limit: float = 30.0,
    progress: Progress | None = None,
) -> dict:
    """Schedule the folder ``in_dir`` and write ``out_dir``/schedule.csv and summary.json;
    returns the summary. ``Invalid`` (every problem with its file, row and column, in Arabic
    and English; nothing written) when the folder is not a schedulable instance."""
    try:
        instance = read_instance(Path(in_dir))
    except PlanInputError as exc:
        raise Invalid(
            *(
                Problem(
                    i.column or None,
                    i.code,
                    issue_text(i, "ar"),
                    issue_text(i, "en"),
                    {"file": i.file, "row": i.row},
                )
                for i in exc.issues
            )
        ) from None
    result = solve(
        instance,
        Settings(
            objective=objective, time_limit=time_limit, workers=django_settings.SOLVER_THREADS
        ),
        progress,
    )
    cpm = critical_path(instance, result.start) if result.start is not None else None
    return write_result(instance, result, cpm, Path(out_dir))


# --- plans built from a solved portfolio scenario --------------------------------------------


def plannable_scenario(*, scenario_id: int, objective: str = "weighted"):
    """The scenario a plan can be built from: it exists and has a solved portfolio, and the
    objective is known; ``NotFound`` or ``Invalid`` otherwise."""
    from ihya.portfolio.selectors import scenario_get

    scenario = scenario_get(scenario_id)
    if scenario is None:
        raise NotFound(
            Problem.of(None, "not_found", _("No portfolio scenario %(id)s."), id=scenario_id)
        )
    result = scenario.outcome
    if result is None or not result.has_portfolio:
        raise Invalid(
            Problem.of(
                "scenario",
                "not_solved",
                _("The scenario “%(name)s” has no portfolio to plan: solve it first."),
                name=scenario.name,
            )
        )
    if objective not in OBJECTIVES:
        raise Invalid(
            Problem.of(
                "objective",
                "unknown_objective",
                _("The objective is one of %(names)s."),
                names=", ".join(OBJECTIVES),
            )
        )
    return scenario


def plan_build(
    *,
    actor,
    scenario_id: int,
    name: str = "",
    start: dt.date | None = None,
    objective: str = "weighted",
    time_limit: float = 60.0,
    progress: Progress | None = None,
):
    """Build a new draft version of the plan ``name`` (the scenario's name by default) from a
    solved scenario: its funded requirements' chains, every chosen factory's restart and first
    export, scheduled on the teams under the yearly budgets, with its critical path and its
    quarterly targets. When the budgets cannot be met by any schedule the plan is built without
    them and says so. Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.diagnosis.models import Requirement
    from ihya.plan.building import plan_draft, targets
    from ihya.plan.models import Plan, PlanTask

    actor = Actor.of(actor)
    actor.require("plan.build_plan")
    scenario = plannable_scenario(scenario_id=scenario_id, objective=objective)
    result = scenario.outcome
    name = (name or scenario.name).strip()[:120]
    start = start or dt.date.today()
    ids = [f.requirement_id for f in result.funded or ()]
    requirements = {
        r.external_id: r
        for r in Requirement.objects.filter(external_id__in=ids).select_related("responsible_body")
    }
    draft = plan_draft(result=result, requirements=requirements, start=start)
    settings = Settings(
        objective=objective, time_limit=time_limit, workers=django_settings.SOLVER_THREADS
    )
    solved = solve(draft.instance, settings, progress)
    relaxed = False
    if solved.start is None and draft.instance.spending:
        relaxed = True  # the budgets cannot be met: plan the work, and say so
        draft.instance = PlanInstance(draft.instance.tasks, draft.instance.resources, [])
        solved = solve(draft.instance, settings, progress)
    if solved.start is None:
        raise Invalid(
            Problem.of(None, "no_schedule", _("No schedule was found in the time allowed."))
        )
    cpm = critical_path(draft.instance, solved.start)
    bounds = makespan_bounds(draft.instance)
    summary = {
        **solved.summary(),
        "critical_path_length": cpm.duration,
        "makespan_bound": bounds.best,  # precedence alone, or a team's energy: no plan is shorter
        "tasks": len(draft.instance.tasks),
        "teams": len(draft.instance.resources),
        "spending_limits": "relaxed" if relaxed else "met",
        "finish": draft.calendar.date_of(max(cpm.duration - 1, 0)).isoformat(),
    }
    with transaction.atomic():
        latest = Plan.objects.filter(name=name).order_by("-version").first()
        plan = Plan.objects.create(
            name=name,
            version=(latest.version + 1) if latest else 1,
            parent=latest,
            scenario=scenario,
            start_date=start,
            objective=objective,
            summary=summary,
            targets=targets(draft, solved.start),
            sources={
                "scenario": {"id": scenario.pk, "name": scenario.name},
                "portfolio": [s.__dict__ for s in result.sources],
            },
            limits={
                **instance_limits(draft.instance),
                "quarters": draft.quarters,
                "factories": draft.factories,
            },
            created_by=actor.user,
        )
        tasks = {t.id: t for t in draft.instance.tasks}
        PlanTask.objects.bulk_create(
            (
                _task_row(plan, tasks[key], info, solved.start[key], cpm, draft.calendar)
                for key, info in draft.info.items()
            ),
            batch_size=1000,
        )
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "create",
                    "plan.plan",
                    str(plan),
                    None,
                    {
                        "scenario": scenario.name,
                        **{k: summary[k] for k in ("status", "makespan", "tasks")},
                    },
                )
            ],
        )
    return plan


def instance_limits(instance: PlanInstance) -> dict:
    """What a revision needs beside the tasks to rebuild a plan's instance."""
    return {
        "resources": {r.name: r.capacity for r in instance.resources},
        "spending": [[s.start, s.end, s.limit] for s in instance.spending],
    }


def _task_row(plan, task, info, start: int, cpm, calendar):
    from ihya.plan.models import PlanTask

    finish = start + task.duration
    return PlanTask(
        plan=plan,
        key=info.key,
        kind=info.kind,
        name_en=info.name_en[:300],
        name_ar=info.name_ar[:300],
        factory_id=info.factory_id,
        requirement_id=info.requirement_id,
        body=info.body,
        team=info.team,
        resource=next(iter(task.demand), ""),
        duration=task.duration,
        cost=task.cost,
        weight=task.weight,
        predecessors=list(task.predecessors),
        start_day=start,
        finish_day=finish,
        start_date=calendar.date_of(start),
        finish_date=calendar.finish_date(start, task.duration),
        early_start=cpm.early_start[task.id],
        late_start=cpm.late_start[task.id],
        total_float=cpm.total_float(task.id),
        critical=cpm.critical(task.id),
    )


def plan_approve(*, actor, name: str, version: int | None = None):
    """Approve a draft version as the committee's baseline: from then on it never changes
    (revisions are new versions). Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.plan.models import Plan
    from ihya.plan.selectors import plan_get

    actor = Actor.of(actor)
    actor.require("plan.approve_plan")
    plan = plan_get(name=name, version=version)
    if plan.state == Plan.State.APPROVED:
        raise Conflict(
            Problem.of(None, "approved", _("%(plan)s is approved already."), plan=str(plan))
        )
    with transaction.atomic():
        plan.state, plan.approved_by, plan.approved_at = (
            Plan.State.APPROVED,
            actor.user,
            timezone.now(),
        )
        plan.save(update_fields=["state", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            changes=[
                Change("update", "plan.plan", str(plan), {"state": "draft"}, {"state": "approved"})
            ],
        )
    return plan


DEMO_SCENARIO = names.BALANCED


def plan_demo_load(
    *,
    actor=None,
    time_limit: float = 30.0,
    progress: Progress | None = None,
    start: dt.date | None = None,
):
    """The demo's baseline: a plan built from the solved scenario “Balanced (demo)”, starting
    ``start`` (today by default), approved. Loading the demo again replaces it (every version of it is removed first)."""
    from ihya.plan.models import Plan
    from ihya.portfolio.selectors import scenario_named

    scenario = scenario_named(DEMO_SCENARIO)
    if scenario is None or scenario.outcome is None or not scenario.outcome.has_portfolio:
        return None
    with transaction.atomic():
        for old in Plan.objects.filter(name=DEMO_SCENARIO).order_by("-version"):
            old.delete()
    plan_build(
        actor=actor,
        scenario_id=scenario.pk,
        name=DEMO_SCENARIO,
        start=start,
        time_limit=time_limit,
        progress=progress,
    )
    return plan_approve(actor=actor, name=DEMO_SCENARIO)


def plan_build_run(*, job_id: int, user_id: int | None = None) -> None:
    """The worker's body of a build: ``plan_build`` with the job's settings, its progress
    start recorded, then the plan (with its objective and bound) or the reasons it failed.
    (CP-SAT reports solutions from its own threads, where the job's database connection is not
    to be used: the page shows the time the solver has had of its limit instead.)"""
    from ihya.accounts.services import actor_of_user
    from ihya.plan.models import PlanBuild

    job = PlanBuild.objects.get(pk=job_id)
    PlanBuild.objects.filter(pk=job_id).update(
        state=PlanBuild.State.RUNNING, started_at=timezone.now()
    )
    try:
        plan = plan_build(
            actor=actor_of_user(user_id=user_id),
            scenario_id=job.scenario_id,
            name=job.name,
            start=job.start_date,
            objective=job.objective,
            time_limit=job.time_limit,
        )
    except ServiceError as error:
        PlanBuild.objects.filter(pk=job_id).update(
            state=PlanBuild.State.FAILED,
            errors=[{"ar": p.ar, "en": p.en} for p in error.problems],
        )
        return
    except Exception as error:  # the worker records it and goes on; the page says so
        PlanBuild.objects.filter(pk=job_id).update(
            state=PlanBuild.State.FAILED,
            errors=[{"ar": str(error), "en": str(error)}],
        )
        raise
    PlanBuild.objects.filter(pk=job_id).update(
        state=PlanBuild.State.DONE,
        plan=plan,
        best=plan.summary.get("objective_value"),
        bound=plan.summary.get("lower_bound"),
    )


def plan_build_lost(*, job_id: int, reasons: dict[str, str]) -> None:
    """The worker building this plan died (``web.workers.jobs_sweep``): the build failed with
    the reasons (a plan is stored in one transaction at the build's end: none was)."""
    from ihya.plan.models import PlanBuild

    PlanBuild.objects.filter(
        pk=job_id, state__in=(PlanBuild.State.QUEUED, PlanBuild.State.RUNNING)
    ).update(state=PlanBuild.State.FAILED, errors=[reasons])
