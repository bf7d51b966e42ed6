"""Load the demo registry through the same validated import as any user file."""

from __future__ import annotations

from ihya.core.ingest.validate import Progress
from ihya.demo.generator import generate
from ihya.reference.models import Municipality
from ihya.registry.services import ImportResult, registry_import_tables


def demo_tables(*, seed: int = 2026, factories: int = 400) -> dict[str, list[dict]]:
    places = {m.code: (m.name_en, m.name_ar) for m in Municipality.objects.all()}
    return generate(seed=seed, factories=factories, places=places)


def demo_load(
    *, seed: int = 2026, factories: int = 400, progress: Progress | None = None
) -> ImportResult:
    """Generate and import the synthetic registry (re-loading the same seed changes nothing)."""
    return registry_import_tables(
        tables=demo_tables(seed=seed, factories=factories), source="demo", progress=progress
    )
