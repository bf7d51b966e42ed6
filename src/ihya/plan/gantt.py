"""What the plan's page draws: every task as a bar (a milestone as a diamond) on its row, rows
grouped by body or by factory, the links between a task and the ones it waits for, the critical
path marked; and the quarterly targets."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

GROUPS = ("body", "factory")


def _factory_of_steps(tasks: list) -> dict[str, list[str]]:
    """Requirement id -> the factories it serves (through the milestones that wait for it), in
    the order of their restarts."""
    by_key = {t.key: t for t in tasks}
    out: dict[str, list[str]] = {}
    for m in sorted((t for t in tasks if t.kind != "step"), key=lambda t: (t.start_day, t.key)):
        for p in m.predecessors:
            step = by_key.get(p)
            if step is not None and step.requirement_id:
                served = out.setdefault(step.requirement_id, [])
                if m.factory_id not in served:
                    served.append(m.factory_id)
    return out


def gantt_data(tasks: list, *, group: str, lang: str) -> dict:
    """Rows and links for the chart; ``tasks`` are a version's ``PlanTask`` rows."""
    from ihya.reference.models import Body
    from ihya.registry.models import Factory

    arabic = lang == "ar"
    served = _factory_of_steps(tasks)
    factory_ids = {t.factory_id for t in tasks if t.factory_id} | {
        f for fs in served.values() for f in fs
    }
    factories = {
        f.external_id: (f.name_ar or f.name_en) if arabic else (f.name_en or f.name_ar)
        for f in Factory.objects.filter(external_id__in=factory_ids).only(
            "external_id", "name_ar", "name_en"
        )
    }
    bodies = {b.code: b.name for b in Body.objects.all()}
    milestones = _("Factories' milestones")

    def group_of(t) -> str:
        if group == "factory":
            f = t.factory_id or next(iter(served.get(t.requirement_id, [])), "")
            label = factories.get(f, f)
            if t.kind == "step" and len(served.get(t.requirement_id, [])) > 1:
                return _("Shared requirements")
            return label or _("Other")
        if t.kind != "step":
            return milestones
        return bodies.get(t.body, t.body) or _("Other")

    rows = sorted(tasks, key=lambda t: (group_of(t) == milestones, group_of(t), t.start_day, t.id))
    index = {t.key: k for k, t in enumerate(rows)}
    out_rows, links = [], []
    for t in rows:
        end = (t.finish_date or t.start_date) + dt.timedelta(days=1 if t.duration else 0)
        out_rows.append(
            {
                "id": t.key,
                "name": t.name_ar if arabic else t.name_en,
                "group": group_of(t),
                "start": t.start_date.isoformat(),
                "end": end.isoformat(),
                "milestone": t.kind != "step",
                "critical": t.critical,
                "float": t.total_float,
                "done": t.percent if t.percent is not None else (100 if t.actual_finish else None),
            }
        )
        for p in t.predecessors:
            if p in index:
                links.append([index[p], index[t.key], bool(t.critical and rows[index[p]].critical)])
    return {"rows": out_rows, "links": links}


def targets_data(plan) -> dict:
    return {
        "quarters": [q["ends"] for q in plan.targets],
        "restarted": [q["factories_restarted"] for q in plan.targets],
        "jobs": [q["jobs"] for q in plan.targets],
        "spending": [q["spending"] for q in plan.targets],
    }
