"""Files written whole or not at all: to a temporary name beside the target, flushed, then
renamed over it. A full disk (ENOSPC, EDQUOT) is ``StorageFull`` (507, the reason in Arabic and
English) and leaves nothing behind: the temporary file is removed whatever went wrong, and the
target is either the previous file or the new one, never half of one (issue 17, "Faults")."""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from ihya.errors import Problem, StorageFull

FULL = {errno.ENOSPC, errno.EDQUOT}


def storage_full(field: str | None = "file") -> StorageFull:
    return StorageFull(
        Problem.of(
            field,
            "storage_full",
            _("The server's disk is full: nothing was saved. Tell the administrator."),
        )
    )


def is_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file object writing ``path`` whole or not at all (see the module)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        with temporary.open("wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if is_full(error):
            raise storage_full() from error
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` (bytes, or chunks) to ``path`` whole or not at all."""
    with atomic_writer(path) as fh:
        for chunk in [data] if isinstance(data, bytes | bytearray) else data:
            fh.write(chunk)
    return path
