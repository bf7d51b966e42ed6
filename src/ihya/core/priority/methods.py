"""Multi-criteria ranking methods over a decision matrix (alternatives × criteria).

Pure functions returning results that carry their intermediate values, so that a rank can be
explained: the normalised and weighted matrices, each criterion's contribution to a score, the
ideal and anti-ideal points of TOPSIS, the flows of PROMETHEE II.

- weighted sum (WSM) of min-max or vector normalised criteria;
- TOPSIS (Hwang & Yoon 1981) with vector or min-max normalisation: closeness
  d⁻ / (d⁺ + d⁻) to the ideal and anti-ideal points;
- PROMETHEE II (Brans & Vincke 1985) with the six standard preference functions: usual,
  U-shape (q), V-shape (p), level (q, p), linear with indifference (q, p), Gaussian (s);
  net flow φ = φ⁺ − φ⁻, and its decomposition φ = Σ_j w_j φ_j by criterion.

Cost criteria (smaller is better) are marked in ``cost``. Rank 1 is the best; ties share the
better rank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Normalization = Literal["vector", "minmax"]
PREFERENCES = ("usual", "ushape", "vshape", "level", "linear", "gaussian")


class PriorityInputError(ValueError):
    pass


@dataclass(frozen=True)
class Ranking:
    method: str
    scores: np.ndarray
    ranks: np.ndarray
    # alternatives × criteria: each criterion's part of the score (WSM, PROMETHEE: they sum to
    # the score), or its weighted normalised value (TOPSIS, beside the ideal and anti-ideal)
    contributions: np.ndarray
    details: dict = field(default_factory=dict)


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """1 for the highest score; equal scores share the better rank (1, 2, 2, 4)."""
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(scores.size, dtype=np.int64)
    ranks[order] = np.arange(1, scores.size + 1)
    # ties: the rank of the first of equal scores
    sorted_scores = scores[order]
    first = np.r_[0, np.flatnonzero(np.diff(sorted_scores) != 0) + 1]
    group_rank = np.repeat(first + 1, np.diff(np.r_[first, scores.size]))
    ranks[order] = group_rank
    return ranks


def check(matrix, weights, cost=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 1:
        raise PriorityInputError("the matrix needs at least two alternatives and one criterion")
    if w.shape != (x.shape[1],):
        raise PriorityInputError(f"{x.shape[1]} criteria but {w.size} weights")
    if not np.isfinite(x).all():
        raise PriorityInputError("the matrix has empty or non-numeric cells")
    if (w < 0).any() or w.sum() <= 0:
        raise PriorityInputError("weights must be non-negative and not all zero")
    c = np.zeros(x.shape[1], dtype=bool) if cost is None else np.asarray(cost, dtype=bool)
    if c.shape != (x.shape[1],):
        raise PriorityInputError("one cost flag per criterion")
    return x, w / w.sum(), c


def normalize(x: np.ndarray, cost: np.ndarray, how: Normalization) -> np.ndarray:
    """Benefit-oriented normalised matrix: for a cost criterion, larger is still better."""
    if how == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        span = np.where(hi > lo, hi - lo, 1.0)
        r = (x - lo) / span
        r[:, cost] = (hi[cost] - x[:, cost]) / span[cost]
        r[:, hi == lo] = 1.0
        return r
    if how == "vector":
        norm = np.sqrt((x**2).sum(axis=0))
        r = x / np.where(norm > 0, norm, 1.0)
        r[:, cost] = 1.0 - r[:, cost]
        return r
    raise PriorityInputError(f"unknown normalisation {how!r}; use vector or minmax")


def wsm(matrix, weights, cost=None, *, normalization: Normalization = "minmax") -> Ranking:
    x, w, c = check(matrix, weights, cost)
    r = normalize(x, c, normalization)
    contributions = r * w[None, :]
    scores = contributions.sum(axis=1)
    return Ranking("wsm", scores, ranks_of(scores), contributions, {"normalized": r})


def topsis(matrix, weights, cost=None, *, normalization: Normalization = "vector") -> Ranking:
    x, w, c = check(matrix, weights, cost)
    r = normalize(x, c, normalization)
    v = r * w[None, :]
    ideal, anti = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    # closeness is not additive: the explanation shows each criterion's weighted value beside
    # the ideal and anti-ideal ones
    return Ranking(
        "topsis",
        closeness,
        ranks_of(closeness),
        v,
        {
            "normalized": r,
            "weighted": v,
            "ideal": ideal,
            "anti_ideal": anti,
            "d_plus": d_plus,
            "d_minus": d_minus,
        },
    )


def preference(
    d: np.ndarray, kind: str, q: float = 0.0, p: float = 0.0, s: float = 0.0
) -> np.ndarray:
    """The six preference functions of Brans & Vincke; ``d`` is a difference (a − b)."""
    if kind == "usual":
        return (d > 0).astype(float)
    if kind == "ushape":
        return (d > q).astype(float)
    if kind == "vshape":
        if p <= 0:
            raise PriorityInputError("the V-shape function needs p > 0")
        return np.clip(d / p, 0.0, 1.0) * (d > 0)
    if kind == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if kind == "linear":
        if p <= q:
            raise PriorityInputError("the linear function needs p > q")
        return np.clip((d - q) / (p - q), 0.0, 1.0)
    if kind == "gaussian":
        if s <= 0:
            raise PriorityInputError("the Gaussian function needs s > 0")
        return np.where(d > 0, 1.0 - np.exp(-(d**2) / (2 * s**2)), 0.0)
    raise PriorityInputError(
        f"unknown preference function {kind!r}; use one of {', '.join(PREFERENCES)}"
    )


def promethee2(
    matrix,
    weights,
    cost=None,
    *,
    preference_functions: str | list[str] = "usual",
    q=None,
    p=None,
    s=None,
) -> Ranking:
    x, w, c = check(matrix, weights, cost)
    n, m = x.shape
    kinds = (
        [preference_functions] * m
        if isinstance(preference_functions, str)
        else list(preference_functions)
    )
    if len(kinds) != m:
        raise PriorityInputError(f"{m} criteria but {len(kinds)} preference functions")

    def per_criterion(values, name):
        if values is None:
            return np.zeros(m)
        arr = np.broadcast_to(np.asarray(values, dtype=float), (m,))
        if (arr < 0).any():
            raise PriorityInputError(f"{name} thresholds cannot be negative")
        return arr

    qs, ps, ss = per_criterion(q, "q"), per_criterion(p, "p"), per_criterion(s, "s")
    phi = np.zeros((n, m))  # single-criterion net flows
    plus = np.zeros(n)
    minus = np.zeros(n)
    for j in range(m):
        d = x[:, j][:, None] - x[:, j][None, :]
        if c[j]:
            d = -d
        P = preference(d, kinds[j], qs[j], ps[j], ss[j])
        np.fill_diagonal(P, 0.0)
        phi[:, j] = (P.sum(axis=1) - P.sum(axis=0)) / (n - 1)
        plus += w[j] * P.sum(axis=1) / (n - 1)
        minus += w[j] * P.sum(axis=0) / (n - 1)
    net = plus - minus
    contributions = phi * w[None, :]
    return Ranking(
        "promethee",
        net,
        ranks_of(net),
        contributions,
        {"positive_flow": plus, "negative_flow": minus, "criterion_flows": phi},
    )


def rank(method: str, matrix, weights, cost=None, **options) -> Ranking:
    if method == "wsm":
        return wsm(matrix, weights, cost, normalization=options.get("normalization") or "minmax")
    if method == "topsis":
        return topsis(matrix, weights, cost, normalization=options.get("normalization") or "vector")
    if method == "promethee":
        return promethee2(
            matrix,
            weights,
            cost,
            preference_functions=options.get("preference") or "usual",
            q=options.get("q"),
            p=options.get("p"),
            s=options.get("s"),
        )
    raise PriorityInputError(f"unknown method {method!r}; use wsm, topsis or promethee")
