"""Compare cartonize with peer libraries on the same real orders, measured in the same run.

    pip install py3dbp            # the peer
    python bench/peers.py [--sample 1000] [--seed 0]

This script installs nothing. It draws a random sample of the shared BoxPacker orders (items may
turn any way: py3dbp has no upright rule) and packs it with each peer and with cartonize. A peer
without box choice is given one: boxes by ascending volume, the first whose single packing
holds every item; when none does, the largest box is filled again and again with what remains.
For each packer it prints orders/s, boxes per order, mean utilisation (item volume over box
volume), orders not fully packed, and cartonize's throughput ratio over it.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402
from cartonize.batch import to_columns as columns  # noqa: E402

from cartonize import pack, pack_many  # noqa: E402


def py3dbp_order(items, catalog):
    """py3dbp with emulated box choice. Returns (boxes, item volume, box volume, complete?)."""
    from py3dbp import Bin, Item as PItem, Packer

    def fill(box, copies):
        packer = Packer()
        packer.add_bin(Bin(box.id, box.length, box.width, box.height,
                           box.max_weight if box.max_weight is not None else 10**12))
        for k, c in enumerate(copies):
            packer.add_item(PItem(k, c.length, c.width, c.height, c.weight))
        packer.pack()
        return [int(it.name) for it in packer.bins[0].items]

    copies = [it for it in items for _ in range(it.quantity)]
    boxes = sorted(catalog.boxes, key=lambda b: b.volume)
    for box in boxes:
        if len(fill(box, copies)) == len(copies):
            return 1, sum(c.volume for c in copies), box.volume, True
    n_boxes, item_volume, box_volume, rest = 0, 0, 0, copies
    while rest:
        placed = fill(boxes[-1], rest)
        if not placed:
            break
        n_boxes += 1
        box_volume += boxes[-1].volume
        item_volume += sum(rest[k].volume for k in placed)
        keep = set(placed)
        rest = [c for k, c in enumerate(rest) if k not in keep]
    return n_boxes, item_volume, box_volume, not rest


def measure_peer(name, fn, orders, catalog):
    t0 = time.perf_counter()
    results = [fn(items, catalog) for items in orders.values()]
    seconds = time.perf_counter() - t0
    n = len(results)
    return {
        "name": name, "orders/s": n / seconds,
        "boxes/order": sum(r[0] for r in results) / n,
        "util": statistics.fmean(r[1] / r[2] if r[2] else 0.0 for r in results),
        "incomplete": sum(1 for r in results if not r[3]),
    }


def measure_cartonize(orders, catalog, threads, repeats):
    cols = columns(orders)
    pack_many(cols, catalog, threads=threads)  # warm-up: see boxpacker_bench.py
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        table = pack_many(cols, catalog, threads=threads)
        times.append(time.perf_counter() - t0)
    n = len(table["order_id"])
    label = f"cartonize pack_many threads={threads or 'all'}"
    return {"name": label, "orders/s": n / statistics.median(times),
            "boxes/order": float(np.mean(table["n_boxes"])),
            "util": float(np.mean(table["utilisation"])),
            "incomplete": int(np.sum(table["status"] != "packed"))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=1000, help="orders to draw (default 1000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=21, help="cartonize runs (median taken)")
    args = ap.parse_args()
    catalog = boxpacker_data.catalog()
    every = boxpacker_data.orders("any")
    keys = random.Random(args.seed).sample(sorted(every), min(args.sample, len(every)))
    orders = {k: every[k] for k in keys}
    print(f"{len(orders)} orders drawn with seed {args.seed} from {boxpacker_data.DATA}, "
          "items turn any way")

    rows = [measure_cartonize(orders, catalog, None, args.repeats),
            measure_cartonize(orders, catalog, 1, args.repeats)]
    # Also one order at a time through pack(), the hot-path API.
    t0 = time.perf_counter()
    for items in orders.values():
        pack(items, catalog)
    rows.append(dict(rows[1], name="cartonize pack() one order at a time",
                     **{"orders/s": len(orders) / (time.perf_counter() - t0)}))
    peers = []
    if importlib.util.find_spec("py3dbp"):
        peers.append(measure_peer("py3dbp (emulated box choice)", py3dbp_order, orders, catalog))
    else:
        print("py3dbp is not installed: pip install py3dbp")
    if importlib.util.find_spec("packingsolver"):
        print("note: packingsolver is installed, but this script does not drive it yet")
    ours = rows[0]["orders/s"]
    print(f"\n{'packer':<40}{'orders/s':>12}{'boxes/order':>13}{'util %':>8}"
          f"{'not packed':>12}{'cartonize x':>13}")
    for r in rows + peers:
        ratio = ours / r["orders/s"]
        print(f"{r['name']:<40}{r['orders/s']:>12,.1f}{r['boxes/order']:>13.4f}"
              f"{100 * r['util']:>8.2f}{r['incomplete']:>12}{ratio:>13,.1f}")
    print("\n'cartonize x' = orders/s of cartonize pack_many on every core over the row's")


if __name__ == "__main__":
    main()
