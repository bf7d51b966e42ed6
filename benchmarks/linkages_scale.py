"""Benchmark: a large input–output table, Ihya's whole linkage analysis against pymrio.

    python benchmarks/linkages_scale.py --sectors 2000

A seeded random table of N sectors (sparse-ish coefficients, columns summing to at most 0.6,
four final-demand columns, value added, imports, compensation and employment) is analysed:

- Ihya: ``ihya.core.linkages.results.analyse`` — A, L, G, every multiplier (output, value added,
  employment, income; type II with households endogenous), normalised backward and forward
  linkages with their coefficients of variation, key-sector classes, and hypothetical
  extraction (total, backward and forward) for all N sectors;
- pymrio: ``IOSystem.calc_all(include_ghosh=True)`` on the same Z, Y and extensions (value
  added with imports; employment) — x, A, L, B, G and the extensions' multipliers, nothing more.

One run each, same process, same machine; the script prints both times, their ratio, and the
largest difference between the two Leontief and Ghosh inverses.
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def table(n: int, seed: int):
    from ihya.core.linkages.table import IOTable

    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.2)
    A *= (rng.uniform(0.2, 0.6, n) / A.sum(axis=0))[None, :]
    m = rng.uniform(0.05, 0.2, n)
    Y = rng.lognormal(3, 1, (n, 4))
    L = np.linalg.solve(np.eye(n) - A, np.eye(n))
    x = L @ Y.sum(axis=1)
    Z = A * x[None, :]
    va = x - Z.sum(axis=0) - m * x
    return IOTable(
        codes=[f"S{i:04d}" for i in range(n)],
        names_en=[f"sector {i}" for i in range(n)],
        names_ar=[""] * n,
        Z=Z,
        Y=Y,
        final_demand=["households", "government", "investment", "exports"],
        value_added=va,
        imports=m * x,
        compensation=0.5 * va,
        employment=np.round(x * rng.uniform(1, 30, n)),
        households=0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sectors", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    import pandas as pd
    import pymrio

    from ihya.core.linkages.results import analyse

    t = table(args.sectors, args.seed)
    sectors = pd.MultiIndex.from_product([["reg"], t.codes], names=["region", "sector"])
    io = pymrio.IOSystem(
        Z=pd.DataFrame(t.Z, index=sectors, columns=sectors),
        Y=pd.DataFrame(
            t.Y,
            index=sectors,
            columns=pd.MultiIndex.from_product(
                [["reg"], t.final_demand], names=["region", "category"]
            ),
        ),
    )
    io.factor_inputs = pymrio.Extension(
        name="factor_inputs",
        F=pd.DataFrame(
            np.vstack([t.value_added, t.imports]), index=["Value Added", "Imports"], columns=sectors
        ),
    )
    io.employment = pymrio.Extension(
        name="employment",
        F=pd.DataFrame(t.employment[None, :], index=["Employment"], columns=sectors),
    )

    start = time.perf_counter()
    ours = analyse(t)
    ihya_seconds = time.perf_counter() - start

    start = time.perf_counter()
    io.calc_all(include_ghosh=True)
    pymrio_seconds = time.perf_counter() - start

    dl = float(np.abs(ours.L - io.L.to_numpy()).max())
    dg = float(np.abs(ours.G - io.G.to_numpy()).max())
    print(f"table: {args.sectors} × {args.sectors} sectors")
    print(
        f"ihya analyse (multipliers incl. type II, linkages, extraction for all sectors): {ihya_seconds:.2f} s"
    )
    print(
        f"pymrio calc_all(include_ghosh=True):                                            {pymrio_seconds:.2f} s"
    )
    print(
        f"ratio pymrio / ihya: {pymrio_seconds / ihya_seconds:.2f}   max |ΔL| {dl:.1e}, max |ΔG| {dg:.1e}"
    )


if __name__ == "__main__":
    main()
