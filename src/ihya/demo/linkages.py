"""A SYNTHETIC, Libya-like input–output table of 28 sectors (million LYD, one year).

Not official statistics: a seeded construction with the structure the country's economy is known
for — hydrocarbons about half of output and most of exports, manufacturing that imports most of
its inputs, a large public sector, household consumption fed by public wages. Built from final
demand and input structures (x = L y), so it balances exactly. The sectors, their final demand
and input structures are data: ``data/demo/io_sectors.csv`` and ``io_inputs.csv``.
"""

from __future__ import annotations

import numpy as np

from ihya.core.linkages.table import IOTable
from ihya.demo.catalogue import io_sectors

SYNTHETIC_NOTE = "SYNTHETIC Libya-like input–output table (demo) — جدول مدخلات ومخرجات مصطنع"


FINAL_DEMAND = ("households", "government", "investment", "exports")


def demo_table(*, seed: int = 2026) -> IOTable:
    """The 28-sector table; coefficients get a seeded ±10 % perturbation."""
    rng = np.random.default_rng(seed)
    sectors = io_sectors()
    codes = [s.code for s in sectors]
    index = {c: i for i, c in enumerate(codes)}
    n = len(codes)
    A = np.zeros((n, n))
    m = np.zeros(n)
    for j, s in enumerate(sectors):
        for supplier, a in s.inputs.items():
            A[index[supplier], j] = a * rng.uniform(0.9, 1.1)
        m[j] = s.imported * rng.uniform(0.9, 1.1)
    Y = np.array([s.final for s in sectors], dtype=float) * rng.uniform(0.95, 1.05, (n, 1))
    L = np.linalg.solve(np.eye(n) - A, np.eye(n))
    x = L @ Y.sum(axis=1)
    Z = A * x[None, :]
    imports = m * x
    value_added = x - Z.sum(axis=0) - imports
    compensation = value_added * np.array([s.wages for s in sectors])
    jobs = np.round(x * np.array([s.jobs for s in sectors]))
    return IOTable(
        codes=codes,
        names_en=[s.en for s in sectors],
        names_ar=[s.ar for s in sectors],
        Z=np.round(Z, 3),
        Y=np.round(Y, 3),
        final_demand=list(FINAL_DEMAND),
        value_added=np.round(value_added, 3),
        imports=np.round(imports, 3),
        compensation=np.round(compensation, 3),
        employment=jobs,
        households=0,
        unit="million LYD",
        name="SYNTHETIC Libya-like table (demo)",
    )


def concordance() -> list[tuple[str, str]]:
    """(ISIC Rev.4 code prefix, sector code) for the demo table."""
    return [(prefix, s.code) for s in io_sectors() for prefix in s.isic]
