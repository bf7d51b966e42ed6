"""The executive plan's data: the chain of steps of each requirement type
(``ihya/data/plan/task_templates.csv``), the bodies' teams and their capacities and Libya's public
holidays (the ``Team`` and ``Holiday`` tables the committee edits in the admin, seeded from
``teams.csv`` and ``holidays.csv`` by ``ihya db upgrade``). Read here, handed to the core as
plain data."""

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


def shipped_teams() -> tuple[Team, ...]:
    """The teams shipped with the package (``teams.csv``): the seed of the ``Team`` table."""
    return tuple(
        Team(r["body"], r["team"], r["name_en"], r["name_ar"], int(r["capacity"]))
        for r in _rows("teams.csv")
    )


def shipped_holidays() -> dict[dt.date, tuple[str, str, bool]]:
    """Holidays shipped with the package (``holidays.csv``): date → names, estimated."""
    return {
        dt.date.fromisoformat(r["date"]): (r["name_en"], r["name_ar"], r["estimated"] == "yes")
        for r in _rows("holidays.csv")
    }


def teams() -> tuple[Team, ...]:
    """The teams as the committee keeps them (the ``Team`` table, edited in the admin)."""
    from ihya.plan.models import Team as TeamRow

    return tuple(
        Team(t.body.code if t.body_id else ANY_BODY, t.code, t.name_en, t.name_ar, t.capacity)
        for t in TeamRow.objects.select_related("body")
    )


class TeamBook:
    """Team lookup for a build: the body's own team, else the team any body has (``*``)."""

    def __init__(self, rows: tuple[Team, ...]):
        self._by = {(t.body, t.code): t for t in rows}

    def get(self, body: str, team: str) -> Team | None:
        return self._by.get((body, team)) or self._by.get((ANY_BODY, team))


def team_of(body: str, team: str) -> Team | None:
    """The body's own team, else the team any body has (``*``), else None."""
    return TeamBook(teams()).get(body, team)


def holidays() -> dict[dt.date, tuple[str, str]]:
    """Public holiday → its names (English, Arabic), as the committee keeps them (``Holiday``)."""
    from ihya.plan.models import Holiday

    return {
        h.date: (h.name_en, h.name_ar) for h in Holiday.objects.only("date", "name_en", "name_ar")
    }


def seed_tables() -> dict[str, int]:
    """Seed the teams when the table is empty, and the holidays of the years the table has no
    holiday of (a new version may ship more years); never touches what the committee edited or
    deleted. Returns the rows added."""
    from ihya.plan.models import Holiday
    from ihya.plan.models import Team as TeamRow
    from ihya.reference.models import Body

    added = {"teams": 0, "holidays": 0}
    if not TeamRow.objects.exists():
        bodies = {b.code: b for b in Body.objects.all()}
        rows = [
            TeamRow(
                body=bodies.get(t.body),
                code=t.code,
                name_en=t.name_en,
                name_ar=t.name_ar,
                capacity=t.capacity,
            )
            for t in shipped_teams()
            if t.body == ANY_BODY or t.body in bodies
        ]
        TeamRow.objects.bulk_create(rows)
        added["teams"] = len(rows)
    years = {d.year for d in Holiday.objects.dates("date", "year")}
    rows = [
        Holiday(date=d, name_en=en, name_ar=ar, estimated=estimated)
        for d, (en, ar, estimated) in shipped_holidays().items()
        if d.year not in years
    ]
    Holiday.objects.bulk_create(rows)
    added["holidays"] = len(rows)
    return added
