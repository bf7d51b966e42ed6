"""Re-scheduling with actuals: a task done keeps its real start and finish, a task started keeps
its real start (its remaining days from its percent complete), and only what depends on a task
whose dates changed moves — every other task keeps its planned start.

A task depends on another when it follows it (precedence, directly or not) or when it shares a
team with it and was planned to start no earlier (the team's order counts as precedence, as in
the critical path)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ihya.core.plan.instance import PlanInstance


@dataclass(frozen=True)
class Actual:
    task_id: str
    start: int | None = None  # actual start day
    finish: int | None = None  # actual finish day (done)
    percent: float | None = None  # progress of a started task, 0–100


def with_actuals(
    instance: PlanInstance,
    planned: dict[str, int],
    actuals: list[Actual],
    today: int,
    *,
    started_use_teams: bool = True,
) -> tuple[PlanInstance, set[str]]:
    """The instance to re-solve and the tasks free to move: those with an actual that differs
    from the plan, and every task after them. The others are fixed at their planned start; a
    task free to move and not started may not start before ``today``.

    A task done no longer occupies its team: what happened cannot be infeasible (teams that
    worked on more files at once than planned did so). A task started still does, unless
    ``started_use_teams`` is false (the fallback when the started tasks alone overload a
    team)."""
    tasks = {t.id: t for t in instance.tasks}
    by_id = {a.task_id: a for a in actuals if a.task_id in tasks}
    changed = set()
    fixed: dict[str, tuple[int, int | None, int]] = {}  # start, finish, duration
    for tid, a in by_id.items():
        t = tasks[tid]
        if a.start is None:
            continue
        if a.finish is not None:
            fixed[tid] = (a.start, a.finish, a.finish - a.start)
        else:
            done = (a.percent or 0) / 100
            remaining = math.ceil(t.duration * (1 - done))
            fixed[tid] = (a.start, None, max(today - a.start + remaining, 0))
        if a.start != planned.get(tid) or fixed[tid][2] != t.duration:
            changed.add(tid)
    successors = instance.successors()
    users: dict[str, list[str]] = {}
    for t in instance.tasks:
        for r, units in t.demand.items():
            if units:
                users.setdefault(r, []).append(t.id)

    def after(tid: str) -> list[str]:
        out = list(successors[tid])
        for r, units in tasks[tid].demand.items():
            if units:
                out += [u for u in users[r] if u != tid and planned[u] >= planned[tid]]
        return out

    moving = set()
    stack = [s for tid in changed for s in after(tid)]
    while stack:
        tid = stack.pop()
        if tid not in moving and tid not in fixed:
            moving.add(tid)
            stack.extend(after(tid))
    out = []
    for t in instance.tasks:
        if t.id in fixed:
            start, finish, duration = fixed[t.id]
            demand = t.demand if finish is None and started_use_teams else {}
            out.append(
                replace(t, duration=duration, fixed_start=start, fixed_finish=finish, demand=demand)
            )
        elif t.id in moving:
            out.append(replace(t, release=max(t.release, today)))
        else:
            out.append(replace(t, fixed_start=planned[t.id]))
    return PlanInstance(out, instance.resources, instance.spending), moving
