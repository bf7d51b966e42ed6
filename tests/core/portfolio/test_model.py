"""The portfolio MILP against brute-force enumeration and an independent feasibility checker."""

from __future__ import annotations

import numpy as np
import pytest

from ihya.core.portfolio.generate import generate
from ihya.core.portfolio.greedy import greedy
from ihya.core.portfolio.instance import (
    Instance,
    Limit,
    PortfolioInputError,
    RegionMinimum,
    budget_limits,
    objective_vector,
    spread_cost,
)
from ihya.core.portfolio.model import Settings, Target, build, lp_prices, solve
from ihya.core.portfolio.questions import budget_curve, cheapest, frontier, optimise

from .reference import brute_force, brute_force_vectorised, value, violations

EXACT = Settings(time_limit=60, gap=0.0)


def random_instance(seed: int, n_factories: int, *, options=False, extras=False) -> Instance:
    """Small instances with shared requirements, per-year costs, and (extras) a regional power
    limit, a foreign-currency budget, decisions and a regional minimum share."""
    rng = np.random.default_rng(seed)
    n_req = max(2, int(n_factories * rng.uniform(0.6, 1.4)))
    years = [1, 2]
    per_factory = rng.integers(1, 3, n_factories) if options else np.ones(n_factories, int)
    option_factory = np.repeat(np.arange(n_factories), per_factory)
    n_o = option_factory.size
    names = [f"o{k}" if options else "" for k in range(n_o)]
    links = {(o, int(r)) for o in range(n_o) for r in rng.choice(n_req, rng.integers(0, 4))}
    links = np.array(sorted(links), dtype=np.int64).reshape(-1, 2)
    option_cost = rng.uniform(0, 2, (n_o, 2)).round(2)
    requirement_cost = rng.uniform(0, 5, (n_req, 2)).round(2)
    demand = option_cost.sum(0) + requirement_cost.sum(0)
    limits = budget_limits(years, demand * rng.uniform(0.2, 0.5), option_cost, requirement_cost)
    regions = [str(r) for r in rng.choice(["west", "east", "south"], n_factories)]
    jobs = rng.integers(0, 300, n_o).astype(float)
    inst = Instance(
        factory_ids=[f"F{f}" for f in range(n_factories)],
        option_factory=option_factory,
        option_names=names,
        values={"benefit": rng.uniform(0, 10, n_o).round(3), "jobs": jobs},
        requirement_ids=[f"R{r}" for r in range(n_req)],
        links=links,
        years=years,
        option_cost=option_cost,
        requirement_cost=requirement_cost,
        limits=limits,
        factory_region=regions,
    )
    if extras:
        fx_req = requirement_cost.sum(1) * rng.uniform(0, 1, n_req)
        power_o = rng.uniform(0, 10, n_o).round(1)
        inst.limits = [
            *limits,
            Limit("resource", "fx", float(fx_req.sum() * 0.3), np.zeros(n_o), fx_req),
            Limit(
                "resource",
                "power_mw",
                float(power_o.sum() * 0.2),
                np.where(np.array(regions)[option_factory] == "west", power_o, 0),
                np.zeros(n_req),
                region="west",
            ),
        ]
        inst.include = frozenset({int(rng.integers(n_factories))})
        inst.exclude = frozenset({int(rng.integers(n_factories))}) - inst.include
        inst.region_minimums = [RegionMinimum("south", 0.25)]
    return inst


@pytest.mark.parametrize("seed", range(40))
def test_the_optimum_equals_brute_force_on_small_instances(seed):
    inst = random_instance(seed, n_factories=4 + seed % 9, extras=seed % 2 == 1)
    result = solve(build(inst), EXACT)
    expected = brute_force_vectorised(inst)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    chosen, funded = result.portfolio.option_chosen, result.portfolio.requirement_funded
    assert violations(inst, chosen, funded) == []
    assert value(inst, chosen) == pytest.approx(expected, abs=1e-6)
    assert result.objective == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_twenty_factories_equal_brute_force(seed):
    inst = random_instance(100 + seed, n_factories=20, extras=True)
    result = solve(build(inst), EXACT)
    expected = brute_force_vectorised(inst)
    assert expected is not None
    assert (
        violations(inst, result.portfolio.option_chosen, result.portfolio.requirement_funded) == []
    )
    assert result.objective == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", range(15))
def test_revival_options_at_most_one_per_factory_equal_brute_force(seed):
    inst = random_instance(200 + seed, n_factories=4 + seed % 4, options=True, extras=seed % 3 == 0)
    result = solve(build(inst), EXACT)
    expected = brute_force(inst)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert (
        violations(inst, result.portfolio.option_chosen, result.portfolio.requirement_funded) == []
    )
    assert result.objective == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", range(40))
def test_the_greedy_is_feasible_and_never_beats_the_optimum(seed):
    inst = random_instance(300 + seed, n_factories=12, extras=seed % 2 == 0)
    plain = greedy(inst)
    found = greedy(inst, None, lp_prices(build(inst)))
    result = optimise(inst, settings=EXACT)
    if found is None:
        assert plain is None
        return
    assert violations(inst, *plain) == []
    assert violations(inst, *found) == []
    assert result.greedy_objective == pytest.approx(value(inst, found[0]))
    assert result.greedy_objective <= result.objective + 1e-9


def test_a_shared_requirement_is_paid_once():
    # two factories need the same substation (cost 10); each alone is worth 6, together 12
    inst = Instance(
        factory_ids=["A", "B"],
        option_factory=np.array([0, 1]),
        option_names=["", ""],
        values={"benefit": np.array([6.0, 6.0])},
        requirement_ids=["substation"],
        links=np.array([[0, 0], [1, 0]]),
        years=[1],
        option_cost=np.zeros((2, 1)),
        requirement_cost=np.array([[10.0]]),
        limits=budget_limits([1], np.array([10.0]), np.zeros((2, 1)), np.array([[10.0]])),
    )
    result = solve(build(inst), EXACT)
    assert result.portfolio.option_chosen.tolist() == [True, True]
    assert result.portfolio.spend.tolist() == [10.0]


def test_an_infeasible_instance_names_the_budget_and_the_must_include_factories():
    inst = random_instance(7, n_factories=6)
    costly = int(np.argmax(inst.option_cost.sum(1)))
    inst.include = frozenset({costly, (costly + 1) % 6})
    inst.limits = budget_limits(
        [1, 2], np.array([0.01, 1e9]), inst.option_cost, inst.requirement_cost
    )
    result = optimise(inst, settings=EXACT)
    assert result.status == "infeasible"
    assert result.portfolio is None
    parts = {part.kind: part for part in result.conflicts[0].parts}
    assert set(parts) == {"budget", "include"}
    assert parts["budget"].year == 1 and parts["budget"].capacity == 0.01
    assert set(parts["include"].factories) == {f"F{costly}", f"F{(costly + 1) % 6}"}
    # the least the two must-include factories need in year 1, by brute force over nothing else
    needs = {int(r) for o, r in inst.links if int(o) in inst.include}
    expected = inst.option_cost[sorted(inst.include), 0].sum() + sum(
        inst.requirement_cost[r, 0] for r in needs
    )
    assert parts["budget"].needed == pytest.approx(expected)


def test_a_conflict_between_a_regional_minimum_and_a_decision_is_reported():
    inst = random_instance(11, n_factories=6)
    inst.factory_region = ["west"] * 5 + ["south"]
    inst.exclude = frozenset({5})
    inst.include = frozenset({0})
    inst.region_minimums = [RegionMinimum("south", 0.5)]
    result = optimise(inst, settings=EXACT)
    assert result.status == "infeasible"
    assert {p.kind for p in result.conflicts[0].parts} == {"include", "exclude", "region"}


def test_status_states_the_time_limit_and_the_gap():
    inst = generate(3000, 7000, seed=3)
    result = solve(build(inst), Settings(time_limit=0.05, gap=0.0))
    assert result.status == "time_limit"
    loose = solve(build(inst), Settings(time_limit=60, gap=0.05))
    assert loose.status in ("gap_reached", "optimal")
    assert loose.gap <= 0.05
    assert loose.bound >= loose.objective - 1e-6
    assert violations(inst, loose.portfolio.option_chosen, loose.portfolio.requirement_funded) == []


def test_budget_curve_grows_with_the_budget_and_matches_brute_force():
    inst = random_instance(21, n_factories=10)
    points = budget_curve(inst, [0.25, 0.5, 1.0, 2.0], settings=EXACT)
    values = [p.result.objective for p in points]
    assert values == sorted(values)
    for point in points:
        assert point.result.objective == pytest.approx(
            brute_force_vectorised(inst.scaled_budgets(point.factor)), abs=1e-6
        )


def test_frontier_points_are_optimal_and_dominated_ones_are_flagged():
    inst = random_instance(31, n_factories=10)
    points = frontier(inst, "benefit", "jobs", points=5, settings=EXACT)
    for p in points:
        others = [q for q in points if q is not p]
        assert p.dominated == any(
            q.x >= p.x and q.y >= p.y and (q.x > p.x or q.y > p.y) for q in others
        )
    ys = [p.y for p in points]
    assert all(p.y >= p.epsilon - 1e-6 for p in points)
    for p in points:  # x is the best possible under y ≥ ε (brute force with that target)
        expected = brute_force(inst, targets=[Target("jobs", p.epsilon)])
        assert p.x == pytest.approx(expected, abs=1e-4)
    assert ys == sorted(ys, reverse=True)
    xs = [p.x for p in points]
    assert xs == sorted(xs)


def test_cheapest_portfolio_reaching_a_target_equals_brute_force():
    inst = random_instance(41, n_factories=9)
    target = [Target("jobs", float(inst.values["jobs"].sum() * 0.3))]
    result = cheapest(inst, target, settings=EXACT)
    expected = brute_force(inst, targets=target, minimise_cost=True)
    assert result.objective == pytest.approx(expected, abs=1e-6)
    assert (
        violations(
            inst,
            result.portfolio.option_chosen,
            result.portfolio.requirement_funded,
            targets=target,
        )
        == []
    )


def test_weights_combine_values_as_shares_of_what_could_be_won():
    inst = random_instance(5, n_factories=5)
    vector = objective_vector(inst, {"benefit": 0.5, "jobs": 0.5})
    expected = (
        0.5 * inst.values["benefit"] / inst.values["benefit"].sum()
        + 0.5 * inst.values["jobs"] / inst.values["jobs"].sum()
    )
    np.testing.assert_allclose(vector, expected)
    with pytest.raises(PortfolioInputError):
        objective_vector(inst, {"exports": 1.0})


def test_costs_spread_over_years_by_lead_time():
    np.testing.assert_allclose(spread_cost(18.0, 18, 3), [12.0, 6.0, 0.0])
    np.testing.assert_allclose(spread_cost(12.0, 6, 3, start_month=9), [6.0, 6.0, 0.0])
    np.testing.assert_allclose(spread_cost(30.0, 60, 3), [6.0, 6.0, 18.0])  # the rest in the last
    np.testing.assert_allclose(spread_cost(5.0, 0, 2), [5.0, 0.0])


def test_contradictory_decisions_are_refused_before_solving():
    inst = random_instance(1, n_factories=4)
    inst.include = frozenset({1})
    inst.exclude = frozenset({1})
    with pytest.raises(PortfolioInputError) as err:
        build(inst)
    assert err.value.issues[0].code == "include_and_exclude"


def _tiny(values, costs, budget, links, n_req, exclude=()):
    n = len(values)
    return Instance(
        factory_ids=[f"F{f}" for f in range(n)],
        option_factory=np.arange(n),
        option_names=[""] * n,
        values={"benefit": np.array(values, float)},
        requirement_ids=[f"R{r}" for r in range(n_req)],
        links=np.array(links, dtype=np.int64).reshape(-1, 2),
        years=[1],
        option_cost=np.array(costs, float).reshape(n, 1),
        requirement_cost=np.ones((n_req, 1)),
        limits=budget_limits(
            [1], np.array([budget]), np.array(costs, float).reshape(n, 1), np.ones((n_req, 1))
        ),
        exclude=frozenset(exclude),
    )


def test_the_greedy_never_takes_an_excluded_factory_that_shares_a_requirement():
    # found in review: B waits on R0 with A; once A funds R0, B was re-queued despite exclusion
    inst = _tiny([10, 100], [0, 0], 100, [[0, 0], [1, 0]], 1, exclude={1})
    chosen, _ = greedy(inst)
    assert chosen.tolist() == [True, False]
    result = optimise(inst, settings=EXACT)
    assert result.greedy_objective == pytest.approx(10) == result.objective


def test_an_instance_without_any_limit_takes_every_factory_worth_something():
    inst = _tiny([3, 0, 5], [1, 1, 1], 0, [[0, 0]], 1)
    inst.limits = []
    result = optimise(inst, settings=EXACT)
    assert result.status == "optimal"
    assert result.portfolio.option_chosen.tolist() == [True, False, True]
    assert greedy(inst)[0].tolist() == [True, False, True]


def test_nothing_to_choose_is_an_optimal_empty_portfolio():
    inst = _tiny([], [], 10, [], 0)
    result = optimise(inst, settings=EXACT)
    assert result.status == "optimal" and result.objective == 0


def test_the_reported_cost_is_that_of_the_portfolio_read_back():
    inst = generate(400, 900, seed=2, hub=True)
    target = [Target("jobs", float(inst.values["jobs"].sum() * 0.2))]
    result = cheapest(inst, target, settings=Settings(gap=0.3))
    p = result.portfolio
    cost = (
        inst.option_cost[p.option_chosen].sum() + inst.requirement_cost[p.requirement_funded].sum()
    )
    assert result.objective == pytest.approx(cost)
    assert result.gap == pytest.approx(abs(result.objective - result.bound) / result.objective)


def test_a_result_without_a_bound_is_strict_json():
    import json

    inst = generate(3000, 7000, seed=3)
    result = solve(build(inst), Settings(time_limit=0.02, gap=0.0))
    json.dumps(result.summary(), allow_nan=False)  # raises on inf or NaN


def test_why_a_factory_is_out_is_true():
    from ihya.core.portfolio.explain import why_out

    # found in review: budget 10; costs 6, 5, 5; values 7, 6, 5: the optimum takes the last two
    inst = _tiny([7, 6, 5], [6, 5, 5], 10, [], 0)
    result = optimise(inst, settings=EXACT)
    assert result.portfolio.option_chosen.tolist() == [False, True, True]
    reason = why_out(inst, result.portfolio.option_chosen, result.portfolio.requirement_funded)[0]
    assert reason.code == "no_room" and reason.label == "budget year 1"
    assert reason.ratio >= reason.cutoff  # so no sentence may call it less efficient
    from ihya.portfolio.messages import reason_text

    assert "least efficient" not in reason_text(reason, "en")
    # a factory the committee excluded, one too costly on its own, one worth nothing
    inst = _tiny([7, 6, 5, 0], [1, 50, 1, 1], 10, [], 0, exclude={0})
    result = optimise(inst, settings=EXACT)
    reasons = why_out(inst, result.portfolio.option_chosen, result.portfolio.requirement_funded)
    assert {f: r.code for f, r in reasons.items()} == {
        0: "excluded",
        1: "too_costly",
        3: "no_value",
    }


def test_nothing_to_choose_cannot_reach_a_target():
    result = cheapest(_tiny([], [], 10, [], 0), [Target("benefit", 5)], settings=EXACT)
    assert result.status == "infeasible" and result.portfolio is None


def test_a_solve_with_its_own_thread_count_after_others_in_the_same_process(monkeypatch):
    # HiGHS runs a process's solves on one scheduler started by the first: a worker with
    # IHYA_SOLVER_THREADS=1 prices the relaxation (no count of its own) then solves on 1 thread;
    # without the scheduler kept to one count, every such solve ended at once with "error"
    monkeypatch.setenv("IHYA_SOLVER_THREADS", "1")
    inst = random_instance(7, n_factories=12, extras=True)
    expected = optimise(inst, settings=EXACT).objective
    for threads in (None, 1, 2, None, 1):
        result = optimise(inst, settings=Settings(time_limit=60, gap=0.0, threads=threads))
        assert result.status == "optimal", threads
        assert result.objective == pytest.approx(expected, abs=1e-9)
    monkeypatch.delenv("IHYA_SOLVER_THREADS")
    assert optimise(inst, settings=EXACT).status == "optimal"
