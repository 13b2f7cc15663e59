"""Boxes cut to size in plain Python. ``pack``: the reference's pack, for catalogues with
box-on-demand machines too (the stocked boxes and each machine's largest, then each box cut
to size, as ``cartonize._on_demand.cut``). ``hull``: the most compact packing of a set of
copies inside a machine's largest box: what the core's ``hull_pack`` is held to
(``Selector::hull``). Every item ordering,
in the two upright frames, packed with the HULL merit (smallest bounding box of everything
placed, then the least sum of its sides, then the lowest top); the packing with the smallest
bounding volume wins, ties to the first."""

from __future__ import annotations

import numpy as np

from .._on_demand import cut
from ..model import Box, check_items
from ..tariff import check_tariffs
from .extreme_points import HULL, Copy, ExtremePointPacker, turns_of
from .selection import orderings
from .selection import pack as pack_stocked

_MASK_NAMES = {63: "any", 3: "upright", 1: "fixed"}


def hull(rows: np.ndarray, length: int, width: int, height: int):
    """((extent x, y, z), placements (n, 8): row, 0, x, y, z, l, w, h) of the most compact
    packing of one copy per row (length, width, height, weight, quantity, mask) inside a box
    of length x width x height, or None when no attempt packs them there."""
    copies = []
    for i, (l, w, h, weight, _, mask) in enumerate(np.asarray(rows).tolist()):
        dims = (l, w, h)
        copies.append(Copy(i, 0, dims, weight, turns_of(dims, _MASK_NAMES[mask])))
    box = Box("hull", length, width, height)
    sequences = orderings(copies)
    best = None
    for o in range(3):
        for frame in (0, 1):
            ok, layout = ExtremePointPacker(box, frame).pack(sequences[o], HULL, fill=False)
            if not ok or not layout:
                continue
            extent = tuple(max(pos[a] + pos[3 + a] for _, pos in layout) for a in range(3))
            volume = extent[0] * extent[1] * extent[2]
            if best is None or volume < best[0]:
                best = (volume, extent, layout)
    if best is None:
        return None
    _, extent, layout = best
    placed = np.array([[c.item, c.copy, *pos] for c, pos in layout], dtype=np.int32)
    return extent, placed.reshape(len(layout), 8)


def pack(items, catalog, **options):
    """Same signature as :func:`cartonize.pack`, in plain Python (see selection.pack)."""
    if not getattr(catalog, "on_demand", ()):
        return pack_stocked(items, catalog, **options)
    items = check_items(items)
    p = pack_stocked(items, catalog._expanded(), **options)
    if options.get("min_support") or any(not it.stackable for it in items):
        return p  # compact packings do not weigh support: no cutting
    return cut(p, items, catalog, check_tariffs(options.get("tariff")), hull)
