"""The scheduler on PSPLIB (single-mode RCPSP) against the published optima and best known
makespans, and against a priority-rule list scheduler (serial SGS, latest finish time) on the
same instances.

    python benchmarks/plan_psplib.py --set j30 --time-limit 10
    python benchmarks/plan_psplib.py --set j60 --time-limit 30
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

from ihya.core.plan.model import Settings, solve
from ihya.core.plan.psplib import read_sm

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "psplib"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="j30", choices=["j30", "j60"])
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    best = {
        r["instance"]: int(r["makespan_opt_or_best_upper"])
        for r in csv.DictReader((DATA / "optima.csv").open())
    }
    files = sorted((DATA / args.set).glob("*.sm"))
    rows, started = [], time.perf_counter()
    for path in files:
        result = solve(read_sm(path), Settings(time_limit=args.time_limit))
        rows.append(
            (
                path.stem,
                result.makespan,
                best[path.stem],
                result.greedy_objective,
                result.seconds,
                result.status,
            )
        )
        print(
            f"{path.stem:10} ihya {result.makespan:4} best {best[path.stem]:4} list {result.greedy_objective:5.0f} {result.seconds:6.2f} s {result.status}"
        )
    at_best = sum(m == b for _, m, b, *_ in rows)
    over = [100 * (m - b) / b for _, m, b, *_ in rows]
    over_list = [100 * (g - b) / b for _, _, b, g, *_ in rows]
    print(
        f"{args.set}: {len(rows)} instances, {at_best} at the published best, mean gap to it "
        f"{statistics.mean(over):.2f} % (max {max(over):.2f} %), list scheduler {statistics.mean(over_list):.2f} %; "
        f"slowest {max(r[4] for r in rows):.2f} s, total {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
