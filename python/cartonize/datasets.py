"""Data bundled with cartonize: a sample of real orders and the boxes they ship in.

The sample is 400 orders of a real shop (mostly printed matter) from BoxPacker's test data;
see ``data/README.md`` for its source and licence.
"""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np

from .catalog import Catalog
from .model import Box


def _rows(name: str) -> list:
    with resources.files("cartonize").joinpath("data", name).open(newline="") as f:
        return list(csv.DictReader(f))


def sample_orders(orientation: str = "any") -> dict:
    """The bundled orders as a dict of numpy arrays, one entry per order line, ready for
    :func:`cartonize.pack_many`: order_id, item_id, length, width, height (mm), weight (g),
    quantity and orientation (the same for every line)."""
    rows = _rows("sample_orders.csv")
    out = {k: np.array([r[k] for r in rows], dtype=object) for k in ("order_id", "item_id")}
    for k in ("length", "width", "height", "weight", "quantity"):
        out[k] = np.array([int(r[k]) for r in rows], dtype=np.int64)
    out["orientation"] = np.full(len(rows), orientation, dtype=object)
    return out


def sample_catalog() -> Catalog:
    """The four boxes the bundled orders ship in (cost = inner volume)."""
    boxes = []
    for r in _rows("sample_boxes.csv"):
        boxes.append(Box(r["id"], int(r["length"]), int(r["width"]), int(r["height"]),
                         max_weight=int(r["max_weight"]), empty_weight=int(r["empty_weight"]),
                         outer=(int(r["outer_length"]), int(r["outer_width"]),
                                int(r["outer_height"]))))
    return Catalog(boxes)
