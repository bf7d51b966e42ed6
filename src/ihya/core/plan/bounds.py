"""Lower bounds on the makespan that hold for any schedule, to state how far a schedule found may
be from the best: the critical path (precedence alone) and the teams' energy with heads and
tails (a team's tasks cannot start before the earliest of them may, need at least their total
work divided by the capacity, and leave at least the shortest of their tails after them — taken
over every subset of the team's tasks that start no earlier than a head and end no later than a
tail; the classical bound of Carlier and Pinson's one-machine relaxation extended to cumulative
capacity by energy).

Spending limits only delay tasks, so both bounds hold with them too; actuals are ignored (the
bounds are for a plan being built)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ihya.core.plan.cpm import precedence_cpm
from ihya.core.plan.instance import PlanInstance


@dataclass(frozen=True)
class Bounds:
    critical_path: int
    energy: int
    energy_resource: str = ""  # the team that gives the energy bound

    @property
    def best(self) -> int:
        return max(self.critical_path, self.energy)


def makespan_bounds(instance: PlanInstance) -> Bounds:
    cpm = precedence_cpm(instance)
    duration = cpm.duration
    tasks = {t.id: t for t in instance.tasks}
    head = cpm.early_start
    tail = {tid: duration - (cpm.late_start[tid] + instance.length(t)) for tid, t in tasks.items()}
    best, which = 0, ""
    for resource in instance.resources:
        users = [
            (head[t.id], tail[t.id], instance.length(t) * t.demand.get(resource.name, 0))
            for t in instance.tasks
            if t.demand.get(resource.name, 0) and instance.length(t)
        ]
        if not users:
            continue
        for h in sorted({u[0] for u in users}):
            work = 0  # of the tasks with a head ≥ h, by decreasing tail
            for _, q, energy in sorted((u for u in users if u[0] >= h), key=lambda u: -u[1]):
                work += energy
                bound = h + math.ceil(work / resource.capacity) + q
                if bound > best:
                    best, which = bound, resource.name
    return Bounds(duration, best, which)
