"""``audit_verify``: the chain walked in id order and the table held against its anchor;
``audit_anchor``: the operator's re-anchoring. Re-exported by ``ihya.audit.services``."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ihya.audit.anchor import (
    AnchorInvalid,
    KeyMissing,
    anchor_read,
    anchor_write,
    audit_key,
)
from ihya.audit.chain import GENESIS, KEYED, entry_fields, keyed, lock, unkeyed
from ihya.audit.models import AuditEntry

# An anchor may lag behind the table by the commits in flight; behind for longer than this, it
# was rolled back (or a process died between its commit and writing the anchor).
ANCHOR_GRACE = dt.timedelta(minutes=5)

REASONS = {
    "deleted": _("the link to the previous row is broken (a row was deleted)"),
    "recomputed": _("an unkeyed row follows keyed ones (the chain was recomputed)"),
    "key_missing": _("the audit key is missing (IHYA_AUDIT_KEY or the key file)"),
    "position": _("the row's position does not hold (a row was deleted)"),
    "version": _("the row has an unknown version"),
    "edited": _("the row was edited"),
    "anchor_mismatch": _("the row differs from the anchored head (the log was rewritten)"),
    "anchor_row_missing": _("the anchored row is missing (rows were deleted)"),
    "anchor_ahead": _("the log ends before its anchored row (rows were deleted)"),
    "anchor_missing": _("the anchor file is missing"),
    "anchor_invalid": _("the anchor file cannot be read or is not signed with the audit key"),
    "anchor_behind": _(
        "the anchor is behind the log by %(rows)s rows since %(since)s (rolled back?)"
    ),
}
# what an operator may re-anchor over once the chain itself holds (`ihya audit anchor`); with
# --force also an anchor the table contradicts (a database restored from a backup)
ANCHOR_ONLY = {"anchor_missing", "anchor_invalid", "anchor_behind"}
ANCHOR_FORCED = ANCHOR_ONLY | {"anchor_mismatch", "anchor_row_missing", "anchor_ahead"}


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""  # in English, for logs and scripts; message() in the reader's language
    anchored: int | None = None  # entries up to the anchor (None: no valid anchor)
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def message(self, language: str | None = None) -> str:
        """The reason in ``language`` (the active one by default)."""
        if not self.code:
            return self.reason
        with translation.override(language or translation.get_language() or "ar"):
            text = str(REASONS[self.code])
            return text % self.params if self.params else text


def _failure(
    code: str, entries: int, bad_id: int | None, anchored: int | None, **params: Any
) -> Verification:
    with translation.override("en"):
        text = str(REASONS[code])
    return Verification(
        False,
        entries,
        bad_id,
        text % params if params else text,
        anchored,
        code,
        params,
    )


def audit_verify(
    *, grace: dt.timedelta | None = ANCHOR_GRACE, chain_only: bool = False
) -> Verification:
    """Walk the chain in id order and hold the table against the anchor. Reports the first entry
    whose link, hash (keyed from version 2 on, with the key outside the database), position or
    version does not hold; an anchored entry missing or different (the tail deleted, the chain
    recomputed); a missing or unsigned anchor; an anchor behind the table for longer than
    ``grace`` (rolled back; None: any lag accepted). ``chain_only``: the anchor left aside."""
    try:
        key: bytes | None = audit_key()
    except KeyMissing:
        key = None
    anchor, anchor_invalid = None, False
    if not chain_only:
        try:
            anchor = anchor_read(key)
        except AnchorInvalid:
            anchor_invalid = True
    anchored = anchor.count if anchor is not None else None
    previous = GENESIS
    count = 0
    keyed_seen = matched = False
    first_after: AuditEntry | None = None  # the first entry past the anchored one
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=5000):
        count += 1
        problem = ""
        if entry.prev_hash != previous:
            problem = "deleted"
        elif entry.version is None:
            if keyed_seen:
                problem = "recomputed"
            digest = unkeyed(*entry_fields(entry))
        elif entry.version == KEYED:
            keyed_seen = True
            if key is None:
                problem = "key_missing"
            elif entry.seq != count:
                problem = "position"
            else:
                digest = keyed(key, count, *entry_fields(entry))
        else:
            problem = "version"
        if not problem and not hmac.compare_digest(digest, entry.hash):
            problem = "edited"
        if not problem and anchor is not None:
            if entry.id == anchor.id:
                if (count, entry.hash) != (anchor.count, anchor.hash):
                    problem = "anchor_mismatch"
                matched = True
            elif entry.id > anchor.id and not matched:
                problem = "anchor_row_missing"
            elif matched and first_after is None:
                first_after = entry
        if problem:
            return _failure(problem, count, entry.id, anchored)
        previous = entry.hash
    if anchor_invalid:
        return _failure("anchor_invalid", count, None, None)
    if anchor is None:
        if count and not chain_only:
            return _failure("anchor_missing", count, None, None)
        return Verification(True, count)
    if not matched:
        return _failure("anchor_ahead", count, anchor.id, anchored)
    if grace is not None and first_after is not None and first_after.at < timezone.now() - grace:
        return _failure(
            "anchor_behind",
            count,
            first_after.id,
            anchored,
            rows=count - anchor.count,
            since=first_after.at.isoformat(timespec="seconds"),
        )
    return Verification(True, count, anchored=anchored)


def audit_anchor(*, force: bool = False) -> Verification:
    """Anchor the log at its current head when its chain holds and only the anchor disagrees
    (missing, unreadable, behind; with ``force`` also ahead of or contradicted by the table:
    a database restored from a backup). After this, whatever was in the table is what the
    anchor vouches for: run it only once the log has been checked by other means."""
    allowed = ANCHOR_FORCED if force else ANCHOR_ONLY
    with transaction.atomic():
        lock()  # no append between the walk and the anchor
        result = audit_verify(grace=None)
        if not result.ok and result.code not in allowed:
            return result
        result = audit_verify(chain_only=True)
        if not result.ok:
            return result
        head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        if head is not None:
            anchor_write(entry_id=head[0], count=result.entries, digest=head[1], force=True)
    return Verification(True, result.entries, anchored=result.entries)
