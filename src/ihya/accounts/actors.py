"""Who makes a change. Every service takes an ``Actor``: a signed-in user (pages, API), the
command line's operator (``cli:<login>``) or the system (a migration, a background step with no
user). The audit log names the actor; the services check its permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    name: str
    user: Any = None  # the django User of a person; None for the command line and the system

    @classmethod
    def of(cls, who: Any) -> Actor:
        """An actor from a user, an actor, a name or None (the system)."""
        if isinstance(who, Actor):
            return who
        if who is None:
            return SYSTEM
        if hasattr(who, "get_username"):
            return cls(who.get_username() or "anonymous", who)
        return cls(str(who))

    @classmethod
    def cli(cls) -> Actor:
        """The person at the command line, by their operating-system login. Whoever can run
        ``ihya`` on the server can reach the database: the command line acts with every right."""
        import getpass

        try:
            return cls(f"cli:{getpass.getuser()}")
        except (KeyError, OSError):
            return cls("cli")

    @property
    def pk(self) -> int | None:
        return getattr(self.user, "pk", None)

    @property
    def is_person(self) -> bool:
        return self.user is not None

    def has_perm(self, perm: str) -> bool:
        """Django's permission check for a person; the command line and the system may do all."""
        if self.user is None:
            return True
        return bool(self.user.is_active and self.user.has_perm(perm))

    def require(self, *perms: str) -> None:
        """Refuse (``Forbidden``, 403) unless the actor holds every one of ``perms``."""
        from django.utils.translation import gettext_lazy as _

        from ihya.errors import Forbidden, Problem

        missing = [p for p in perms if not self.has_perm(p)]
        if missing:
            raise Forbidden(
                Problem.of(
                    None,
                    "forbidden",
                    _("Your role does not allow this (%(permission)s)."),
                    permission=", ".join(missing),
                )
            )

    def body_id(self) -> int | None:
        profile = getattr(self.user, "profile", None)
        return getattr(profile, "body_id", None)

    def __str__(self) -> str:
        return self.name


SYSTEM = Actor("system")
