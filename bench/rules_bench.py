"""Packing rules on the shared BoxPacker orders: what they cost in boxes and in time.

    python bench/rules_bench.py [--repeats 5] [--seed 0]

Rules drawn with a seeded generator, at these rates:
  - kits: 10 % of the order lines, paired with another line of the same order (group);
  - do-not-mix: 15 % of the lines are "food", 10 % "chemical", incompatible;
  - a per-box limit: the most frequent item of the data may go at most 2 to a box;
  - ships alone: 2 % of the lines.
Prints boxes per order without and with the rules, the orders that needed more boxes because
of a rule, pack_many orders/s on every core with and without (median of --repeats,
interleaved; target: rules within 1.5x), and for the orders split over several boxes the
heaviest-to-lightest box ratio (mean and worst) without and with balance_weight.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402

from cartonize import pack_many  # noqa: E402
from cartonize.batch import to_columns  # noqa: E402

PAIRS = [("food", "chemical")]


def ruled_columns(orders: dict, seed: int) -> dict:
    cols = to_columns(orders)
    n = len(cols["order_id"])
    rng = np.random.default_rng(seed)
    items = [it.id for its in orders.values() for it in its]
    top = Counter(items).most_common(1)[0][0]
    group = np.full(n, None, dtype=object)
    starts = np.r_[0, np.flatnonzero(cols["order_id"][1:] != cols["order_id"][:-1]) + 1, n]
    kits = 0
    for a, b in zip(starts[:-1], starts[1:]):
        for r in range(a, b - 1):
            if group[r] is None and group[r + 1] is None and rng.random() < 0.10:
                group[r] = group[r + 1] = f"kit{kits}"
                kits += 1
    u = rng.random(n)
    category = np.where(u < 0.15, "food", np.where(u < 0.25, "chemical", None)).astype(object)
    cols.update(group=group, category=category,
                max_per_box=np.where(np.array(items, dtype=object) == top, 2.0, np.nan),
                ships_alone=rng.random(n) < 0.02)
    return cols


def ratios(orders_cols, table_place, catalog) -> list:
    """Heaviest / lightest box load of every order with two or more boxes."""
    table, place = table_place
    w = orders_cols["weight"][place["item_row"]]
    loads = {}
    for oid, k, x in zip(place["order_id"].tolist(), place["box_index"].tolist(), w.tolist()):
        loads.setdefault(oid, {}).setdefault(k, 0)
        loads[oid][k] += x
    return [max(v.values()) / max(1, min(v.values())) for v in loads.values() if len(v) > 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    catalog = boxpacker_data.catalog()
    orders = boxpacker_data.orders("any")
    plain = to_columns(orders)
    ruled = ruled_columns(orders, args.seed)
    base = pack_many(plain, catalog)
    rules = pack_many(ruled, catalog, incompatible=PAIRS)
    n = len(base["order_id"])
    more = int(np.sum(rules["n_boxes"] > base["n_boxes"]))
    runs = {"no rules": lambda: pack_many(plain, catalog),
            "rules": lambda: pack_many(ruled, catalog, incompatible=PAIRS)}
    times = boxpacker_data.interleaved(runs, args.repeats)
    rate = {k: n / statistics.median(v) for k, v in times.items()}
    print(f"{n:,} BoxPacker orders, items turned any way; rules as in the docstring "
          f"(seed {args.seed})")
    print(f"boxes per order: {np.mean(base['n_boxes']):.4f} without rules, "
          f"{np.mean(rules['n_boxes']):.4f} with (+ {int(np.sum(rules['n_alone'])):,} copies "
          "shipped alone)")
    print(f"orders with more boxes because of a rule: {more:,} of {n:,}")
    print(f"orders not fully packed with rules: {int(np.sum(rules['status'] != 'packed')):,}")
    print(f"orders/s on every core: {rate['no rules']:,.0f} without, {rate['rules']:,.0f} with "
          f"({rate['no rules'] / rate['rules']:.2f}x the time)")
    # The rules' own overhead, apart from the splits they force: the orders whose box count
    # they leave alone, with and without their rules.
    same = set(np.asarray(base["order_id"])[(rules["n_boxes"] == base["n_boxes"])
                                            & (rules["n_alone"] == 0)].tolist())
    keep = np.isin(plain["order_id"], list(same))
    sub_plain = {k: v[keep] for k, v in plain.items()}
    sub_ruled = {k: v[keep] for k, v in ruled.items()}
    sub = {"no rules": lambda: pack_many(sub_plain, catalog),
           "rules": lambda: pack_many(sub_ruled, catalog, incompatible=PAIRS)}
    st = boxpacker_data.interleaved(sub, args.repeats)
    print(f"  the {len(same):,} orders the rules leave alone: "
          f"{statistics.median(st['rules']) / statistics.median(st['no rules']):.2f}x the time "
          "with their rules")
    for name, balance in (("without balance_weight", False), ("with balance_weight", True)):
        t0 = time.perf_counter()
        r = ratios(plain, pack_many(plain, catalog, placements=True, balance_weight=balance),
                   catalog)
        seconds = time.perf_counter() - t0
        print(f"split orders ({len(r):,}), heaviest / lightest box {name}: mean "
              f"{statistics.fmean(r):.2f}, median {statistics.median(r):.2f}, worst "
              f"{max(r):.1f} ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
