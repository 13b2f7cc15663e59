"""Box choice by landed cost on the shared BoxPacker orders.

    python bench/landed_bench.py [--repeats 5] [--skip-design]

Rate card (a realistic parcel tariff, stated here, not any one carrier's):
  ground:  divisor 5000, 4.20 for the first 500 g, then 0.95 per 500 g, 0.60 per parcel,
           at most 31.5 kg, 1,200 mm long, 3,000 mm girth;
  express: divisor 6000, 7.90 for the first 500 g, then 1.60 per 500 g, 1.00 per parcel,
           at most 20 kg.
Boxes: BoxPacker's four, each costing 0.40 per m2 of its FEFCO 0201 blank (corrugated board)
plus 0.05 to make up.

Rows: choice by inner volume (the default without a tariff; the chosen boxes are then priced
with the same rate card), by landed cost with objective "boxes", and with objective "cost".
For each: material, shipping and landed cost over all orders, boxes, the orders whose boxes
differ from the volume choice, and pack_many orders/s on every core against the same call
without a tariff (median of --repeats runs each, interleaved). Then box-set design, k = 4 on
70 % of the orders, by volume and by landed cost: the holdout figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402

from cartonize import Box, Catalog, Tariff, design_catalog, pack_many  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402
from cartonize.design import board_area  # noqa: E402

SERVICES = [
    Tariff(name="ground", divisor=5000, first_weight=500, first_price=4.20, step_weight=500,
           step_price=0.95, per_parcel=0.60, max_weight=31_500, max_length=1_200,
           max_girth=3_000),
    Tariff(name="express", divisor=6000, first_weight=500, first_price=7.90, step_weight=500,
           step_price=1.60, per_parcel=1.00, max_weight=20_000),
]


def priced_catalog(base: Catalog) -> Catalog:
    return Catalog([Box(b.id, *b.dims, max_weight=b.max_weight, outer=b.outer,
                        empty_weight=b.empty_weight,
                        cost=round(0.40 * float(board_area(*b.dims)) / 1e6 + 0.05, 4))
                    for b in base])


def shipping_of(catalog: Catalog, box_id, gross: int) -> float:
    """The cheapest service's price for a catalogue box at a gross weight (after the fact)."""
    b = catalog[catalog.index(box_id)]
    prices = [t.price(int(np.prod(b.outer)), gross) for t in SERVICES if t.takes(b.outer, gross)]
    prices = [p for p in prices if p == p]
    return min(prices) if prices else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--skip-design", action="store_true")
    args = ap.parse_args()
    base = boxpacker_data.catalog()
    unpriced = Catalog([Box(b.id, *b.dims, max_weight=b.max_weight, outer=b.outer,
                            empty_weight=b.empty_weight) for b in base])
    catalog = priced_catalog(base)
    orders = boxpacker_data.orders("any")
    cols = to_columns(orders)

    volume = pack_many(cols, unpriced, placements=True)
    table, place = volume
    # Price the volume choice after the fact: material + cheapest service per box.
    item_w = cols["weight"][place["item_row"]]
    loads = {}
    for oid, k, w in zip(place["order_id"].tolist(), place["box_index"].tolist(),
                         item_w.tolist()):
        loads[oid, k] = loads.get((oid, k), 0) + w
    material = {b.id: b.cost for b in catalog}
    empty = {b.id: b.empty_weight for b in catalog}
    v_mat = v_ship = 0.0
    for oid, ids in zip(table["order_id"].tolist(), table["box_ids"]):
        for k, bid in enumerate(ids):
            v_mat += material[bid]
            v_ship += shipping_of(catalog, bid, loads[oid, k] + empty[bid])
    rows = [("volume (no tariff)", v_mat, v_ship, int(table["n_boxes"].sum()), 0, table)]
    base_ids = list(table["box_ids"])

    runs = {"none": lambda: pack_many(cols, unpriced),
            "boxes": lambda: pack_many(cols, catalog, tariff=SERVICES),
            "cost": lambda: pack_many(cols, catalog, tariff=SERVICES, objective="cost")}
    for name in ("boxes", "cost"):
        t = runs[name]()
        changed = sum(a != b for a, b in zip(base_ids, t["box_ids"]))
        ship = float(np.sum(t["shipping"]))
        rows.append((f"landed, objective {name!r}", float(np.sum(t["cost"])) - ship, ship,
                     int(t["n_boxes"].sum()), changed, t))
    times = boxpacker_data.interleaved(runs, args.repeats)
    rate = {k: len(table["order_id"]) / statistics.median(v) for k, v in times.items()}

    print(f"{len(table['order_id']):,} BoxPacker orders, items turned any way; money in currency units")
    print(f"{'choice':<24}{'material':>10}{'shipping':>11}{'landed':>11}{'boxes':>7}"
          f"{'changed':>9}{'orders/s':>10}{'vs none':>9}")
    for (name, mat, ship, boxes, changed, _), key in zip(rows, ("none", "boxes", "cost")):
        print(f"{name:<24}{mat:>10,.2f}{ship:>11,.2f}{mat + ship:>11,.2f}{boxes:>7,}"
              f"{changed:>9,}{rate[key]:>10,.0f}{rate['none'] / rate[key]:>8.2f}x")
    print(f"orders/s: median of {args.repeats} pack_many calls on every core; 'vs none' is the "
          "time against the same call without a tariff")

    if args.skip_design:
        return
    print("\nbox-set design, k = 4, trained on 70 %, holdout figures:")
    print(f"{'design':<22}{'boxes':>7}{'volume m3':>11}{'material':>10}{'shipping':>10}"
          f"{'landed':>10}")
    for objective in ("volume", "cost"):
        d = design_catalog(cols, 4, current=catalog, tariff=SERVICES, objective=objective,
                           holdout=0.3, seed=0)
        r = d.report.set_index(["split", "catalog"])
        for which in (("current",) if objective == "volume" else ()) + ("designed",):
            x = r.loc[("holdout", which)]
            label = "current 4 boxes" if which == "current" else f"designed by {objective}"
            print(f"{label:<22}{int(x.boxes):>7,}{x.box_volume_m3:>11.2f}"
                  f"{x.landed_cost - x.shipping:>10,.2f}{x.shipping:>10,.2f}"
                  f"{x.landed_cost:>10,.2f}")


if __name__ == "__main__":
    main()
