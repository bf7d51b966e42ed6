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


@pytest.fixture
def running(solved):  # noqa: F811
    """An approved plan that started 150 days ago: some of its steps are due already."""
    import datetime as dt

    from ihya.plan.services import plan_approve, plan_build

    start = dt.date.today() - dt.timedelta(days=150)
    plan = plan_build(actor=None, scenario_id=solved.pk, start=start, time_limit=2)
    return plan_approve(actor=None, name=plan.name, version=plan.version)


def first_step(plan, factory):
    """The first step of the factory's requirement chains in ``plan``."""
    return (
        plan.tasks.filter(
            kind="step",
            requirement_id__in=factory.requirements.values_list("external_id", flat=True),
        )
        .order_by("start_day", "id")
        .first()
    )
