"""The demo's approved plan (its quarterly targets are what the KPIs follow)."""

from tests.followup.conftest import chosen, planned  # noqa: F401  (the fixtures, reused)
from tests.plan.conftest import solved  # noqa: F401
