"""The portfolio instance: plain arrays in, checked before anything is built.

A factory has one or more *options* (minimal restart, full rehabilitation …); the model chooses
at most one option per factory and the requirements to fund. An option counts only if every
requirement linked to it is funded; a requirement shared by several options is paid once.

Every capacity is a :class:`Limit`: a yearly budget, a foreign-currency budget, the power of a
region, any named resource. Each limit has one use per option and one per requirement, so the
model, the greedy heuristic, the explanations and the checker read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class PortfolioInputError(ValueError):
    """The instance cannot be built: ``issues`` lists every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues[:10]))


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where (file, row, column) and a code with its details."""

    code: str
    file: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = self.file + (f" row {self.row}" if self.row else "")
        where += f" column {self.column}" if self.column else ""
        return f"{where}: {self.code}" + (f" ({self.value})" if self.value else "")


@dataclass(frozen=True)
class Limit:
    """A capacity: Σ option_use · chosen + Σ requirement_use · funded ≤ capacity."""

    kind: str  # "budget" (yearly money) or "resource" (foreign currency, power, staff …)
    name: str  # "budget", "fx", "power_mw" …
    capacity: float
    option_use: np.ndarray
    requirement_use: np.ndarray
    year: int | None = None
    region: str | None = None

    @property
    def label(self) -> str:
        text = self.name
        if self.year is not None:
            text += f" year {self.year}"
        if self.region:
            text += f" ({self.region})"
        return text


@dataclass(frozen=True)
class RegionMinimum:
    """At least ``share`` of the portfolio's ``measure`` (``factories`` counts them, otherwise
    an option value such as jobs) must lie in ``region``."""

    region: str
    share: float
    measure: str = "factories"


@dataclass
class Instance:
    factory_ids: list[str]
    option_factory: np.ndarray  # option -> factory index
    option_names: list[str]  # "" when the factory has a single option
    values: dict[str, np.ndarray]  # value per option: "benefit", "jobs", "exports" …
    requirement_ids: list[str]
    links: np.ndarray  # (n_links, 2): option index, requirement index
    years: list[int]
    option_cost: np.ndarray  # options × years
    requirement_cost: np.ndarray  # requirements × years
    limits: list[Limit] = field(default_factory=list)
    include: frozenset[int] = frozenset()  # factory indices the committee decided to revive
    exclude: frozenset[int] = frozenset()
    factory_region: list[str] | None = None
    region_minimums: list[RegionMinimum] = field(default_factory=list)
    requirement_region: list[str] | None = None  # where a regional limit counts a requirement

    @property
    def n_options(self) -> int:
        return len(self.option_factory)

    @property
    def n_requirements(self) -> int:
        return len(self.requirement_ids)

    def option_label(self, option: int) -> str:
        factory = self.factory_ids[self.option_factory[option]]
        name = self.option_names[option]
        return f"{factory} ({name})" if name else factory

    def option_requirements(self) -> list[np.ndarray]:
        """For each option, the requirement indices it needs."""
        order = np.argsort(self.links[:, 0], kind="stable")
        linked = self.links[order]
        bounds = np.searchsorted(linked[:, 0], np.arange(self.n_options + 1))
        return [linked[bounds[o] : bounds[o + 1], 1] for o in range(self.n_options)]

    def requirement_options(self) -> list[np.ndarray]:
        order = np.argsort(self.links[:, 1], kind="stable")
        linked = self.links[order]
        bounds = np.searchsorted(linked[:, 1], np.arange(self.n_requirements + 1))
        return [linked[bounds[r] : bounds[r + 1], 0] for r in range(self.n_requirements)]

    def use_matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """Every limit's use as two matrices: limits × options and limits × requirements."""
        option_use = np.zeros((len(self.limits), self.n_options))
        requirement_use = np.zeros((len(self.limits), self.n_requirements))
        for k, limit in enumerate(self.limits):
            option_use[k], requirement_use[k] = limit.option_use, limit.requirement_use
        return option_use, requirement_use

    def option_region(self) -> list[str] | None:
        if self.factory_region is None:
            return None
        return [self.factory_region[f] for f in self.option_factory]

    def measure(self, name: str) -> np.ndarray:
        if name == "factories":
            return np.ones(self.n_options)
        return self.values[name]

    def with_limits(self, limits: list[Limit]) -> Instance:
        copy = Instance(**{**self.__dict__})
        copy.limits = limits
        return copy

    def scaled_budgets(self, factor: float) -> Instance:
        """The same instance with every budget (kind ``budget``) multiplied by ``factor``."""
        return self.with_limits(
            [
                Limit(**{**limit.__dict__, "capacity": limit.capacity * factor})
                if limit.kind == "budget"
                else limit
                for limit in self.limits
            ]
        )


def budget_limits(
    years: list[int], budgets: np.ndarray, option_cost: np.ndarray, requirement_cost: np.ndarray
) -> list[Limit]:
    """One limit per year with a budget; a year without one (NaN) is unlimited."""
    return [
        Limit(
            "budget",
            "budget",
            float(budgets[t]),
            option_cost[:, t].astype(float),
            requirement_cost[:, t].astype(float),
            year=year,
        )
        for t, year in enumerate(years)
        if np.isfinite(budgets[t])
    ]


def spread_cost(total: float, lead_time_months: int, years: int, *, start_month: int = 0):
    """Spread ``total`` evenly over the months of its lead time, starting ``start_month`` months
    into the plan, and sum by plan year; what falls after the last year is paid in the last.
    A lead time of 0 pays everything in the start month's year."""
    months = max(int(lead_time_months), 1)
    out = np.zeros(years)
    per_month = total / months
    for m in range(start_month, start_month + months):
        out[min(m // 12, years - 1)] += per_month
    return out


def check(instance: Instance) -> list[Issue]:
    """Consistency checks of an instance built in memory (the readers check files row by row
    before this): shapes, signs, finite numbers, decisions that contradict one another."""
    issues: list[Issue] = []
    n_o, n_r, n_t = instance.n_options, instance.n_requirements, len(instance.years)
    if instance.option_cost.shape != (n_o, n_t):
        issues.append(Issue("shape", "factories", column="cost", value="options × years"))
    if instance.requirement_cost.shape != (n_r, n_t):
        issues.append(Issue("shape", "requirements", column="cost", value="requirements × years"))
    for name, values in instance.values.items():
        if values.shape != (n_o,) or not np.all(np.isfinite(values)):
            issues.append(Issue("not_finite", "factories", column=name))
    for what, costs in (
        ("factories", instance.option_cost),
        ("requirements", instance.requirement_cost),
    ):
        if costs.size and (not np.all(np.isfinite(costs)) or (costs < 0).any()):
            issues.append(Issue("negative_or_missing", what, column="cost"))
    if instance.links.size and (
        instance.links[:, 0].max() >= n_o or instance.links[:, 1].max() >= n_r
    ):
        issues.append(Issue("unknown_link", "links"))
    for limit in instance.limits:
        if not np.isfinite(limit.capacity) or limit.capacity < 0:
            issues.append(Issue("negative_or_missing", "limits", column=limit.label))
        if (limit.option_use < 0).any() or (limit.requirement_use < 0).any():
            issues.append(Issue("negative_or_missing", "limits", column=limit.label))
    for f in sorted(instance.include & instance.exclude):
        issues.append(Issue("include_and_exclude", "decisions", value=instance.factory_ids[f]))
    for minimum in instance.region_minimums:
        if not 0 <= minimum.share <= 1:
            issues.append(Issue("share_out_of_range", "regions", value=minimum.region))
        if minimum.measure != "factories" and minimum.measure not in instance.values:
            issues.append(Issue("unknown_measure", "regions", value=minimum.measure))
        if instance.factory_region is None:
            issues.append(Issue("no_regions", "regions", value=minimum.region))
    return issues


def objective_vector(instance: Instance, weights: dict[str, float] | None) -> np.ndarray:
    """The value of each option. No weights: the ``benefit`` column. With weights: the weighted
    sum of the named values, each divided by its largest possible total (the sum over factories
    of their best option), so that weights compare shares of what could be won."""
    if not weights:
        return instance.values["benefit"].astype(float)
    total = np.zeros(instance.n_options)
    for name, weight in weights.items():
        if name not in instance.values:
            raise PortfolioInputError([Issue("unknown_measure", "weights", value=name)])
        values = instance.values[name].astype(float)
        best = np.zeros(len(instance.factory_ids))
        np.maximum.at(best, instance.option_factory, values)
        scale = best.sum()
        total += weight * (values / scale if scale > 0 else values)
    return total
