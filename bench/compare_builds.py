"""Before and after, in the same run: pack_many on every BoxPacker order with two installs of
cartonize (two Python interpreters), alternating, and print the ratio.

    python bench/compare_builds.py --before /path/to/old-venv/bin/python [--after python]
                                   [--rounds 3] [--repeats 5]

Each round runs, for each interpreter in turn, the median of `repeats` timed pack_many calls
on one thread and on every core, for items turned any way and kept upright, and the boxes per
order; then, on one thread, the single-box orders, the split orders and the placement kernel
(every order into one huge box) apart; and it compares each order's boxes and proof, and a
hash of every placement (order id, box index, box id, item row, copy, x, y, z, length, width,
height from pack_many(..., placements=True), rows sorted) per rotation: "same" when the two
builds place every copy alike in every round. Only the public API is used, so any installed
version can be measured. The figures printed are the best round of each (the machine is
shared: the best is the least disturbed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import csv, hashlib, json, statistics, sys, time
import numpy as np
from cartonize import Box, Catalog, pack_many
data, repeats = sys.argv[1], int(sys.argv[2])
boxes = []
with open(f"{data}/boxes.csv", newline="") as f:
    for r in csv.DictReader(f):
        boxes.append(Box(r["reference"], int(r["inner_length"]), int(r["inner_width"]),
                         int(r["inner_depth"]), max_weight=int(r["max_weight"]) - int(r["empty_weight"]),
                         outer=(int(r["outer_length"]), int(r["outer_width"]), int(r["outer_depth"])),
                         empty_weight=int(r["empty_weight"])))
catalog = Catalog(boxes)
with open(f"{data}/items.csv", newline="") as f:
    rows = list(csv.DictReader(f))
out = {}
for mode in ("any", "upright"):
    cols = {"order_id": np.array([r["order_id"] for r in rows], dtype=object),
            "length": np.array([int(r["length"]) for r in rows]),
            "width": np.array([int(r["width"]) for r in rows]),
            "height": np.array([int(r["depth"]) for r in rows]),
            "weight": np.array([int(r["weight"]) for r in rows]),
            "quantity": np.array([int(r["quantity"]) for r in rows]),
            "orientation": np.array([mode] * len(rows), dtype=object)}
    res = {}
    for threads in (1, None):
        table = pack_many(cols, catalog, threads=threads)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            pack_many(cols, catalog, threads=threads)
            times.append(time.perf_counter() - t0)
        res["1" if threads == 1 else "all"] = len(table["order_id"]) / statistics.median(times)
    res["boxes_per_order"] = float(np.mean(table["n_boxes"]))
    # Where one thread's time goes: the single-box orders, the split orders, and the placement
    # kernel (every order into one box far larger than any order), best of `repeats`.
    one = set(np.asarray(table["order_id"])[np.asarray(table["n_boxes"]) == 1].tolist())
    in_one = np.array([o in one for o in cols["order_id"].tolist()])
    huge = Catalog([Box("huge", 10_000, 10_000, 10_000)])
    for part, sub, cat in (("single-box orders", in_one, catalog),
                           ("split orders", ~in_one, catalog),
                           ("kernel: one huge box", np.ones(len(in_one), bool), huge)):
        part_cols = {c: v[sub] for c, v in cols.items()}
        pack_many(part_cols, cat, threads=1)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            pack_many(part_cols, cat, threads=1)
            times.append(time.perf_counter() - t0)
        res["ms " + part] = 1e3 * min(times)
    # Every placement, in a canonical order (sorted rows), as one hash: the two builds place
    # every copy alike when the hashes agree.
    _, place = pack_many(cols, catalog, threads=None, placements=True)
    fields = ("order_id", "box_index", "box_id", "item_row", "copy", "x", "y", "z",
              "length", "width", "height")
    placed = sorted(zip(*(np.asarray(place[f]).tolist() for f in fields)))
    res["placements"] = [len(placed),
                         hashlib.sha256(json.dumps(placed).encode()).hexdigest()]
    # Each order's boxes and proof, to compare the two builds order by order.
    res["orders"] = {str(k): [int(n), str(p)] for k, n, p in
                     zip(table["order_id"], table["n_boxes"], table["proof"])}
    out[mode] = res
print(json.dumps(out))
"""


def run(python: str, data: str, repeats: int) -> dict:
    out = subprocess.run([python, "-c", CHILD, data, str(repeats)], capture_output=True,
                         text=True, check=True, cwd="/")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True, help="Python of the install measured as before")
    ap.add_argument("--after", default=sys.executable, help="Python of the install after")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    data = os.environ.get("CARTONIZE_DATA", str(HERE.parent.parent / "shared" / "data" / "boxpacker"))
    best = {"before": {}, "after": {}}
    hashes = {"before": {}, "after": {}}  # per rotation, the placement hashes of every round
    for _ in range(args.rounds):
        for name, python in (("before", args.before), ("after", args.after)):
            r = run(python, data, args.repeats)
            for mode, res in r.items():
                b = best[name].setdefault(mode, dict(res))
                for k in ("1", "all"):
                    b[k] = max(b[k], res[k])
                for k in res:
                    if k.startswith("ms "):
                        b[k] = min(b[k], res[k])
                b["boxes_per_order"] = res["boxes_per_order"]
                hashes[name].setdefault(mode, set()).add(tuple(res["placements"]))
    print(f"best of {args.rounds} rounds, each the median of {args.repeats} pack_many calls "
          "over the 4,288 BoxPacker orders")
    print(f"{'rotation':<9}{'threads':>8}{'before/s':>11}{'after/s':>11}{'ratio':>7}"
          f"{'boxes/order before':>20}{'after':>8}")
    for mode in ("any", "upright"):
        b, a = best["before"][mode], best["after"][mode]
        for k in ("1", "all"):
            print(f"{mode:<9}{k:>8}{b[k]:>11,.0f}{a[k]:>11,.0f}{a[k] / b[k]:>7.2f}"
                  f"{b['boxes_per_order']:>20.4f}{a['boxes_per_order']:>8.4f}")
    print("one thread, pack_many on parts of the orders (ms, best of all rounds):")
    for mode in ("any", "upright"):
        b, a = best["before"][mode], best["after"][mode]
        print(f"  {mode}: " + "; ".join(
            f"{k[3:]} {b[k]:.1f} -> {a[k]:.1f} ({b[k] / a[k]:.2f}x)" for k in b if k.startswith("ms ")))
    for mode in ("any", "upright"):
        b, a = best["before"][mode]["orders"], best["after"][mode]["orders"]
        more = sum(a[k][0] > b[k][0] for k in b)
        fewer = sum(a[k][0] < b[k][0] for k in b)
        proofs = {name: [sum(v[1] == name for v in x.values()) for x in (b, a)]
                  for name in ("proven", "heuristic", "unknown")}
        print(f"{mode}: orders with more boxes after {more}, fewer {fewer}; proofs before -> after: "
              + ", ".join(f"{name} {x} -> {y}" for name, (x, y) in proofs.items()))
    for mode in ("any", "upright"):
        b, a = hashes["before"][mode], hashes["after"][mode]
        same = len(b) == 1 and b == a
        rows = ", ".join(sorted({f"{n:,}" for n, _ in b | a}))
        print(f"{mode}: placements ({rows} rows) hashed before "
              + "/".join(sorted(h[:12] for _, h in b)) + ", after "
              + "/".join(sorted(h[:12] for _, h in a)) + (": same" if same else ": DIFFERENT"))


if __name__ == "__main__":
    main()
