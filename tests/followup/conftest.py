"""A solved scenario with its plan approved: the files the committee follows up."""

import pytest

from tests.plan.conftest import START, solved  # noqa: F401  (the fixture, reused)


@pytest.fixture
def planned(solved):  # noqa: F811
    from ihya.plan.services import plan_approve, plan_build

    plan = plan_build(actor=None, scenario_id=solved.pk, start=START, time_limit=2)
    return plan_approve(actor=None, name=plan.name, version=plan.version)


@pytest.fixture
def chosen(planned, solved):  # noqa: F811
    """A factory the scenario chose (in the approved plan), with its diagnosis and costs."""
    from ihya.registry.models import Factory

    return Factory.objects.get(external_id=solved.outcome.selected_ids[0])
