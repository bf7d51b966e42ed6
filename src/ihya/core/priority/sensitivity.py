"""What would have to change for an alternative to move up: for each criterion alone, the
smallest change of the alternative's own value that lifts its score to that of the one ranked
just above (equal scores share the better rank), for any method.

The method is re-run on the changed matrix, so that everything the change moves is counted: the
min-max span or the vector norm of the column, TOPSIS's ideal and anti-ideal points, every
PROMETHEE comparison. The change is found by bisection in the improving direction (up for a
benefit, down for a cost criterion), within a bracket found by a scan that doubles — in eighths
of each doubling for TOPSIS with vector normalisation, whose gap need not close monotonically —
so the change is the smallest one up to that scan's resolution; a criterion that cannot close the
gap alone within 2⁴⁰ times the column's range gives None. A column
with no negative value (a cost, a count of jobs) is not taken below zero.
"""

from __future__ import annotations

import numpy as np

from ihya.core.priority.methods import rank

STEPS = 60  # bisection steps: the bracket shrinks by 2⁶⁰
GROWTH = 40  # doublings of the bracket before giving up


def _gap(method, x, w, cost, i, k, j, delta, options) -> float:
    changed = x.copy()
    changed[i, j] += delta
    scores = rank(method, changed, w, cost, **options).scores
    return float(scores[i] - scores[k])


def change_to_pass(method: str, matrix, weights, cost, i: int, k: int, j: int, **options):
    """The change of ``matrix[i, j]`` (signed: negative for a cost criterion) that alone brings
    alternative ``i``'s score to alternative ``k``'s; None if no change of that criterion can."""
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    c = np.zeros(x.shape[1], bool) if cost is None else np.asarray(cost, bool)
    if _gap(method, x, w, c, i, k, j, 0.0, options) >= 0:
        return 0.0
    sign = -1.0 if c[j] else 1.0
    column = x[:, j]
    scale = max(float(column.max() - column.min()), abs(float(x[i, j])), 1e-9)
    floor = float(x[i, j]) if sign < 0 and column.min() >= 0 else None  # not below zero
    # the bracket: the first point of a scan where the gap closes. The scan doubles; for TOPSIS
    # with vector normalisation (the gap can close and open again as the column's norm and the
    # ideal point move) each doubling is cut into eight steps, so that a closing window is not
    # jumped over.
    steps = 8 if method == "topsis" and options.get("normalization", "vector") == "vector" else 1
    low, high = 0.0, None
    top = scale / 64 if steps > 1 else scale
    for _ in range(GROWTH):
        octave = [top * (1 + (m + 1) / steps) / 2 for m in range(steps)] if steps > 1 else [top]
        for point in octave:
            if floor is not None:
                point = min(point, floor)
            if _gap(method, x, w, c, i, k, j, sign * point, options) >= 0:
                high = point
                break
            low = point
            if floor is not None and point >= floor:
                return None
        if high is not None:
            break
        top *= 2
    if high is None:
        return None
    for _ in range(STEPS):
        mid = (low + high) / 2
        if _gap(method, x, w, c, i, k, j, sign * mid, options) >= 0:
            high = mid
        else:
            low = mid
        if high - low <= 1e-9 * max(1.0, high):
            break
    return sign * high
