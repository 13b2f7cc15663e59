"""Bags and mailers beside boxes on the shared BoxPacker orders.

    python bench/bags_bench.py [--repeats 5] [--orientation any]

Boxes: BoxPacker's four, each costing 0.40 per m2 of its FEFCO 0201 blank plus 0.05 to make
up (as bench/landed_bench.py prices them). Mailers beside them (costs stated here, typical of
stock poly and padded mailers, not any one supplier's):
  poly-S    250 x 350 mm flat, at most 40 mm thick, wall 0, 0.06;
  poly-M    350 x 450 mm flat, at most 60 mm thick, wall 0, 0.09;
  padded-L  400 x 500 mm flat, at most 80 mm thick, wall 3 mm, 0.28.
Rate card: bench/landed_bench.py's ground and express services.

Rows: by material cost (no tariff) and by landed cost (the tariff, objective "cost"), each
with the boxes alone and with the mailers beside them: packages, how many orders ship in a
bag (every package a bag), material, shipping and landed cost over all orders. Then the time
of pack_many on one thread over every order, boxes and mailers against boxes alone (CPU time,
median of --repeats runs each, interleaved: the ratio is the figure). Every packing with mailers passes
verify, and pack_many equals pack on every order (boxes, kinds, filled sizes, placements): the
bench exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402
from cartonize import Bag, Catalog, pack, pack_many, verify  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402
from landed_bench import SERVICES, priced_catalog  # noqa: E402

MAILERS = [
    Bag("poly-S", 350, 250, max_height=40, cost=0.06),
    Bag("poly-M", 450, 350, max_height=60, cost=0.09),
    Bag("padded-L", 500, 400, max_height=80, cost=0.28, wall=3, empty_weight=40),
]


def run(cols, catalog, tariff):
    kw = dict(tariff=SERVICES, objective="cost") if tariff else {}
    return pack_many(cols, catalog, threads=None, placements=True, **kw)


def summary(table, catalog) -> dict:
    kinds = {b.id: b.kind for b in catalog}
    bags = sum(1 for ids in table["box_ids"] if ids and all(kinds[b] == "bag" for b in ids))
    some = sum(1 for ids in table["box_ids"] if any(kinds[b] == "bag" for b in ids))
    cost = float(table["cost"].sum())
    shipping = float(table["shipping"].sum()) if "shipping" in table else 0.0
    return {"packages": int(table["n_boxes"].sum()), "bag_orders": bags, "some_bag": some,
            "material": cost - shipping, "shipping": shipping, "landed": cost}


def check(orders, cols, catalog, tariff) -> int:
    """verify every packing; pack_many equal to pack order by order. Returns the failures."""
    kw = dict(tariff=SERVICES, objective="cost") if tariff else {}
    table, place = pack_many(cols, catalog, threads=None, placements=True, **kw)
    rows = {}
    for k, oid in enumerate(place["order_id"].tolist()):
        rows.setdefault(oid, []).append(k)
    failed = 0
    for o, (oid, items) in enumerate(orders.items()):
        p = pack(items, catalog, **kw)
        try:
            verify(p, items, catalog, **({"tariff": SERVICES} if tariff else {}))
        except ValueError as e:
            print(f"   order {oid}: verify: {e}")
            failed += 1
            continue
        got = (table["box_ids"][o], table["kinds"][o], table["box_sizes"][o])
        want = (p.box_ids, tuple(b.box.kind for b in p.boxes), tuple(b.inner for b in p.boxes))
        mine = sorted((int(place["box_index"][k]), int(place["x"][k]), int(place["y"][k]),
                       int(place["z"][k]), int(place["length"][k]), int(place["width"][k]),
                       int(place["height"][k])) for k in rows.get(oid, []))
        theirs = sorted((b, q.x, q.y, q.z, q.length, q.width, q.height)
                        for b, pb in enumerate(p.boxes) for q in pb.placements)
        if got != want or mine != theirs:
            print(f"   order {oid}: pack_many {got} != pack {want}")
            failed += 1
    return failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--orientation", default="any", choices=["any", "upright"])
    args = ap.parse_args()
    boxes = priced_catalog(boxpacker_data.catalog())
    with_bags = Catalog(list(boxes) + MAILERS)
    orders = boxpacker_data.orders(args.orientation)
    cols = to_columns(orders)
    print(f"{len(orders)} BoxPacker orders, items {args.orientation}; boxes "
          + ", ".join(f"{b.id} {b.cost:.2f}" for b in boxes)
          + "; mailers " + ", ".join(f"{b.id} {b.cost:.2f}" for b in MAILERS))
    print(f"{'choice':>9} {'catalogue':>16} {'packages':>9} {'in bags':>14} {'material':>10} "
          f"{'shipping':>10} {'landed':>10}")
    for tariff in (False, True):
        for name, cat in (("boxes", boxes), ("boxes+mailers", with_bags)):
            s = summary(run(cols, cat, tariff)[0], cat)
            share = f"{s['bag_orders']} ({100 * s['bag_orders'] / len(orders):.1f} %)"
            print(f"{'landed' if tariff else 'material':>9} {name:>16} {s['packages']:>9} "
                  f"{share:>14} {s['material']:>10.2f} {s['shipping']:>10.2f} "
                  f"{s['landed']:>10.2f}")
    # Time on one thread, both catalogues in turn within each repeat.
    for tariff in (False, True):
        kw = dict(tariff=SERVICES, objective="cost") if tariff else {}
        times = {"boxes": [], "mailers": []}
        for _ in range(args.repeats):
            for name, cat in (("boxes", boxes), ("mailers", with_bags)):
                t = time.process_time()  # CPU time: the machine's other work does not count
                pack_many(cols, cat, threads=1, **kw)
                times[name].append(time.process_time() - t)
        a, b = statistics.median(times["boxes"]), statistics.median(times["mailers"])
        print(f"time, one thread, {'landed' if tariff else 'material'}: boxes "
              f"{1e6 * a / len(orders):.1f} us/order, boxes+mailers {1e6 * b / len(orders):.1f} "
              f"us/order: {b / a:.2f}x (median of {args.repeats})")
    failed = sum(check(orders, cols, with_bags, tariff) for tariff in (False, True))
    print(f"verify and pack_many == pack on {2 * len(orders)} packings with mailers: "
          f"{failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
