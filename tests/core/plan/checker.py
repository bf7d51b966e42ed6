"""An independent checker of schedules, written apart from the scheduler (no shared code): every
task once, precedence, releases and actuals, each resource's use on every day, the money spent
in every period, and — given a calendar — that no task runs on a non-working day."""

from __future__ import annotations

from collections import defaultdict


def violations(instance, start: dict[str, int], calendar=None) -> list[str]:
    problems = []
    tasks = {t.id: t for t in instance.tasks}
    if sorted(start) != sorted(tasks):
        problems.append("not every task exactly once")
        return problems

    def length(t):
        if t.fixed_start is not None and t.fixed_finish is not None:
            return t.fixed_finish - t.fixed_start
        return t.duration

    for t in instance.tasks:
        s = start[t.id]
        if s < t.release:
            problems.append(f"{t.id} starts before its release")
        if t.fixed_start is not None and s != t.fixed_start:
            problems.append(f"{t.id} moved from its actual start")
        for p in t.predecessors:
            if s < start[p] + length(tasks[p]):
                problems.append(f"{t.id} starts before {p} finishes")
    use = defaultdict(int)
    for t in instance.tasks:
        for day in range(start[t.id], start[t.id] + length(t)):
            for r, units in t.demand.items():
                use[(r, day)] += units
    capacity = {r.name: r.capacity for r in instance.resources}
    for (r, day), units in use.items():
        if units > capacity[r]:
            problems.append(f"{r} over capacity on day {day}: {units} > {capacity[r]}")
    if instance.spending:
        money_ends = max(p.end for p in instance.spending)
        for t in instance.tasks:
            if t.cost and t.fixed_start is None and start[t.id] + max(length(t), 1) > money_ends:
                problems.append(f"{t.id} spends after the last spending period")
    for period in instance.spending:
        spent = 0.0
        for t in instance.tasks:
            n = length(t)
            if not t.cost:
                continue
            if n == 0:
                spent += t.cost if period.start <= start[t.id] < period.end else 0.0
                continue
            days = sum(
                1 for d in range(start[t.id], start[t.id] + n) if period.start <= d < period.end
            )
            spent += t.cost * days / n
        if spent > period.limit + 1e-6:
            problems.append(f"period {period.start}-{period.end} spends {spent} > {period.limit}")
    if calendar is not None:
        for t in instance.tasks:
            for day in range(start[t.id], start[t.id] + length(t)):
                if not calendar.is_working(calendar.date_of(day)):
                    problems.append(f"{t.id} works on {calendar.date_of(day)}")
    return problems
