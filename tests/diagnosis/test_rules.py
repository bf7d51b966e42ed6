"""One meaning of a requirement's status for the priority criteria and the portfolio: open
unless done or cancelled; nothing more to fund once funded or in progress."""

import numpy as np
import pytest

from ihya.diagnosis.models import Requirement
from ihya.portfolio.selectors import registry_instance
from ihya.priority.selectors import factory_matrix

pytestmark = pytest.mark.django_db


def _restart_cost(factory_id: str) -> float:
    fm = factory_matrix()
    j = [c.code for c in fm.criteria].index("restart_cost")
    i = [f.external_id for f in fm.factories].index(factory_id)
    return float(fm.raw[i, j])


def test_priority_and_portfolio_count_the_same_cost_still_to_fund(small_demo):
    requirement = (
        Requirement.objects.filter(status="estimated", factories__status="stalled", cost_lyd__gt=0)
        .order_by("external_id")
        .first()
    )
    factory = requirement.factories.filter(status="stalled").first().external_id
    before = _restart_cost(factory)
    requirement.status = "funded"
    requirement.save()
    # the priority criterion no longer counts what is funded (it used to count it in full) …
    assert _restart_cost(factory) == pytest.approx(before - float(requirement.cost_lyd))
    # … and the portfolio has nothing more to pay for it, but still needs it
    instance = registry_instance(budgets=[None, None, None]).instance
    r = instance.requirement_ids.index(requirement.external_id)
    assert np.all(instance.requirement_cost[r] == 0)
    requirement.status = "done"
    requirement.save()
    assert requirement.external_id not in registry_instance(budgets=[None]).instance.requirement_ids
