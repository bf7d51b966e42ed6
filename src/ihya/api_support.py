"""What every API router shares: the permission check, bounded pagination, and turning a
table of NumPy columns into JSON records."""

from __future__ import annotations

import math

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


def records(table: dict) -> list[dict]:
    """Columns (NumPy arrays) → one dict per row, with plain Python values and NaN or ±inf as
    None (JSON has neither)."""
    keys = list(table)
    if not keys:
        return []

    def plain(value):
        value = value.item() if hasattr(value, "item") else value
        return None if isinstance(value, float) and not math.isfinite(value) else value

    return [{k: plain(table[k][i]) for k in keys} for i in range(len(table[keys[0]]))]
