"""Time the C++ core alone on every BoxPacker order, one thread, timed inside C++ (one batch call per order, the order repeated).

    python bench/core_time.py [--repeats 3]

Prints the summed C++ time per order class (one box, several boxes) and the single-thread
orders/s it implies, for items turned any way and kept upright. Use it to compare builds, e.g.
the SIMD question of the structure-of-arrays overlap scans:

    CXXFLAGS=-fno-tree-vectorize pip install --no-build-isolation -e . && python bench/core_time.py
    pip install --no-build-isolation -e . && python bench/core_time.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402

from cartonize import pack_many  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3, help="C++ repeats per order (mean taken)")
    args = ap.parse_args()
    catalog = boxpacker_data.catalog()
    for mode in ("any", "upright"):
        orders = boxpacker_data.orders(mode)
        boxes = dict(zip(*(lambda t: (t["order_id"], t["n_boxes"]))(
            pack_many(to_columns(orders), catalog))))
        total = {"one box": [0, 0.0], "several boxes": [0, 0.0]}
        for oid, items in orders.items():
            seconds = boxpacker_data.core_seconds(catalog, items, args.repeats)
            cls = total["one box" if boxes[oid] <= 1 else "several boxes"]
            cls[0] += 1
            cls[1] += seconds
        all_s = sum(v[1] for v in total.values())
        print(f"{mode}: {1e3 * all_s:.1f} ms of C++ for {len(orders)} orders = "
              f"{len(orders) / all_s:,.0f} orders/s on one thread")
        for name, (n, s) in total.items():
            print(f"    {name:<14}{n:>6} orders  {100 * s / all_s:5.1f} % of the time  "
                  f"{1e6 * s / max(n, 1):8.1f} us each")


if __name__ == "__main__":
    main()
