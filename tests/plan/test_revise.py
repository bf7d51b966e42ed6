"""Revisions from actuals, the comparison of two versions and the plan's files: a late task moves
only what depends on it, and the comparison names exactly those, each pushed by that task."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from ihya.cli import app
from ihya.core.plan.calendar import WorkCalendar
from ihya.core.plan.instance import PlanInstance, Resource, Task
from ihya.errors import Forbidden, Invalid
from ihya.plan.catalogue import shipped_holidays
from ihya.plan.comparing import plan_compare
from ihya.plan.exporting import plan_export
from ihya.plan.models import Plan
from ihya.plan.revising import plan_revise
from ihya.plan.services import plan_build
from tests.core.plan.checker import violations
from tests.plan.conftest import START

pytestmark = pytest.mark.django_db
CALENDAR = WorkCalendar(START, shipped_holidays())


@pytest.fixture
def built(solved, actors):
    return plan_build(actor=actors["secretary"], scenario_id=solved.pk, start=START, time_limit=2)


def _dependents(tasks: dict, late: str) -> set[str]:
    """Everything after ``late``: its successors, and the tasks of its team planned no earlier —
    and so on (written here again from the rule, not imported)."""
    out, stack = set(), [late]
    while stack:
        k = stack.pop()
        t = tasks[k]
        following = [u for u, x in tasks.items() if k in x.predecessors]
        if t.resource:
            following += [
                u
                for u, x in tasks.items()
                if u != k and x.resource == t.resource and x.start_day >= t.start_day
            ]
        for u in following:
            if u not in out:
                out.add(u)
                stack.append(u)
    return out


def _late_task(tasks: dict) -> str:
    """A step with successors, done late: the first critical step that has any."""
    for k, t in sorted(tasks.items(), key=lambda kv: (kv[1].start_day, kv[0])):
        if t.kind == "step" and t.duration and any(k in x.predecessors for x in tasks.values()):
            return k
    raise AssertionError("no step with successors")


def test_a_late_actual_finish_moves_only_what_depends_on_it(built, actors, tmp_path):
    before = {t.key: t for t in built.tasks.all()}
    late = _late_task(before)
    t = before[late]
    finish = CALENDAR.date_of(t.finish_day - 1 + 10)  # ten working days late
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(
        f"task_id,actual_start,actual_finish,percent\n{late},{t.start_date},{finish},100\n",
        encoding="utf-8",
    )
    revised = plan_revise(
        actor=actors["secretary"], name=built.name, actuals=actuals, as_of=finish, time_limit=2
    )
    assert (revised.version, revised.parent_id, revised.state) == (2, built.pk, "draft")
    after = {t.key: t for t in revised.tasks.all()}
    assert after[late].actual_finish == finish and after[late].finish_day == t.finish_day + 10
    moved = {k for k in before if before[k].start_day != after[k].start_day}
    assert moved and moved <= _dependents(before, late)
    first = [k for k, x in before.items() if late in x.predecessors]
    assert all(after[k].start_day >= after[late].finish_day for k in first)
    # the revision's schedule, checked independently with each task's length as done
    instance = PlanInstance(
        [
            Task(
                k,
                x.finish_day - x.start_day,
                tuple(x.predecessors),
                demand={x.resource: 1} if x.resource else {},
            )
            for k, x in after.items()
        ],
        [Resource(n, c) for n, c in revised.limits["resources"].items()],
    )
    start = {k: x.start_day for k, x in after.items()}
    assert violations(instance, start, calendar=CALENDAR) == []
    # the version revised is unchanged
    assert {t.key: t.start_day for t in built.tasks.all()} == {
        k: x.start_day for k, x in before.items()
    }
    # the comparison shows exactly the tasks whose dates changed, each pushed by the late one
    comparison = plan_compare(name=built.name, a=1, b=2)
    changed = {
        k
        for k in before
        if (before[k].start_day, before[k].finish_day) != (after[k].start_day, after[k].finish_day)
    }
    assert {m.key for m in comparison.moved} == changed
    by_key = {m.key: m for m in comparison.moved}
    assert by_key[late].late and by_key[late].cause == late
    for k in first:
        if k in by_key:
            assert by_key[k].cause == late and by_key[k].days > 0
    assert all(m.cause in ("", late) for m in comparison.moved)


def test_bad_actuals_are_all_reported_and_nothing_is_written(built, actors, tmp_path):
    tasks = {t.key: t for t in built.tasks.all()}
    a, b = list(tasks)[:2]
    actuals = tmp_path / "actuals.csv"
    day = tasks[a].start_date
    actuals.write_text(
        "task_id,actual_start,actual_finish,percent\n"
        f"{a},{day:%d/%m/%Y},,٥٠\n"  # a valid row: day first, Arabic-Indic digits
        f"{b},{day},{day - dt.timedelta(days=3)},100\n"  # finish before start
        "NOPE/1,2027-01-05,,\n"  # no such task
        f"{b}x,31/13/2027,,\n"  # not a date (and no such task)
        f"{a}y,,,150\n",  # percent above 100, and no start
        encoding="utf-8-sig",  # with a BOM, as Excel writes it
    )
    with pytest.raises(Invalid) as refused:
        plan_revise(actor=actors["secretary"], name=built.name, actuals=actuals, as_of=day)
    problems = refused.value.problems
    assert [(p.code, p.field, p.params["row"]) for p in problems] == [
        ("bad_actuals", "actual_finish", 3),
        ("unknown_task", "task_id", 4),  # the rows read well are checked against the plan too
        ("future_date", "actual_start", 4),
        ("not_a_date", "actual_start", 5),
        ("bad_percent", "percent", 6),
        ("missing_value", "actual_start", 6),
    ]
    assert "row 3" in problems[0].en and "الصف 3" in problems[0].ar
    assert Plan.objects.count() == 1
    actuals.write_text(f"task_id,actual_start\nNOPE/1,{day}\n{a},{day + dt.timedelta(days=400)}\n")
    with pytest.raises(Invalid) as refused:
        plan_revise(
            actor=actors["secretary"],
            name=built.name,
            actuals=actuals,
            as_of=day + dt.timedelta(days=30),
        )
    assert [(p.code, p.params["row"]) for p in refused.value.problems] == [
        ("unknown_task", 2),
        ("future_date", 3),
    ]
    with pytest.raises(Forbidden):
        plan_revise(actor=actors["viewer"], name=built.name, actuals=actuals)
    assert Plan.objects.count() == 1


def test_the_plan_as_a_workbook_a_calendar_and_json(built, tmp_path):
    from icalendar import Calendar
    from openpyxl import load_workbook

    tasks = list(built.tasks.all())
    milestones = [t for t in tasks if t.kind != "step"]
    book = load_workbook(plan_export(name=built.name, out=tmp_path / "p.xlsx", lang="ar"))
    assert book.sheetnames == ["المهام", "مخطط غانت", "الأهداف"]
    sheet = book["المهام"]
    assert all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref
    assert sheet.max_row == len(tasks) + 1
    row = [c.value for c in sheet[2]]
    first = min(tasks, key=lambda t: (t.start_day, t.id))
    assert row[0] == first.key and row[1] == first.name_ar
    assert isinstance(row[7], dt.datetime) and row[7].date() == first.start_date
    assert isinstance(row[10], int | float) and sheet.cell(2, 11).number_format.endswith('"LYD"')
    costs = {r[0].value: r[10].value for r in sheet.iter_rows(min_row=2)}
    assert costs == pytest.approx({t.key: t.cost for t in tasks}) and max(costs.values()) > 0
    gantt = book["مخطط غانت"]
    assert gantt.max_row == len(tasks) + 1
    english = load_workbook(plan_export(name=built.name, out=tmp_path / "e.xlsx", lang="en"))
    assert english.sheetnames == ["tasks", "Gantt", "targets"]
    assert not english["tasks"].sheet_view.rightToLeft

    ics = Calendar.from_ical((plan_export(name=built.name, out=tmp_path / "p.ics")).read_bytes())
    events = list(ics.walk("VEVENT"))
    assert len(events) == len(milestones)
    names = {str(e["SUMMARY"]) for e in events}
    assert names == {t.name_ar for t in milestones}
    dates = sorted(e.decoded("DTSTART") for e in events)
    assert dates == sorted(t.start_date for t in milestones)

    data = json.loads(plan_export(name=built.name, out=tmp_path / "p.json").read_text())
    assert data["version"] == 1 and len(data["tasks"]) == len(tasks)
    assert data["targets"] == built.targets
    with pytest.raises(Invalid):
        plan_export(name=built.name, out=tmp_path / "p.pdf")


def test_the_command_line_revises_compares_and_exports(built, tmp_path):
    tasks = {t.key: t for t in built.tasks.all()}
    late = _late_task(tasks)
    t = tasks[late]
    finish = CALENDAR.date_of(t.finish_day + 4)
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(f"task_id,actual_start,actual_finish\n{late},{t.start_date},{finish}\n")
    runner = CliRunner(env={"COLUMNS": "250"})
    revised = runner.invoke(
        app,
        [
            "plan",
            "revise",
            built.name,
            "--actuals",
            str(actuals),
            "--as-of",
            str(finish),
            "--time-limit",
            "2",
        ],
    )
    assert revised.exit_code == 0, revised.output
    assert "v2 (draft)" in revised.output and "revises v1: 1 actuals" in revised.output
    compared = runner.invoke(app, ["plan", "compare", built.name, "1", "2"])
    assert compared.exit_code == 0, compared.output
    assert late in compared.output and "late" in compared.output
    moved = plan_compare(name=built.name, a=1, b=2)
    assert f"{len(moved.moved)} tasks moved" in compared.output
    assert f"({moved.finish_days:+d} working days)" in compared.output
    exported = runner.invoke(app, ["plan", "export", built.name, "--out", str(tmp_path / "p.ics")])
    assert exported.exit_code == 0 and (tmp_path / "p.ics").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("task_id,actual_start\nNOPE,2027-01-05\n")
    refused = runner.invoke(
        app, ["plan", "revise", built.name, "--actuals", str(bad), "--as-of", str(finish)]
    )
    assert refused.exit_code == 1 and "nothing was written" in refused.output


def test_a_finish_reported_on_a_friday_or_a_holiday_ends_with_the_working_day_before():
    from types import SimpleNamespace

    from ihya.core.plan.calendar import WorkCalendar
    from ihya.plan.revising import _actual

    calendar = WorkCalendar(dt.date(2027, 1, 3), {dt.date(2027, 1, 12)})  # a Sunday; a holiday
    step = SimpleNamespace(duration=5)
    start = dt.date(2027, 1, 3)
    thursday = _actual("t", start, dt.date(2027, 1, 7), 100, step, calendar)
    assert (thursday.start, thursday.finish) == (0, 5)  # Sunday to Thursday: five days
    assert _actual("t", start, dt.date(2027, 1, 8), 100, step, calendar) == thursday  # Friday
    assert _actual("t", start, dt.date(2027, 1, 9), 100, step, calendar) == thursday  # Saturday
    monday = _actual("t", start, dt.date(2027, 1, 11), 100, step, calendar)
    assert _actual("t", start, dt.date(2027, 1, 12), 100, step, calendar) == monday  # holiday
    milestone = SimpleNamespace(duration=0)
    assert _actual("m", start, dt.date(2027, 1, 7), None, milestone, calendar).finish == 4
