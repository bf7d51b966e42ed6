"""The audit log's key and its anchored head, both kept outside the database.

- The **key** (HMAC-SHA256) chains the entries: ``IHYA_AUDIT_KEY``, else a random key generated
  on first use into ``settings.AUDIT_KEY_FILE`` (``IHYA_HOME/audit.key``, mode 0600). Someone
  holding only the database's role cannot recompute an entry's hash.
- The **anchor** (``settings.AUDIT_ANCHOR_FILE``, ``IHYA_HOME/audit.anchor``) holds the last
  entry's id, the number of entries up to it and its hash, signed with the key. It is rewritten
  after each commit that appends (temporary file, fsync, rename), only ever forwards: it may lag
  behind the table by the commits in flight, never run ahead of it. Deleting the table's tail or
  rewriting the chain no longer matches it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

KEY_BYTES = 32
MIN_ENV_KEY = 32  # characters of IHYA_AUDIT_KEY


class KeyMissing(Exception):
    """No key in the environment nor in the key file (and none may be created here)."""


class AnchorInvalid(Exception):
    """The anchor file cannot be read, or its signature does not hold."""


def key_file() -> Path:
    return Path(settings.AUDIT_KEY_FILE)


def anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def audit_key(*, create: bool = False) -> bytes:
    """The chain's key: IHYA_AUDIT_KEY, else the key file; generated (0600) when ``create`` and
    there is none yet. Verification never creates one: a lost key is reported, not replaced."""
    from_env = getattr(settings, "AUDIT_KEY", "")
    if from_env:
        if len(from_env) < MIN_ENV_KEY:
            raise KeyMissing(f"IHYA_AUDIT_KEY must be at least {MIN_ENV_KEY} characters long")
        return from_env.encode()
    path = key_file()
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        if not create:
            raise KeyMissing(f"no audit key: neither IHYA_AUDIT_KEY nor {path}") from None
    except ValueError as exc:
        raise KeyMissing(f"the audit key file {path} is not hexadecimal") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(KEY_BYTES))
        fh.flush()
        os.fsync(fh.fileno())
    _fsync_dir(path.parent)
    return bytes.fromhex(path.read_text().strip())


def keyed_digest(key: bytes, fields: list[str | None]) -> str:
    """HMAC-SHA256 of the fields joined as the unkeyed chain joins them."""
    payload = "\x1f".join("null" if f is None else f for f in fields)
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    id: int  # the last anchored entry
    count: int  # entries up to and including it
    hash: str  # its hash
    at: str  # when the anchor was written (ISO, UTC)

    def _signature(self, key: bytes) -> str:
        return keyed_digest(key, ["ihya-audit-anchor", str(self.id), str(self.count), self.hash])


def anchor_read(key: bytes | None) -> Anchor | None:
    """The anchor, its signature checked (None: no anchor file)."""
    path = anchor_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        anchor = Anchor(int(data["id"]), int(data["count"]), str(data["hash"]), str(data["at"]))
        signature = str(data["signature"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorInvalid(f"the anchor file {path} cannot be read: {exc}") from exc
    if key is None:
        raise AnchorInvalid("the anchor cannot be checked without the audit key")
    if not hmac.compare_digest(signature, anchor._signature(key)):
        raise AnchorInvalid(f"the anchor file {path} is not signed with the audit key")
    return anchor


@contextlib.contextmanager
def _anchor_lock(path: Path):
    """An exclusive lock between processes (read, compare, replace is one step)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def anchor_write(*, entry_id: int, count: int, digest: str, force: bool = False) -> bool:
    """Move the anchor to entry ``entry_id`` (``count`` entries up to it, hash ``digest``).

    Only forwards: an anchor already at ``count`` entries or more is kept (the commits of several
    processes may call back out of order), unless ``force`` (re-anchoring by the operator).
    Written to a temporary file, fsynced, renamed over the anchor, the folder fsynced.
    Returns whether the anchor moved."""
    key = audit_key(create=True)
    path = anchor_file()
    with _anchor_lock(path):
        if not force:
            try:
                current = anchor_read(key)
            except AnchorInvalid:
                # left as found for `ihya audit verify` to report; the operator re-anchors
                logger.error("the audit anchor %s is invalid: not moved", path)
                return False
            if current is not None and current.count >= count:
                return False
        anchor = Anchor(entry_id, count, digest, dt.datetime.now(dt.UTC).isoformat())
        text = json.dumps({**asdict(anchor), "signature": anchor._signature(key)}, indent=1)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
        _fsync_dir(path.parent)
    return True
