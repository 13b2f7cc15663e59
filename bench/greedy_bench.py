"""consolidate on resellers: consumers of 60 parcels each, all past the exact limit, so every
one is merged greedily; seconds, and the ratio against another install in the same run.

    python bench/greedy_bench.py [--consumers 50] [--before /path/to/old-venv/bin/python]

Prints, for each interpreter (this one, and --before's if given), the best of 3 calls and a
hash of the packages (the same hash: the same groups), then the ratio.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

CHILD = r"""
import hashlib, sys, time
import numpy as np, pandas as pd
from cartonize import ConsolidationPolicy, Tariff, consolidate, datasets
cat = datasets.consolidation_catalog()
tariff = Tariff(divisor=5000, first_weight=500, first_price=3.2, step_weight=500, step_price=1.1,
                per_parcel=0.8)
policy = ConsolidationPolicy(max_wait=48 * 3600, wait_cost_per_hour=0.02)
g, rows = np.random.default_rng(3), []
for c in range(int(sys.argv[1])):
    for j in range(60):
        r = int(g.integers(0, 3 * 86400))
        rows.append((f"{c}-{j}", f"r{c}", r, r + 4 * 86400, int(g.integers(60, 160)),
                     int(g.integers(50, 120)), int(g.integers(20, 60)), int(g.integers(50, 600)),
                     int(g.integers(100, 1500))))
d = pd.DataFrame(rows, columns="parcel_id consumer_id ready deadline length width height "
                               "weight value".split())
consolidate(d.head(120), cat, tariff, policy)  # kernels loaded
best = None
for _ in range(3):
    t0 = time.perf_counter()
    out = consolidate(d, cat, tariff, policy).groups
    best = min(best or 1e9, time.perf_counter() - t0)
print(best, hashlib.sha256(out.to_csv(index=False).encode()).hexdigest()[:12])
"""


def run(python: str, consumers: int) -> tuple:
    out = subprocess.run([python, "-c", CHILD, str(consumers)], capture_output=True, text=True,
                         cwd="/")
    if out.returncode:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"{python}: the run failed: {last}")
    seconds, digest = out.stdout.split()
    return float(seconds), digest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--consumers", type=int, default=50)
    ap.add_argument("--before", help="Python of another install, measured in the same run")
    args = ap.parse_args()
    after = run(sys.executable, args.consumers)
    print(f"{args.consumers} consumers of 60 parcels: {after[0]:.2f} s, packages {after[1]}")
    if args.before:
        before = run(args.before, args.consumers)
        print(f"before: {before[0]:.2f} s, packages {before[1]}"
              f"{' (the same)' if before[1] == after[1] else ' (DIFFERENT)'}; "
              f"{before[0] / after[0]:.1f}x")


if __name__ == "__main__":
    main()
