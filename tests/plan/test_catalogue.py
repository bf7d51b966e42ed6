"""The plan's data: every requirement type has a chain whose shares add up, every owner is a
body, every team a step needs exists for its body (or for any body)."""

import csv
from pathlib import Path

import pytest

from ihya import vocabularies
from ihya.plan.catalogue import RESPONSIBLE, holidays, task_templates, team_of, teams

BODIES = Path(__file__).resolve().parents[2] / "src" / "ihya" / "data" / "reference" / "bodies.csv"


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
