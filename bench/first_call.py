"""The first consolidation call in a fresh process: with and without warm-up, cold and warm
Numba cache. Each case runs in its own subprocess.

    python bench/first_call.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

CALL = """
import time
t0 = time.perf_counter()
import cartonize
from cartonize import datasets, Tariff, ConsolidationPolicy, consolidate
t1 = time.perf_counter()
w = cartonize.warmup() if {warm} else 0.0
p = datasets.cross_border_parcels(200, seed=1)
t2 = time.perf_counter()
consolidate(p, datasets.consolidation_catalog(), Tariff(first_price=3.2, step_price=1.1,
            per_parcel=0.8), ConsolidationPolicy(wait_cost_per_hour=0.02))
t3 = time.perf_counter()
print(f"{{t1 - t0:.2f}} {{w:.2f}} {{t3 - t2:.3f}}")
"""


def run(warm: bool, cache: str) -> list:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    out = subprocess.run([sys.executable, "-c", CALL.format(warm=warm)], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return [float(x) for x in out]


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        rows = [("no warm-up, empty cache", run(False, cache + "/a")),
                ("no warm-up, cache filled", run(False, cache + "/a")),
                ("warm-up, empty cache", run(True, cache + "/b")),
                ("warm-up, cache filled", run(True, cache + "/b"))]
    print(f"{'fresh process':<28}{'import s':>10}{'warmup s':>10}{'first call s':>14}")
    for name, (imp, warm, call) in rows:
        print(f"{name:<28}{imp:>10.2f}{warm:>10.2f}{call:>14.3f}")


if __name__ == "__main__":
    main()
