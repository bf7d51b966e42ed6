"""A version of a plan as a file: XLSX (a tasks sheet, a Gantt sheet by month and the quarterly
targets; right-to-left in Arabic, dates as dates, money as numbers in LYD, frozen headers and
filters), iCalendar (the milestones: each factory's restart and first export) or JSON (the plan,
its tasks and targets)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from ihya.core.tables import spreadsheet_row, spreadsheet_safe
from ihya.errors import Invalid, Problem
from ihya.plan.selectors import plan_get

FORMATS = (".xlsx", ".ics", ".json")
MONEY = '#,##0 "LYD"'


def plan_export(*, name: str, out: Path, version: int | None = None, lang: str = "ar") -> Path:
    """Write a version of the plan (the latest by default) to ``out``; its suffix picks the
    format (.xlsx, .ics, .json)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise Invalid(
            Problem.of(
                "out",
                "unsupported_format",
                translation.gettext_lazy("The file ends in one of %(names)s."),
                names=", ".join(FORMATS),
            )
        )
    plan = plan_get(name=name, version=version)
    tasks = list(plan.tasks.order_by("start_day", "id"))
    with translation.override(lang):
        if suffix == ".xlsx":
            _xlsx(plan, tasks, out, lang)
        elif suffix == ".ics":
            _ics(plan, tasks, out, lang)
        else:
            out.write_text(
                json.dumps(plan_document(plan, tasks), ensure_ascii=False, indent=1, default=str),
                encoding="utf-8",
            )
    return out


def plan_document(plan, tasks) -> dict:
    """The plan as plain data (the JSON export and the API share it)."""
    return {
        "name": plan.name,
        "version": plan.version,
        "state": plan.state,
        "start_date": plan.start_date,
        "as_of": plan.as_of,
        "scenario": plan.scenario.name if plan.scenario else None,
        "objective": plan.objective,
        "summary": plan.summary,
        "approved_at": plan.approved_at,
        "targets": plan.targets,
        "sources": plan.sources,
        "tasks": [
            {
                "task_id": t.key,
                "kind": t.kind,
                "name_en": t.name_en,
                "name_ar": t.name_ar,
                "factory_id": t.factory_id,
                "requirement_id": t.requirement_id,
                "body": t.body,
                "team": t.team,
                "duration": t.duration,
                "cost": t.cost,
                "predecessors": t.predecessors,
                "start": t.start_date,
                "finish": t.finish_date,
                "start_day": t.start_day,
                "finish_day": t.finish_day,
                "total_float": t.total_float,
                "critical": t.critical,
                "actual_start": t.actual_start,
                "actual_finish": t.actual_finish,
                "percent": t.percent,
            }
            for t in tasks
        ],
    }


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, month = [], first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _xlsx(plan, tasks, out: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    arabic = lang == "ar"
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    critical_fill = PatternFill("solid", fgColor="C0392B")
    bar_fill = PatternFill("solid", fgColor="2E86C1")
    milestone_fill = PatternFill("solid", fgColor="F1C40F")

    def header(ws, names):
        row = []
        for text in names:
            cell = WriteOnlyCell(ws, value=spreadsheet_safe(text))
            cell.font = bold
            row.append(cell)
        ws.append(row)

    def cell(ws, value, number_format=None):
        c = WriteOnlyCell(ws, value=spreadsheet_safe(value))
        if number_format:
            c.number_format = number_format
        return c

    sheet = book.create_sheet(_("tasks"))
    sheet.sheet_view.rightToLeft = arabic
    sheet.freeze_panes = "C2"
    names = [
        _("task"),
        _("name"),
        _("kind"),
        _("factory"),
        _("requirement"),
        _("body"),
        _("team"),
        _("start"),
        _("finish"),
        _("working days"),
        _("cost (LYD)"),
        _("total float"),
        _("critical"),
        _("predecessors"),
        _("actual start"),
        _("actual finish"),
        _("percent complete"),
    ]
    sheet.auto_filter.ref = f"A1:Q{len(tasks) + 1}"
    header(sheet, names)
    for t in tasks:
        sheet.append(
            spreadsheet_row(
                [
                    t.key,
                    t.name_ar if arabic else t.name_en,
                    str(t.get_kind_display()),
                    t.factory_id,
                    t.requirement_id,
                    t.body,
                    t.team,
                    cell(sheet, t.start_date, "yyyy-mm-dd"),
                    cell(sheet, t.finish_date, "yyyy-mm-dd"),
                    t.duration,
                    cell(sheet, t.cost, MONEY),
                    t.total_float,
                    _("yes") if t.critical else "",
                    " ".join(t.predecessors),
                    cell(sheet, t.actual_start, "yyyy-mm-dd"),
                    cell(sheet, t.actual_finish, "yyyy-mm-dd"),
                    t.percent,
                ]
            )
        )

    gantt = book.create_sheet(_("Gantt"))
    gantt.sheet_view.rightToLeft = arabic
    gantt.freeze_panes = "D2"
    first = min((t.start_date for t in tasks if t.start_date), default=plan.start_date)
    last = max((t.finish_date for t in tasks if t.finish_date), default=plan.start_date)
    months = _months(first, last)
    gantt.auto_filter.ref = f"A1:C{len(tasks) + 1}"
    header(gantt, [_("task"), _("name"), _("critical")] + [m.strftime("%Y-%m") for m in months])
    for t in tasks:
        row = spreadsheet_row(
            [t.key, t.name_ar if arabic else t.name_en, _("yes") if t.critical else ""]
        )
        for m in months:
            end = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            c = WriteOnlyCell(gantt)
            if t.start_date and t.start_date < end and t.finish_date >= m:
                if t.kind != "step":
                    c.value, c.fill = "◆", milestone_fill
                else:
                    c.fill = critical_fill if t.critical else bar_fill
            row.append(c)
        gantt.append(row)

    sheet = book.create_sheet(_("targets"))
    sheet.sheet_view.rightToLeft = arabic
    sheet.freeze_panes = "A2"
    header(
        sheet,
        [
            _("quarter"),
            _("ends"),
            _("factories restarted"),
            _("jobs"),
            _("exports (LYD)"),
            _("value added (LYD)"),
            _("spending (LYD)"),
        ],
    )
    for q in plan.targets:
        sheet.append(
            [
                q["quarter"],
                cell(sheet, dt.date.fromisoformat(q["ends"]), "yyyy-mm-dd"),
                q["factories_restarted"],
                q["jobs"],
                cell(sheet, q["exports"], MONEY),
                cell(sheet, q["value_added"], MONEY),
                cell(sheet, q["spending"], MONEY),
            ]
        )
    book.save(out)


def _ics(plan, tasks, out: Path, lang: str) -> None:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Ihya//executive plan//AR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan.name} v{plan.version}")
    stamp = dt.datetime.now(dt.UTC)
    for t in tasks:
        if t.kind == "step" or t.start_date is None:
            continue
        event = Event()
        event.add("uid", f"{plan.name}-v{plan.version}-{t.key}@ihya".replace(" ", "_"))
        event.add("dtstamp", stamp)
        event.add("summary", t.name_ar if lang == "ar" else t.name_en)
        event.add("dtstart", t.start_date)
        event.add("dtend", t.start_date + dt.timedelta(days=1))
        event.add("categories", [str(t.get_kind_display())])
        if t.critical:
            event.add("description", _("On the critical path."))
        calendar.add_component(event)
    out.write_bytes(calendar.to_ical())
