"""A priority-rule list scheduler — what a planner would write by hand, and the baseline the
CP-SAT schedule is measured against: the serial schedule-generation scheme with the latest
finish time rule (Kolisch 1996). Tasks are taken, among those whose predecessors are scheduled,
by earliest latest-finish (ties: file order) and each is started on the first day its
predecessors, the resources and the spending limits allow."""

from __future__ import annotations

from ihya.core.plan.cpm import precedence_cpm
from ihya.core.plan.instance import PlanInstance
from ihya.core.plan.profile import Profile


def serial_schedule(
    instance: PlanInstance, priority: dict[str, float] | None = None
) -> dict[str, int] | None:
    """Start day of every task, or None when the spending limits leave no room before the
    horizon (the resources alone always leave some: each demand fits its capacity).
    ``priority`` replaces the latest-finish rule (lower first), e.g. the starts of a schedule
    found without the spending limits, to be repaired with them."""
    tasks = {t.id: t for t in instance.tasks}
    cpm = precedence_cpm(instance)
    latest_finish = priority or {
        tid: cpm.late_start[tid] + instance.length(tasks[tid]) for tid in tasks
    }
    position = instance.position
    horizon = instance.horizon()
    if instance.spending:  # a spending limit may push tasks past the last period
        horizon += max(p.end for p in instance.spending)
    profile = Profile(instance, horizon)
    start: dict[str, int] = {}
    for t in instance.tasks:  # actuals first, where they were
        if t.fixed_start is not None:
            start[t.id] = t.fixed_start
            profile.place(t, t.fixed_start, instance.length(t))
    waiting = {t.id: {p for p in t.predecessors if p not in start} for t in instance.tasks}
    successors = instance.successors()
    done = set(start)
    eligible = sorted(
        {tid for tid in tasks if tid not in start and not waiting[tid]},
        key=lambda tid: (latest_finish[tid], position[tid]),
    )
    while eligible:
        tid = eligible.pop(0)
        t, length = tasks[tid], instance.length(tasks[tid])
        s = max([t.release, *(start[p] + instance.length(tasks[p]) for p in t.predecessors)])
        while not profile.fits(t, s, length):
            s += 1
            if s + length > horizon:
                return None
        start[tid] = s
        profile.place(t, s, length)
        done.add(tid)
        for succ in successors[tid]:
            waiting[succ].discard(tid)
            if not waiting[succ] and succ not in done and succ not in eligible:
                eligible.append(succ)
        eligible.sort(key=lambda x: (latest_finish[x], position[x]))
    return start if len(start) == len(tasks) else None
