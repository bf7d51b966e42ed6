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

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from django.core.signals import request_finished, request_started
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


def content_digest(model: type[models.Model], columns: Iterable[str] = ()) -> str:
    """A digest of the values of ``columns`` (every column when none are named) in every row of
    ``model``'s table: it moves when one of those values changes, and only then, so that an edit
    of a column a value does not read (a factory's notes) leaves the value kept. PostgreSQL
    computes it (MD5 of the rows in id order); other databases hash the rows read."""
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    names = list(columns) or [f.column for f in model._meta.concrete_fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = ", ".join(f"COALESCE(CAST({q(c)} AS TEXT), '∅')" for c in names)
            cursor.execute(
                f"SELECT COUNT(*), md5(string_agg(concat_ws('|', {values}), '¶' "
                f"ORDER BY {q('id')})) FROM {table}"
            )
            count, digest = cursor.fetchone()
            return f"{count}:{digest}"
        cursor.execute(f"SELECT {', '.join(q(c) for c in names)} FROM {table} ORDER BY {q('id')}")
        rows = cursor.fetchall()
    return f"{len(rows)}:{hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()}"


_request = threading.local()


def _request_started(sender, environ=None, **kwargs) -> None:
    # only a read-only request may reuse what it read: a POST reads again after it writes
    method = (environ or {}).get("REQUEST_METHOD", "")
    _request.memo = {} if method in ("GET", "HEAD") else None


def _request_finished(sender, **kwargs) -> None:
    _request.memo = None


request_started.connect(_request_started, dispatch_uid="ihya.generations.started")
request_finished.connect(_request_finished, dispatch_uid="ihya.generations.finished")


def once_per_request(generation: Callable[[], Hashable]) -> Callable[[], Hashable]:
    """``generation`` asked once per page view: a GET (or HEAD) request that reads twenty body
    names, or the matrix and then its ranking, checks the fingerprint on its first read and
    reuses it for the rest of the request. A write (any other method) and any code outside a
    request (the command line, the workers, the tests' direct calls) ask every time."""

    @functools.wraps(generation)
    def memoized() -> Hashable:
        memo = getattr(_request, "memo", None)
        if memo is None:
            return generation()
        key = (generation, connection.alias)
        if key not in memo:
            memo[key] = generation()
        return memo[key]

    return memoized


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
