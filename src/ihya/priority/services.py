"""Saving weight sets as named scenarios (audited)."""

from __future__ import annotations

from django.db import transaction

from ihya.audit.services import Change, audit_record
from ihya.priority.criteria import criteria
from ihya.priority.models import Scenario


@transaction.atomic
def scenario_save(*, name: str, weights: dict[str, float], method: str, actor) -> Scenario:
    """Create or update the scenario ``name`` with these weights (criteria codes only)."""
    name = name.strip()[:120]
    if not name:
        raise ValueError("a scenario needs a name")
    known = {c.code for c in criteria()}
    clean = {k: float(v) for k, v in weights.items() if k in known}
    scenario = Scenario.objects.filter(name=name).first()
    before = {"method": scenario.method, "weights": scenario.weights} if scenario else None
    if scenario is None:
        scenario = Scenario(name=name, created_by=actor if getattr(actor, "pk", None) else None)
    scenario.method, scenario.weights = method, clean
    scenario.save()
    audit_record(
        actor=actor,
        changes=[
            Change(
                "update" if before else "create",
                "priority.scenario",
                name,
                before,
                {"method": method, "weights": clean},
            )
        ],
    )
    return scenario
