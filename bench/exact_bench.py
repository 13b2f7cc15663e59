"""What the exact search buys on the shared BoxPacker orders, and what it costs.

    python bench/exact_bench.py [--repeats 5] [--node-limit 10000] [--max-copies 8]

For items turned any way and kept upright it packs every order with the search off and on
and prints: the share of single-box orders whose box is proven the cheapest, the orders the
search moved to a cheaper box than the heuristic alone chose (and the box volume saved), the
box counts, and orders/s with the search off and on (median of R runs, all cores).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402
from cartonize.batch import to_columns as columns  # noqa: E402

from cartonize import pack_many  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--node-limit", type=int, default=10_000)
    ap.add_argument("--max-copies", type=int, default=8)
    args = ap.parse_args()
    catalog = boxpacker_data.catalog()
    volume = {b.id: b.volume for b in catalog}
    opts = dict(node_limit=args.node_limit, exact_max_copies=args.max_copies)
    print(f"node_limit={args.node_limit}, exact_max_copies={args.max_copies}")
    for mode in ("any", "upright"):
        cols = columns(boxpacker_data.orders(mode))

        def run(exact):
            pack_many(cols, catalog, exact=exact, **opts)  # warm-up
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                table = pack_many(cols, catalog, exact=exact, **opts)
                times.append(time.perf_counter() - t0)
            return table, len(table["order_id"]) / statistics.median(times)

        off, rate_off = run(False)
        on, rate_on = run(True)
        single = on["n_boxes"] == 1
        proven = np.sum(single & (on["proof"] == "proven"))
        unknown = np.sum(single & (on["proof"] == "unknown"))
        moved = saved = 0
        for a, b in zip(off["box_ids"], on["box_ids"]):
            if a != b and len(b) <= len(a):
                va, vb = sum(volume[x] for x in a), sum(volume[x] for x in b)
                if vb < va:
                    moved += 1
                    saved += va - vb
        print(f"\n{mode}: {len(on['order_id'])} orders, {int(single.sum())} in one box")
        print(f"  single-box orders proven cheapest   {proven} ({100 * proven / single.sum():.1f} %)"
              f", unknown (budget) {unknown}")
        print(f"  moved to a cheaper box by the search {moved} orders, "
              f"{saved / 1e9:.4f} m3 of box volume saved")
        print(f"  boxes: search off {int(off['n_boxes'].sum())}, on {int(on['n_boxes'].sum())}")
        multi = on["n_boxes"] > 1
        assert (on["lower_bound"] <= on["n_boxes"]).all(), "a lower bound above a packing"
        at = int(np.sum(multi & (on["lower_bound"] == on["n_boxes"])))
        gap = int(np.sum((on["n_boxes"] - on["lower_bound"])[multi]))
        print(f"  splits: {int(multi.sum())} orders, {at} at their lower bound, "
              f"{gap} boxes above the bounds in all")
        print(f"  orders/s: search off {rate_off:,.0f}, on {rate_on:,.0f} "
              f"(on/off {rate_on / rate_off:.2f})")


if __name__ == "__main__":
    main()
