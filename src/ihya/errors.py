"""The one error the services raise when they refuse a request, whatever the interface.

A service checks every rule itself and raises ``ServiceError`` (or a subclass naming the kind of
refusal) with one ``Problem`` per broken rule: the input field it concerns, a stable code and a
message in the catalogs (Arabic and English). The pages put each problem on its form field, the
API answers ``application/problem+json`` with the HTTP status of the subclass, the command line
prints the problems and exits 1. So the same invalid input gives the same coded issue on a page,
through the API and from the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation


@dataclass(frozen=True)
class Problem:
    """One broken rule: the input field it concerns (None: the request as a whole), a stable
    code for programs, and the reason in Arabic and in English."""

    field: str | None
    code: str
    ar: str
    en: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, field: str | None, code: str, message: Any, /, **params: Any) -> Problem:
        """A problem whose reason is a (lazy) gettext ``message`` with %(name)s placeholders
        (any name, ``code`` and ``field`` included: the first three are positional only)."""

        def render(language: str) -> str:
            with translation.override(language):
                text = str(message)
                return text % params if params else text

        return cls(field, code, render("ar"), render("en"), params)

    def text(self, language: str | None = None) -> str:
        """The reason in ``language`` (the active language by default)."""
        language = language or translation.get_language() or "ar"
        return self.ar if language.startswith("ar") else self.en

    def as_dict(self) -> dict[str, Any]:
        """For the API: field, code, reasons, and where in a file (row, file) when known."""
        where = {k: self.params[k] for k in ("row", "file") if self.params.get(k) is not None}
        return {
            "field": self.field,
            "code": self.code,
            "reason_ar": self.ar,
            "reason_en": self.en,
            **where,
        }


class ServiceError(Exception):
    """A refused request: nothing was written. ``status`` is the HTTP status the API answers."""

    status = 422
    title = "Invalid request"

    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(f"{p.field or '-'}: {p.code}" for p in problems))
        self.problems = list(problems)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def text(self, language: str | None = None) -> str:
        return " ".join(p.text(language) for p in self.problems)


class Invalid(ServiceError):
    status = 422
    title = "Invalid input"


class Forbidden(ServiceError):
    status = 403
    title = "Forbidden"


class NotFound(ServiceError):
    status = 404
    title = "Not found"


class Conflict(ServiceError):
    """The request collides with the current state: a stale version, a taken name, a busy job."""

    status = 409
    title = "Conflict"


class StaleEdit(Conflict):
    """Optimistic locking: the record carries a ``version``, bumped by every save, and this save
    was made on an older one — somebody saved it after the caller read it. Refused (409, code
    ``stale`` on the field ``version``), never overwriting their change; ``current`` is the
    version now. ``message``: the record's (gettext) sentence, with ``%(version)s``."""

    def __init__(self, current: int, message: Any) -> None:
        super().__init__(Problem.of("version", "stale", message, version=current))
        self.current = current

    @classmethod
    def check(cls, current: int, version: int | None, message: Any) -> None:
        """Raise unless ``version`` (what the caller read; None: not said, no check) is
        ``current``. Call it on the row locked for the save (``select_for_update``)."""
        if version is not None and version != current:
            raise cls(current, message)


class TooLarge(ServiceError):
    """An upload beyond the limits (IHYA_UPLOAD_MAX_MB, or a workbook expanding too far)."""

    status = 413
    title = "Content too large"


class StorageFull(ServiceError):
    """The server's disk (or the user's quota) is full: nothing was kept (``ihya.files``)."""

    status = 507
    title = "Insufficient storage"
