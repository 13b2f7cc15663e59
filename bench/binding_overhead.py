"""How much a Python call adds to the C++ work, for small typical orders (1-6 order lines).

    python bench/binding_overhead.py [--orders 200] [--seed 0]

For each sampled BoxPacker order (items turn any way) it times, as medians over repeated
calls: the C++ core alone (timed inside C++), pack(Order, catalog) with a prepared Order (the
hot path), pack(list of Item, catalog), building the order's Item objects, and reading the
placements of a fresh packing (as Placement objects through ``boxes``, and as one array
through ``placement_array`` where the install has it); and pack of the same orders with a
rule on every line (a load limit of five times the line's weight), as a list and as an Order. It prints the median over orders of
each, and the ratios to the C++ time. Runs on any install of cartonize (run it with another
interpreter to compare). Targets: pack of a typical order within 3x of the C++ time; an Item
in under 0.5 us; pack(list) within 1.5x of pack(Order).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402

from cartonize import Item, Order, pack  # noqa: E402


def median_call(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) * 1e-9


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orders", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=201)
    args = ap.parse_args()
    catalog = boxpacker_data.catalog()
    every = boxpacker_data.orders("any")
    small = sorted(k for k, v in every.items() if 1 <= len(v) <= 6)
    keys = random.Random(args.seed).sample(small, min(args.orders, len(small)))
    core, hot, items_path, build, boxes, arrays = [], [], [], [], [], []
    ruled_list, ruled_order = [], []
    for k in keys:
        items = every[k]
        order = Order(items)
        pack(order, catalog)  # warm
        core.append(boxpacker_data.core_seconds(catalog, items, args.repeats))
        hot.append(median_call(lambda: pack(order, catalog), args.repeats))
        items_path.append(median_call(lambda: pack(items, catalog), args.repeats))
        fields = [(it.length, it.width, it.height, it.weight, it.quantity) for it in items]
        build.append(median_call(lambda: [Item(a, b, c, weight=d, quantity=e)
                                          for a, b, c, d, e in fields], args.repeats)
                     / len(fields))
        boxes.append(median_call(lambda: pack(order, catalog).boxes, args.repeats) - hot[-1])
        ruled = [Item(it.length, it.width, it.height, weight=it.weight, quantity=it.quantity,
                      orientation=it.orientation, max_load=5 * it.weight) for it in items]
        prepared = Order(ruled)
        ruled_list.append(median_call(lambda: pack(ruled, catalog), args.repeats))
        ruled_order.append(median_call(lambda: pack(prepared, catalog), args.repeats))
        if hasattr(pack(order, catalog), "placement_array"):
            arrays.append(median_call(lambda: pack(order, catalog).placement_array,
                                      args.repeats) - hot[-1])
    c, h, i = (statistics.median(x) for x in (core, hot, items_path))
    copies = statistics.median(sum(it.quantity for it in every[k]) for k in keys)
    print(f"{len(keys)} BoxPacker orders with 1-6 lines (median {copies:g} copies), "
          f"medians over orders of per-order medians:")
    print(f"  C++ core alone                 {c * 1e6:8.2f} us")
    print(f"  pack(Order, catalog)           {h * 1e6:8.2f} us   {h / c:5.2f} x the C++ time")
    print(f"  pack([Item, ...], catalog)     {i * 1e6:8.2f} us   {i / c:5.2f} x the C++ time")
    print(f"  pack(list) / pack(Order)       {i / h:8.2f}")
    for name, t in (("pack([Item(max_load=)], cat)", ruled_list),
                    ("pack(Order(with max_load))", ruled_order)):
        print(f"  {name:30} {statistics.median(t) * 1e6:8.2f} us")
    print(f"  Item(l, w, h, weight=, quantity=) {statistics.median(build) * 1e6:5.2f} us each")
    print(f"  reading .boxes of a packing    {statistics.median(boxes) * 1e6:8.2f} us more")
    if arrays:
        print(f"  reading .placement_array       {statistics.median(arrays) * 1e6:8.2f} us more")
    ratios = sorted(hh / cc for hh, cc in zip(hot, core))
    print(f"  pack(Order) / C++ per order: median {statistics.median(ratios):.2f}, "
          f"90th percentile {ratios[int(0.9 * len(ratios))]:.2f}")


if __name__ == "__main__":
    main()
