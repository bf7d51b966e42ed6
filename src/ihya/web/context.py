"""Template context for every page: text direction, role and the user's digit preference."""

from __future__ import annotations

from django.utils.translation import get_language, get_language_bidi

from ihya.accounts.roles import role_of
from ihya.vocabularies import label


def ihya(request) -> dict:
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    profile = getattr(user, "profile", None) if user is not None and user.is_authenticated else None
    return {
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "language": get_language() or "ar",
        "role": role,
        "role_label": label("role", role) if role else "",
        "digits": profile.digits if profile else "latn",
    }
