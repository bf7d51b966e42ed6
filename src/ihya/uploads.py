"""An uploaded file as a path: the pages and the API hand files to the services this way.

Every upload passes through here, so the limits are kept here: a file over IHYA_UPLOAD_MAX_MB is
refused before a byte is written, and a workbook (XLSX) whose archive would expand too far
("zip bomb") is refused before any reader opens it — both as ``TooLarge`` (413), with the reason
in Arabic and English.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ihya.core.ingest.normalize import ParseError
from ihya.errors import Problem, TooLarge
from ihya.files import atomic_writer

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def upload_max_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def too_large() -> TooLarge:
    return TooLarge(
        Problem.of(
            "file", "too_large", _("The file is larger than %(mb)s MB."), mb=settings.UPLOAD_MAX_MB
        )
    )


def upload_check(upload) -> None:
    """Refuse an upload larger than IHYA_UPLOAD_MAX_MB (``TooLarge``)."""
    if (upload.size or 0) > upload_max_bytes():
        raise too_large()


def workbook_guard(path: Path) -> None:
    """Refuse a workbook whose archive has too many entries or expands too far (``TooLarge``);
    anything else the reader reports itself. Other files pass."""
    from ihya.core.ingest.archive import workbook_check

    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return
    try:
        workbook_check(path)
    except ParseError as error:
        if error.code != "workbook_too_large":
            return  # not a zip: the reader says it cannot read the file
        raise TooLarge(
            Problem.of(
                "file",
                "workbook_too_large",
                _(
                    "The workbook expands to too much data to be read safely; split it or save "
                    "it as CSV."
                ),
            )
        ) from error


def save_upload(upload, path: Path) -> Path:
    """Write an uploaded file (Django's ``UploadedFile``) to ``path``, chunk by chunk, once its
    size is checked; then check a workbook's archive (the file is removed when refused)."""
    upload_check(upload)
    written = 0
    with atomic_writer(path) as fh:  # a full disk: StorageFull (507), no partial file left
        for chunk in upload.chunks():
            written += len(chunk)
            if written > upload_max_bytes():
                raise too_large()
            fh.write(chunk)
    try:
        workbook_guard(path)
    except TooLarge:
        path.unlink(missing_ok=True)
        raise
    return path


@contextlib.contextmanager
def uploaded(upload, *, suffixes: tuple[str, ...] = (), default: str = ".csv") -> Iterator[Path]:
    """The upload in a temporary folder, removed on leaving: under its own name, or — when
    ``suffixes`` are given — as ``upload<suffix>`` with its suffix if allowed, else ``default``
    (a name typed by a user never decides where a file goes). Refused as ``save_upload``."""
    name = Path(upload.name or "upload").name or "upload"
    if suffixes:
        suffix = Path(name).suffix.lower()
        name = "upload" + (suffix if suffix in suffixes else default)
    with tempfile.TemporaryDirectory(prefix="ihya-upload-") as folder:
        yield save_upload(upload, Path(folder) / name)
