"""The case-file workflow as data (``data/followup/states.csv`` and ``workflow.csv``): the states,
and for each allowed move the roles that may make it and the preconditions it needs. A small
table-driven machine: the maintained state-machine libraries for Django (django-fsm and its
successor django-fsm-2) declare transitions as decorated methods in code, and the committee's
workflow must stay a table it can read and change."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "followup"


@dataclass(frozen=True)
class State:
    code: str
    order: int
    name_en: str
    name_ar: str
    closed: bool

    def name(self, language: str) -> str:
        return self.name_ar if language.startswith("ar") else self.name_en


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    preconditions: tuple[str, ...]
    name_en: str
    name_ar: str

    def name(self, language: str) -> str:
        return self.name_ar if language.startswith("ar") else self.name_en


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def states() -> dict[str, State]:
    return {
        r["state"]: State(
            r["state"], int(r["order"]), r["name_en"], r["name_ar"], r["closed"] == "yes"
        )
        for r in _rows("states.csv")
    }


@cache
def transitions() -> tuple[Transition, ...]:
    known = states()
    out = []
    for r in _rows("workflow.csv"):
        if r["from"] not in known or r["to"] not in known:
            raise ValueError(f"workflow.csv: unknown state in {r['from']} → {r['to']}")
        out.append(
            Transition(
                r["from"],
                r["to"],
                frozenset(r["roles"].split()),
                tuple(r["preconditions"].split()),
                r["name_en"],
                r["name_ar"],
            )
        )
    return tuple(out)


INITIAL = "registered"


def transition(source: str, target: str) -> Transition | None:
    return next((t for t in transitions() if t.source == source and t.target == target), None)


def moves_from(source: str) -> list[Transition]:
    return [t for t in transitions() if t.source == source]
