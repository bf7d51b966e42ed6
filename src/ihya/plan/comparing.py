"""Two versions of a plan side by side: which tasks moved, by how many working days, and why —
the late task (an actual that differs from the earlier version) that pushed each one, found by
following, in the later version, the predecessor or team-mate whose finish fixed its start."""

from __future__ import annotations

from dataclasses import dataclass, field

from ihya.plan.selectors import plan_get


@dataclass(frozen=True)
class Move:
    key: str
    name_en: str
    name_ar: str
    kind: str
    start_a: object  # dates
    start_b: object
    finish_a: object
    finish_b: object
    days: int  # working days later (negative: earlier)
    late: bool  # the task's own actual differs from the earlier version
    cause: str = ""  # key of the late task that pushed it ("" when none: re-optimised)
    cause_en: str = ""
    cause_ar: str = ""


@dataclass
class Comparison:
    a: object  # Plan
    b: object
    moved: list[Move] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    finish_days: int = 0  # how many working days later the last task finishes in B than in A


def plan_compare(*, name: str, a: int, b: int) -> Comparison:
    """What moved from version ``a`` to version ``b`` of the plan ``name``."""
    plan_a, plan_b = plan_get(name=name, version=a), plan_get(name=name, version=b)
    ta = {t.key: t for t in plan_a.tasks.all()}
    tb = {t.key: t for t in plan_b.tasks.all()}
    both = [k for k in tb if k in ta]
    changed = {
        k
        for k in both
        if (ta[k].start_day, ta[k].finish_day) != (tb[k].start_day, tb[k].finish_day)
    }
    late = {
        k
        for k in changed
        if tb[k].actual_start is not None
        and (tb[k].actual_start, tb[k].actual_finish) != (ta[k].actual_start, ta[k].actual_finish)
    }
    finishing: dict[tuple[str, int], list[str]] = {}  # (team, day) -> tasks finishing then
    for k, t in tb.items():
        if t.resource:
            finishing.setdefault((t.resource, t.finish_day), []).append(k)

    def binding(k: str) -> list[str]:
        t = tb[k]
        out = [p for p in t.predecessors if p in tb and tb[p].finish_day == t.start_day]
        if t.resource:
            out += [u for u in finishing.get((t.resource, t.start_day), []) if u != k]
        return out

    def cause(k: str) -> str:
        seen, frontier = {k}, [k]
        while frontier:
            following = []
            for current in frontier:
                pushers = [p for p in binding(current) if p in changed and p not in seen]
                hit = next((p for p in pushers if p in late), None)
                if hit is not None:
                    return hit
                seen.update(pushers)
                following += pushers
            frontier = following
        return ""

    out = Comparison(
        plan_a,
        plan_b,
        added=[k for k in tb if k not in ta],
        removed=[k for k in ta if k not in tb],
        finish_days=max((t.finish_day for t in tb.values()), default=0)
        - max((t.finish_day for t in ta.values()), default=0),
    )
    for k in sorted(changed, key=lambda k: (tb[k].start_day, k)):
        why = k if k in late else cause(k)
        out.moved.append(
            Move(
                k,
                tb[k].name_en,
                tb[k].name_ar,
                tb[k].kind,
                ta[k].start_date,
                tb[k].start_date,
                ta[k].finish_date,
                tb[k].finish_date,
                tb[k].start_day - ta[k].start_day,
                k in late,
                why,
                tb[why].name_en if why else "",
                tb[why].name_ar if why else "",
            )
        )
    return out
