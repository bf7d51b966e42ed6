"""Notification endpoints: the caller's own notifications (newest first; ``unread`` only, if
asked) and marking them read. Any signed-in user; nobody reaches another's."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ihya.api_support import Pagination
from ihya.notify import messages, selectors

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str  # in the caller's language
    params: dict
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None = None
    emailed_at: dt.datetime | None = None

    @staticmethod
    def resolve_text(obj) -> str:
        return messages.text(obj.kind, obj.params)


class ReadIn(Schema):
    # none: all unread; ids within the database's integers (a larger one was a 500)
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = Field(None, max_length=1000)


class ReadOut(Schema):
    marked: int
    unread: int


@router.get("/notifications", response=list[NotificationOut])
@paginate(Pagination)
def list_notifications(request, unread: bool = False):
    """The caller's notifications, newest first, the text in the caller's language;
    ``unread=true``: only those not read yet."""
    return selectors.notifications_of(user=request.user, unread=unread)


@router.post(
    "/notifications/read",
    response=ReadOut,
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": ReadIn.model_json_schema()}},
        }
    },
)
def read_notifications(request):
    """Mark the caller's notifications read: those of ``ids`` (others' are ignored) in a JSON
    body ``{"ids": [...]}``, or all of them with no body."""
    import json

    from pydantic import ValidationError

    from ihya.notify.services import notifications_mark_read

    ids = None
    if request.content_type == "application/json" and request.body:
        try:
            ids = ReadIn.model_validate(json.loads(request.body)).ids
        except (ValueError, ValidationError) as exc:
            raise HttpError(422, 'The body is {"ids": [numbers]} or nothing.') from exc
    marked = notifications_mark_read(user=request.user, ids=ids)
    return {"marked": marked, "unread": selectors.unread_count(user=request.user)}
