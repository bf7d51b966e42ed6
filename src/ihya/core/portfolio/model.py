"""Build → solve → read back the portfolio MILP with HiGHS (highspy).

Variables: y_o ∈ {0,1} per option (factory revived that way), z_r ∈ {0,1} per requirement.

    maximise   Σ_o c_o y_o
    subject to Σ_{o ∈ f} y_o ≤ 1                     every factory with several options
               Σ_{o ∈ f} y_o = 1                     a factory the committee must include
               y_o = 0                               options of a factory it excluded
               y_o − z_r ≤ 0                         one row per option–requirement link
               Σ_o u_lo y_o + Σ_r u_lr z_r ≤ U_l      every limit l (yearly budgets, resources)
               Σ_{o ∈ g} m_o y_o ≥ s_g Σ_o m_o y_o   every regional minimum share
               Σ_o v_ko y_o ≥ T_k                    targets (cheapest portfolio, ε-constraints)

Shared requirements are paid once because z_r appears once in every limit. The "cheapest"
question minimises Σ_t cost instead. Requirements funded with no chosen option needing them are
dropped when the solution is read back (they only cost), so a result never pays for nothing.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from ihya.core.portfolio.instance import Instance, PortfolioInputError, check

INF = highspy.kHighsInf


@dataclass(frozen=True)
class Settings:
    time_limit: float = 60.0  # seconds
    gap: float = 1e-4  # relative MIP gap at which the search stops
    threads: int | None = None


DEFAULT = Settings()


@dataclass(frozen=True)
class Target:
    """Σ_o values[measure]_o y_o ≥ amount."""

    measure: str
    amount: float


@dataclass
class Model:
    """What ``build`` hands to ``solve``: HiGHS's column-wise LP plus the row groups, so that an
    infeasible model can be explained by dropping whole groups."""

    instance: Instance
    lp: highspy.HighsLp
    sense: str  # "max" or "min"
    groups: dict[str, list[int]] = field(default_factory=dict)  # group key -> row indices


@dataclass
class Portfolio:
    """A solution read back: what is chosen, what it costs, what it unlocks."""

    option_chosen: np.ndarray  # bool per option
    requirement_funded: np.ndarray  # bool per requirement (only what chosen options need)
    objective: float
    spend: np.ndarray  # per year
    limit_use: np.ndarray  # per limit
    totals: dict[str, float]  # per value name


@dataclass
class Result:
    status: str  # optimal | gap_reached | time_limit | infeasible | error
    portfolio: Portfolio | None
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    greedy_objective: float | None = None
    greedy_totals: dict[str, float] | None = None  # the greedy baseline's values (not in summary)
    conflicts: list = field(default_factory=list)  # explain.Conflict when infeasible
    solver: str = ""

    def summary(self) -> dict:
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
            "greedy_objective": self.greedy_objective,
            "solver": self.solver,
        }


def build(
    instance: Instance,
    objective: np.ndarray | None = None,
    *,
    targets: list[Target] = (),
    minimise_cost: bool = False,
    skip_groups: frozenset[str] = frozenset(),
) -> Model:
    """The MILP of ``instance``. ``objective`` is the value per option (default: ``benefit``);
    ``minimise_cost`` asks for the cheapest portfolio meeting ``targets`` instead.
    ``skip_groups`` leaves whole row groups out (used to explain infeasibility)."""
    issues = check(instance)
    if issues:
        raise PortfolioInputError(issues)
    n_o, n_r = instance.n_options, instance.n_requirements
    n = n_o + n_r
    if objective is None:
        objective = instance.values["benefit"]
    cost = (
        np.r_[instance.option_cost.sum(axis=1), instance.requirement_cost.sum(axis=1)]
        if minimise_cost
        else np.r_[np.asarray(objective, float), np.zeros(n_r)]
    )
    lower, upper = np.zeros(n), np.ones(n)

    rows_i: list[np.ndarray] = []  # row index of each nonzero
    rows_j: list[np.ndarray] = []  # column
    rows_v: list[np.ndarray] = []
    row_lo: list[np.ndarray] = []
    row_hi: list[np.ndarray] = []
    groups: dict[str, list[int]] = {}
    n_rows = 0

    def add(key: str, i, j, v, lo, hi) -> None:
        nonlocal n_rows
        lo, hi = np.atleast_1d(np.asarray(lo, float)), np.atleast_1d(np.asarray(hi, float))
        if key in skip_groups or lo.size == 0:
            return
        rows_i.append(np.asarray(i, np.int64) + n_rows)
        rows_j.append(np.asarray(j, np.int64))
        rows_v.append(np.asarray(v, float))
        row_lo.append(lo)
        row_hi.append(hi)
        groups.setdefault(key, []).extend(range(n_rows, n_rows + lo.size))
        n_rows += lo.size

    def add_row(key: str, coef: np.ndarray, lo: float, hi: float) -> None:
        """One row over the columns: options first, then requirements."""
        j = np.flatnonzero(coef)
        add(key, np.zeros(j.size), j, coef[j], lo, hi)

    def options_of(key: str, factories: np.ndarray, lo: float) -> None:
        """One row per factory: lo ≤ Σ of its options ≤ 1."""
        row_of = np.full(len(instance.factory_ids), -1)
        row_of[factories] = np.arange(factories.size)
        options = np.flatnonzero(row_of[instance.option_factory] >= 0)
        add(
            key,
            row_of[instance.option_factory[options]],
            options,
            np.ones(options.size),
            np.full(factories.size, lo),
            np.ones(factories.size),
        )

    # at most one option per factory; exactly one for the must-include factories
    counts = np.bincount(instance.option_factory, minlength=len(instance.factory_ids))
    options_of("options", np.flatnonzero(counts > 1), 0.0)
    options_of("include", np.array(sorted(instance.include), dtype=np.int64), 1.0)
    if instance.exclude and "exclude" not in skip_groups:
        excluded = np.isin(instance.option_factory, np.array(sorted(instance.exclude)))
        upper[:n_o][excluded] = 0
        groups["exclude"] = []

    # links: y_o - z_r <= 0
    links = instance.links
    if links.size:
        k = np.arange(len(links))
        add(
            "links",
            np.r_[k, k],
            np.r_[links[:, 0], n_o + links[:, 1]],
            np.r_[np.ones(len(links)), -np.ones(len(links))],
            np.full(len(links), -INF),
            np.zeros(len(links)),
        )

    for index, limit in enumerate(instance.limits):
        use = np.r_[limit.option_use, limit.requirement_use]
        add_row(f"limit:{index}", use, -INF, limit.capacity)

    regions = instance.option_region()
    for index, minimum in enumerate(instance.region_minimums):
        m = instance.measure(minimum.measure).astype(float)
        inside = np.array([region == minimum.region for region in regions], dtype=float)
        add_row(f"region:{index}", m * (inside - minimum.share), 0.0, INF)

    for index, target in enumerate(targets):
        v = instance.measure(target.measure).astype(float)
        add_row(f"target:{index}", v, target.amount, INF)

    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = n_rows
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.concatenate(row_lo) if row_lo else np.zeros(0)
    lp.row_upper_ = np.concatenate(row_hi) if row_hi else np.zeros(0)
    lp.sense_ = highspy.ObjSense.kMinimize if minimise_cost else highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    if n_rows:
        i, j, v = np.concatenate(rows_i), np.concatenate(rows_j), np.concatenate(rows_v)
        order = np.lexsort((i, j))
        i, j, v = i[order], j[order], v[order]
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.searchsorted(j, np.arange(n + 1)).astype(np.int32)
        lp.a_matrix_.index_ = i.astype(np.int32)
        lp.a_matrix_.value_ = v
    else:
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.zeros(n + 1, dtype=np.int32)
    return Model(instance, lp, "min" if minimise_cost else "max", groups)


_quiet = []


def _new_highs() -> highspy.Highs:
    """A Highs object; the first one of the process is made with the C-level standard output
    closed, so that HiGHS's banner does not land in a CLI's output."""
    if _quiet:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _quiet.append(True)
    return h


_scheduler: list[int] = []  # the thread count HiGHS's scheduler runs with in this process


def _threads(settings: Settings) -> int:
    """The threads a solve runs on: its own setting, else the process's (the
    ``IHYA_SOLVER_THREADS`` of a worker), else HiGHS's default (0).

    HiGHS runs every solve of a process on one global scheduler, started by the first solve
    with that solve's thread count; a later solve asking for another count fails at once
    (status error) unless the scheduler is restarted. A solve that sets no count (the linear
    relaxation priced before a portfolio, an infeasibility explained) therefore takes the
    process's, and a different count restarts the scheduler first (solves of one process run
    one after the other: a worker's jobs, a command)."""
    threads = int(settings.threads or os.environ.get("IHYA_SOLVER_THREADS") or 0)
    if _scheduler and _scheduler[0] != threads:
        highspy.Highs.resetGlobalScheduler(True)
        _scheduler.clear()
    if not _scheduler:
        _scheduler.append(threads)
    return threads


def _highs(settings: Settings) -> highspy.Highs:
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(settings.time_limit))
    h.setOptionValue("mip_rel_gap", float(settings.gap))
    h.setOptionValue("random_seed", 0)
    threads = _threads(settings)
    if threads:
        h.setOptionValue("threads", threads)
    return h


STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kSolutionLimit: "interrupted",
    highspy.HighsModelStatus.kInterrupt: "interrupted",
}


def _finite(value: float) -> float | None:
    """None for an infinite or undefined number (a bound before the root, say), so that every
    result can be written as strict JSON."""
    return float(value) if value is not None and np.isfinite(value) else None


def solve(
    model: Model,
    settings: Settings = DEFAULT,
    *,
    start: tuple[np.ndarray, np.ndarray] | None = None,
    progress=None,
) -> Result:
    """Solve ``model``; ``start`` (option_chosen, requirement_funded) is a feasible warm start;
    ``progress(seconds, gap)`` is called as the search goes (gap is inf before a first solution).
    The status is never hidden: optimal (gap 0), gap_reached (stopped at the gap setting),
    time_limit (with the best portfolio found, if any), interrupted, infeasible or error. The
    objective is that of the portfolio read back (requirements nobody needs dropped), and the
    gap |objective − bound| / |objective| is computed from it; a number that is not finite is
    None."""
    began = time.perf_counter()
    if model.lp.num_col_ == 0:  # nothing to choose: the empty portfolio, if it meets every row
        seconds = time.perf_counter() - began
        lo, hi = np.asarray(model.lp.row_lower_), np.asarray(model.lp.row_upper_)
        if (lo > 1e-9).any() or (hi < -1e-9).any():  # a target of more than nothing
            return Result("infeasible", None, None, None, None, seconds, solver="HiGHS")
        empty = read_back(model.instance, np.zeros(0, bool), np.zeros(0, bool), model)
        return Result(
            "optimal", empty, 0.0, 0.0, 0.0, seconds, solver=f"HiGHS {_new_highs().version()}"
        )
    h = _highs(settings)
    solver = f"HiGHS {h.version()}"
    h.passModel(model.lp)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = np.r_[start[0], start[1]].astype(float)
        solution.value_valid = True
        h.setSolution(solution)
    if progress is not None:
        h.cbMipInterrupt.subscribe(
            lambda event: progress(event.data_out.running_time, event.data_out.mip_gap)
        )
    h.run()
    seconds = time.perf_counter() - began
    info = h.getInfo()
    status = STATUS.get(h.getModelStatus(), "error")
    has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    if status == "infeasible" or not has_solution:
        status = "error" if status == "optimal" else status
        return Result(
            status, None, None, _finite(info.mip_dual_bound), None, seconds, solver=solver
        )
    values = np.asarray(h.getSolution().col_value)
    n_o = model.instance.n_options
    portfolio = read_back(model.instance, values[:n_o] > 0.5, values[n_o:] > 0.5, model)
    objective = portfolio.objective
    bound = _finite(info.mip_dual_bound)
    gap = None
    if bound is not None:
        gap = (
            abs(objective - bound) / abs(objective) if objective else (0.0 if bound == 0 else None)
        )
    if gap is not None and gap < 1e-12:  # rounding noise of the two sums
        gap = 0.0
    if status == "optimal":
        status = "optimal" if gap is not None and gap <= 1e-9 else "gap_reached"
    return Result(status, portfolio, objective, bound, gap, seconds, solver=solver)


def read_back(
    instance: Instance, chosen: np.ndarray, funded: np.ndarray, model: Model | None = None
) -> Portfolio:
    """Totals of a choice; requirements no chosen option needs are dropped first."""
    chosen = np.asarray(chosen, bool)
    needed = np.zeros(instance.n_requirements, bool)
    if instance.links.size:
        needed[instance.links[chosen[instance.links[:, 0]], 1]] = True
    funded = np.asarray(funded, bool) & needed
    spend = instance.option_cost[chosen].sum(axis=0) + instance.requirement_cost[funded].sum(axis=0)
    limit_use = np.array(
        [
            limit.option_use[chosen].sum() + limit.requirement_use[funded].sum()
            for limit in instance.limits
        ]
    )
    totals = {name: float(values[chosen].sum()) for name, values in instance.values.items()}
    if model is not None:
        objective = float(model.lp.col_cost_[: instance.n_options][chosen].sum())
        if model.sense == "min":
            objective += float(np.asarray(model.lp.col_cost_)[instance.n_options :][funded].sum())
    else:
        objective = totals.get("benefit", 0.0)
    return Portfolio(chosen, funded, objective, spend, limit_use, totals)


def lp_prices(model: Model) -> np.ndarray | None:
    """The dual price of every limit in the linear relaxation of ``model`` (None if the
    relaxation cannot be solved): how much one more unit of each capacity would be worth."""
    lp = highspy.HighsLp()
    for name in ("num_col_", "num_row_", "col_cost_", "col_lower_", "col_upper_"):
        setattr(lp, name, getattr(model.lp, name))
    for name in ("row_lower_", "row_upper_", "sense_", "a_matrix_"):
        setattr(lp, name, getattr(model.lp, name))
    h = _highs(Settings())
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    duals = np.asarray(h.getSolution().row_dual)
    limits = model.instance.limits
    return np.array(
        [
            abs(duals[model.groups[f"limit:{i}"][0]]) if f"limit:{i}" in model.groups else 0.0
            for i in range(len(limits))
        ]
    )
