"""Tables as the core returns them (a dict of equal-length columns) turned into plain rows."""

from __future__ import annotations

import math


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
