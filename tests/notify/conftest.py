"""The follow-up's fixtures (a solved scenario with its approved plan), reused, and decisions."""

import datetime as dt

import pytest

from tests.followup.conftest import chosen, planned  # noqa: F401  (the fixtures, reused)
from tests.plan.conftest import solved  # noqa: F401

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def decide(db):
    """Record a committee decision through the service (as the command line)."""
    from ihya.followup.services import decision_record

    def make(number: str, **kwargs):
        kwargs.setdefault("taken_on", dt.date(2026, 1, 4))
        kwargs.setdefault("text_ar", "توفير قطع الغيار")
        kwargs.setdefault("text_en", "Provide the spare parts")
        return decision_record(actor=None, number=number, **kwargs)

    return make
