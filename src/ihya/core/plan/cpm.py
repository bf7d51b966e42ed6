"""The critical path of a schedule.

Without resources this is the textbook critical path method: a forward pass gives each task's
earliest start, a backward pass from the project's duration its latest start, total float is
their difference and a task is critical when its float is zero.

With resources the order the teams impose counts as precedence (a resource-constrained critical
path): the schedule found is first left-justified — each task, in order of start, moved to the
earliest day its predecessors and the resources allow — which gives the early starts; that
schedule is then right-justified — each task, in order of finish from the last, moved to the
latest day its successors, the resources and the project's finish allow — which gives the late
starts. Each task's late start is never before its early start (justification never moves a task
the wrong way), so floats are never negative; a task with zero float delays the project if it
slips. Tasks with actuals keep their real dates in both passes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ihya.core.plan.instance import PlanInstance
from ihya.core.plan.profile import Profile


@dataclass(frozen=True)
class CriticalPath:
    early_start: dict[str, int]
    late_start: dict[str, int]
    duration: int  # the project's, from the early schedule

    def total_float(self, task_id: str) -> int:
        return self.late_start[task_id] - self.early_start[task_id]

    def critical(self, task_id: str) -> bool:
        return self.total_float(task_id) == 0


def _fixed(task) -> bool:
    return task.fixed_start is not None


def precedence_cpm(instance: PlanInstance) -> CriticalPath:
    """The textbook forward and backward passes (precedence and releases only)."""
    tasks = {t.id: t for t in instance.tasks}
    order = instance.order()
    early: dict[str, int] = {}
    for tid in order:
        t = tasks[tid]
        if _fixed(t):
            early[tid] = t.fixed_start
            continue
        ready = max((early[p] + instance.length(tasks[p]) for p in t.predecessors), default=0)
        early[tid] = max(ready, t.release)
    duration = max((early[t] + instance.length(tasks[t]) for t in order), default=0)
    successors = instance.successors()
    late: dict[str, int] = {}
    for tid in reversed(order):
        t = tasks[tid]
        if _fixed(t):
            late[tid] = t.fixed_start
            continue
        finish = min((late[s] for s in successors[tid]), default=duration)
        late[tid] = finish - instance.length(t)
    return CriticalPath(early, late, duration)


def critical_path(instance: PlanInstance, start: dict[str, int]) -> CriticalPath:
    """Early and late starts of a feasible schedule ``start`` (task id -> day), resources and
    spending limits respected, by left- then right-justification."""
    tasks = {t.id: t for t in instance.tasks}
    rank = {tid: k for k, tid in enumerate(instance.order())}
    horizon = max(
        instance.horizon(), max((start[t] + instance.length(tasks[t]) for t in start), default=0)
    )
    successors = instance.successors()

    # left-justify, in order of start
    profile = Profile(instance, horizon)
    early: dict[str, int] = {}
    for tid in sorted(start, key=lambda t: (tasks[t].fixed_start is None, start[t], rank[t])):
        t, length = tasks[tid], instance.length(tasks[tid])
        if _fixed(t):
            early[tid] = t.fixed_start
        else:
            s = max([t.release, *(early[p] + instance.length(tasks[p]) for p in t.predecessors)])
            while s < start[tid] and not profile.fits(t, s, length):
                s += 1
            early[tid] = min(s, start[tid])  # the schedule's own day always fits
        profile.place(t, early[tid], length)
    duration = max((early[t] + instance.length(tasks[t]) for t in early), default=0)

    # right-justify the early schedule, in order of finish from the last
    profile = Profile(instance, max(horizon, duration))
    late: dict[str, int] = {}
    for tid in early:  # actuals stay where they are
        if _fixed(tasks[tid]):
            late[tid] = early[tid]
            profile.place(tasks[tid], late[tid], instance.length(tasks[tid]))
    order = sorted(
        (t for t in early if not _fixed(tasks[t])),
        key=lambda t: (-(early[t] + instance.length(tasks[t])), -rank[t]),
    )
    for tid in order:
        t, length = tasks[tid], instance.length(tasks[tid])
        finish = min([duration, *(late[s] for s in successors[tid])])
        s = finish - length
        while s > early[tid] and not profile.fits(t, s, length):
            s -= 1
        late[tid] = max(s, early[tid])
        profile.place(t, late[tid], length)
    return CriticalPath(early, late, duration)
