"""Benchmark: all complexity metrics for one year, Ihya against ecomplexity 0.5.3, same input.

    python benchmarks/trade_complexity.py --countries 200 --products 5000

The input is one year of the seeded synthetic world (``ihya.demo.trade``), as long rows
(country, product, value) without zero cells, written once to a CSV file. Each side runs in its
own process: it reads that file, records its resident memory, then computes every metric
(RCA, M, diversity, ubiquity, ECI, PCI, density, COI, COG) in the ``py-ecomplexity`` convention
from the long rows, as a user would call it. The script prints wall time and peak memory
above the process's baseline for each, their ratios, and checks that both agree to 1e-8.

The peer is called with ``check_logsupermodularity=False`` (an optional diagnostic that is not a
metric) and ``verbose=False``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

CHILD = r"""
import json, resource, sys, time, warnings
import numpy as np
import pandas as pd

def rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

side, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
df = pd.read_csv(path, dtype={"country": str, "product": str})
if side == "ihya":
    from ihya.core.trade.panel import complexity_panel
    cols = (df["year"].to_numpy(), df["country"].to_numpy(), df["product"].to_numpy(), df["value"].to_numpy())
    base = rss_mb()
    t = time.perf_counter()
    panel = complexity_panel(*cols, convention="py-ecomplexity")
    seconds = time.perf_counter() - t
    c, p = panel.labelled("country"), panel.labelled("product")
    eci = dict(zip(c["country"].tolist(), c["eci"].tolist()))
    pci = dict(zip(p["product"].tolist(), p["pci"].tolist()))
    dens = panel.country_product["density"]
else:
    from ecomplexity import ecomplexity
    base = rss_mb()
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ecomplexity(df, {"time": "year", "loc": "country", "prod": "product", "val": "value"},
                          verbose=False, check_logsupermodularity=False)
    seconds = time.perf_counter() - t
    res = res.sort_values(["country", "product"])
    eci = dict(zip(res["country"].tolist(), res["eci"].tolist()))
    pci = dict(zip(res["product"].tolist(), res["pci"].tolist()))
    dens = res["density"].to_numpy()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
np.save(out + ".density.npy", np.asarray(dens, dtype=float))
json.dump({"seconds": seconds, "peak_mb": peak, "base_mb": base, "eci": eci, "pci": pci}, open(out, "w"))
"""


def run(side: str, path: Path, work: Path) -> dict:
    out = work / f"{side}.json"
    subprocess.run([sys.executable, "-c", CHILD, side, str(path), str(out)], check=True)
    result = json.loads(out.read_text())
    result["density"] = np.load(str(out) + ".density.npy")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    from ihya.demo.trade import world, write

    w = world(countries=args.countries, products=args.products, seed=args.seed)
    c, p = np.nonzero(w.exports)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = write(
            {
                "year": np.full(c.size, 2021),
                "country": w.countries[c],
                "product": w.products[p],
                "value": w.exports[c, p],
            },
            work / "exports.csv",
        )
        print(
            f"input: {w.countries.size} countries × {w.products.size} products, {c.size:,} non-zero rows"
        )
        ours = run("ihya", path, work)
        print(
            f"ihya:          {ours['seconds']:8.2f} s   peak {ours['peak_mb'] - ours['base_mb']:8.1f} MB above baseline"
        )
        theirs = run("ecomplexity", path, work)
        print(
            f"ecomplexity:   {theirs['seconds']:8.2f} s   peak {theirs['peak_mb'] - theirs['base_mb']:8.1f} MB above baseline"
        )
    eci_diff = max(abs(ours["eci"][k] - theirs["eci"][k]) for k in ours["eci"])
    pci_diff = max(abs(ours["pci"][k] - theirs["pci"][k]) for k in ours["pci"])
    dens_diff = float(np.nanmax(np.abs(ours["density"] - theirs["density"])))
    print(f"max |difference|: eci {eci_diff:.1e}, pci {pci_diff:.1e}, density {dens_diff:.1e}")
    speed = theirs["seconds"] / ours["seconds"]
    memory = (ours["peak_mb"] - ours["base_mb"]) / (theirs["peak_mb"] - theirs["base_mb"])
    print(
        f"speed-up: {speed:.1f}x   memory: ihya uses {memory:.2f} of ecomplexity's peak (above baseline)"
    )


if __name__ == "__main__":
    main()
