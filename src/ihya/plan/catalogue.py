"""The executive plan's data (``ihya/data/plan/``): the chain of steps of each requirement type,
the bodies' teams and their capacities, Libya's public holidays. Read here, handed to the core
as plain data."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "plan"
RESPONSIBLE = "responsible"  # the owner of a step: the requirement's responsible body
ANY_BODY = "*"


@dataclass(frozen=True)
class Step:
    type: str
    code: str
    order: int
    name_en: str
    name_ar: str
    lead_share: float  # of the requirement's lead time
    cost_share: float  # of the requirement's cost
    owner: str  # a body code, or "responsible"
    team: str
    first_export: bool  # leads to the factory's first export


@dataclass(frozen=True)
class Team:
    body: str  # a body code, or "*" for any other body
    code: str
    name_en: str
    name_ar: str
    capacity: int


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def task_templates() -> dict[str, tuple[Step, ...]]:
    """Requirement type → its steps, in order."""
    chains: dict[str, list[Step]] = {}
    for r in _rows("task_templates.csv"):
        chains.setdefault(r["type"], []).append(
            Step(
                r["type"],
                r["step"],
                int(r["order"]),
                r["name_en"],
                r["name_ar"],
                float(r["lead_share"]),
                float(r["cost_share"]),
                r["owner"],
                r["team"],
                r["first_export"] == "yes",
            )
        )
    return {k: tuple(sorted(v, key=lambda s: s.order)) for k, v in chains.items()}


@cache
def teams() -> tuple[Team, ...]:
    return tuple(
        Team(r["body"], r["team"], r["name_en"], r["name_ar"], int(r["capacity"]))
        for r in _rows("teams.csv")
    )


def team_of(body: str, team: str) -> Team | None:
    """The body's own team, else the team any body has (``*``), else None."""
    own = {(t.body, t.code): t for t in teams()}
    return own.get((body, team)) or own.get((ANY_BODY, team))


@cache
def holidays() -> dict[dt.date, tuple[str, str]]:
    """Public holiday → its names (English, Arabic)."""
    return {
        dt.date.fromisoformat(r["date"]): (r["name_en"], r["name_ar"])
        for r in _rows("holidays.csv")
    }
