"""Values computed once per *data generation* in each process.

A generation is a cheap fingerprint of the rows a value is computed from (counts, latest ids or
``updated_at``, the latest audit entry about them: every write of Ihya is audited in its own
transaction, the admin's included). While it stays the same, the value computed from it stays
true, so each application process keeps the last one; the moment another process writes, the
fingerprint moves and the next read computes afresh.

``PerGeneration`` computes at most once per generation and process however many threads ask at
the same moment (the others wait for that one result instead of computing it again: under load,
four threads recomputing the same matrix is four times the work on the same two cores).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from django.db import connection, models

T = TypeVar("T")


def fingerprint(
    tables: Iterable[tuple[type[models.Model], str]], audited: Iterable[str] = ()
) -> tuple:
    """``(alias, COUNT(*), MAX(column)…)`` of each ``(model, column)`` and the latest audit
    entry's id about the ``audited`` entities (``app.model`` labels), in one round trip."""
    from ihya.audit.models import AuditEntry

    q = connection.ops.quote_name
    parts = [
        f"SELECT COUNT(*), CAST(MAX({q(column)}) AS VARCHAR(64)) FROM {q(model._meta.db_table)}"
        for model, column in tables
    ]
    entities = list(audited)
    params: list[str] = []
    if entities:
        marks = ", ".join("%s" for _ in entities)
        parts.append(
            f"SELECT 0, CAST(MAX(id) AS VARCHAR(64)) FROM {q(AuditEntry._meta.db_table)} "
            f"WHERE {q('entity')} IN ({marks})"
        )
        params = entities
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS t{i}" for i, part in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return (connection.alias, *(str(v) for row in rows for v in row))


class PerGeneration(Generic[T]):
    """``compute()`` remembered for the current ``generation()`` (one per process), computed
    by one thread at a time; ``extra`` keys up to ``size`` variants of it (weights, methods)."""

    def __init__(
        self, compute: Callable[..., T], generation: Callable[[], Hashable], *, size: int = 1
    ):
        self._compute = compute
        self._generation = generation
        self._size = size
        self._lock = threading.Lock()  # guards the table
        self._computing = threading.Lock()  # one computation at a time
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._of: Hashable = None

    def get(self, *args: Hashable) -> T:
        generation = self._generation()
        value = self._lookup(generation, args)
        if value is not None:
            return value
        with self._computing:
            value = self._lookup(generation, args)  # another thread may have just done it
            if value is not None:
                return value
            value = self._compute(*args)
            with self._lock:
                if self._of != generation:
                    self._values.clear()
                    self._of = generation
                self._values[args] = value
                while len(self._values) > self._size:
                    self._values.popitem(last=False)
            return value

    def _lookup(self, generation: Hashable, args: tuple) -> T | None:
        with self._lock:
            if self._of != generation:
                return None
            value = self._values.get(args)
            if value is not None:
                self._values.move_to_end(args)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._of = None
