"""Revisions of an executive plan from actuals: tasks done keep their real dates, tasks started
keep their real start (the rest of their work from their percent complete), and only what
depends on a task whose dates changed is scheduled again (``core.plan.revise``). A revision is a
new draft version of the same plan; the version it revises is left as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings as django_settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.core.plan.calendar import WorkCalendar
from ihya.core.plan.cpm import critical_path
from ihya.core.plan.files import ActualRow, read_actuals
from ihya.core.plan.instance import Issue, PlanInputError, PlanInstance, Resource, SpendLimit, Task
from ihya.core.plan.model import Progress, Settings, solve
from ihya.core.plan.revise import Actual, with_actuals
from ihya.errors import Invalid, Problem
from ihya.plan.catalogue import holidays
from ihya.plan.messages import issue_text


def _invalid(issues: list[Issue]) -> Invalid:
    return Invalid(
        *(
            Problem(
                i.column or None,
                i.code,
                issue_text(i, "ar"),
                issue_text(i, "en"),
                {"file": i.file, "row": i.row},
            )
            for i in issues
        )
    )


def plan_instance(plan, *, with_spending: bool = True) -> PlanInstance:
    """A stored version of a plan as the instance it was scheduled from."""
    tasks = [
        Task(
            t.key,
            t.duration,
            tuple(t.predecessors),
            weight=t.weight,
            demand={t.resource: 1} if t.resource else {},
            cost=t.cost,
        )
        for t in plan.tasks.order_by("id")
    ]
    limits = plan.limits or {}
    resources = [Resource(n, c) for n, c in sorted((limits.get("resources") or {}).items())]
    spending = [SpendLimit(*row) for row in limits.get("spending") or []] if with_spending else []
    return PlanInstance(tasks, resources, spending)


def actuals_of(plan, calendar: WorkCalendar) -> dict[str, Actual]:
    """The actuals a version already carries (a revision keeps those of the one it revises)."""
    out = {}
    for t in plan.tasks.exclude(actual_start=None):
        out[t.key] = _actual(t.key, t.actual_start, t.actual_finish, t.percent, t, calendar)
    return out


def _actual(key, start, finish, percent, task, calendar: WorkCalendar) -> Actual:
    first = calendar.day_of(start)
    last = None
    if finish is not None:  # the finish date is the last day worked (a milestone: its day);
        # a finish reported on a Friday or a holiday ends with the working day before it
        last = calendar.day_of(finish + dt.timedelta(days=1) if task.duration else finish)
        last = max(last, first)
    return Actual(key, first, last, percent)


def plan_revise(
    *,
    actor,
    name: str,
    actuals: Path | list[ActualRow] | list[dict],
    as_of: dt.date | None = None,
    version: int | None = None,
    time_limit: float = 60.0,
    progress: Progress | None = None,
):
    """A new draft version of the plan ``name`` from its latest version (or ``version``) and the
    actuals (a file: task_id, actual_start, actual_finish, percent; rows already read; or
    dicts with those keys and dates, numbered from 1 as rows) as
    of ``as_of`` (today by default). Every row is checked first: nothing is written on any
    problem (``Invalid``, with row and column in Arabic and English). Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.plan.models import Plan, PlanTask
    from ihya.plan.selectors import plan_get
    from ihya.plan.services import _task_row, instance_limits

    actor = Actor.of(actor)
    actor.require("plan.build_plan")
    base = plan_get(name=name, version=version)
    as_of = as_of or dt.date.today()
    issues: list[Issue] = []
    source = "actuals"
    if not isinstance(actuals, list):
        source = Path(actuals).name
        try:
            actuals = read_actuals(Path(actuals))
        except PlanInputError as exc:  # the rows read well are checked too: every problem at once
            issues, actuals = list(exc.issues), exc.rows
    actuals = [
        ActualRow(
            k,
            a["task_id"],
            a.get("actual_start"),
            a.get("actual_finish"),
            a.get("percent"),
        )
        if isinstance(a, dict)
        else a
        for k, a in enumerate(actuals, start=1)
    ]
    calendar = WorkCalendar(base.start_date, holidays())
    stored = {t.key: t for t in base.tasks.all()}
    for row in actuals:
        if row.task_id not in stored:
            issues.append(Issue("unknown_task", source, row.row, "task_id", row.task_id))
        for column, date in (("actual_start", row.start), ("actual_finish", row.finish)):
            if date is not None and date > as_of:
                issues.append(Issue("future_date", source, row.row, column, str(date)))
            if date is not None and date < base.start_date:
                issues.append(Issue("early_date", source, row.row, column, str(date)))
    if issues:
        raise _invalid(sorted(issues, key=lambda i: i.row or 0))
    relaxed = base.summary.get("spending_limits") == "relaxed"
    instance = plan_instance(base, with_spending=not relaxed)
    given = actuals_of(base, calendar)
    rows = {r.task_id: r for r in actuals}
    for row in actuals:
        if row.start is not None:
            given[row.task_id] = _actual(
                row.task_id, row.start, row.finish, row.percent, stored[row.task_id], calendar
            )
    planned = {k: t.start_day for k, t in stored.items()}
    today = calendar.day_of(as_of)
    revised, moving = with_actuals(instance, planned, list(given.values()), today)
    settings = Settings(
        objective=base.objective, time_limit=time_limit, workers=django_settings.SOLVER_THREADS
    )
    solved = solve(revised, settings, progress)
    if solved.start is None and revised.spending:
        relaxed = True
        revised = PlanInstance(revised.tasks, revised.resources, [])
        solved = solve(revised, settings, progress)
    overloaded = False
    if solved.start is None:  # the tasks started overload a team already: they keep going
        overloaded = True
        revised, moving = with_actuals(
            instance, planned, list(given.values()), today, started_use_teams=False
        )
        if relaxed:
            revised = PlanInstance(revised.tasks, revised.resources, [])
        solved = solve(revised, settings, progress)
    if solved.start is None:
        raise Invalid(
            Problem.of(None, "no_schedule", _("No schedule was found in the time allowed."))
        )
    cpm = critical_path(revised, solved.start)
    moved = sum(solved.start[k] != planned[k] for k in planned)
    summary = {
        **solved.summary(),
        "critical_path_length": cpm.duration,
        "tasks": len(revised.tasks),
        "teams": len(revised.resources),
        "spending_limits": "relaxed" if relaxed else "met",
        "started_overload_teams": overloaded,
        "finish": calendar.date_of(max(cpm.duration - 1, 0)).isoformat(),
        "revises": base.version,
        "actuals": len(given),
        "free_to_move": len(moving),
        "moved": moved,
    }
    by_key = {t.id: t for t in revised.tasks}
    with transaction.atomic():
        latest = Plan.objects.filter(name=base.name).order_by("-version").first()
        plan = Plan.objects.create(
            name=base.name,
            version=latest.version + 1,
            parent=base,
            scenario=base.scenario,
            start_date=base.start_date,
            objective=base.objective,
            summary=summary,
            targets=_revised_targets(base, revised, solved.start, calendar),
            sources=base.sources,
            limits={**base.limits, **instance_limits(instance)},
            as_of=as_of,
            created_by=actor.user,
        )
        new_rows = []
        for key, old in stored.items():
            row = _task_row(plan, by_key[key], old, solved.start[key], cpm, calendar)
            row.duration = old.duration  # the planned duration; the actual one is in the dates
            kept = rows.get(key)
            if kept is not None and kept.start is not None:
                row.actual_start, row.actual_finish, row.percent = (
                    kept.start,
                    kept.finish,
                    kept.percent,
                )
            else:
                row.actual_start, row.actual_finish, row.percent = (
                    old.actual_start,
                    old.actual_finish,
                    old.percent,
                )
            if row.actual_finish is not None:
                row.finish_date = row.actual_finish
            new_rows.append(row)
        PlanTask.objects.bulk_create(new_rows, batch_size=1000)
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "create",
                    "plan.plan",
                    str(plan),
                    None,
                    {
                        "revises": str(base),
                        "as_of": as_of.isoformat(),
                        **{k: summary[k] for k in ("status", "makespan", "actuals", "moved")},
                    },
                )
            ],
        )
    return plan


def _revised_targets(base, instance: PlanInstance, start: dict[str, int], calendar) -> list:
    """The base's quarterly targets recomputed on the revised schedule."""
    from ihya.plan.building import PlanDraft, targets

    limits = base.limits or {}
    quarters = [tuple(q) for q in limits.get("quarters") or []]
    draft = PlanDraft(instance, calendar, {}, quarters, limits.get("factories") or {})
    return targets(draft, start)
