"""The criteria catalogue (data/priority_criteria.csv): names, units, direction, stage, weights."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.utils.translation import get_language


@dataclass(frozen=True)
class Criterion:
    code: str
    name_en: str
    name_ar: str
    unit: str
    cost: bool
    stage: str
    default_weight: float
    description_en: str
    unit_ar: str = ""

    @property
    def name(self) -> str:
        return self.name_ar if (get_language() or "ar").startswith("ar") else self.name_en

    @property
    def places(self) -> int:
        """Decimals a value is shown with: none for a count of jobs or an amount in dinars."""
        return 0 if self.unit in ("jobs", "LYD") else 2

    @property
    def unit_label(self) -> str:
        """The unit in the page's language (``unit`` stays the English key of the data file)."""
        arabic = (get_language() or "ar").startswith("ar")
        return (self.unit_ar or self.unit) if arabic else self.unit


@cache
def criteria() -> tuple[Criterion, ...]:
    text = (
        resources.files("ihya.data").joinpath("priority_criteria.csv").read_text(encoding="utf-8")
    )
    return tuple(
        Criterion(
            r["code"],
            r["name_en"],
            r["name_ar"],
            r["unit"],
            r["direction"] == "cost",
            r["stage"],
            float(r["default_weight"]),
            r["description_en"],
            r.get("unit_ar", ""),
        )
        for r in csv.DictReader(text.splitlines())
    )


DEFAULT_SCENARIOS = {
    "balanced": {c.code: c.default_weight for c in criteria()},
    "exports first": {
        "export_potential": 0.35,
        "complexity": 0.15,
        "feasibility": 0.10,
        "jobs_restored": 0.10,
        "value_added": 0.10,
        "local_inputs": 0.05,
        "linkage_strength": 0.0,
        "restart_cost": 0.10,
        "time_to_restart": 0.05,
        "regional_balance": 0.0,
    },
    "jobs first": {
        "export_potential": 0.05,
        "complexity": 0.0,
        "feasibility": 0.0,
        "jobs_restored": 0.40,
        "value_added": 0.15,
        "local_inputs": 0.10,
        "linkage_strength": 0.05,
        "restart_cost": 0.10,
        "time_to_restart": 0.05,
        "regional_balance": 0.10,
    },
}
