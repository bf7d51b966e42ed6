"""Weights from pairwise comparisons (Saaty's AHP): the principal eigenvector, λmax, the
consistency index CI = (λmax − n)/(n − 1) and ratio CR = CI/RI, with Saaty's random indices."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ihya.core.ingest.normalize import normalize_digits
from ihya.core.priority.methods import PriorityInputError

# Saaty's random consistency indices for n = 1 … 10 (Saaty 1980, table 1.7.1; also 1990)
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
CR_LIMIT = 0.10


@dataclass(frozen=True)
class AhpResult:
    labels: list[str]
    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float | None  # None when n < 3 (always consistent) or n > 10 (no table entry)

    @property
    def consistent(self) -> bool:
        return self.cr is None or self.cr <= CR_LIMIT


def parse_judgement(text: str) -> float:
    """``3``, ``1/3``, ``0.333``, ``١/٣`` or ``٣`` — the way analysts type them."""
    raw = normalize_digits(str(text)).strip().replace("٫", ".").replace("⁄", "/")
    try:
        value = float(Fraction(raw)) if "/" in raw else float(raw)
    except (ValueError, ZeroDivisionError):
        raise PriorityInputError(f"{text!r} is not a number or a fraction such as 1/3") from None
    if value <= 0:
        raise PriorityInputError(f"{text!r}: judgements must be positive")
    return value


def ahp(matrix, labels: list[str] | None = None, *, tolerance: float = 0.02) -> AhpResult:
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if a.ndim != 2 or a.shape != (n, n) or n < 2:
        raise PriorityInputError("the pairwise matrix must be square, at least 2 × 2")
    if (a <= 0).any():
        raise PriorityInputError("every judgement must be positive")
    if not np.allclose(np.diag(a), 1.0):
        raise PriorityInputError("the diagonal must be 1 (each criterion equals itself)")
    bad = np.argwhere(np.abs(a * a.T - 1.0) > tolerance)
    if bad.size:
        i, j = bad[0]
        raise PriorityInputError(
            f"row {i + 1}, column {j + 1}: {a[i, j]:g} is not the reciprocal of {a[j, i]:g} (expected {1 / a[j, i]:.4g})"
        )
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    w /= w.sum()
    lam = float(values[k].real)
    ci = (lam - n) / (n - 1)
    cr = ci / RANDOM_INDEX[n - 1] if 3 <= n <= len(RANDOM_INDEX) else None
    return AhpResult(labels or [f"C{i + 1}" for i in range(n)], w, lam, ci, cr)


def matrix_from_pairs(labels: list[str], judgements: dict[tuple[str, str], float]) -> np.ndarray:
    """The reciprocal matrix from one judgement per pair (a, b) with a before b in ``labels``,
    each clamped to Saaty's scale 1/9 … 9; a missing pair counts as 1 (equal)."""
    n = len(labels)
    matrix = np.ones((n, n))
    for i, a in enumerate(labels):
        for j in range(i + 1, n):
            value = min(9.0, max(1 / 9, float(judgements.get((a, labels[j]), 1.0))))
            matrix[i, j], matrix[j, i] = value, 1 / value
    return matrix


def read_pairwise(rows: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """A square table with labels in the first row and column (the first cell may be empty)."""
    header = [c.strip() for c in rows[0][1:]]
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    if len(body) != len(header):
        raise PriorityInputError(f"{len(header)} column labels but {len(body)} rows")
    labels = [r[0].strip() for r in body]
    if labels != header:
        raise PriorityInputError("the row labels must repeat the column labels, in the same order")
    matrix = np.array([[parse_judgement(c) for c in r[1 : len(header) + 1]] for r in body])
    return labels, matrix
