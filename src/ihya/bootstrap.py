"""Set Django up outside a web server: the CLI, the Python library and scripts call this."""

from __future__ import annotations

import os

_done = False


def setup() -> None:
    """Point Django at :mod:`ihya.settings` (unless told otherwise) and initialise it once."""
    global _done
    if _done:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ihya.settings")
    import django

    from ihya.i18n import ensure_compiled

    ensure_compiled()
    django.setup()
    _done = True
