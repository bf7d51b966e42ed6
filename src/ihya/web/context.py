"""Template context for every page: text direction, role and the user's digit preference."""

from __future__ import annotations

from django.utils.translation import get_language, get_language_bidi

from ihya.accounts.roles import role_of
from ihya.vocabularies import label


def digits_of(user) -> str:
    """The digits a user reads numbers in (``latn`` or ``arab``, the profile's choice); a page
    drawn once and kept for many users (a decision, a plan's milestones) is kept per digits."""
    if user is None or not user.is_authenticated:
        return "latn"
    return getattr(getattr(user, "profile", None), "digits", None) or "latn"


def ihya(request) -> dict:
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "language": get_language() or "ar",
        "role": role,
        "role_label": label("role", role) if role else "",
        "digits": digits_of(user),
    }
