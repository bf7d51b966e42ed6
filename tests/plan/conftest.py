"""A scenario of the demo registry solved at half its demand: what plans are built from."""

import datetime as dt

import pytest

from ihya.portfolio.services import portfolio_scenario_save, portfolio_scenario_solve

START = dt.date(2027, 1, 3)


@pytest.fixture
def solved(trade_run, io_table):
    from ihya.portfolio.selectors import registry_instance

    demand = registry_instance(budgets=[None] * 3).instance.requirement_cost.sum(axis=0)
    scenario = portfolio_scenario_save(
        actor=None, name="Plan me", budgets=[float(x) * 0.5 for x in demand]
    )
    return portfolio_scenario_solve(actor=None, scenario_id=scenario.pk, wait=True)
