"""An independent checker of packings. It shares no code with the packers it checks."""

from __future__ import annotations

from itertools import permutations
from typing import Sequence

from .catalog import Catalog
from .model import Item, Packing


def allowed_turns(item: Item) -> set:
    """Every (l, w, h) extent along (x, y, z) the item's orientation rule permits."""
    dims = (item.length, item.width, item.height)
    if item.orientation == "fixed":
        return {dims}
    if item.orientation == "upright":
        return {dims, (item.width, item.length, item.height)}
    return set(permutations(dims))


def _fits_some_turn(item: Item, box) -> bool:
    return any(l <= box.length and w <= box.width and h <= box.height
               for l, w, h in allowed_turns(item))


def verify(packing: Packing, items: Sequence[Item], catalog: Catalog) -> None:
    """Check that `packing` is a valid packing of `items` with boxes of `catalog`.

    Every box is a catalogue box; every placement lies inside its box, in a turn its item
    allows, and overlaps no other; each box's load is within its max_weight; every copy of
    every item is placed or listed as unpacked exactly once, and an unpacked copy really fits
    no box. Raises ValueError naming the first violation; returns None when all holds.
    """
    items = tuple(items)
    seen = {}
    for k, pb in enumerate(packing.boxes):
        box = pb.box
        if box not in catalog.boxes:
            raise ValueError(f"box {k}: {box.id!r} is not a box of the catalog")
        load = 0
        placed = []
        for p in pb.placements:
            where = f"box {k} ({box.id!r}), item {p.item} copy {p.copy}"
            if not 0 <= p.item < len(items):
                raise ValueError(f"{where}: no such item in the order")
            it = items[p.item]
            if not 0 <= p.copy < it.quantity:
                raise ValueError(f"{where}: the item has only {it.quantity} copies")
            if (p.item, p.copy) in seen:
                raise ValueError(f"{where}: placed twice (also in box {seen[p.item, p.copy]})")
            seen[p.item, p.copy] = k
            if (p.length, p.width, p.height) not in allowed_turns(it):
                raise ValueError(f"{where}: extent {(p.length, p.width, p.height)} is not an "
                                 f"allowed turn of {(it.length, it.width, it.height)} "
                                 f"({it.orientation})")
            if (p.x < 0 or p.y < 0 or p.z < 0 or p.x + p.length > box.length
                    or p.y + p.width > box.width or p.z + p.height > box.height):
                raise ValueError(f"{where}: sticks out of the box")
            for q in placed:
                if (p.x < q.x + q.length and q.x < p.x + p.length
                        and p.y < q.y + q.width and q.y < p.y + p.width
                        and p.z < q.z + q.height and q.z < p.z + p.height):
                    raise ValueError(f"{where}: overlaps item {q.item} copy {q.copy}")
            placed.append(p)
            load += it.weight
        if box.max_weight is not None and load > box.max_weight:
            raise ValueError(f"box {k} ({box.id!r}): load {load} exceeds max_weight "
                             f"{box.max_weight}")
    for i, c, reason in packing.unpacked:
        where = f"unpacked item {i} copy {c}"
        if not 0 <= i < len(items) or not 0 <= c < items[i].quantity:
            raise ValueError(f"{where}: no such copy in the order")
        if (i, c) in seen:
            raise ValueError(f"{where}: also placed in box {seen[i, c]}")
        seen[i, c] = "unpacked"
        it = items[i]
        holds = [b for b in catalog.boxes if _fits_some_turn(it, b)]
        if reason == "too_large" and holds:
            raise ValueError(f"{where}: said too large, but fits box {holds[0].id!r}")
        if reason == "too_heavy":
            if not holds:
                raise ValueError(f"{where}: said too heavy, but fits no box by size")
            light = [b for b in holds if b.max_weight is None or it.weight <= b.max_weight]
            if light:
                raise ValueError(f"{where}: said too heavy, but box {light[0].id!r} holds it")
        if reason not in ("too_large", "too_heavy"):
            raise ValueError(f"{where}: unknown reason {reason!r}")
    for i, it in enumerate(items):
        for c in range(it.quantity):
            if (i, c) not in seen:
                raise ValueError(f"item {i} copy {c}: neither placed nor listed as unpacked")
