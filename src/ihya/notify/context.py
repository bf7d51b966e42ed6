"""The navbar's bell: the signed-in user's unread notifications, one COUNT query per page."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from ihya.notify.selectors import unread_count


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # lazy: counted only when a template shows it (base.html does, for signed-in users)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
