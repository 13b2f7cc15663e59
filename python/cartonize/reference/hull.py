"""The most compact packing of a set of copies inside a large box, in plain Python: what the
core's ``hull_pack`` and ``hull_packings`` are held to (csrc's hull search). Every item
ordering, in the two upright frames, packed with the HULL merit (smallest bounding box of
everything placed, then the least sum of its sides, then the lowest top); the packing with the
smallest bounding volume wins, ties to the first."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from ..model import Box
from .attempts import orderings
from .extreme_points import HULL, Copy, ExtremePointPacker, turns_of
from .support import binding_limits

_MASK_NAMES = {63: "any", 3: "upright", 1: "fixed"}


def hull(rows: np.ndarray, length: int, width: int, height: int, stackable=None,
         max_load=None, min_support: float = 0.0, grounded: bool = False, every: bool = False):
    """((extent x, y, z), placements (n, 8): row, 0, x, y, z, l, w, h) of the most compact
    packing of one copy per row (length, width, height, weight, quantity, mask) inside a box
    of length x width x height, or None when no attempt packs them there. With `stackable`
    and `max_load` (per row; -1 for none) or `min_support`, one that keeps those rules as
    pack keeps them (a limit the other rows cannot reach binds nothing); with `grounded`, no
    copy rests on nothing off the floor. With `every`, each attempt's packing that packed, in
    attempt order (ordering, then frame), as a list."""
    rows = np.asarray(rows).tolist()
    flags = [True] * len(rows) if stackable is None else [bool(v) for v in stackable]
    limits = [None] * len(rows) if max_load is None else [
        None if v < 0 else int(v) for v in np.asarray(max_load).tolist()]
    # The limits as the packer weighs them (none that the other copies cannot reach).
    binding = binding_limits([SimpleNamespace(weight=r[3], quantity=r[4], stackable=f,
                                              max_load=m) for r, f, m in zip(rows, flags, limits)])
    copies = []
    for i, (l, w, h, weight, _, mask) in enumerate(rows):
        dims = (l, w, h)
        copies.append(Copy(i, 0, dims, weight, turns_of(dims, _MASK_NAMES[mask]),
                           stackable=flags[i], max_load=binding[i]))
    loads = any(c.max_load is not None for c in copies)
    grounded = grounded or loads or not all(flags)
    box = Box("hull", length, width, height)
    sequences = orderings(copies)
    best, found = None, []
    for o in range(3):
        for frame in (0, 1):
            packer = ExtremePointPacker(box, frame, (), min_support, min_support > 0 or grounded,
                                        loads, grounded)
            ok, layout = packer.pack(sequences[o], HULL, fill=False)
            if not ok or not layout:
                continue
            extent = tuple(max(pos[a] + pos[3 + a] for _, pos in layout) for a in range(3))
            found.append((extent, _placed(layout)))
            volume = extent[0] * extent[1] * extent[2]
            if best is None or volume < best[0]:
                best = (volume, extent, layout)
    if every:
        return found
    if best is None:
        return None
    _, extent, layout = best
    return extent, _placed(layout)


def _placed(layout) -> np.ndarray:
    placed = np.array([[c.item, c.copy, *pos] for c, pos in layout], dtype=np.int32)
    return placed.reshape(len(layout), 8)
