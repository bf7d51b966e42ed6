"""Working days: the plan counts in working days (Sunday to Thursday in Libya) and skips public
holidays; this maps day numbers to dates and back."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

FRIDAY, SATURDAY = 4, 5  # date.weekday()


class WorkCalendar:
    """Day 0 is the first working day on or after ``start``; day n the n-th working day after."""

    def __init__(
        self,
        start: dt.date,
        holidays: Iterable[dt.date] = (),
        weekend: tuple[int, ...] = (FRIDAY, SATURDAY),
    ) -> None:
        self.holidays = frozenset(holidays)
        self.weekend = frozenset(weekend)
        first = start
        while not self.is_working(first):
            first += dt.timedelta(days=1)
        self.dates: list[dt.date] = [first]

    def is_working(self, date: dt.date) -> bool:
        return date.weekday() not in self.weekend and date not in self.holidays

    def _extend(self, day: int) -> None:
        date = self.dates[-1]
        while len(self.dates) <= day:
            date += dt.timedelta(days=1)
            if self.is_working(date):
                self.dates.append(date)

    def date_of(self, day: int) -> dt.date:
        """The date of working day ``day`` (day 0: the start)."""
        self._extend(day)
        return self.dates[day]

    def day_of(self, date: dt.date) -> int:
        """The working day on or after ``date`` (0 for a date before the start)."""
        if date <= self.dates[0]:
            return 0
        while self.dates[-1] < date:
            self._extend(len(self.dates) + 250)
        return bisect.bisect_left(self.dates, date)

    def finish_date(self, start_day: int, length: int) -> dt.date:
        """The last working date of a task of ``length`` days starting on ``start_day`` (its
        start date for a milestone)."""
        return self.date_of(start_day + max(length, 1) - 1)
