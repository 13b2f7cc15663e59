"""Pack every order of the shared BoxPacker data set and compare with BoxPacker's own results.

    python bench/boxpacker_bench.py [--threads N] [--repeats R]

Prints, for items turned any way and for items kept upright: orders/s (median of R runs of
pack_many) on every core and on one thread, and their ratio; boxes per order and mean
utilisation beside BoxPacker's, and every order where cartonize uses more boxes than BoxPacker
(the target is none). Every packing is checked with cartonize.verify once.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402

from cartonize import Box, Catalog, pack, pack_many, verify  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    catalog = boxpacker_data.catalog()
    theirs = boxpacker_data.boxpacker_results()
    print(f"BoxPacker data: {boxpacker_data.DATA}")
    print(f"{'rotation':<9}{'orders':>7}{'orders/s':>11}{'1 thread':>10}{'ratio':>7}"
          f"{'boxes/order':>13}{'BP boxes/order':>16}"
          f"{'util %':>8}{'BP util %':>11}{'more boxes':>12}{'fewer':>7}")
    for mode in ("any", "upright"):
        orders = boxpacker_data.orders(mode)
        cols = to_columns(orders)
        # The Item objects loaded above are long-lived: keep the collector from walking them
        # in every run, as a service would after start-up.
        gc.collect()
        gc.freeze()
        # Each thread count is timed as a block after a warm-up run: alternating them leaves
        # the second core idle half the time, and its first run after that is slower.
        def block(threads):
            table = pack_many(cols, catalog, threads=threads)
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                table = pack_many(cols, catalog, threads=threads)
                times.append(time.perf_counter() - t0)
            return table, times

        table, times = block(args.threads)
        _, single = block(1)
        n = len(table["order_id"])
        ours = dict(zip(table["order_id"], table["n_boxes"].tolist()))
        bp_boxes = sum(theirs[k][mode][0] for k in orders)
        bp_util = statistics.fmean(theirs[k][mode][1] for k in orders)
        more = [k for k in orders if ours[k] > theirs[k][mode][0]]
        fewer = [k for k in orders if ours[k] < theirs[k][mode][0]]
        fast, slow = n / statistics.median(times), n / statistics.median(single)
        print(f"{mode:<9}{n:>7}{fast:>11,.0f}{slow:>10,.0f}{fast / slow:>7.2f}"
              f"{sum(ours.values()) / n:>13.4f}{bp_boxes / n:>16.4f}"
              f"{100 * float(np.mean(table['utilisation'])):>8.2f}{bp_util:>11.2f}"
              f"{len(more):>12}{len(fewer):>7}")
        for k in more:
            print(f"    more boxes than BoxPacker: order {k}: {ours[k]} vs {theirs[k][mode][0]}")
        # Where one thread's time goes: the single-box orders, the same orders packed into
        # their chosen box alone (what the walk cannot go below), and the split orders.
        one_box = np.asarray(table["n_boxes"]) == 1
        ids = np.asarray(table["order_id"])
        keep = np.isin(cols["order_id"], ids[one_box])
        singles = {c: v[keep] for c, v in cols.items()}
        splits = {c: v[~keep] for c, v in cols.items()}
        chosen = dict(zip(ids[one_box].tolist(), np.asarray(table["box_ids"])[one_box]))
        floors = {}
        for b in catalog.boxes:  # each order with only its chosen box in the catalogue
            mine = [k for k, v in chosen.items() if v[0] == b.id]
            if mine:
                rows = np.isin(singles["order_id"], mine)
                floors[b.id] = ({c: v[rows] for c, v in singles.items()}, Catalog([b]))
        parts = {"single-box orders": lambda: pack_many(singles, catalog, threads=1),
                 "  into their box alone": lambda: [pack_many(o, c, threads=1)
                                                   for o, c in floors.values()],
                 "split orders": lambda: pack_many(splits, catalog, threads=1)}
        # The placement kernel alone: every order into one box far larger than any order, where
        # the first attempt always succeeds (no walk, no search, no split).
        huge = Catalog([Box("huge", 10_000, 10_000, 10_000)])
        parts["kernel: every order into one huge box"] = lambda: pack_many(cols, huge, threads=1)
        spent = {}
        for name, fn in parts.items():
            fn()
            spent[name] = min(_timed(fn) for _ in range(args.repeats))
        print(f"    one thread, best of {args.repeats}: " + "; ".join(
            f"{name.strip()} {seconds * 1e3:.1f} ms" for name, seconds in spent.items())
            + f" ({int(one_box.sum()):,} single-box, {int((~one_box).sum()):,} split orders)")
        n_copies = int(np.sum(cols["quantity"]))
        print(f"    placement kernel: {spent['kernel: every order into one huge box'] / n_copies * 1e6:.2f}"
              f" us a copy ({n_copies:,} copies, Python's share of pack_many included)")
        if not args.no_verify:
            for k, items in orders.items():
                verify(pack(items, catalog), items, catalog)
    print(f"threads={args.threads or 'all'}; orders/s is the median of {args.repeats} runs of "
          "pack_many over every order")


if __name__ == "__main__":
    main()
