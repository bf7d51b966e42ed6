"""The executive plan's report: its summary, the quarterly targets, a Gantt chart drawn on the
server (one bar per factory: the span of its requirement chains up to its first export, a diamond
on its restart, red when on the critical path; time running right to left in Arabic), the
factories' milestones, the work of each body and the critical tasks — as a PDF and as its Excel
twin. A plan of 400 factories stays readable: the chart is cut into pages of ``ROWS`` factories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from ihya.reports import rendering, svg
from ihya.reports.rendering import DATE, MONEY, NUMBER

ROWS = 45  # factories per page of the chart


@dataclass
class FactoryRow:
    factory_id: str
    name: str
    start: dt.date | None
    restart: dt.date | None
    first_export: dt.date | None
    total_float: int | None
    critical: bool
    cost: float


@dataclass
class BodyRow:
    name: str
    steps: int
    critical: int
    start: dt.date | None
    finish: dt.date | None
    cost: float


def _factories(tasks: list, names: dict[str, str]) -> list[FactoryRow]:
    """One row per factory of the plan: its chains (the requirements its restart waits for) and
    its two milestones."""
    by_key = {t.key: t for t in tasks}
    steps_of: dict[str, list] = {}
    for t in tasks:
        if t.kind == "step" and t.requirement_id:
            steps_of.setdefault(t.requirement_id, []).append(t)
    rows: dict[str, FactoryRow] = {}
    for m in tasks:
        if m.kind == "step" or not m.factory_id:
            continue
        row = rows.setdefault(
            m.factory_id,
            FactoryRow(
                m.factory_id,
                names.get(m.factory_id, m.factory_id),
                None,
                None,
                None,
                None,
                False,
                0.0,
            ),
        )
        row.critical = row.critical or m.critical
        if m.kind == "restart":
            row.restart = m.start_date
            row.total_float = m.total_float
            requirements = {
                by_key[p].requirement_id
                for p in m.predecessors
                if p in by_key and by_key[p].requirement_id
            }
            chain = [s for r in requirements for s in steps_of.get(r, [])]
            starts = [s.start_date for s in chain if s.start_date]
            row.start = min(starts) if starts else m.start_date
            row.cost = sum(s.cost for s in chain)
        else:
            row.first_export = m.start_date
    return sorted(rows.values(), key=lambda r: (r.restart or dt.date.max, r.factory_id))


def _bodies(tasks: list, names: dict[str, str]) -> list[BodyRow]:
    out: dict[str, BodyRow] = {}
    for t in tasks:
        if t.kind != "step":
            continue
        row = out.setdefault(
            t.body, BodyRow(names.get(t.body, t.body or "—"), 0, 0, None, None, 0.0)
        )
        row.steps += 1
        row.critical += t.critical
        row.cost += t.cost
        if t.start_date:
            row.start = min(row.start or t.start_date, t.start_date)
        if t.finish_date:
            row.finish = max(row.finish or t.finish_date, t.finish_date)
    return sorted(out.values(), key=lambda r: (-r.steps, r.name))


def _tick_label(many: bool):
    """Digits only (the SVG's text is not shaped): the quarter's first month, or over a long plan
    the year at each January."""

    def label(year: int, quarter: int) -> str:
        if many:
            return str(year) if quarter == 1 else ""
        return f"{3 * quarter - 2:02d}/{year}"

    return label


def plan_context(*, plan, lang: str, progress=None) -> dict:
    """Everything the plan's report shows, in ``lang``; ``progress(stage, done, total)``."""
    from ihya.plan.selectors import plan_tasks
    from ihya.reference.selectors import bodies
    from ihya.registry.selectors import factory_list

    report = progress or (lambda *a: None)
    arabic = lang == "ar"
    with translation.override(lang):
        report(_("Plan report"), 0, 4)
        tasks = list(plan_tasks(plan=plan))
        ids = {t.factory_id for t in tasks if t.factory_id}
        names = {
            fid: ((ar or en) if arabic else (en or ar))
            for fid, ar, en in factory_list()
            .filter(external_id__in=ids)
            .values_list("external_id", "name_ar", "name_en")
        }
        body_names = {b.code: b.name for b in bodies()}
        factories = _factories(tasks, names)
        report(_("Plan report"), 1, 4)
        dated = [t for t in tasks if t.start_date]
        first = min((t.start_date for t in dated), default=plan.start_date)
        last = max((t.finish_date or t.start_date for t in dated), default=plan.start_date)
        last = max(last, first + dt.timedelta(days=1))
        ticks = svg.quarter_ticks(first, last, _tick_label((last - first).days > 3 * 366))
        charts = []
        for k in range(0, len(factories), ROWS):
            page = factories[k : k + ROWS]
            bars = [
                svg.Bar(
                    f.name,
                    f.start or f.restart or first,
                    f.first_export or f.restart or first,
                    f.critical,
                    f.restart,
                )
                for f in page
            ]
            charts.append(
                {
                    "svg": svg.gantt(bars, first=first, last=last, ticks=ticks, rtl=arabic),
                    "rows": page,
                }
            )
        legend = [
            (svg.swatch(svg.RED), _("on the critical path")),
            (svg.swatch(svg.BLUE), _("with float")),
            (svg.swatch("diamond"), _("restart")),
        ]
        state = _("approved baseline") if plan.state == "approved" else _("draft")
        context = rendering.base_context(
            lang=lang,
            title=_("Executive plan"),
            subtitle=_("%(name)s · version %(version)s · %(state)s")
            % {"name": plan.name, "version": plan.version, "state": state},
            data_date=plan.as_of or plan.created_at.date(),
        )
        report(_("Plan report"), 2, 4)
    steps = [t for t in tasks if t.kind == "step"]
    critical = [t for t in steps if t.critical]
    final = plan.targets[-1] if plan.targets else {}
    return {
        **context,
        "plan": plan,
        "summary": plan.summary or {},
        "finish": dt.date.fromisoformat(plan.summary["finish"])
        if plan.summary.get("finish")
        else None,
        "steps": len(steps),
        "critical_count": len(critical),
        "cost": sum(t.cost for t in steps),
        "final": final,
        "targets": [
            dict(
                q,
                ends=dt.date.fromisoformat(q["ends"]),
                **{k: round(q[k]) for k in ("exports", "value_added", "spending")},
            )
            for q in plan.targets
        ],
        "factories": factories,
        "bodies_rows": _bodies(tasks, body_names),
        "critical": [
            {
                "task": t,
                "name": t.name_ar if arabic else t.name_en,
                "body": body_names.get(t.body, t.body),
            }
            for t in critical
        ],
        "charts": charts,
        "legend": legend,
        "first": first,
        "last": last,
    }


def plan_pdf(*, plan, lang: str, progress=None) -> bytes:
    context = plan_context(plan=plan, lang=lang, progress=progress)
    content = rendering.pdf("reports/plan.html", context, lang=lang)
    if progress:
        with translation.override(lang):
            progress(_("Plan report"), 4, 4)
    return content


def plan_xlsx(*, plan, lang: str, progress=None) -> bytes:
    """The report's twin: the summary, targets, factories, bodies and critical tasks as sheets."""
    c = plan_context(plan=plan, lang=lang, progress=progress)
    rtl = lang == "ar"
    book = rendering.workbook()
    with translation.override(lang):
        sheet = rendering.Sheet(
            book, _("summary"), [(_("field"), None), (_("value"), None)], rtl=rtl
        )
        for label, value, fmt in (
            (_("plan"), c["subtitle"], None),
            (_("first day"), plan.start_date, DATE),
            (_("finishes"), c["finish"], DATE),
            (_("working days"), c["summary"].get("makespan"), NUMBER),
            (_("steps"), c["steps"], NUMBER),
            (_("critical steps"), c["critical_count"], NUMBER),
            (_("factories"), len(c["factories"]), NUMBER),
            (_("cost (LYD)"), c["cost"], MONEY),
            (_("data as of"), c["data_date"], DATE),
        ):
            sheet.add([label, value])
            if fmt and value is not None:
                sheet.ws.cell(row=sheet.rows + 1, column=2).number_format = fmt
        sheet.close([28, 40])

        sheet = rendering.Sheet(
            book,
            _("targets"),
            [
                (_("quarter"), NUMBER),
                (_("ends"), DATE),
                (_("factories restarted"), NUMBER),
                (_("jobs"), NUMBER),
                (_("exports (LYD)"), MONEY),
                (_("value added (LYD)"), MONEY),
                (_("spending (LYD)"), MONEY),
            ],
            rtl=rtl,
        )
        for q in c["targets"]:
            sheet.add(
                [
                    q["quarter"],
                    q["ends"],
                    q["factories_restarted"],
                    q["jobs"],
                    q["exports"],
                    q["value_added"],
                    q["spending"],
                ]
            )
        sheet.close([10, 14, 18, 12, 18, 18, 18])

        sheet = rendering.Sheet(
            book,
            _("factories"),
            [
                (_("factory id"), None),
                (_("factory"), None),
                (_("first step"), DATE),
                (_("restart"), DATE),
                (_("first export"), DATE),
                (_("total float"), NUMBER),
                (_("critical"), None),
                (_("cost (LYD)"), MONEY),
            ],
            rtl=rtl,
        )
        for f in c["factories"]:
            sheet.add(
                [
                    f.factory_id,
                    f.name,
                    f.start,
                    f.restart,
                    f.first_export,
                    f.total_float,
                    _("yes") if f.critical else "",
                    f.cost,
                ]
            )
        sheet.close([14, 40, 14, 14, 14, 12, 10, 18])

        sheet = rendering.Sheet(
            book,
            _("bodies"),
            [
                (_("body"), None),
                (_("steps"), NUMBER),
                (_("critical steps"), NUMBER),
                (_("first start"), DATE),
                (_("last finish"), DATE),
                (_("cost (LYD)"), MONEY),
            ],
            rtl=rtl,
        )
        for b in c["bodies_rows"]:
            sheet.add([b.name, b.steps, b.critical, b.start, b.finish, b.cost])
        sheet.close([36, 10, 14, 14, 14, 18])

        sheet = rendering.Sheet(
            book,
            _("critical tasks"),
            [
                (_("task"), None),
                (_("name"), None),
                (_("body"), None),
                (_("start"), DATE),
                (_("finish"), DATE),
                (_("working days"), NUMBER),
                (_("cost (LYD)"), MONEY),
            ],
            rtl=rtl,
        )
        for row in c["critical"]:
            t = row["task"]
            sheet.add(
                [t.key, row["name"], row["body"], t.start_date, t.finish_date, t.duration, t.cost]
            )
        sheet.close([30, 44, 30, 14, 14, 12, 18])
    return rendering.workbook_bytes(book)
