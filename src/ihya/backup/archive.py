"""The backup archive: a tar (gzip-compressed unless its name ends with ``.tar``) of the database
dump under ``database/``, the data files under ``files/`` and, last, ``manifest.json`` (what made
it, every member's size and SHA-256) with ``manifest.sha256`` (the manifest's own checksum).

Reading never trusts the archive: every member is checked as it is extracted into a staging
folder (a regular file, a safe relative name, one of the expected places, not twice), and nothing
is used until every checksum matched the manifest. Standard library only."""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
CHUNK = 1024 * 1024

Progress = Callable[[str, int, int | None], None]


class Damaged(Exception):
    """The archive is not a whole, unaltered backup: ``code`` says why, ``detail`` names what."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Member:
    name: str
    size: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


class _Hashing:
    """A file object that hashes (and counts) what is read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


@dataclass
class Writer:
    """Adds members to a new archive, hashing each as it is written; ``close`` appends the
    manifest. The archive is written under a temporary name and renamed when whole."""

    path: Path
    members: list[Member] = field(default_factory=list)

    def __post_init__(self) -> None:
        compressed = not self.path.name.endswith(".tar")
        self.part = self.path.with_name(f".{self.path.name}.part")
        mode = "w:gz" if compressed else "w"
        # closed by close() or abort()
        self.tar = tarfile.open(self.part, mode, format=tarfile.PAX_FORMAT)  # noqa: SIM115

    def add_file(self, name: str, source: Path, mode: int = 0o644) -> None:
        with open(source, "rb") as fh:
            info = tarfile.TarInfo(name)
            info.size = os.fstat(fh.fileno()).st_size
            info.mtime = int(os.fstat(fh.fileno()).st_mtime)
            info.mode = mode
            hashing = _Hashing(fh)
            self.tar.addfile(info, hashing)
        self.members.append(Member(name, info.size, hashing.digest.hexdigest()))

    def add_bytes(self, name: str, data: bytes) -> None:
        import io

        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o644
        self.tar.addfile(info, io.BytesIO(data))

    def close(self, manifest: dict[str, Any]) -> None:
        manifest = {**manifest, "members": [m.as_dict() for m in self.members]}
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        self.add_bytes(MANIFEST, text)
        self.add_bytes(MANIFEST_SUM, (hashlib.sha256(text).hexdigest() + "\n").encode())
        self.tar.close()
        os.replace(self.part, self.path)

    def abort(self) -> None:
        self.tar.close()
        self.part.unlink(missing_ok=True)


def _safe_name(name: str, allowed: Callable[[PurePosixPath], bool]) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in name.split("/"))
        or "\\" in name
        or "\x00" in name
    ):
        raise Damaged("unsafe_name", name)
    if name in (MANIFEST, MANIFEST_SUM) or allowed(path):
        return path
    raise Damaged("unexpected_member", name)


def extract(
    archive: Path,
    staging: Path,
    *,
    allowed: Callable[[PurePosixPath], bool],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Extract ``archive`` into ``staging`` checking every member against the manifest; returns
    the manifest. Raises ``Damaged`` (the staging folder then holds partial files: the caller
    removes it) — nothing outside ``staging`` is ever written."""
    total = archive.stat().st_size
    seen: dict[str, tuple[int, str]] = {}
    try:
        with open(archive, "rb") as raw, tarfile.open(fileobj=raw, mode="r:*") as tar:
            for info in tar:
                if not info.isfile():
                    raise Damaged("unexpected_member", info.name)
                path = _safe_name(info.name, allowed)
                if info.name in seen:
                    raise Damaged("duplicate_member", info.name)
                target = staging.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(info)
                assert source is not None
                digest = hashlib.sha256()
                size = 0
                with open(target, "wb") as fh:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        fh.write(chunk)
                seen[info.name] = (size, digest.hexdigest())
                if progress:
                    progress("reading the archive", raw.tell(), total)
    except (tarfile.TarError, EOFError, zlib.error, ValueError) as exc:
        raise Damaged("unreadable", str(exc)) from exc
    except OSError as exc:
        if exc.errno is not None:
            raise  # the disk, not the archive (no space left, permissions)
        raise Damaged("unreadable", str(exc)) from exc  # a gzip stream's bad checksum
    return _checked_manifest(staging, seen)


def _checked_manifest(staging: Path, seen: dict[str, tuple[int, str]]) -> dict[str, Any]:
    if MANIFEST not in seen or MANIFEST_SUM not in seen:
        raise Damaged("no_manifest", MANIFEST)
    text = (staging / MANIFEST).read_bytes()
    recorded = (staging / MANIFEST_SUM).read_text(errors="replace").strip()
    if hashlib.sha256(text).hexdigest() != recorded:
        raise Damaged("manifest_checksum", MANIFEST)
    try:
        manifest = json.loads(text)
        members = {m["name"]: (int(m["size"]), str(m["sha256"])) for m in manifest["members"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise Damaged("manifest_unreadable", str(exc)) from exc
    if manifest.get("format") != FORMAT:
        raise Damaged("format", str(manifest.get("format")))
    found = {k: v for k, v in seen.items() if k not in (MANIFEST, MANIFEST_SUM)}
    for name in sorted(members.keys() - found.keys()):
        raise Damaged("missing_member", name)
    for name in sorted(found.keys() - members.keys()):
        raise Damaged("unexpected_member", name)
    for name, (size, digest) in sorted(found.items()):
        if (size, digest) != members[name]:
            raise Damaged("checksum", name)
    return manifest


def walk(root: Path, folders: Iterable[str]) -> list[tuple[str, Path]]:
    """Every regular file under ``root/<folder>`` for the given folders, as (relative POSIX name,
    path), sorted; symbolic links and temporary ``.part`` files are left out."""
    found = []
    for folder in folders:
        base = root / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not Path(dirpath, d).is_symlink()]
            for name in filenames:
                path = Path(dirpath, name)
                if path.is_symlink() or not path.is_file() or name.endswith(".part"):
                    continue
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)
