"""Executive-plan endpoints: plans and their versions (list, read with every task), building one
from a solved scenario in the background (then polling the build), approving, revising from
actuals and comparing two versions. Each checks the caller's permission, then calls a selector
or a service; refusals are problem+json with the reasons in Arabic and English."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema, Status

from ihya.api_support import permission
from ihya.plan import selectors

router = Router(tags=["plan"])


class PlanOut(Schema):
    id: int
    name: str
    version: int
    state: str
    parent_version: int | None = None
    scenario: str | None = None
    start_date: dt.date
    as_of: dt.date | None = None
    objective: str
    status: str | None = None
    makespan: int | None = None
    makespan_bound: int | None = None
    finish: str | None = None
    tasks: int | None = None
    created_at: dt.datetime
    approved_at: dt.datetime | None = None


class BuildIn(Schema):
    scenario_id: int
    name: str = Field("", max_length=1000)
    start: dt.date | None = None
    objective: str = "weighted"
    time_limit: float = 60.0


class BuildOut(Schema):
    id: int
    state: str
    percent: int
    best: float | None = None
    bound: float | None = None
    plan_id: int | None = None
    errors: list[dict] = []


class PlanActualIn(Schema):
    task_id: str = Field(..., max_length=200)
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    percent: float | None = None


class ReviseIn(Schema):
    actuals: list[PlanActualIn] = Field(..., max_length=100_000)
    as_of: dt.date | None = None
    time_limit: float = Field(60.0, ge=1, le=600)


def _plan_out(plan) -> dict:
    s = plan.summary or {}
    return {
        "id": plan.pk,
        "name": plan.name,
        "version": plan.version,
        "state": plan.state,
        "parent_version": plan.parent.version if plan.parent_id else None,
        "scenario": plan.scenario.name if plan.scenario_id else None,
        "start_date": plan.start_date,
        "as_of": plan.as_of,
        "objective": plan.objective,
        "status": s.get("status"),
        "makespan": s.get("makespan"),
        "makespan_bound": s.get("makespan_bound"),
        "finish": s.get("finish"),
        "tasks": s.get("tasks"),
        "created_at": plan.created_at,
        "approved_at": plan.approved_at,
    }


def _build_out(job) -> dict:
    return {
        "id": job.pk,
        "state": job.state,
        "percent": job.percent,
        "best": job.best,
        "bound": job.bound,
        "plan_id": job.plan_id,
        "errors": job.errors,
    }


def _plan(plan_id: int):
    plan = selectors.plan_by_id(plan_id)
    if plan is None:
        raise Http404(f"No plan {plan_id}.")
    return plan


@router.get("/plans", response=list[PlanOut])
@permission("plan.view_plan")
def list_plans(request):
    return [_plan_out(p) for p in selectors.plan_list().select_related("parent")]


@router.post("/plans", response={202: BuildOut})
@permission("plan.build_plan")
def build_plan(request, payload: BuildIn):
    """Build a new draft version from a solved portfolio scenario in the background; poll
    ``/plans/builds/{id}`` until its state is done (its ``plan_id``) or failed (its errors)."""
    from ihya.plan.jobs import plan_build_start

    job = plan_build_start(actor=request.user, **payload.dict())
    return Status(202, _build_out(job))


@router.get("/plans/builds/{build_id}", response=BuildOut)
@permission("plan.view_plan")
def get_build(request, build_id: int):
    job = selectors.build_get(build_id)
    if job is None:
        raise Http404(f"No plan build {build_id}.")
    return _build_out(job)


@router.get("/plans/{plan_id}")
@permission("plan.view_plan")
def get_plan(request, plan_id: int):
    """A version with its summary, quarterly targets, sources and every task (dates, float,
    critical, actuals)."""
    from ihya.plan.exporting import plan_document

    plan = _plan(plan_id)
    return {"id": plan.pk, **plan_document(plan, selectors.plan_tasks(plan=plan))}


@router.post("/plans/{plan_id}/approve", response=PlanOut)
@permission("plan.approve_plan")
def approve_plan(request, plan_id: int):
    """Approve a draft as the committee's baseline (committee members and administrators)."""
    from ihya.plan.services import plan_approve

    plan = _plan(plan_id)
    return _plan_out(plan_approve(actor=request.user, name=plan.name, version=plan.version))


@router.post("/plans/{plan_id}/revise", response={201: PlanOut})
@permission("plan.build_plan")
def revise_plan(request, plan_id: int, payload: ReviseIn):
    """A new draft version from actuals (each row as in ``ihya plan revise``'s file); every row
    is checked first and nothing is written on any problem (422, ``issues`` with the rows)."""
    from ihya.plan.revising import plan_revise

    plan = _plan(plan_id)
    revised = plan_revise(
        actor=request.user,
        name=plan.name,
        version=plan.version,
        actuals=[a.dict() for a in payload.actuals],
        as_of=payload.as_of,
        time_limit=payload.time_limit,
    )
    return Status(201, _plan_out(revised))


@router.get("/plans/{plan_id}/compare/{other_id}")
@permission("plan.view_plan")
def compare_plans(request, plan_id: int, other_id: int):
    """What moved from this version to another of the same plan, and the late task behind it."""
    from ihya.plan.comparing import plan_compare

    a, b = _plan(plan_id), _plan(other_id)
    if a.name != b.name:
        raise Http404("The two versions belong to different plans.")
    comparison = plan_compare(name=a.name, a=a.version, b=b.version)
    return {
        "a": a.version,
        "b": b.version,
        "finish_days": comparison.finish_days,
        "added": comparison.added,
        "removed": comparison.removed,
        "moved": [
            {
                "task_id": m.key,
                "name_en": m.name_en,
                "name_ar": m.name_ar,
                "kind": m.kind,
                "start_a": m.start_a,
                "start_b": m.start_b,
                "days": m.days,
                "late": m.late,
                "cause": m.cause,
            }
            for m in comparison.moved
        ],
    }
