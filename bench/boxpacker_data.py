"""Loading the shared BoxPacker data set (../shared/data/boxpacker) for benchmarks."""

from __future__ import annotations

import csv
import os
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from cartonize import Box, Catalog, Item, Order, _core

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("CARTONIZE_DATA", HERE.parent.parent / "shared" / "data" / "boxpacker"))


def catalog() -> Catalog:
    """BoxPacker's four boxes. Their max_weight is a gross limit; ours is the load."""
    boxes = []
    with open(DATA / "boxes.csv", newline="") as f:
        for r in csv.DictReader(f):
            boxes.append(Box(r["reference"], int(r["inner_length"]), int(r["inner_width"]),
                             int(r["inner_depth"]),
                             max_weight=int(r["max_weight"]) - int(r["empty_weight"]),
                             outer=(int(r["outer_length"]), int(r["outer_width"]),
                                    int(r["outer_depth"])),
                             empty_weight=int(r["empty_weight"])))
    return Catalog(boxes)


def orders(orientation: str = "any") -> dict:
    """order_id -> [Item], in file order; depth is the vertical side."""
    out = defaultdict(list)
    with open(DATA / "items.csv", newline="") as f:
        for r in csv.DictReader(f):
            out[r["order_id"]].append(Item(int(r["length"]), int(r["width"]), int(r["depth"]),
                                           weight=int(r["weight"]), quantity=int(r["quantity"]),
                                           orientation=orientation, id=r["item_id"]))
    return dict(out)


def boxpacker_results() -> dict:
    """order_id -> {"upright": (boxes, utilisation %), "any": (...)}."""
    out = {}
    with open(DATA / "boxpacker_results.csv", newline="") as f:
        for r in csv.DictReader(f):
            out[r["order_id"]] = {"upright": (int(r["boxes_upright"]), float(r["utilisation_upright"])),
                                  "any": (int(r["boxes_any"]), float(r["utilisation_any"]))}
    return out


def core_seconds(catalog: Catalog, items, repeats: int, exact: bool = True) -> float:
    """Seconds per pack of one order inside C++: the order `repeats` times over in one
    single-threaded batch call (after a warm-up call), so Python's share is one call."""
    rows = Order(items)._rows
    n = len(rows)
    offsets = np.arange(repeats + 1, dtype=np.int64) * n
    cols = [np.tile(rows[:, k], repeats) for k in range(5)]
    mask = np.tile(rows[:, 5], repeats).astype(np.uint8)
    args = (catalog._core, offsets, *cols, mask, 1, False, exact)
    _core.pack_batch(*args)
    t0 = time.perf_counter()
    _core.pack_batch(*args)
    return (time.perf_counter() - t0) / repeats


def interleaved(runs: dict, repeats: int) -> dict:
    """Seconds of each of `runs` (name -> callable), `repeats` times each, the runs taken in
    turn within each repeat so that the shared machine's noise hits all of them alike."""
    times = {k: [] for k in runs}
    for _ in range(repeats):
        for k, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return times
