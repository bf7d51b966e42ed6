"""The plan's data: every requirement type has a chain whose shares add up, every owner is a
body, every team a step needs exists for its body (or for any body). Teams and holidays are
tables the committee edits: seeded once, never overwritten, and what the builds read."""

import csv
import datetime as dt
import math
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from ihya import vocabularies
from ihya.plan.catalogue import RESPONSIBLE, holidays, task_templates, team_of, teams

BODIES = Path(__file__).resolve().parents[2] / "src" / "ihya" / "data" / "reference" / "bodies.csv"


@pytest.mark.django_db
def test_every_requirement_type_has_a_consistent_chain():
    with BODIES.open(encoding="utf-8") as fh:
        bodies = {r["code"] for r in csv.DictReader(fh)}
    chains = task_templates()
    assert set(chains) == {t.code for t in vocabularies.terms("requirement_type")}
    for kind, steps in chains.items():
        assert sum(s.lead_share for s in steps) == pytest.approx(1), kind
        assert sum(s.cost_share for s in steps) == pytest.approx(1), kind
        assert [s.order for s in steps] == list(range(1, len(steps) + 1)), kind
        for s in steps:
            assert s.owner == RESPONSIBLE or s.owner in bodies, (kind, s.code)
            assert not s.team or team_of(s.owner if s.owner in bodies else "any-body", s.team), (
                kind,
                s.team,
            )
    assert [s.code for s in chains["technical"]] == [
        "specification",
        "tender",
        "award",
        "delivery",
        "installation",
        "commissioning",
    ]
    assert all(s.first_export for s in chains["market"])
    assert {t.body for t in teams()} - {"*"} <= bodies
    assert len(holidays()) >= 150


@pytest.mark.django_db
def test_teams_and_holidays_are_seeded_once_and_the_committees_edits_survive():
    from ihya.plan.catalogue import shipped_holidays, shipped_teams
    from ihya.plan.models import Holiday, Team
    from ihya.plan.services import plan_data_sync

    assert Team.objects.count() == len(shipped_teams())
    assert Holiday.objects.count() == len(shipped_holidays())
    assert team_of("ministry-industry", "engineering").capacity == 12
    assert team_of("some-body", "engineering").capacity == 4  # the team any body has

    # the committee raises a capacity, corrects an estimated date and drops a holiday
    Team.objects.filter(body__code="ministry-industry", code="engineering").update(capacity=20)
    eid = Holiday.objects.get(date=dt.date(2027, 6, 6))  # Islamic New Year, estimated
    Holiday.objects.filter(date__year=2027, name_en="Labor Day").delete()
    Holiday.objects.create(
        date=eid.date + dt.timedelta(days=1), name_en=eid.name_en, name_ar=eid.name_ar
    )
    eid.delete()
    before = set(Holiday.objects.values_list("date", flat=True))
    # an upgrade adds nothing over them; a year the table lacks comes back from the files
    Holiday.objects.filter(date__year=2034).delete()
    assert plan_data_sync() == {
        "teams": 0,
        "holidays": sum(d.year == 2034 for d in shipped_holidays()),
    }
    assert set(Holiday.objects.values_list("date", flat=True)) == before
    assert team_of("ministry-industry", "engineering").capacity == 20
    assert holidays().keys() == before


@pytest.mark.django_db
def test_a_build_uses_the_committees_teams_and_holidays():
    """A holiday added in the admin is a day no task works; a team removed for every body
    stops the build with a sentence naming it."""
    from ihya.core.plan.calendar import WorkCalendar
    from ihya.errors import Invalid
    from ihya.plan.building import plan_draft
    from ihya.plan.models import Holiday, Team

    start = dt.date(2027, 1, 3)  # a Sunday
    Holiday.objects.create(date=dt.date(2027, 1, 4), name_en="Extra", name_ar="عطلة")
    calendar = WorkCalendar(start, holidays())
    assert calendar.date_of(1) == dt.date(2027, 1, 5)

    # plan_draft reads plain records: a result with one funded licence
    result = SimpleNamespace(
        funded=[SimpleNamespace(requirement_id="R1")], selected=[], weights=None, budgets=[math.inf]
    )
    licence = SimpleNamespace(
        type="regulatory",
        lead_time_months=2,
        responsible_body=SimpleNamespace(code="ministry-industry"),
        external_id="R1",
        description_en="licence",
        description_ar="رخصة",
        status="identified",
        cost_lyd=Decimal(1000),
    )
    requirements = {"R1": licence}
    assert plan_draft(result=result, requirements=requirements, start=start).instance.tasks
    Team.objects.filter(code="legal").delete()
    with pytest.raises(Invalid) as caught:
        plan_draft(result=result, requirements=requirements, start=start)
    (problem,) = caught.value.problems
    assert problem.code == "no_team" and "legal" in problem.en and "legal" in problem.ar
