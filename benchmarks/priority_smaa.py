"""Benchmark: rank acceptability (SMAA-2 style) of 5,000 alternatives × 10 criteria under
10,000 weight samples, on the machine's two cores.

    python benchmarks/priority_smaa.py --alternatives 5000 --criteria 10 --samples 10000

The matrix is seeded random; weights are drawn uniformly over the simplex. Timed: sampling,
weighted-sum scores of every alternative for every sample, the full ranking of each sample,
the rank-acceptability matrix (alternatives × ranks) and the central weights. Best of three.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ihya.core.priority.smaa import acceptability


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alternatives", type=int, default=5000)
    parser.add_argument("--criteria", type=int, default=10)
    parser.add_argument("--samples", type=int, default=10000)
    args = parser.parse_args()
    x = np.random.default_rng(7).random((args.alternatives, args.criteria))
    times = []
    for run in range(3):
        start = time.perf_counter()
        result = acceptability(x, samples=args.samples, seed=run)
        times.append(time.perf_counter() - start)
    assert np.allclose(result.acceptability.sum(axis=1), 1.0)
    print(
        f"{args.alternatives} alternatives × {args.criteria} criteria × {args.samples} weight samples: "
        f"best {min(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
