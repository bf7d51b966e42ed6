"""Working days in Libya: Sunday to Thursday, public holidays skipped (data/plan/holidays.csv)."""

import csv
import datetime as dt
from pathlib import Path

from ihya.core.plan.calendar import WorkCalendar
from ihya.core.plan.instance import PlanInstance, Task
from ihya.core.plan.model import Settings, solve
from tests.core.plan.checker import violations

DATA = Path(__file__).resolve().parents[3] / "src" / "ihya" / "data" / "plan"


def _holidays() -> dict[dt.date, str]:
    with (DATA / "holidays.csv").open(encoding="utf-8") as fh:
        return {dt.date.fromisoformat(r["date"]): r["name_en"] for r in csv.DictReader(fh)}


def test_the_libyan_working_week_and_holidays():
    holidays = _holidays()
    assert holidays[dt.date(2026, 12, 24)] == "Independence Day"
    assert holidays[dt.date(2026, 2, 17)] == "Anniversary of the February 17 Revolution"
    assert sum(d.year == 2027 for d in holidays) >= 14
    calendar = WorkCalendar(dt.date(2026, 12, 18), holidays)  # a Friday
    assert calendar.date_of(0) == dt.date(2026, 12, 20)  # Sunday
    days = [calendar.date_of(k) for k in range(8)]
    assert dt.date(2026, 12, 24) not in days  # Independence Day (a Thursday)
    assert days[:5] == [
        dt.date(2026, 12, 20),
        dt.date(2026, 12, 21),
        dt.date(2026, 12, 22),
        dt.date(2026, 12, 23),
        dt.date(2026, 12, 27),
    ]
    assert all(d.weekday() not in (4, 5) for d in days)
    assert calendar.day_of(dt.date(2026, 12, 24)) == 4  # the next working day's number
    assert calendar.day_of(calendar.date_of(300)) == 300
    assert calendar.finish_date(0, 5) == dt.date(2026, 12, 27)


def test_a_schedule_in_working_days_never_works_on_a_weekend_or_a_holiday():
    calendar = WorkCalendar(dt.date(2026, 12, 1), _holidays())
    tasks = [Task(f"t{k}", 3 + k % 5, (f"t{k - 1}",) if k else ()) for k in range(40)]
    instance = PlanInstance(tasks)
    result = solve(instance, Settings(time_limit=5))
    assert violations(instance, result.start, calendar=calendar) == []
