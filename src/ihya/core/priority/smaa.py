"""Rank acceptability under weight uncertainty, in the manner of SMAA-2 (Lahdelma & Salminen 2001).

Weights are sampled either uniformly over the whole simplex or around chosen weights (Dirichlet
with the chosen weights as its mean and ``concentration`` as its precision). For each sample the
alternatives are scored with a weighted sum of the normalised matrix and ranked. Results: the
rank acceptability b[i, r] (share of samples where alternative i holds rank r + 1), the
first-rank acceptability, and the central weight vector of each alternative (its mean weights
over the samples where it ranks first).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ihya.core.priority.methods import Normalization, check, normalize

CHUNK = 500  # samples per block: 5,000 × 500 scores = 20 MB


@dataclass(frozen=True)
class Acceptability:
    acceptability: np.ndarray  # alternatives × ranks
    central_weights: np.ndarray  # alternatives × criteria (NaN where never first)
    samples: int

    @property
    def first(self) -> np.ndarray:
        return self.acceptability[:, 0]

    def stability(self, ranks: np.ndarray, *, window: int = 1) -> np.ndarray:
        """Share of samples in which each alternative stays within ``window`` of its rank."""
        n = self.acceptability.shape[0]
        out = np.empty(n)
        for i, r in enumerate(np.asarray(ranks) - 1):
            out[i] = self.acceptability[i, max(0, r - window) : min(n, r + window + 1)].sum()
        return out


def sample_weights(
    m: int,
    samples: int,
    *,
    around: np.ndarray | None = None,
    concentration: float = 50.0,
    seed: int = 0,
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if around is None:
        return rng.dirichlet(np.ones(m), size=samples)  # uniform over the simplex
    mean = np.asarray(around, dtype=float)
    mean = mean / mean.sum()
    return rng.dirichlet(np.maximum(mean * concentration, 1e-3), size=samples)


def acceptability(
    matrix,
    cost=None,
    *,
    weights: np.ndarray | None = None,
    samples: int = 10_000,
    around: np.ndarray | None = None,
    concentration: float = 50.0,
    normalization: Normalization = "minmax",
    seed: int = 0,
    threads: int = 2,
) -> Acceptability:
    x = np.asarray(matrix, dtype=float)
    m = x.shape[1]
    _, _, c = check(x, np.ones(m), cost)
    r = normalize(x, c, normalization)
    W = (
        weights
        if weights is not None
        else sample_weights(m, samples, around=around, concentration=concentration, seed=seed)
    )
    W = np.asarray(W, dtype=float)
    n = x.shape[0]
    r32 = r.astype(np.float32)  # single precision is plenty to order scores, and sorts faster

    def block(start: int):
        w = W[start : start + CHUNK]
        scores = (r32 @ w.T.astype(np.float32)) * np.float32(-1)  # alternatives × samples
        order = np.argsort(scores, axis=0)  # order[k, s]: the alternative at rank k + 1
        counts = np.bincount((order * n + np.arange(n)[:, None]).ravel(), minlength=n * n)
        winners = order[0]
        central = np.zeros((n, m))
        np.add.at(central, winners, w)
        return counts.reshape(n, n), central, np.bincount(winners, minlength=n)

    starts = range(0, W.shape[0], CHUNK)
    counts = np.zeros((n, n), dtype=np.int64)
    central = np.zeros((n, m))
    wins = np.zeros(n, dtype=np.int64)
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:  # NumPy sorts release the GIL
        for c_counts, c_central, c_wins in pool.map(block, starts):
            counts += c_counts
            central += c_central
            wins += c_wins
    with np.errstate(invalid="ignore", divide="ignore"):
        central_weights = central / wins[:, None]
    return Acceptability(counts / W.shape[0], central_weights, int(W.shape[0]))
