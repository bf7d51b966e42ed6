"""The documented rule for missing criterion values: never a silent zero.

A missing value is replaced by the **worst value observed** for that criterion among the
alternatives (the minimum of a benefit criterion, the maximum of a cost criterion), so that a
factory never gains from a gap in its file; the cell is flagged so the interfaces show it. A
criterion with no value at all is left out of the ranking (and reported)."""

from __future__ import annotations

import numpy as np


def impute_worst(values: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """(completed matrix, mask of imputed cells, indices of criteria with no value at all)."""
    x = np.array(values, dtype=float)
    missing = np.isnan(x)
    empty = [j for j in range(x.shape[1]) if missing[:, j].all()]
    for j in range(x.shape[1]):
        if j in empty or not missing[:, j].any():
            continue
        column = x[~missing[:, j], j]
        x[missing[:, j], j] = column.max() if cost[j] else column.min()
    return x, missing, empty
