"""Record changes in the audit log, in the caller's transaction, and verify the hash chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ihya.audit.models import AuditEntry
from ihya.bulk import upsert

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _json(value: Any) -> str | None:
    """The canonical JSON text of a change's before/after: what is stored and what is hashed."""
    if value is None:
        return None
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    )


def _digest(*fields: str | None) -> str:
    """SHA-256 over the previous hash and every field (before/after as canonical JSON text)."""
    payload = "\x1f".join("null" if f is None else f for f in fields)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    action: str  # create, update, delete, import
    entity: str  # e.g. "registry.factory"
    object_id: str
    before: dict | None = None
    after: dict | None = None
    note: str = ""


def _lock() -> None:
    """Serialise writers of the chain (SQLite transactions are already serial)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(4242)")


OBJECT_ID_LENGTH = AuditEntry._meta.get_field("object_id").max_length


def audit_record(*, actor, changes: Iterable[Change]) -> int:
    """Append ``changes`` to the log. Must run inside the transaction that made them."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    _lock()
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    at = timezone.now()
    stamp = at.isoformat()
    from ihya.accounts.actors import Actor

    actor = Actor.of(actor)  # a user, the command line (cli:<login>) or the system
    name, actor_id = actor.name, actor.pk
    rows = []
    for change in changes:
        before, after = _json(change.before), _json(change.after)
        object_id = str(change.object_id)[:OBJECT_ID_LENGTH]  # the whole name is in ``after``
        digest = _digest(
            last,
            stamp,
            name,
            change.action,
            change.entity,
            object_id,
            before,
            after,
            change.note,
        )
        rows.append(
            {
                "at": at,
                "actor_id": actor_id,
                "actor_name": name,
                "action": change.action,
                "entity": change.entity,
                "object_id": object_id,
                "before": before,
                "after": after,
                "note": change.note,
                "prev_hash": last,
                "hash": digest,
            }
        )
        last = digest
    # ids must follow the chain: one executemany in order keeps them ascending
    return upsert(AuditEntry, rows)


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""


def audit_verify() -> Verification:
    """Walk the chain in id order; report the first entry whose hash or link does not hold."""
    previous = GENESIS
    count = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=5000):
        count += 1
        if entry.prev_hash != previous:
            return Verification(
                False, count, entry.id, "the link to the previous row is broken (a row was deleted)"
            )
        digest = _digest(
            entry.prev_hash,
            entry.at.isoformat(),
            entry.actor_name,
            entry.action,
            entry.entity,
            entry.object_id,
            _json(entry.before),
            _json(entry.after),
            entry.note,
        )
        if digest != entry.hash:
            return Verification(False, count, entry.id, "the row was edited")
        previous = entry.hash
    return Verification(True, count)


def history(
    *, object_id: str, apps: Sequence[str] = ("registry", "diagnosis"), limit: int = 200
) -> Sequence[AuditEntry]:
    """The latest audit entries about one record (a factory's own and its children's): entries
    of the given apps only, so that another record that happens to carry the same name (a
    token, a scenario) never shows up, or crowds out, a factory's history."""
    of_apps = Q()
    for app in apps:
        of_apps |= Q(entity__startswith=f"{app}.")
    return list(
        AuditEntry.objects.filter(of_apps, object_id=object_id)
        .exclude(entity="registry.import")
        .order_by("-id")[:limit]
    )
