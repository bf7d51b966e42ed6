"""The audit log's chain: what each entry's hash covers, the unkeyed (first) and keyed formulas,
and the lock that serialises its writers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection

from ihya.audit.anchor import keyed_digest

if TYPE_CHECKING:
    from ihya.audit.models import AuditEntry

GENESIS = "0" * 64
KEYED = 2  # the version of entries chained by HMAC (NULL: the first, unkeyed entries)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_text(value: Any) -> str | None:
    """The canonical JSON text of a change's before/after: what is stored and what is hashed."""
    if value is None:
        return None
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    )


def unkeyed(*fields: str | None) -> str:
    """SHA-256 over the previous hash and every field (before/after as canonical JSON text):
    the unkeyed entries written before the key (version NULL)."""
    payload = "\x1f".join("null" if f is None else f for f in fields)
    return hashlib.sha256(payload.encode()).hexdigest()


def entry_fields(entry: AuditEntry) -> list[str | None]:
    """What an entry's hash covers, after its version and position: the previous hash, the
    time, who, what, before/after as canonical JSON text, the note."""
    return [
        entry.prev_hash,
        entry.at.isoformat(),
        entry.actor_name,
        entry.action,
        entry.entity,
        entry.object_id,
        json_text(entry.before),
        json_text(entry.after),
        entry.note,
    ]


def keyed(key: bytes, seq: int, *fields: str | None) -> str:
    """HMAC-SHA256 with the audit key over the version, the position and the same fields."""
    return keyed_digest(key, [str(KEYED), str(seq), *fields])


def lock() -> None:
    """Serialise writers of the chain (SQLite transactions are already serial)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(4242)")
