"""The product space as a drawable network: its backbone and a deterministic layout.

Following Hidalgo et al. (2007): the maximum spanning tree of the proximity matrix keeps every
product connected, and the strongest remaining links (proximity at or above a threshold, 0.55 in
the paper) are added on top. The layout is a seeded force-directed (Fruchterman–Reingold)
placement, so the same run always draws the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import minimum_spanning_tree


@dataclass(frozen=True)
class Network:
    source: np.ndarray  # node indices
    target: np.ndarray
    weight: np.ndarray  # proximity
    x: np.ndarray  # node positions in [0, 1]
    y: np.ndarray


def backbone(phi: np.ndarray, *, threshold: float = 0.55, max_edges: int | None = None):
    """Edges (i < j) of the maximum spanning tree plus every link with φ ≥ ``threshold``
    (strongest first, at most ``max_edges`` in all)."""
    n = phi.shape[0]
    w = np.array(phi, dtype=float, copy=True)
    np.fill_diagonal(w, 0.0)
    w = np.maximum(w, w.T)
    # a maximum spanning tree is the minimum spanning tree of (constant − weight); zero means
    # "no edge" to scipy, so shift the weights of existing links into (0, 1]
    present = w > 0
    cost = np.where(present, 1.0 + 1e-9 - w / max(w.max(), 1e-12), 0.0)
    tree = minimum_spanning_tree(csr_matrix(cost)).tocoo()
    edges = {
        (min(a, b), max(a, b)) for a, b in zip(tree.row.tolist(), tree.col.tolist(), strict=True)
    }
    iu, ju = np.triu_indices(n, k=1)
    strong = w[iu, ju] >= threshold
    order = np.argsort(-w[iu[strong], ju[strong]], kind="stable")
    for a, b in zip(iu[strong][order].tolist(), ju[strong][order].tolist(), strict=True):
        if max_edges is not None and len(edges) >= max_edges:
            break
        edges.add((a, b))
    pairs = np.array(sorted(edges), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1], w[pairs[:, 0], pairs[:, 1]]


def layout(
    n: int,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    *,
    seed: int = 0,
    iterations: int = 200,
    gravity: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Fruchterman–Reingold in the unit square, seeded; O(n²) per iteration (meant for ≤ ~2,000
    nodes)."""
    if n == 0:
        return np.array([]), np.array([])
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    k2 = np.float32(1.0 / n)
    k = np.sqrt(k2)
    w = np.asarray(weight, dtype=np.float32)
    temperature = 0.1
    for step in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        force = k2 / (dx * dx + dy * dy + np.float32(1e-6))  # repulsion k²/d, along (dx, dy)/d
        np.fill_diagonal(force, 0.0)
        disp = np.stack([(force * dx).sum(axis=1), (force * dy).sum(axis=1)], axis=1)
        d = pos[source] - pos[target]
        length = np.sqrt((d * d).sum(axis=1)) + np.float32(1e-9)
        pull = (length / k * w)[:, None] * d  # attraction d²/k along each link
        np.add.at(disp, source, -pull)
        np.add.at(disp, target, pull)
        disp -= np.float32(gravity) * (pos - pos.mean(axis=0))  # keeps loose branches in view
        size = np.sqrt((disp * disp).sum(axis=1)) + np.float32(1e-9)
        pos += disp / size[:, None] * np.minimum(size, np.float32(temperature))[:, None]
        temperature = 0.1 * (1 - (step + 1) / iterations) + 1e-3
    pos = pos.astype(np.float64)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    pos = (pos - lo) / np.where(hi - lo > 0, hi - lo, 1.0)
    return pos[:, 0], pos[:, 1]


def network(
    phi: np.ndarray, *, threshold: float = 0.55, max_edges: int | None = None, seed: int = 0
) -> Network:
    source, target, weight = backbone(phi, threshold=threshold, max_edges=max_edges)
    x, y = layout(phi.shape[0], source, target, weight, seed=seed)
    return Network(source=source, target=target, weight=weight, x=x, y=y)
