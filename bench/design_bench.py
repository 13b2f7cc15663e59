"""Box-set design on the shared BoxPacker orders: how much box volume and board k sizes save.

    python bench/design_bench.py [--kmax 10] [--objective volume] [--resample 100000]

Designs k = 2..kmax sizes on 70 % of the 4,288 orders (seed 0, items turn any way) and prints,
for the 30 % held out, boxes, box volume and board against BoxPacker's four boxes, orders not
packed, and the design time. With --resample N it also times one design (k = 4) on N orders
drawn with replacement from the data set.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402
from cartonize.batch import to_columns as columns  # noqa: E402

from cartonize import design_catalog  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kmax", type=int, default=10)
    ap.add_argument("--objective", choices=["volume", "board"], default="volume")
    ap.add_argument("--rotation", choices=["any", "upright"], default="any")
    ap.add_argument("--resample", type=int, default=0)
    args = ap.parse_args()
    current = boxpacker_data.catalog()
    cols = columns(boxpacker_data.orders(args.rotation))
    design_catalog(cols, 2, current=current)  # compile the Numba kernels once
    print(f"{len(set(cols['order_id']))} orders, rotation {args.rotation}, objective "
          f"{args.objective}; holdout 30 %, seed 0; current = BoxPacker's 4 boxes")
    print(f"{'k':>3}{'boxes':>8}{'current':>9}{'volume saved':>14}{'board saved':>13}"
          f"{'not packed':>12}{'time s':>9}   sizes (mm)")
    for k in range(2, args.kmax + 1):
        t0 = time.perf_counter()
        d = design_catalog(cols, k, current=current, objective=args.objective, seed=0)
        seconds = time.perf_counter() - t0
        r = d.report.set_index(["split", "catalog"])
        cur, new = r.loc[("holdout", "current")], r.loc[("holdout", "designed")]
        sizes = " ".join("x".join(map(str, s)) for s in d.sizes.tolist())
        print(f"{k:>3}{int(new.boxes):>8}{int(cur.boxes):>9}"
              f"{100 * (1 - new.box_volume_m3 / cur.box_volume_m3):>13.1f}%"
              f"{100 * (1 - new.board_m2 / cur.board_m2):>12.1f}%"
              f"{int(new.orders_not_packed):>12}{seconds:>9.2f}   {sizes}")
    if args.resample:
        rng = np.random.default_rng(1)
        ids = np.array(sorted(set(cols["order_id"])), dtype=object)
        pick = rng.integers(0, len(ids), args.resample)
        by_order = {}
        for r, oid in enumerate(cols["order_id"]):
            by_order.setdefault(oid, []).append(r)
        rows = np.concatenate([by_order[ids[p]] for p in pick])
        order_id = np.repeat(np.arange(args.resample), [len(by_order[ids[p]]) for p in pick])
        big = {k: v[rows] for k, v in cols.items()}
        big["order_id"] = order_id
        t0 = time.perf_counter()
        d = design_catalog(big, 4, current=current, objective=args.objective, seed=0)
        print(f"\n{args.resample:,} resampled orders, k = 4: designed in "
              f"{time.perf_counter() - t0:.1f} s from {d.candidates} candidate sizes")


if __name__ == "__main__":
    main()
