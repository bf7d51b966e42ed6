"""What a partial schedule uses, day by day: each resource's units and the money spent in each
spending period — so that the list scheduler and the justification of a schedule ask the model's
question: may this task run on these days?

Money is counted as the model counts it: in hundredths of the currency, a task's daily spend
rounded up and a period's limit down (so what fits here fits the exact sums too). When spending
periods are given, a task with a cost runs inside them: there is no money after the last one."""

from __future__ import annotations

import math

import numpy as np

from ihya.core.plan.instance import PlanInstance, Task

MONEY_SCALE = 100  # money in hundredths (dirhams are thousandths; a hundredth is enough)


def daily_spend(cost: float, length: int) -> int:
    """A task's spend per day in hundredths, rounded up (a milestone spends all on its day)."""
    return math.ceil(cost * MONEY_SCALE / length) if length else math.ceil(cost * MONEY_SCALE)


def limit_units(limit: float) -> int:
    return math.floor(limit * MONEY_SCALE + 1e-9)


class Profile:
    def __init__(self, instance: PlanInstance, horizon: int) -> None:
        self.instance = instance
        self.horizon = horizon
        self.names = [r.name for r in instance.resources]
        self.capacity = np.array([r.capacity for r in instance.resources], dtype=np.int64)
        self.use = np.zeros((len(self.names), horizon + 1), dtype=np.int64)
        self.periods = instance.spending
        self.spent = np.zeros(len(self.periods), dtype=np.int64)
        self.limits = np.array([limit_units(p.limit) for p in self.periods], dtype=np.int64)
        self.money_ends = max((p.end for p in self.periods), default=None)

    def _demand(self, task: Task) -> np.ndarray:
        return np.array([task.demand.get(n, 0) for n in self.names], dtype=np.int64)

    def _spend(self, task: Task, start: int, length: int) -> np.ndarray:
        """Hundredths a task spends in each period when it runs on days [start, start+length)."""
        out = np.zeros(len(self.periods), dtype=np.int64)
        if not task.cost or not self.periods:
            return out
        rate = daily_spend(task.cost, length)
        for k, p in enumerate(self.periods):
            if length == 0:
                out[k] = rate if p.start <= start < p.end else 0
            else:
                out[k] = rate * max(0, min(start + length, p.end) - max(start, p.start))
        return out

    def fits(self, task: Task, start: int, length: int) -> bool:
        if start < 0 or start + length > self.horizon:
            return False
        demand = self._demand(task)
        if length and demand.any():
            window = self.use[:, start : start + length] + demand[:, None]
            if (window > self.capacity[:, None]).any():
                return False
        if self.periods and task.cost:
            if start + max(length, 1) > self.money_ends:
                return False  # no money after the last period
            if (self.spent + self._spend(task, start, length) > self.limits).any():
                return False
        return True

    def place(self, task: Task, start: int, length: int, sign: int = 1) -> None:
        if length:
            self.use[:, start : start + length] += sign * self._demand(task)[:, None]
        if self.periods and task.cost:
            self.spent += sign * self._spend(task, start, length)

    def remove(self, task: Task, start: int, length: int) -> None:
        self.place(task, start, length, sign=-1)
