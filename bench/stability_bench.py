"""Stable placements on the shared BoxPacker orders: what min_support costs in boxes and time.

    python bench/stability_bench.py [--repeats 3] [--seed 0]

For items turned any way and kept upright, packs every order with min_support 0 (support
off: the placements as before), 0.5, 0.75 and 1.0, and with 0.75 plus 10 % of the lines (drawn
with --seed) not stackable. Prints boxes per order (and how many orders got more boxes than
without support), pack_many orders/s on every core (median of --repeats, the settings
interleaved) as a ratio to support off, and from the placements the share of copies off the
floor that rest on less than half of their base (of all copies, and the orders with one), and
the share that rest on a copy that is not stackable (for support off: on a copy of the lines
drawn not stackable).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402

from cartonize import pack_many  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402


def stability(place: dict, stackable: np.ndarray) -> tuple:
    """(copies, of them under half supported, of them on an unstackable copy, orders with a
    copy under half supported)."""
    oid = np.asarray(place["order_id"])
    key = np.stack([np.unique(oid, return_inverse=True)[1], place["box_index"]], axis=1)
    _, box = np.unique(key, axis=0, return_inverse=True)
    box = box.ravel()
    x1, y1, z1 = (np.asarray(place[c], dtype=np.int64) for c in "xyz")
    x2, y2 = x1 + place["length"], y1 + place["width"]
    z2 = z1 + place["height"]
    st = stackable[place["item_row"]]
    weak = blocked = 0
    weak_orders = set()
    order = np.argsort(box, kind="stable")
    bounds = np.r_[0, np.flatnonzero(np.diff(box[order])) + 1, len(order)]
    for a, b in zip(bounds[:-1], bounds[1:]):
        k = order[a:b]
        for i in k:
            if z1[i] == 0:
                continue
            below = k[z2[k] == z1[i]]
            dx = np.minimum(x2[i], x2[below]) - np.maximum(x1[i], x1[below])
            dy = np.minimum(y2[i], y2[below]) - np.maximum(y1[i], y1[below])
            touch = (dx > 0) & (dy > 0)
            area = int(np.sum(dx[touch] * dy[touch]))
            if area * 2 < (x2[i] - x1[i]) * (y2[i] - y1[i]):
                weak += 1
                weak_orders.add(oid[i])
            blocked += bool(np.any(~st[below[touch]]))
    return len(x1), weak, blocked, len(weak_orders)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    catalog = boxpacker_data.catalog()
    for orientation in ("any", "upright"):
        cols = to_columns(boxpacker_data.orders(orientation))
        n_lines = len(cols["order_id"])
        fragile = dict(cols, stackable=np.random.default_rng(args.seed).random(n_lines) >= 0.10)
        settings = {"off": (cols, 0.0), "0.5": (cols, 0.5), "0.75": (cols, 0.75),
                    "1.0": (cols, 1.0), "0.75 + 10 % not stackable": (fragile, 0.75)}
        results = {k: pack_many(c, catalog, placements=True, min_support=m)
                   for k, (c, m) in settings.items()}
        times = boxpacker_data.interleaved(
            {k: (lambda c=c, m=m: pack_many(c, catalog, min_support=m))
             for k, (c, m) in settings.items()}, args.repeats)
        base = results["off"][0]
        n = len(base["order_id"])
        print(f"{n:,} BoxPacker orders, items {orientation}; every core")
        print(f"{'min_support':<28}{'boxes/order':>12}{'more boxes':>12}{'orders/s':>10}"
              f"{'time':>7}{'<50 % held':>12}{'(orders)':>10}{'on fragile':>12}")
        for k, (c, _) in settings.items():
            table, place = results[k]
            st = np.asarray(c.get("stackable", np.ones(n_lines, dtype=bool)), dtype=bool)
            copies, weak, blocked, weak_orders = stability(place, st)
            # "on fragile" for support off counts the 10 % lines of the fragile draw, as if
            # they had been packed without support.
            if k == "off":
                _, _, blocked, _ = stability(place, np.asarray(fragile["stackable"]))
            more = int(np.sum(table["n_boxes"] > base["n_boxes"]))
            med = statistics.median(times[k])
            print(f"{k:<28}{np.mean(table['n_boxes']):>12.4f}{more:>12,}{n / med:>10,.0f}"
                  f"{med / statistics.median(times['off']):>6.2f}x"
                  f"{100 * weak / copies:>11.2f}%{100 * weak_orders / n:>9.1f}%"
                  f"{100 * blocked / copies:>11.2f}%")
            if table["status"].tolist().count("packed") != n:
                print(f"  {n - table['status'].tolist().count('packed')} orders not packed")
        print()


if __name__ == "__main__":
    main()
