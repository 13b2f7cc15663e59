"""Packing one order: Python converts once, the C++ core decides, Python wraps the result."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import _core, _grid
from .catalog import Catalog
from .model import UNPACKED_REASONS, Box, Item, PackedBox, Packing, Placement  # noqa: F401 (Box: doctest)


def check_items(items) -> tuple:
    """The order as a tuple of Item, or a TypeError naming the entry that is not one."""
    if isinstance(items, (str, bytes, Item)):
        raise TypeError("items must be a sequence of Item")
    try:
        items = tuple(items)
    except TypeError:
        raise TypeError(f"items must be a sequence of Item, got {type(items).__name__}") from None
    for k, it in enumerate(items):
        if not isinstance(it, Item):
            raise TypeError(f"item {k} is a {type(it).__name__}, expected Item")
    total = sum(it.quantity for it in items)
    if total > _grid.MAX_COPIES:
        raise ValueError(f"order has {total} item copies; at most {_grid.MAX_COPIES} are supported")
    return items


def check_catalog(catalog) -> Catalog:
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
    return catalog


def item_columns(items: Sequence[Item]) -> tuple:
    """The six int columns the core takes for one order."""
    n = len(items)
    cols = np.empty((5, n), dtype=np.int64)
    for k, it in enumerate(items):
        cols[0, k] = it.length
        cols[1, k] = it.width
        cols[2, k] = it.height
        cols[3, k] = it.weight
        cols[4, k] = it.quantity
    mask = np.fromiter((_grid.ORIENTATION_MASKS[it.orientation] for it in items),
                       dtype=np.uint8, count=n)
    return cols[0], cols[1], cols[2], cols[3], cols[4], mask


def wrap(catalog: Catalog, box_ids, offsets, placements, unpacked) -> Packing:
    """Turn the core's arrays into a Packing."""
    rows = placements.tolist()
    boxes = tuple(
        PackedBox(catalog.boxes[b], tuple(Placement(*r) for r in rows[offsets[k]:offsets[k + 1]]))
        for k, b in enumerate(box_ids.tolist()))
    lost = tuple((int(i), int(c), UNPACKED_REASONS[int(r)]) for i, c, r in unpacked.tolist())
    return Packing(boxes, lost)


def pack(items: Sequence[Item], catalog: Catalog) -> Packing:
    """Pack one order into the cheapest box that holds it, or over several boxes.

    Walks the catalogue by ascending cost and returns the first box the extreme-point
    heuristic packs. When no single box holds the order, fills the box that takes the most
    volume of what remains until the rest fits one box, then moves each box's contents to the
    cheapest box that still holds them. Copies that fit no box at all are listed in
    ``Packing.unpacked`` with the reason; the rest is still packed.

    >>> cat = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150)])
    >>> p = pack([Item(120, 80, 40, quantity=2)], cat)
    >>> p.boxes[0].box.id, len(p.boxes[0].placements)
    ('S', 2)
    """
    items = check_items(items)
    catalog = check_catalog(catalog)
    if not items:
        return Packing()
    cols = item_columns(items)
    return wrap(catalog, *_core.pack_order(catalog._core, *cols))
