"""Fast bulk upserts for imports: one ``INSERT … ON CONFLICT … DO UPDATE`` through executemany.

Django's ``bulk_create(update_conflicts=True)`` compiles every value of every row through the
ORM, which dominates a 100,000-row import. Both supported databases (SQLite ≥ 3.24, PostgreSQL)
share the upsert syntax, so the statement is built once from the model's metadata and values
are adapted per column with the backend's own adapters. Runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

CHUNK = 5000


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.DecimalField):
        return lambda v: (
            None
            if v is None
            else ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
        )
    if isinstance(field, models.DateTimeField):
        seen: dict[Any, Any] = {}  # imports stamp every row with the same instant

        def adapt(value: Any) -> Any:
            if value not in seen:
                seen[value] = ops.adapt_datetimefield_value(value)
            return seen[value]

        return adapt
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        # values arrive as JSON text already (the audit log hashes that very text)
        return lambda v: v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return None


def _placeholder(field: models.Field) -> str:
    if isinstance(field, models.JSONField) and connection.vendor == "postgresql":
        return "CAST(%s AS jsonb)"
    return "%s"


def upsert(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    unique: Sequence[str] = (),
    update: Sequence[str] = (),
) -> int:
    """Insert ``rows`` (dicts of column attname -> value, all with the same keys); on a conflict
    on ``unique`` update the ``update`` columns. Without ``unique``, a plain insert. JSON columns
    take JSON text (or an object, serialised here)."""
    if not rows:
        return 0
    meta = model._meta
    columns = list(rows[0])
    fields = [meta.get_field(name) for name in columns]  # names or attnames (factory_id)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(_placeholder(f) for f in fields)})"
    )
    if unique:
        targets = [meta.get_field(name).column for name in unique]
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in targets)})"
        if update:
            sets = [meta.get_field(name).column for name in update]
            sql += " DO UPDATE SET " + ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in sets)
        else:
            sql += " DO NOTHING"
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f)) is not None]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            batch = []
            for row in rows[start : start + CHUNK]:
                values = [row[c] for c in columns]
                for i, adapt in adapters:
                    values[i] = adapt(values[i])
                batch.append(values)
            cursor.executemany(sql, batch)
    return len(rows)
