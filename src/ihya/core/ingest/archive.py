"""A workbook's zip checked before any reader opens it: an XLSX is a zip archive, and a few
megabytes of zip can expand into gigabytes of XML ("zip bomb") that a reader would load whole.

The check reads every entry through a streaming decompressor and stops at the first limit
passed, so it needs little memory and little time whatever the archive declares: the sizes in a
zip's directory are the sender's word and are not trusted.
"""

from __future__ import annotations

import copy
import zipfile
import zlib
from pathlib import Path

from ihya.core.ingest.normalize import ParseError

# The limits (docs/security.md): an honest workbook of 100,000 registry rows is 8 MB holding
# about 80 MB of XML, its entries compressed 10 to 30 times.
MAX_ENTRIES = 10_000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for entries beyond RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1 << 20


def workbook_check(
    path: Path,
    *,
    max_entries: int = MAX_ENTRIES,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
) -> None:
    """Raise ParseError("workbook_too_large", file, limit) when the workbook's archive has too
    many entries, expands beyond ``max_uncompressed`` bytes in all, or has an entry (larger than
    1 MB) expanding more than ``max_ratio`` times; ParseError("unreadable_file") when it is not a
    zip. Returns quietly for a sound workbook."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > max_entries:
                _refuse(path, "entries", max_entries)
            declared = sum(i.file_size for i in infos)
            if declared > max_uncompressed:
                _refuse(path, "size", max_uncompressed)
            total = 0
            for info in infos:
                total = _expand(archive, info, total, path, max_uncompressed, max_ratio)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            zlib.error) as exc:  # fmt: skip
        raise ParseError("unreadable_file", file=path.name, reason=str(exc)) from exc


def _expand(archive, info, total, path, max_uncompressed, max_ratio) -> int:
    """Decompress one entry chunk by chunk, counting; ``total`` is what earlier entries gave."""
    if info.is_dir():
        return total
    budget = max_uncompressed - total
    # Read past the declared size (a lying directory must not stop the count short); the count
    # below stops the reading, before the end of the entry could be checked against its CRC.
    probe = copy.copy(info)
    probe.file_size = 1 << 62
    produced = 0
    with archive.open(probe) as stream:
        while chunk := stream.read(_CHUNK):
            produced += len(chunk)
            if produced > budget:
                _refuse(path, "size", max_uncompressed)
            if produced > RATIO_FLOOR and produced > max_ratio * max(info.compress_size, 1):
                _refuse(path, "ratio", max_ratio)
    return total + produced


def _refuse(path: Path, limit: str, value: float) -> None:
    raise ParseError("workbook_too_large", file=path.name, limit=limit, value=value)
