"""Record changes in the audit log, in the caller's transaction, and verify the hash chain.

Entries of version 2 (``KEYED``) are chained by HMAC-SHA256 with a key the database does not
hold and carry their position (``seq``); the entries written before the key existed (version
NULL: plain SHA-256) stay verifiable, and none may follow a keyed one. After each commit that
appends, the head (last id, count, hash) is anchored in a signed file outside the database
(``ihya.audit.anchor``); ``audit_verify`` checks the chain and the table against the anchor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ihya.audit.anchor import anchor_write, audit_key
from ihya.audit.chain import GENESIS, KEYED, json_text, keyed, lock
from ihya.audit.models import AuditEntry
from ihya.audit.verifying import Verification, audit_anchor, audit_verify
from ihya.bulk import upsert

__all__ = [
    "Change",
    "Verification",
    "audit_anchor",
    "audit_record",
    "audit_verify",
    "history",
    "import_sources",
]


@dataclass(frozen=True)
class Change:
    action: str  # create, update, delete, import
    entity: str  # e.g. "registry.factory"
    object_id: str
    before: dict | None = None
    after: dict | None = None
    note: str = ""


OBJECT_ID_LENGTH = AuditEntry._meta.get_field("object_id").max_length


def audit_record(*, actor, changes: Iterable[Change]) -> int:
    """Append ``changes`` to the log. Must run inside the transaction that made them."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    lock()
    key = audit_key(create=True)
    head = AuditEntry.objects.order_by("-id").values_list("hash", "seq").first()
    last, seq = head or (GENESIS, 0)
    if head is not None and seq is None:  # the first keyed entry follows the unkeyed ones
        seq = AuditEntry.objects.count()
    at = timezone.now()
    stamp = at.isoformat()
    from ihya.accounts.actors import Actor

    actor = Actor.of(actor)  # a user, the command line (cli:<login>) or the system
    name, actor_id = actor.name, actor.pk
    rows = []
    for change in changes:
        before, after = json_text(change.before), json_text(change.after)
        object_id = str(change.object_id)[:OBJECT_ID_LENGTH]  # the whole name is in ``after``
        seq += 1
        digest = keyed(
            key,
            seq,
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
                "version": KEYED,
                "seq": seq,
            }
        )
        last = digest
    # ids must follow the chain: one executemany in order keeps them ascending
    written = upsert(AuditEntry, rows)
    if written:
        # the lock is held to the commit: the newest row is this transaction's last
        newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
        transaction.on_commit(
            lambda: anchor_write(entry_id=newest, count=seq, digest=last), robust=True
        )
    return written


def history(
    *,
    object_id: str,
    requirements: Sequence[str] = (),
    apps: Sequence[str] = ("registry", "diagnosis"),
    limit: int = 200,
) -> Sequence[AuditEntry]:
    """The latest audit entries about one record (a factory's own and its children's, and those
    of the ``requirements`` it needs, which are logged under their own ids): entries of the
    given apps only, so that another record that happens to carry the same name (a token, a
    scenario) never shows up, or crowds out, a factory's history."""
    of_apps = Q()
    for app in apps:
        of_apps |= Q(entity__startswith=f"{app}.")
    about = Q(object_id=object_id)
    if requirements:
        about |= Q(entity="diagnosis.requirement", object_id__in=list(requirements))
    return list(
        AuditEntry.objects.filter(of_apps)
        .filter(about)
        .exclude(entity="registry.import")
        .order_by("-id")[:limit]
    )


def import_sources(*, entries: Sequence[AuditEntry]) -> dict:
    """For the entries written by an import: its time -> the source it named (a file, "demo").
    An import logs every change and then its summary (``registry.import``) at one time."""
    times = {e.at for e in entries}
    if not times:
        return {}
    return dict(
        AuditEntry.objects.filter(entity="registry.import", at__in=times).values_list(
            "at", "object_id"
        )
    )
