"""Load bearing, fill limits and void fill on the shared BoxPacker orders.

    python bench/station_bench.py [--repeats 5] [--void-fill-cost 0.01]

Boxes: BoxPacker's four, priced as bench/landed_bench.py prices them (0.40 per m2 of the
FEFCO 0201 blank plus 0.05 to make up); material cost only (no tariff).

(a) Load bearing: 10 % of order lines (drawn with a fixed seed) get a max_load, in equal
    shares: 0 (nothing on top), the line's own weight (a copy bears about one of itself) and
    five times it. Against the same orders without limits: boxes per order, orders that take
    more boxes, how many choices are proven, and the time of pack_many on one thread (as in
    (b)).

(b) Fill limits: every box at max_fill 0.9, then 0.8, against no limit: boxes, orders that
    take more boxes (and fewer: the split is greedy, a limit can steer it to a better one),
    and the time of pack_many on one thread (CPU time, median of --repeats
    runs, the settings in turn within each run: the ratio is the figure).
(c) Void fill: void_fill_cost per litre of each box's empty inner volume (default 0.01, stated
    here as a round figure for air pillows or loose fill, not any one supplier's price).
    Chosen with the void fill in the cost, against chosen by material alone with the void
    priced afterwards: orders whose boxes change, material, void fill (litres and cost) and
    their sum over all orders, and the time.

Every packing passes verify (with the limits and the price), and pack_many equals pack order
by order (boxes, cost, void): the bench exits 1 otherwise.
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
from cartonize import Box, Catalog, Item, pack, pack_many, verify  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402
from landed_bench import priced_catalog  # noqa: E402


def limited(boxes, fill):
    return Catalog([Box(b.id, b.length, b.width, b.height, max_weight=b.max_weight, cost=b.cost,
                        outer=b.outer, empty_weight=b.empty_weight, max_fill=fill)
                    for b in boxes])


def with_loads(orders: dict, share: float = 0.1, seed: int = 0, limit=None) -> dict:
    """The orders with `share` of their lines given a max_load: 0, the line's weight or five
    times it, in equal shares (seeded); or `limit` on those lines."""
    rng = random.Random(seed)
    out = {}
    for oid, items in orders.items():
        lines = []
        for it in items:
            if rng.random() < share:
                it = Item(it.length, it.width, it.height, weight=it.weight, quantity=it.quantity,
                          orientation=it.orientation, id=it.id,
                          max_load=rng.choice((0, 1, 5)) * it.weight if limit is None
                          else limit)
            lines.append(it)
        out[oid] = lines
    return out


def timed(cols, catalogs: dict, repeats: int) -> dict:
    """Median CPU seconds of pack_many on one thread per catalogue (or (columns, catalogue)
    pair), run in turn."""
    times = {name: [] for name in catalogs}
    for _ in range(repeats):
        for name, cat in catalogs.items():
            c, cat = cat if isinstance(cat, tuple) else (cols, cat)
            t = time.process_time()
            pack_many(c, cat, threads=1)
            times[name].append(time.process_time() - t)
    return {name: statistics.median(v) for name, v in times.items()}


def check(orders, cols, catalog) -> int:
    """verify every packing; pack_many equal to pack order by order. Returns the failures."""
    table = pack_many(cols, catalog, threads=None)
    failed = 0
    for o, (oid, items) in enumerate(orders.items()):
        p = pack(items, catalog)
        try:
            verify(p, items, catalog)
        except ValueError as e:
            print(f"   order {oid}: verify: {e}")
            failed += 1
            continue
        same = table["box_ids"][o] == p.box_ids and abs(table["cost"][o] - p.cost) < 1e-9
        if catalog.void_fill_cost is not None:
            same = same and table["void"][o] == tuple(pb.void / 1e6 for pb in p.boxes)
        if not same:
            print(f"   order {oid}: pack_many {table['box_ids'][o]} != pack {p.box_ids}")
            failed += 1
    return failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--void-fill-cost", type=float, default=0.01)
    args = ap.parse_args()
    boxes = priced_catalog(boxpacker_data.catalog())
    orders = boxpacker_data.orders("any")
    cols = to_columns(orders)
    print(f"{len(orders)} BoxPacker orders; boxes "
          + ", ".join(f"{b.id} {b.volume / 1e6:.1f} L {b.cost:.2f}" for b in boxes))

    # (a) load bearing
    loaded = with_loads(orders)
    loaded_cols = to_columns(loaded)
    n_lines = sum(len(v) for v in orders.values())
    n_limited = sum(it.max_load is not None for v in loaded.values() for it in v)
    cats = {"none": Catalog(boxes)}
    base = pack_many(cols, cats["none"], threads=None)
    with_limits = pack_many(loaded_cols, cats["none"], threads=None)
    unreached_cols = to_columns(with_loads(orders, limit=10**12))
    unreached = pack_many(unreached_cols, cats["none"], threads=None)
    secs = timed(cols, {"none": cats["none"], "loads": (loaded_cols, cats["none"]),
                        "unreached": (unreached_cols, cats["none"])}, args.repeats)
    more = int((with_limits["n_boxes"] > base["n_boxes"]).sum())
    fewer = int((with_limits["n_boxes"] < base["n_boxes"]).sum())
    print(f"\n(a) load bearing: {n_limited} of {n_lines} lines with a max_load "
          f"(0, 1x or 5x their weight)")
    print("    limits      boxes   boxes/order   orders with more / fewer boxes   us/order   time")
    for name, t in (("none", base), ("max_load", with_limits)):
        print(f"    {name:>8} {int(t['n_boxes'].sum()):>10} {t['n_boxes'].mean():>13.4f} "
              f"{(more if name != 'none' else 0):>20} / {(fewer if name != 'none' else 0):<11}"
              f"{1e6 * secs[name if name == 'none' else 'loads'] / len(orders):>10.1f} "
              f"{secs[name if name == 'none' else 'loads'] / secs['none']:>6.2f}x")
    proofs = {name: {k: int((t["proof"] == k).sum()) for k in ("proven", "heuristic", "unknown")}
              for name, t in (("none", base), ("max_load", with_limits))}
    print("    proofs (proven / heuristic / unknown): " + "; ".join(
        f"{name} {p['proven']} / {p['heuristic']} / {p['unknown']}" for name, p in proofs.items()))
    print(f"    the same lines at 10^12 g (a limit never reached): "
          f"{int(unreached['n_boxes'].sum())} boxes, "
          f"{1e6 * secs['unreached'] / len(orders):.1f} us/order, "
          f"{secs['unreached'] / secs['none']:.2f}x")

    # (b) fill limits
    cats = {"none": Catalog(boxes), "0.9": limited(boxes, 0.9), "0.8": limited(boxes, 0.8)}
    secs = timed(cols, cats, args.repeats)
    print("\n(b) max_fill      boxes   orders with more / fewer boxes   us/order   time")
    for name, cat in cats.items():
        t = base if name == "none" else pack_many(cols, cat, threads=None)
        more = int((t["n_boxes"] > base["n_boxes"]).sum())
        fewer = int((t["n_boxes"] < base["n_boxes"]).sum())
        print(f"    {name:>8} {int(t['n_boxes'].sum()):>10} {more:>20} / {fewer:<11}"
              f"{1e6 * secs[name] / len(orders):>10.1f} {secs[name] / secs['none']:>6.2f}x")

    # (c) void fill
    price = args.void_fill_cost
    priced = Catalog(boxes, void_fill_cost=price)
    plain = Catalog(boxes)
    by_material = pack_many(cols, plain, threads=None)
    with_void = pack_many(cols, priced, threads=None)
    # Chosen by material, the void priced afterwards: each box's empty volume at the price.
    after_void_l = 0.0
    for items in orders.values():
        p = pack(items, plain)
        after_void_l += sum(pb.void for pb in p.boxes) / 1e6
    changed = sum(a != b for a, b in zip(by_material["box_ids"], with_void["box_ids"]))
    mat_a = float(by_material["cost"].sum())
    void_b = float(with_void["void_fill"].sum())
    mat_b = float(with_void["cost"].sum()) - void_b
    void_b_l = sum(sum(v) for v in with_void["void"])
    secs = timed(cols, {"plain": plain, "void": priced}, args.repeats)
    print(f"\n(c) void fill at {price} per litre")
    print(f"    {'chosen by':>26} {'material':>10} {'void (L)':>10} {'void fill':>10} "
          f"{'sum':>10}")
    print(f"    {'material, void afterwards':>26} {mat_a:>10.2f} {after_void_l:>10.1f} "
          f"{after_void_l * price:>10.2f} {mat_a + after_void_l * price:>10.2f}")
    print(f"    {'material + void fill':>26} {mat_b:>10.2f} {void_b_l:>10.1f} {void_b:>10.2f} "
          f"{mat_b + void_b:>10.2f}")
    print(f"    orders whose boxes change: {changed} of {len(orders)}; time "
          f"{1e6 * secs['void'] / len(orders):.1f} against {1e6 * secs['plain'] / len(orders):.1f}"
          f" us/order: {secs['void'] / secs['plain']:.2f}x (median of {args.repeats})")

    failed = sum(check(orders, cols, cat) for cat in (cats["0.9"], cats["0.8"], priced))
    failed += check(loaded, loaded_cols, cats["none"])
    print(f"\nverify and pack_many == pack on {4 * len(orders)} packings: {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
