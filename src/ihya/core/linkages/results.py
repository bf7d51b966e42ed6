"""Everything about a table at once: coefficients, multipliers, linkages and extraction, and the
two output tables of ``ihya linkages analyse`` (``sectors`` and ``extraction``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ihya.core.linkages import analysis as an
from ihya.core.linkages.table import IOTable, TableError, TableIssue

SECTOR_COLUMNS = (
    "sector",
    "output_multiplier",
    "va_multiplier",
    "employment_multiplier",
    "backward_linkage",
    "forward_linkage",
    "key_sector_class",
)
EXTRACTION_COLUMNS = ("sector", "output_loss", "va_loss", "jobs_loss")


@dataclass(frozen=True)
class Analysis:
    table: IOTable
    x: np.ndarray
    A: np.ndarray
    L: np.ndarray
    G: np.ndarray
    v: np.ndarray  # value added per unit of output
    m: np.ndarray  # imported inputs per unit of output
    e: np.ndarray | None  # jobs per unit of output
    h: np.ndarray | None  # compensation per unit of output
    multipliers: an.Multipliers
    linkages: an.Linkages
    extraction: an.Extraction

    def impact(self, *, sector: int, output: float, local_share: float | None = None) -> an.Impact:
        return an.revival_impact(
            self.L,
            sector=sector,
            output=output,
            v=self.v,
            e=self.e,
            A=self.A,
            m=self.m,
            local_share=local_share,
        )

    def domestic_input_share(self) -> np.ndarray:
        """Per sector: domestic intermediate inputs ÷ all intermediate inputs (1 − leakage)."""
        domestic = self.A.sum(axis=0)
        total = domestic + self.m
        return np.divide(domestic, total, out=np.ones_like(total), where=total > 0)


def analyse(table: IOTable) -> Analysis:
    x = table.x
    inv = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    A = an.technical_coefficients(table.Z, x)
    try:
        L = an.leontief_inverse(A)
    except np.linalg.LinAlgError:
        L = None
    if L is None or not np.isfinite(L).all() or (L < -1e-9).any():
        # (I − A) singular, or A's spectral radius ≥ 1: no non-negative solution exists
        raise TableError([TableIssue("not_productive")])
    if (x > 0).all():  # G = x̂⁻¹ L x̂ (Miller & Blair eq. 12.9): no second inversion
        G = L * inv[:, None] * x[None, :]
    else:
        G = an.ghosh_inverse(an.allocation_coefficients(table.Z, x))
    v = table.value_added * inv
    m = table.imports * inv if table.imports is not None else np.zeros_like(x)
    e = table.employment * inv if table.employment is not None else None
    h = table.compensation * inv if table.compensation is not None else None
    closed = None
    if h is not None and table.households is not None:
        consumption = table.Y[:, table.households]
        income = table.compensation.sum()
        # households spending every unit of income they earn on domestic output (h L c = 1)
        # have no finite multiplier: type II is left out then
        if income > 0 and 1.0 - h @ L @ (consumption / income) > 1e-9:
            closed = an.household_closure_from(L, h, consumption / income)
    return Analysis(
        table=table,
        x=x,
        A=A,
        L=L,
        G=G,
        v=v,
        m=m,
        e=e,
        h=h,
        multipliers=an.multipliers(L, v=v, e=e, h=h, closed=closed),
        linkages=an.linkages(L, G),
        extraction=an.extraction(L, table.y, v=v, e=e),
    )


def _nan(values: np.ndarray | None, n: int) -> np.ndarray:
    return np.full(n, np.nan) if values is None else values


def sectors_table(result: Analysis) -> dict[str, np.ndarray]:
    n = result.table.n
    mult, link = result.multipliers, result.linkages
    return {
        "sector": np.array(result.table.codes, dtype=object),
        "output_multiplier": mult.output,
        "va_multiplier": mult.value_added,
        "employment_multiplier": _nan(mult.employment, n),
        "backward_linkage": link.backward,
        "forward_linkage": link.forward,
        "key_sector_class": link.key_class.astype(object),
    }


def extraction_table(result: Analysis) -> dict[str, np.ndarray]:
    ext = result.extraction
    return {
        "sector": np.array(result.table.codes, dtype=object),
        "output_loss": ext.output_loss,
        "va_loss": ext.va_loss,
        "jobs_loss": _nan(ext.jobs_loss, result.table.n),
    }
