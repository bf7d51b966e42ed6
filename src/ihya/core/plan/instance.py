"""A scheduling instance: tasks with integer durations in working days, finish-to-start
precedence, renewable resources with capacities (the bodies' teams), optional spending limits
per period (a task's cost spread evenly over its days), weights for the weighted objective, and
actuals (a task done or started keeps its real dates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Task:
    id: str
    duration: int  # working days; 0 for a milestone
    predecessors: tuple[str, ...] = ()
    weight: float = 0.0  # in the weighted objective: its finish counts this much
    demand: Mapping[str, int] = field(default_factory=dict)  # resource -> units while it runs
    cost: float = 0.0  # spread evenly over its days (spending limits)
    release: int = 0  # may not start before this day (a revision's "today")
    fixed_start: int | None = None  # actuals: started on this day …
    fixed_finish: int | None = None  # … and finished on this one (done)


@dataclass(frozen=True)
class Resource:
    name: str
    capacity: int


@dataclass(frozen=True)
class SpendLimit:
    """At most ``limit`` may be spent on days ``start`` ≤ day < ``end`` (e.g. a quarter)."""

    start: int
    end: int
    limit: float


@dataclass
class PlanInstance:
    tasks: list[Task]
    resources: list[Resource] = field(default_factory=list)
    spending: list[SpendLimit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.position = {t.id: i for i, t in enumerate(self.tasks)}

    @property
    def capacity(self) -> dict[str, int]:
        return {r.name: r.capacity for r in self.resources}

    def length(self, task: Task) -> int:
        """The days a task occupies: its actual length once finished, else its duration."""
        if task.fixed_start is not None and task.fixed_finish is not None:
            return max(0, task.fixed_finish - task.fixed_start)
        return task.duration

    def successors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {t.id: [] for t in self.tasks}
        for t in self.tasks:
            for p in t.predecessors:
                if p in out:
                    out[p].append(t.id)
        return out

    def order(self) -> list[str]:
        """The task ids in a topological order (predecessors first; ties in file order)."""
        indegree = {t.id: 0 for t in self.tasks}
        for t in self.tasks:
            for _p in set(t.predecessors):
                indegree[t.id] += 1
        successors = self.successors()
        ready = [t.id for t in self.tasks if indegree[t.id] == 0]
        out: list[str] = []
        while ready:
            current = ready.pop(0)
            out.append(current)
            for s in successors[current]:
                indegree[s] -= 1
                if indegree[s] == 0:
                    ready.append(s)
        return out

    def horizon(self) -> int:
        """A day by which every task can have finished (serially, after every release)."""
        latest = max(
            [0]
            + [t.release for t in self.tasks]
            + [t.fixed_start for t in self.tasks if t.fixed_start is not None]
            + [t.fixed_finish for t in self.tasks if t.fixed_finish is not None]
        )
        return latest + sum(self.length(t) for t in self.tasks) + 1


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where (file, row, column) and a code with its value."""

    code: str
    file: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""


class PlanInputError(ValueError):
    """The instance cannot be scheduled as given: ``issues`` lists every problem found."""

    def __init__(self, issues: list[Issue], rows: list | None = None):
        self.issues = issues
        self.rows = rows or []  # what could be read (a file's good rows), for further checks
        super().__init__(
            "; ".join(f"{i.code} {i.file} {i.row or ''} {i.value}" for i in issues[:10])
        )


def check(instance: PlanInstance) -> list[Issue]:
    """Every problem that makes the instance unschedulable: duplicate or unknown ids, a cycle,
    negative numbers, a demand above its resource's capacity, inconsistent actuals."""
    issues: list[Issue] = []
    seen: set[str] = set()
    capacity = instance.capacity
    for t in instance.tasks:
        if t.id in seen:
            issues.append(Issue("duplicate_task", "tasks.csv", value=t.id))
        seen.add(t.id)
        if t.duration < 0:
            issues.append(Issue("negative", "tasks.csv", column="duration", value=t.id))
        for p in t.predecessors:
            if p not in instance.position:
                issues.append(Issue("unknown_predecessor", "tasks.csv", value=f"{t.id} ← {p}"))
        for r, units in t.demand.items():
            if r not in capacity:
                issues.append(Issue("unknown_resource", "tasks.csv", column=r, value=t.id))
            elif units < 0:
                issues.append(Issue("negative", "tasks.csv", column=r, value=t.id))
            elif units > capacity[r]:
                issues.append(Issue("over_capacity", "tasks.csv", column=r, value=t.id))
        if t.fixed_finish is not None and (t.fixed_start is None or t.fixed_finish < t.fixed_start):
            issues.append(Issue("bad_actuals", "actuals", value=t.id))
    if not issues and len(instance.order()) < len(instance.tasks):
        issues.append(Issue("cycle", "tasks.csv"))
    for s in instance.spending:
        if s.end <= s.start or s.limit < 0:
            issues.append(Issue("bad_period", "spending.csv", value=f"{s.start}-{s.end}"))
    return issues
