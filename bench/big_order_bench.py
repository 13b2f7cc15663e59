"""Big orders: one order of 1,000 / 2,000 / 5,000 distinct small copies (sides 5-60 mm, drawn
with a seed) packed into the BoxPacker boxes, one call each; and how soon Ctrl-C stops one.

    python bench/big_order_bench.py [--before /path/to/other/python] [--sizes 1000 2000 5000]

Prints seconds (best of --repeats), boxes and the lower bound for each size; with --before,
the same measured with another install of cartonize (another interpreter) in the same run,
and the ratio. Then, for the largest size, the time from SIGINT (sent 1 s into a pack) to
the process ending with KeyboardInterrupt (this install only). Target: 5,000 copies in under
10 s; Ctrl-C within a second.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
import boxpacker_data
from cartonize import Item, pack
n, repeats = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(0)
items = [Item(*map(int, rng.integers(5, 61, 3)), weight=10) for _ in range(n)]
cat = boxpacker_data.catalog()
best = None
for _ in range(repeats):
    t = time.perf_counter()
    p = pack(items, cat)
    s = time.perf_counter() - t
    best = s if best is None else min(best, s)
print(json.dumps({"seconds": best, "boxes": p.n_boxes, "lower_bound": p.lower_bound}))
"""

INTERRUPT = r"""
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import boxpacker_data
from cartonize import Item, pack
rng = np.random.default_rng(0)
items = [Item(*map(int, rng.integers(5, 61, 3)), weight=10) for _ in range(int(sys.argv[2]))]
print("ready", flush=True)
pack(items, boxpacker_data.catalog())
"""


def run(python: str, n: int, repeats: int) -> dict:
    out = subprocess.run([python, "-c", CHILD, str(HERE), str(n), str(repeats)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def ctrl_c_latency(n: int) -> float:
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPT, str(HERE), str(n)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    time.sleep(1.0)
    t0 = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=600)
    seconds = time.perf_counter() - t0
    if "KeyboardInterrupt" not in err:
        return float("nan")  # finished before the signal, or failed
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", help="python of another cartonize install, measured alike")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    print(f"{'copies':>7}{'seconds':>10}{'boxes':>7}{'bound':>7}"
          + (f"{'before s':>10}{'boxes':>7}{'speed-up':>10}" if args.before else ""))
    for n in args.sizes:
        now = run(sys.executable, n, args.repeats)
        line = f"{n:>7,}{now['seconds']:>10.2f}{now['boxes']:>7}{now['lower_bound']:>7}"
        if args.before:
            old = run(args.before, n, 1)
            line += (f"{old['seconds']:>10.2f}{old['boxes']:>7}"
                     f"{old['seconds'] / now['seconds']:>9.1f}x")
        print(line, flush=True)
    print(f"Ctrl-C 1 s into a pack of {max(args.sizes):,} copies: stopped after "
          f"{ctrl_c_latency(max(args.sizes)):.3f} s")


if __name__ == "__main__":
    main()
