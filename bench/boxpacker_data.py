"""Loading the shared BoxPacker data set (../shared/data/boxpacker) for benchmarks."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

from cartonize import Box, Catalog, Item

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
