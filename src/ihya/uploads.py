"""An uploaded file as a path: the pages and the API hand files to the services this way."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path


def save_upload(upload, path: Path) -> Path:
    """Write an uploaded file (Django's ``UploadedFile``) to ``path``, chunk by chunk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return path


@contextlib.contextmanager
def uploaded(upload, *, suffixes: tuple[str, ...] = (), default: str = ".csv") -> Iterator[Path]:
    """The upload in a temporary folder, removed on leaving: under its own name, or — when
    ``suffixes`` are given — as ``upload<suffix>`` with its suffix if allowed, else ``default``
    (a name typed by a user never decides where a file goes)."""
    name = Path(upload.name or "upload").name or "upload"
    if suffixes:
        suffix = Path(name).suffix.lower()
        name = "upload" + (suffix if suffix in suffixes else default)
    with tempfile.TemporaryDirectory(prefix="ihya-upload-") as folder:
        yield save_upload(upload, Path(folder) / name)
