"""The API's limit/offset pagination with both bounds checked: Ninja's own leaves ``offset``
unbounded, and an offset past 2⁶³ reaches PostgreSQL as "bigint out of range" (a 500)."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=getattr(settings, "NINJA_PAGINATION_MAX_LIMIT", 1000))
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
