"""The exact search alone: time a node on hard instances from the BoxPacker orders, and what
the walk's reuse of an earlier search saves.

    python bench/exact_search_bench.py [--before /path/to/other/python] [--rounds 5]

Three searches of 3,000-10,000 nodes, each run alone (`_core.exact_fit`, a fresh search with
nothing to reuse): A4 flats and a book in the 450 x 350 mailer at 60 mm (no fit), at 53 mm
(out of its 10,000 nodes), and six 330 x 230 sheets beside an A5 card in a 374 x 364 x 40
box (no fit). Prints microseconds and nanoseconds a node, best of --repeats calls, and the
same thicknesses searched in turn as the walk searches them (`_core.exact_fit_each`: a
search whose answer the last one gives is not run). With --before, the searches alone are
timed with another install (another interpreter) in turn with this one, --rounds times, and
the ratio of the best totals is printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, sys, time
from cartonize import Item, _core
from cartonize.packing import item_rows
repeats = int(sys.argv[1])
flats = item_rows([Item(330, 230, 6), Item(297, 210, 5), Item(297, 210, 13), Item(297, 210, 6),
                   Item(297, 210, 11), Item(297, 210, 4), Item(210, 210, 2), Item(209, 148, 21)])
books = item_rows([Item(297, 210, 6), Item(297, 210, 8), Item(297, 210, 11), Item(297, 210, 8),
                   Item(297, 210, 5), Item(295, 206, 4), Item(210, 148, 32), Item(190, 136, 14)])
sheets = item_rows([Item(330, 230, 6, quantity=6), Item(210, 148, 5)])
cases = [("flats in the mailer at 60 mm", flats, (390, 290, 60)),
         ("A4 and books at 53 mm", books, (397, 297, 53)),
         ("sheets in a 40 mm box", sheets, (374, 364, 40))]
out = []
for name, rows, box in cases:
    best = None
    for _ in range(repeats):
        t = time.perf_counter()
        status, _, nodes = _core.exact_fit(*box, rows, 10_000)
        s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    out.append({"name": name, "status": status, "nodes": nodes, "seconds": best})
walk = None
if hasattr(_core, "exact_fit_each"):
    boxes = [(450 - h, 350 - h, h) for h in (60, 59, 58, 57, 54, 53)]
    walk = {"alone": [_core.exact_fit(*b, flats, 10_000)[2] for b in boxes],
            "in_turn": [n for _, n in _core.exact_fit_each(boxes, flats, 10_000)]}
print(json.dumps({"cases": out, "walk": walk}))
"""

STATUS = {0: "fit", 1: "no fit", 2: "out of nodes"}


def run(python: str, repeats: int) -> dict:
    out = subprocess.run([python, "-c", CHILD, str(repeats)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", help="python of another cartonize install, measured alike")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=30)
    args = ap.parse_args()
    totals = {"this": [], "before": []}
    for _ in range(args.rounds if args.before else 1):
        for who, python in (("this", sys.executable), ("before", args.before)):
            if python is None:
                continue
            r = run(python, args.repeats)
            totals[who].append(sum(c["seconds"] for c in r["cases"]))
            if who == "this":
                last = r
    for c in last["cases"]:
        print(f"{c['name']:>30}: {STATUS[c['status']]:>12}, {c['nodes']:>6} nodes, "
              f"{1e6 * c['seconds']:7.1f} us, {1e9 * c['seconds'] / max(1, c['nodes']):5.1f} "
              f"ns a node")
    if last["walk"]:
        w = last["walk"]
        print(f"the mailer at 60, 59, 58, 57, 54, 53 mm: nodes alone {w['alone']}, "
              f"in turn as the walk searches {w['in_turn']} "
              f"({sum(w['in_turn'])} against {sum(w['alone'])})")
    if args.before:
        a, b = min(totals["this"]), min(totals["before"])
        print(f"the three alone, best of {args.rounds} rounds in turn: {1e6 * a:.1f} us, "
              f"before {1e6 * b:.1f} us: {a / b:.2f}x the time")


if __name__ == "__main__":
    main()
