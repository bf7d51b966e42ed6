"""The import/export schemas of the registry, read once from ``data/import_*.csv``."""

from __future__ import annotations

from functools import cache
from importlib import resources

from ihya.core.ingest.schema import EntitySpec, parse_specs


@cache
def specs() -> dict[str, EntitySpec]:
    data = resources.files("ihya").joinpath("data")
    return parse_specs(
        data.joinpath("import_entities.csv").read_text("utf-8"),
        data.joinpath("import_columns.csv").read_text("utf-8"),
    )


# Entity names in import (and write) order: parents before the tables that refer to them.
ENTITIES: tuple[str, ...] = tuple(specs())
