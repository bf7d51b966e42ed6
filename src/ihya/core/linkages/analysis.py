"""Input–output analysis over NumPy arrays, in Miller & Blair's conventions (2009).

Notation: Z (n × n) intermediate flows from row sector i to column sector j, y final demand
(summed over its columns), x gross output, v value-added coefficients, m imported-input
coefficients, e jobs per unit of output, h compensation (household income) coefficients.

- A = Z x̂⁻¹ (technical coefficients), L = (I − A)⁻¹ (Leontief inverse);
- B = x̂⁻¹ Z (allocation coefficients), G = (I − B)⁻¹ (Ghosh inverse);
- simple multipliers: output i'L, value added v'L, employment e'L, income h'L; type II (total)
  multipliers close the model with respect to households (row h, column c = household consumption / total household income);
- Rasmussen–Hirschman linkages: backward BL_j = n Σ_i L_ij / Σ_ij L_ij, forward
  FL_i = n Σ_j G_ij / Σ_ij G_ij, with their coefficients of variation;
- hypothetical extraction, total and partial (backward, Leontief: a sector buys no domestic
  inputs; forward, Ghosh: no sector buys from it), for every sector at once, in closed form from L alone
  (block inversion and Sherman–Morrison), not one inversion per sector.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KEY, BACKWARD, FORWARD, WEAK = "key", "backward", "forward", "weak"
ABOVE = 1e-9  # a normalised linkage counts as above average when it exceeds 1 by more than this


def _inv(x: np.ndarray) -> np.ndarray:
    """1/x, with 0 where x is 0 (a sector with no output has no coefficients)."""
    out = np.zeros_like(x, dtype=float)
    np.divide(1.0, x, out=out, where=x != 0)
    return out


def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.asarray(Z, float) * _inv(np.asarray(x, float))[None, :]


def allocation_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.asarray(Z, float) * _inv(np.asarray(x, float))[:, None]


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    n = A.shape[0]
    return np.linalg.solve(np.eye(n) - A, np.eye(n))


def ghosh_inverse(B: np.ndarray) -> np.ndarray:
    return leontief_inverse(B)


@dataclass(frozen=True)
class Multipliers:
    output: np.ndarray
    value_added: np.ndarray
    employment: np.ndarray | None
    income: np.ndarray | None
    output_type2: np.ndarray | None = None
    value_added_type2: np.ndarray | None = None
    employment_type2: np.ndarray | None = None
    income_type2: np.ndarray | None = None


def household_closure(A: np.ndarray, h: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The Leontief inverse of the model closed with respect to households, (n+1) × (n+1):
    h is the household-income row (compensation per unit of output), c the household
    consumption column (consumption of each sector's product per unit of household income)."""
    n = A.shape[0]
    closed = np.zeros((n + 1, n + 1))
    closed[:n, :n] = A
    closed[n, :n] = h
    closed[:n, n] = c
    return leontief_inverse(closed)


def household_closure_from(L: np.ndarray, h: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The same closed inverse from L without inverting again (Miyazawa's partitioned form):
    with k = 1 / (1 − h L c), the blocks are L + k (L c)(h L), k L c, k h L and k."""
    n = L.shape[0]
    Lc = L @ c
    hL = h @ L
    k = 1.0 / (1.0 - hL @ c)
    closed = np.empty((n + 1, n + 1))
    closed[:n, :n] = L + k * np.outer(Lc, hL)
    closed[:n, n] = k * Lc
    closed[n, :n] = k * hL
    closed[n, n] = k
    return closed


def multipliers(
    L: np.ndarray,
    *,
    v: np.ndarray,
    e: np.ndarray | None = None,
    h: np.ndarray | None = None,
    closed: np.ndarray | None = None,
) -> Multipliers:
    """Simple multipliers from L and, with ``closed`` (see :func:`household_closure`), the type II
    (total) ones read off its first n columns."""
    n = L.shape[0]
    out = {
        "output": L.sum(axis=0),
        "value_added": v @ L,
        "employment": None if e is None else e @ L,
        "income": None if h is None else h @ L,
    }
    if closed is not None:
        Ls = closed[:n, :n]
        out.update(
            output_type2=Ls.sum(axis=0),
            value_added_type2=v @ Ls,
            employment_type2=None if e is None else e @ Ls,
            income_type2=closed[n, :n],
        )
    return Multipliers(**out)


@dataclass(frozen=True)
class Linkages:
    backward: np.ndarray  # normalised: mean 1
    forward: np.ndarray
    backward_cv: np.ndarray
    forward_cv: np.ndarray
    key_class: np.ndarray


def linkages(L: np.ndarray, G: np.ndarray) -> Linkages:
    """Rasmussen–Hirschman indices: backward from the columns of L, forward from the rows of
    the Ghosh inverse G (Miller & Blair 2009, §12.2), and Rasmussen's coefficients of variation
    (a high value: the sector's pull falls on few sectors)."""
    n = L.shape[0]
    col = L.sum(axis=0)
    row = G.sum(axis=1)
    backward = n * col / col.sum()
    forward = n * row / row.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        backward_cv = L.std(axis=0, ddof=1) / (col / n) if n > 1 else np.zeros(n)
        forward_cv = G.std(axis=1, ddof=1) / (row / n) if n > 1 else np.zeros(n)
    # above average by more than rounding noise: n identical sectors are all weak
    strong_b, strong_f = backward > 1 + ABOVE, forward > 1 + ABOVE
    key_class = np.where(
        strong_b & strong_f,
        KEY,
        np.where(strong_b, BACKWARD, np.where(strong_f, FORWARD, WEAK)),
    )
    return Linkages(backward, forward, backward_cv, forward_cv, key_class)


@dataclass(frozen=True)
class Extraction:
    """What the economy loses when each sector is extracted (one entry per sector)."""

    output_loss: np.ndarray
    va_loss: np.ndarray
    jobs_loss: np.ndarray | None
    backward_output_loss: np.ndarray  # partial: the sector buys no domestic inputs
    forward_output_loss: np.ndarray  # partial (Ghosh): no sector buys the sector's output


def extraction(
    L: np.ndarray, y: np.ndarray, *, v: np.ndarray, e: np.ndarray | None = None
) -> Extraction:
    """Hypothetical extraction for every sector k at once, in closed form.

    Total: row and column k removed (with k's own final demand). For the others,
    (I − A)₋ₖ₋ₖ⁻¹ = L₋ₖ₋ₖ − L₋ₖₖ Lₖ₋ₖ / Lₖₖ (block inversion), applied to y with yₖ = 0:
    with z = x − L[:, k] yₖ, x̄₋ₖ = z₋ₖ − L₋ₖₖ zₖ / Lₖₖ.
    Backward (Leontief model, column k of A set to 0): x − x̄ = (L[:, k] − eₖ) xₖ / Lₖₖ
    (Sherman–Morrison).
    Forward (Ghosh model, row k of B set to 0, primary inputs held: Dietzenbacher & van der
    Linden 1997): x' − x̄' = xₖ (Gₖ. − eₖ') / Gₖₖ, which with G = x̂⁻¹ L x̂ is
    (Lₖⱼ − δₖⱼ) xⱼ / Lₖₖ; its total is ((L x)ₖ − xₖ) / Lₖₖ.
    Losses are totals over sectors, weighted by v (value added) and e (jobs)."""
    L = np.asarray(L, float)
    y = np.asarray(y, float)
    x = L @ y
    d = np.diag(L).copy()
    # z for every k, as columns: Z[:, k] = x − L[:, k] y_k
    z = x[:, None] - L * y[None, :]
    zk = np.diag(z).copy()
    # x̄ for every k (entry k itself is meaningless and dropped below)
    xbar = z - L * (zk / d)[None, :]
    np.fill_diagonal(xbar, 0.0)

    def loss(weights: np.ndarray | None) -> np.ndarray | None:
        if weights is None:
            return None
        return weights @ x - weights @ xbar

    backward = ((L.sum(axis=0) - 1.0) * x) / d
    forward = (L @ x - x) / d
    return Extraction(
        output_loss=loss(np.ones_like(x)),
        va_loss=loss(v),
        jobs_loss=loss(e),
        backward_output_loss=backward,
        forward_output_loss=forward,
    )


@dataclass(frozen=True)
class Impact:
    output: np.ndarray  # by sector
    value_added: np.ndarray
    jobs: np.ndarray | None
    imports: float  # inputs bought abroad in the first round


def revival_impact(
    L: np.ndarray,
    *,
    sector: int,
    output: float,
    v: np.ndarray,
    e: np.ndarray | None = None,
    A: np.ndarray | None = None,
    m: np.ndarray | None = None,
    local_share: float | None = None,
) -> Impact:
    """A factory's restored output as a final-demand shock in its sector.

    With the sector's average input structure, Δx = L[:, sector] · output. With the factory's own
    share of inputs bought locally (``local_share``, 0–1, against the sector's average domestic
    share), its first-round domestic purchases are the sector's domestic input column rescaled,
    the rest leaks abroad: Δx = output · (e_sector + L a_f)."""
    n = L.shape[0]
    m = np.zeros(n) if m is None else np.asarray(m, float)
    own_import = float(m[sector])  # the factory's imported inputs per unit of its output
    if local_share is None or A is None:
        dx = L[:, sector] * output
    else:
        a = A[:, sector]
        domestic = a.sum()
        total = domestic + m[sector]
        wanted = min(max(local_share, 0.0), 1.0) * total
        a_f = a * (wanted / domestic) if domestic > 0 else a
        own_import = float(total - a_f.sum())
        dx = np.zeros(n)
        dx[sector] = output
        dx += L @ a_f * output
    # imported inputs of every round: the sectors' import coefficients on their extra output,
    # the factory's own coefficient on its own output
    leak = float(m @ dx - m[sector] * output + own_import * output)
    return Impact(
        output=dx,
        value_added=v * dx,
        jobs=None if e is None else e * dx,
        imports=leak,
    )
