"""Box selection in plain Python: the definition csrc/selection.cpp is held to."""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Item, PackedBox, Packing, Placement
from ..packing import check_catalog, check_items
from .extreme_points import MERITS, Copy, ExtremePointPacker, fits, turns_of


def orderings(copies: list) -> list:
    """The copies in each item ordering, tried in this fixed order, all descending and stable:
    by volume, by longest side, by area of the two longest sides."""
    def longest(c):
        return sorted(c.dims)[2]

    def area(c):
        s = sorted(c.dims)
        return s[1] * s[2]

    return [sorted(copies, key=lambda c: (-c.volume, -longest(c))),
            sorted(copies, key=lambda c: (-longest(c), -c.volume)),
            sorted(copies, key=lambda c: (-area(c), -c.volume))]


def box_order(catalog: Catalog) -> list:
    """Boxes by ascending cost, then inner volume, then catalogue position."""
    return sorted(catalog.boxes, key=lambda b: (b.cost, b.volume))


def bounds_allow(box, copies: list) -> bool:
    """Cheap necessary conditions: every copy fits alone, total volume and weight fit."""
    if not all(fits(c, box) for c in copies):
        return False
    if sum(c.volume for c in copies) > box.volume:
        return False
    return box.max_weight is None or sum(c.weight for c in copies) <= box.max_weight


def single(catalog: Catalog, copies: list):
    """The cheapest box one attempt packs all of `copies` into, as (box, layout), or None."""
    sequences = None
    for box in box_order(catalog):
        if not bounds_allow(box, copies):
            continue
        sequences = sequences or orderings(copies)
        for seq in sequences:
            for kind in MERITS:
                ok, layout = ExtremePointPacker(box).pack(seq, kind, fill=False)
                if ok:
                    return box, layout
    return None


def fill_best(box, copies: list) -> list:
    """The attempt that packs the most volume of `copies` into `box`, skipping misfits."""
    best, best_volume = None, -1
    for seq in orderings(copies):
        for kind in MERITS:
            _, layout = ExtremePointPacker(box).pack(seq, kind, fill=True)
            volume = sum(c.volume for c, _ in layout)
            if volume > best_volume:
                best, best_volume = layout, volume
    return best


def pack(items, catalog: Catalog) -> Packing:
    """Same signature and same result as :func:`cartonize.pack`, in plain Python."""
    items = check_items(items)
    catalog = check_catalog(catalog)
    copies, unpacked = [], []
    for i, it in enumerate(items):
        for q in range(it.quantity):
            dims = (it.length, it.width, it.height)
            c = Copy(i, q, dims, it.weight, turns_of(dims, it.orientation))
            size_ok = [b for b in catalog.boxes if fits(c, b)]
            if any(b.max_weight is None or c.weight <= b.max_weight for b in size_ok):
                copies.append(c)
            else:
                unpacked.append((i, q, "too_heavy" if size_ok else "too_large"))
    if not copies:
        return Packing((), tuple(unpacked))

    order = box_order(catalog)
    rank = {b.id: k for k, b in enumerate(order)}
    found = single(catalog, copies)
    if found:
        chosen = [found]
    else:
        # Split: fill the box that takes the most volume of what remains, until the rest
        # fits one box.
        chosen, rest, first = [], copies, True
        while rest:
            found = None if first else single(catalog, rest)
            first = False
            if found:
                chosen.append(found)
                break
            best, best_volume = None, 0
            for box in order:
                layout = fill_best(box, rest)
                volume = sum(c.volume for c, _ in layout)
                if volume > best_volume:
                    best, best_volume = (box, layout), volume
            chosen.append(best)
            taken = {id(c) for c, _ in best[1]}
            rest = [c for c in rest if id(c) not in taken]
        # Right-size: each box's contents may fit a cheaper box.
        for k, (box, layout) in enumerate(chosen):
            content = sorted((c for c, _ in layout), key=lambda c: copies.index(c))
            smaller = single(catalog, content)
            if smaller and rank[smaller[0].id] < rank[box.id]:
                chosen[k] = smaller
    boxes = tuple(PackedBox(box, tuple(Placement(c.item, c.copy, *pos) for c, pos in layout))
                  for box, layout in chosen)
    return Packing(boxes, tuple(unpacked))
