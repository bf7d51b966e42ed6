"""Ihya (إحياء): revive stalled factories and grow non-oil exports.

Use as a library::

    import ihya
    ihya.setup()                      # configure Django from IHYA_* settings
    from ihya.registry import selectors
    selectors.factory_list(status="stalled")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ihya")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"


def setup() -> None:
    """Configure Django for Ihya (idempotent). See :mod:`ihya.bootstrap`."""
    from ihya.bootstrap import setup as _setup

    _setup()
