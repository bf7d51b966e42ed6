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
    field: str | None  # the input field, or None when it concerns the request as a whole
    code: str  # stable, for programs: "required", "unknown", "stale"…
    message: Any  # a (lazy) gettext string, with %(name)s placeholders for ``params``
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` (the active language by default)."""
        with translation.override(language or translation.get_language() or "ar"):
            message = str(self.message)
            return message % dict(self.params) if self.params else message

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "params": {k: str(v) for k, v in self.params.items()},
            "message_ar": self.text("ar"),
            "message_en": self.text("en"),
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
