"""What a requirement's status means for the rest of the programme — one definition that the
priority criteria, the portfolio and (later) the plan share.

- **Open**: it still stands between the factory and its restart: every status but done and
  cancelled.
- **Still to fund**: its cost, unless its money is already committed (funded, in progress), when
  nothing more is to be paid. A shared requirement is one requirement: the portfolio pays it
  once; the priority criterion counts it in full for each factory it serves.
"""

from __future__ import annotations

from decimal import Decimal

CLOSED = frozenset({"done", "cancelled"})
PAID = frozenset({"funded", "in_progress"})


def is_open(requirement) -> bool:
    return requirement.status not in CLOSED


def cost_to_fund(requirement) -> Decimal:
    """What remains to be paid for an open requirement (0 once funded or under way)."""
    if requirement.status in CLOSED or requirement.status in PAID:
        return Decimal(0)
    return requirement.cost_lyd


def open_requirements(requirements) -> list:
    return [r for r in requirements if is_open(r)]
