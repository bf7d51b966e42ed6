"""What every API router shares: the permission check and bounded pagination."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000


def require(request, permission: str) -> None:
    """Refuse (403, problem+json) unless the caller's role grants ``permission``."""
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"This needs the permission {permission}.")


class Pagination(LimitOffsetPagination):
    """Limit/offset with both bounds checked: Ninja's own leaves ``offset`` unbounded, and an
    offset past 2⁶³ reaches PostgreSQL as "bigint out of range" (a 500)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=getattr(settings, "NINJA_PAGINATION_MAX_LIMIT", 1000))
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
