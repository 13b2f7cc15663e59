"""Boxes cut to size against stocked boxes, on the shared BoxPacker orders.

    python bench/on_demand_bench.py [--repeats 3] [--step 5]

Packs every order (items turned any way) with: BoxPacker's four stocked boxes; the k = 4 and
k = 6 sizes box-set design chooses from all the orders (design_catalog, holdout 0); and a
box-on-demand machine (min 1 mm, max 2 m, the --step grid, no wall: OnDemand) alone. Prints
boxes, inner volume (m3) and FEFCO 0201 board (m2) of each, and for the cut boxes the lower
bound: the sum over boxes of PackedBox.size_bound (no box holding those copies is smaller).
Then orders/s of pack_many on one thread and on every core with the machine beside the four
stocked boxes, against the stocked boxes alone (median of --repeats, interleaved), and of
pack() per order the same way.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402

from cartonize import Catalog, OnDemand, Order, design_catalog, pack, pack_many  # noqa: E402
from cartonize._board import board_area  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402


def totals(table) -> tuple:
    if "box_sizes" in table:
        sizes = [d for t in table["box_sizes"] for d in t]
    else:
        sizes = [BOXES[b] for t in table["box_ids"] for b in t]
    volume = sum(int(np.prod(d)) for d in sizes) / 1e9
    board = sum(float(board_area(*d)) for d in sizes) / 1e6
    return len(sizes), volume, board


BOXES: dict = {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--step", type=int, default=5)
    args = ap.parse_args()
    stocked = boxpacker_data.catalog()
    orders = boxpacker_data.orders("any")
    cols = to_columns(orders)
    machine = OnDemand(min=(1, 1, 1), max=(2000, 2000, 2000), step=args.step, wall=0)
    cut = Catalog([], on_demand=[machine])
    rows = []
    BOXES.update({b.id: b.dims for b in stocked})
    rows.append(("BoxPacker's 4 stocked boxes",) + totals(pack_many(cols, stocked)))
    for k in (4, 6):
        d = design_catalog(cols, k, holdout=0.0, seed=0)
        BOXES.update({b.id: b.dims for b in d.catalog})
        rows.append((f"designed, k = {k}",) + totals(pack_many(cols, d.catalog)))
        BOXES.clear()
        BOXES.update({b.id: b.dims for b in stocked})
    table = pack_many(cols, cut)
    rows.append((f"cut to size ({args.step} mm grid)",) + totals(table))
    bound = sum(b.size_bound for items in orders.values() for b in pack(items, cut).boxes)
    print(f"{len(orders):,} BoxPacker orders, items turned any way")
    print(f"{'boxes from':<32}{'boxes':>7}{'volume m3':>11}{'board m2':>10}")
    for name, n, volume, board in rows:
        print(f"{name:<32}{n:>7,}{volume:>11.2f}{board:>10.1f}")
    print(f"{'  lower bound of the cut boxes':<32}{'':>7}{bound / 1e9:>11.2f}")
    base = rows[0][2]
    for name, _, volume, _ in rows[1:]:
        print(f"  {name}: {100 * (1 - volume / base):.1f} % less volume than the stocked boxes")

    both = Catalog(stocked.boxes, on_demand=[machine])
    prepared = [Order(items) for items in orders.values()]
    runs = {
        "pack_many, 1 thread": (lambda c: pack_many(cols, c, threads=1)),
        "pack_many, every core": (lambda c: pack_many(cols, c)),
        "pack() per order": (lambda c: [pack(o, c) for o in prepared]),
    }
    print(f"{'orders/s':<24}{'stocked':>10}{'+ machine':>11}{'time':>7}")
    for name, fn in runs.items():
        times = boxpacker_data.interleaved({"stocked": lambda: fn(stocked),
                                            "machine": lambda: fn(both)}, args.repeats)
        a, b = (statistics.median(times[k]) for k in ("stocked", "machine"))
        n = len(orders)
        print(f"{name:<24}{n / a:>10,.0f}{n / b:>11,.0f}{b / a:>6.1f}x")


if __name__ == "__main__":
    main()
