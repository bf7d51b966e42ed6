"""What every API router shares: the permission check and bounded pagination."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from ninja import Field, Schema
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000


def require(request, permission: str) -> None:
    """Refuse (403, problem+json) unless the caller's role grants ``permission``."""
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"This needs the permission {permission}.")


def permission(*permissions: str) -> Callable:
    """Declare what an operation needs, checked right after the caller is authenticated and
    before its parameters or body are read: a caller whose role lacks one gets 403, never a
    422 about a body it was not allowed to send (``ihya.api``'s authentication calls
    :func:`authorised`). Put it under the router's decorator."""

    def mark(run: Callable) -> Callable:
        @wraps(run)
        def marked(request, *args, **kwargs):
            request.ihya_permissions = permissions
            return run(request, *args, **kwargs)

        return marked

    mark.permissions = permissions  # read back by declared_permissions()
    return decorate_view(mark)


def declared_permissions(operation) -> tuple[str, ...]:
    """The permissions an API operation (a Ninja ``Operation``) declared with
    :func:`permission`, in order; () when it declared none (the service alone decides)."""
    found: list[str] = []
    for decorator in getattr(operation, "_run_decorators", ()):
        found.extend(getattr(decorator, "permissions", ()))
    return tuple(found)


def authorised(request, user) -> None:
    """Refuse (403, ``Forbidden``: the reason in the caller's language, the missing permission
    under ``issues``) a caller lacking one of the permissions its operation declared."""
    from ihya.accounts.actors import Actor

    needed = getattr(request, "ihya_permissions", ())
    if needed:
        Actor.of(user).require(*needed)


class Pagination(LimitOffsetPagination):
    """Limit/offset with both bounds checked: Ninja's own leaves ``offset`` unbounded, and an
    offset past 2⁶³ reaches PostgreSQL as "bigint out of range" (a 500)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=getattr(settings, "NINJA_PAGINATION_MAX_LIMIT", 1000))
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
