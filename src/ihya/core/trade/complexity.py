"""Revealed comparative advantage and economic complexity over a country × product matrix.

Pure functions over NumPy arrays. The formulas, their references and the two named conventions
are documented in ``docs/trade-metrics.md``:

- ``stata``: the Growth Lab's Stata ``ecomplexity`` command — presence when RCA > threshold, the
  proximity matrix with a zero diagonal, ECI/PCI/COG standardised by the *sample* standard
  deviation of ECI over every country × product row, COI standardised the same way;
- ``py-ecomplexity``: the Python package ``ecomplexity`` 0.5.3 — presence when RCA >= threshold,
  proximity with its natural diagonal of 1, the *population* standard deviation over countries.

The ECI eigenvector is taken from the small country × country matrix, made symmetric by a
diagonal similarity transform, so the cost does not grow with the cube of the number of products;
the product-space matrices (products × products) are built in column blocks so their memory stays
bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

ConventionName = Literal["stata", "py-ecomplexity"]


@dataclass(frozen=True)
class Convention:
    """How a reference implementation differs; see docs/trade-metrics.md."""

    name: str
    strict_threshold: bool  # presence when rca > threshold (else >=)
    zero_proximity_diagonal: bool  # a product is not its own neighbour in density and COG
    long_sample_sd: (
        bool  # SD over every country × product row, ddof=1 (else over countries, ddof=0)
    )


CONVENTIONS: dict[str, Convention] = {
    "stata": Convention(
        "stata", strict_threshold=True, zero_proximity_diagonal=True, long_sample_sd=True
    ),
    "py-ecomplexity": Convention(
        "py-ecomplexity",
        strict_threshold=False,
        zero_proximity_diagonal=False,
        long_sample_sd=False,
    ),
}

#: Cap on the size of one products × products block, in matrix cells (16 MB of float64).
BLOCK_CELLS = 2_000_000


@dataclass(frozen=True)
class Complexity:
    """All metrics of one year. Matrices are countries × products, in the order of the labels."""

    countries: np.ndarray
    products: np.ndarray
    export_value: np.ndarray
    rca: np.ndarray
    mcp: np.ndarray
    density: np.ndarray
    cog: np.ndarray
    diversity: np.ndarray
    ubiquity: np.ndarray
    eci: np.ndarray
    pci: np.ndarray
    coi: np.ndarray
    convention: str
    threshold: float
    kept_countries: np.ndarray  # positions of the rows kept (non-zero totals) in the input
    kept_products: np.ndarray

    @property
    def distance(self) -> np.ndarray:
        """Distance from each product (Hidalgo et al. 2007): 1 − density."""
        return 1.0 - self.density


def convention_get(name: str) -> Convention:
    try:
        return CONVENTIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown convention {name!r}; use one of {', '.join(CONVENTIONS)}"
        ) from None


def rca(values: np.ndarray) -> np.ndarray:
    """Balassa's revealed comparative advantage: (x_cp / x_c) / (x_p / x).

    Rows or columns with a zero total give NaN (no share is defined)."""
    x = np.asarray(values, dtype=float)
    row = x.sum(axis=1, keepdims=True)
    col = x.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (x / row) / (col / col.sum())


def presence(rca_values: np.ndarray, *, threshold: float = 1.0, strict: bool = False) -> np.ndarray:
    """M_cp: 1 where the country is a significant exporter of the product, else 0 (NaN → 0)."""
    r = np.nan_to_num(rca_values, nan=0.0)
    return ((r > threshold) if strict else (r >= threshold)).astype(float)


def _eigen_complexity(mcp: np.ndarray, diversity: np.ndarray, ubiquity: np.ndarray):
    """Raw country and product eigenvectors (kc, kp) of the method of reflections' fixed point.

    kp is an eigenvector of M~pp = D_p⁻¹ Mᵀ D_c⁻¹ M for its second largest eigenvalue and
    kc = D_c⁻¹ M kp, as in both references; it is found from the country side instead:
    S = D_c^-1/2 M D_p⁻¹ Mᵀ D_c^-1/2 is symmetric with the same non-zero spectrum."""
    root = np.sqrt(diversity)
    scaled = mcp / root[:, None]
    s = (scaled / ubiquity[None, :]) @ scaled.T
    _, vectors = np.linalg.eigh((s + s.T) / 2)
    kc = vectors[:, -2] / root
    kp = (mcp.T @ kc) / ubiquity
    kc = (mcp @ kp) / diversity
    if np.ptp(diversity) > 0 and np.ptp(kc) > 0 and np.corrcoef(diversity, kc)[0, 1] < 0:
        kc, kp = -kc, -kp
    return kc, kp


def _blocks(n: int):
    step = max(1, BLOCK_CELLS // max(n, 1))
    for start in range(0, n, step):
        yield slice(start, min(n, start + step))


def _cooccurrence(mcp: np.ndarray) -> np.ndarray:
    """Σ_c M_cp M_cq for every product pair, as small unsigned integers.

    Computed in single precision, which is exact here: every partial sum is an integer no larger
    than the number of countries (< 2²⁴). Stored in one byte per pair when there are fewer than
    256 countries, so the full matrix of 5,000 products takes 25 MB."""
    n_c, n_p = mcp.shape
    dtype = np.uint8 if n_c < 256 else np.uint16 if n_c < 65536 else np.uint32
    m32 = mcp.astype(np.float32)
    co = np.empty((n_p, n_p), dtype=dtype)
    for cols in _blocks(n_p):
        co[:, cols] = m32.T @ m32[:, cols]
    return co


def _proximity_block(
    co: np.ndarray, ubiquity: np.ndarray, cols: slice, zero_diagonal: bool
) -> np.ndarray:
    """Columns ``cols`` of φ_pq = Σ_c M_cp M_cq / max(u_p, u_q), in double precision."""
    phi = co[:, cols].astype(np.float64)
    phi /= np.maximum(ubiquity[:, None], ubiquity[None, cols])
    if zero_diagonal:
        idx = np.arange(cols.start, cols.stop)
        phi[idx, idx - cols.start] = 0.0
    return phi


def proximity(mcp: np.ndarray, *, convention: ConventionName = "stata") -> np.ndarray:
    """The product space: minimum conditional probability of co-export (Hidalgo et al. 2007)."""
    conv = convention_get(convention)
    m = np.asarray(mcp, dtype=float)
    u = m.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = _proximity_block(
            _cooccurrence(m), u, slice(0, m.shape[1]), conv.zero_proximity_diagonal
        )
    return np.nan_to_num(phi, nan=0.0)


def complexity(
    values: np.ndarray,
    *,
    countries: np.ndarray | None = None,
    products: np.ndarray | None = None,
    convention: ConventionName = "stata",
    threshold: float = 1.0,
) -> Complexity:
    """Every metric of one year from a countries × products matrix of export values.

    Countries and products whose total value is zero are dropped first, as both references do."""
    conv = convention_get(convention)
    x = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    countries = np.arange(x.shape[0]) if countries is None else np.asarray(countries)
    products = np.arange(x.shape[1]) if products is None else np.asarray(products)
    keep_c = x.sum(axis=1) != 0
    keep_p = x.sum(axis=0) != 0
    kept_c, kept_p = np.flatnonzero(keep_c), np.flatnonzero(keep_p)
    if not (keep_c.all() and keep_p.all()):
        x = x[keep_c][:, keep_p]
        countries, products = countries[keep_c], products[keep_p]
    n_c, n_p = x.shape

    r = rca(x)
    m = presence(r, threshold=threshold, strict=conv.strict_threshold)
    diversity = m.sum(axis=1)
    ubiquity = m.sum(axis=0)

    eci = np.full(n_c, np.nan)
    pci = np.full(n_p, np.nan)
    coi = np.full(n_c, np.nan)
    density = np.full((n_c, n_p), np.nan)
    cog = np.full((n_c, n_p), np.nan)
    vc, vp = diversity > 0, ubiquity > 0
    if vc.sum() >= 2 and vp.sum() >= 1:
        mv = m[vc][:, vp]
        kc_v, kp_v = _eigen_complexity(mv, diversity[vc], ubiquity[vp])
        kc = np.full(n_c, np.nan)
        kp = np.full(n_p, np.nan)
        kc[vc], kp[vp] = kc_v, kp_v
        mean = kc_v.mean()
        sd = _sd(kc_v, n_p, conv.long_sample_sd)
        density, cog_raw, coi_raw = _product_space_metrics(m, ubiquity, np.nan_to_num(kp), conv)
        with np.errstate(
            divide="ignore", invalid="ignore"
        ):  # a degenerate year gives NaN, not an error
            eci = (kc - mean) / sd
            pci = (kp - mean) / sd
            cog = cog_raw / sd
            coi = (coi_raw - coi_raw.mean()) / _sd(coi_raw, n_p, conv.long_sample_sd)

    return Complexity(
        countries=countries,
        products=products,
        export_value=x,
        rca=r,
        mcp=m,
        density=density,
        cog=cog,
        diversity=diversity,
        ubiquity=ubiquity,
        eci=eci,
        pci=pci,
        coi=coi,
        convention=conv.name,
        threshold=threshold,
        kept_countries=kept_c,
        kept_products=kept_p,
    )


def _sd(country_values: np.ndarray, n_products: int, long_sample: bool) -> float:
    """Population SD over countries, or the sample SD of the long table (each country repeated
    once per product), which is what a standardisation over country × product rows gives."""
    if not long_sample:
        return float(country_values.std())
    n = country_values.size * n_products
    ss = n_products * float(((country_values - country_values.mean()) ** 2).sum())
    return float(np.sqrt(ss / (n - 1)))


def _product_space_metrics(m: np.ndarray, ubiquity: np.ndarray, kp: np.ndarray, conv: Convention):
    """Density, raw COG and raw COI, streaming the proximity matrix in column blocks.

    density_cp = Σ_q M_cq φ_qp / Σ_q φ_qp
    cog_cp     = (1 − M_cp) Σ_q (1 − M_cq) φ_qp kp_q / Σ_r φ_qr
    coi_c      = Σ_p density_cp (1 − M_cp) kp_p
    """
    n_c, n_p = m.shape
    u = np.where(ubiquity > 0, ubiquity, np.inf)  # a product nobody exports has proximity 0
    co = _cooccurrence(m)
    blocks = list(_blocks(n_p))
    rowsum = np.empty(n_p)
    for cols in blocks:  # φ is symmetric: column sums are row sums
        rowsum[cols] = _proximity_block(co, u, cols, conv.zero_proximity_diagonal).sum(axis=0)
    absent = 1.0 - m
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(rowsum > 0, kp / rowsum, 0.0)
    # one product per block for both: [M; (1 − M)·kp/rowsum] @ φ
    stacked = np.vstack([m, absent * weight[None, :]])
    density = np.empty((n_c, n_p))
    cog = np.empty((n_c, n_p))
    for cols in blocks:
        both = stacked @ _proximity_block(co, u, cols, conv.zero_proximity_diagonal)
        with np.errstate(divide="ignore", invalid="ignore"):
            density[:, cols] = both[:n_c] / rowsum[cols]
        cog[:, cols] = absent[:, cols] * both[n_c:]
    coi = (np.nan_to_num(density) * absent * kp[None, :]).sum(axis=1)
    return density, cog, coi
