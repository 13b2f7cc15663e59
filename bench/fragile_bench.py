"""Big orders with copies nothing may rest on, packed with no time limit.

    python bench/fragile_bench.py [--sizes 1000 3000] [--before /other/python]

One order of n distinct copies (sides 20-80 x 20-80 x 10-60 mm, 50-500 g, drawn with seed 0)
into three boxes (300 x 200 x 150, 400 x 300 x 300, 600 x 400 x 400 mm), packed once under
each of: every copy `stackable=False`; every other copy; every third copy, with min_support
0.5 and balance_weight. Prints the wall time of the call, the boxes, and whether verify
passes. With --before, the same orders packed by another install of cartonize (another
interpreter) in the same run, and the ratio of the two times; --timeout caps each call of
either (a call past it prints as "> timeout").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from time_limit_bench import TIMED  # noqa: E402

CHILD = r"""
import json, random, sys, time
from cartonize import Box, Catalog, Item, pack, verify
n, case = int(sys.argv[1]), sys.argv[2]
every = {"all not stackable": 1, "half not stackable": 2}.get(case, 3)
rng = random.Random(0)
items = [Item(rng.randint(20, 80), rng.randint(20, 80), rng.randint(10, 60),
              weight=rng.randint(50, 500), stackable=k % every != 0) for k in range(n)]
cat = Catalog([Box("S", 300, 200, 150), Box("M", 400, 300, 300), Box("L", 600, 400, 400)])
kw = {"min_support": 0.5, "balance_weight": True} if every == 3 else {}
""" + TIMED

CASES = ("all not stackable", "half not stackable", "a third, support, balance")


def run(python: str, n: int, case: str, timeout: float) -> dict | None:
    try:
        out = subprocess.run([python, "-c", CHILD, str(n), case], check=True,
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    ap.add_argument("--before", help="another interpreter with another install of cartonize")
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args()
    print(f"{'copies':>7}  {'rules':<28}{'seconds':>9}{'boxes':>7}{'verify':>8}"
          + (f"{'before (s)':>12}{'boxes':>7}{'ratio':>8}" if args.before else ""))
    failed = 0
    for n in args.sizes:
        for case in CASES:
            now = run(sys.executable, n, case, args.timeout)
            if now is None:
                print(f"{n:>7,}  {case:<28}{'> ' + str(int(args.timeout)):>9}", flush=True)
                failed += 1
                continue
            failed += not now["verify"]
            line = (f"{n:>7,}  {case:<28}{now['seconds']:>9.2f}{now['boxes']:>7}"
                    f"{'ok' if now['verify'] else 'FAILED':>8}")
            if args.before:
                then = run(args.before, n, case, args.timeout)
                line += (f"{'> ' + str(int(args.timeout)):>12}{'':>7}{'> ':>6}"
                         f"{args.timeout / now['seconds']:.0f}x" if then is None else
                         f"{then['seconds']:>12.2f}{then['boxes']:>7}"
                         f"{then['seconds'] / now['seconds']:>7.2f}x")
            print(line, flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
