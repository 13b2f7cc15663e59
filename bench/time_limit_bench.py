"""How well time_limit holds on big orders with the rules that make each placement dearer.

    python bench/time_limit_bench.py [--limit 0.2] [--sizes 1000 4000] [--before /other/python]

One order of n distinct copies (sides 20-80 x 20-80 x 10-60 mm, 50-500 g, drawn with a seed)
into three boxes (300 x 200 x 150, 400 x 300 x 300, 600 x 400 x 400 mm), packed once with
time_limit = --limit seconds under each of: no rules; a max_load on every copy (100-2,000 g);
mixed limits (none, 0, 300 g or 3,000 g); min_support 0.5; balance_weight (on the order drawn
with seed 1, whose balancing takes long: at 1,000 copies it ran 68 s before it stopped at the
limit); a box-on-demand machine beside the boxes (their searches for cut sizes stop at the
limit too), without rules and with one copy in five not stackable. Prints the wall
time of the call, its ratio to the limit (the time the packer takes to finish the packing it
has after the limit: each copy left goes in somewhere), the boxes, and whether verify passes.
With --before, the same orders packed by another install of cartonize (another interpreter)
in the same run, and the ratio of the two times.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

# One pack call timed, then verify (the child prints a line of JSON).
TIMED = r"""
t = time.perf_counter()
p = pack(items, cat, **kw)
s = time.perf_counter() - t
try:
    verify(p, items, cat, min_support=kw.get("min_support", 0.0))
    ok = True
except ValueError:
    ok = False
print(json.dumps({"seconds": s, "boxes": p.n_boxes, "verify": ok}))
"""

CHILD = r"""
import json, random, sys, time
from cartonize import Box, Catalog, Item, pack, verify
n, limit, case = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
rng = random.Random(1 if case == "balance_weight" else 0)
loads = {"every copy limited": lambda r: r.randint(100, 2000),
         "mixed limits": lambda r: r.choice([None, 0, 300, 3000])}.get(case)
items = [Item(rng.randint(20, 80), rng.randint(20, 80), rng.randint(10, 60),
              weight=rng.randint(50, 500), max_load=loads(rng) if loads else None,
              stackable=case != "machine, 1 in 5 not stackable" or k % 5 != 0)
         for k in range(n)]
cat = Catalog([Box("S", 300, 200, 150), Box("M", 400, 300, 300), Box("L", 600, 400, 400)])
if case.startswith("machine"):  # boxes cut to size beside the stocked ones
    from cartonize import OnDemand
    cat = Catalog([Box("S", 300, 200, 150, cost=0.4), Box("M", 400, 300, 300, cost=0.7),
                   Box("L", 600, 400, 400, cost=1.2)],
                  on_demand=[OnDemand(min=(100, 100, 50), max=(600, 400, 400), step=10,
                                      board_cost=0.5, cost=0.1)])
kw = {"min_support 0.5": {"min_support": 0.5},
      "balance_weight": {"balance_weight": True}}.get(case, {})
kw["time_limit"] = limit
""" + TIMED

CASES = ("no rules", "every copy limited", "mixed limits", "min_support 0.5", "balance_weight",
         "machine", "machine, 1 in 5 not stackable")


def run(python: str, n: int, limit: float, case: str) -> dict:
    out = subprocess.run([python, "-c", CHILD, str(n), str(limit), case], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=float, default=0.2)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    ap.add_argument("--before", help="another interpreter with another install of cartonize")
    args = ap.parse_args()
    print(f"time_limit = {args.limit} s; wall time of one pack call, its ratio to the limit")
    head = f"{'copies':>7}  {'rules':<32}{'seconds':>9}{'x limit':>9}{'boxes':>7}{'verify':>8}"
    print(head + (f"{'before (s)':>12}{'ratio':>8}" if args.before else ""))
    failed = 0
    for n in args.sizes:
        for case in CASES:
            now = run(sys.executable, n, args.limit, case)
            failed += not now["verify"]
            line = (f"{n:>7,}  {case:<32}{now['seconds']:>9.2f}{now['seconds'] / args.limit:>8.1f}x"
                    f"{now['boxes']:>7}{'ok' if now['verify'] else 'FAILED':>8}")
            if args.before:
                then = run(args.before, n, args.limit, case)
                line += f"{then['seconds']:>12.2f}{then['seconds'] / now['seconds']:>7.2f}x"
            print(line, flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
