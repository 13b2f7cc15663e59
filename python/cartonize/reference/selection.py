"""Box selection in plain Python: the definition csrc/selection.cpp is held to."""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Item, PackedBox, Packing, Placement
from ..packing import check_catalog, check_items
from .extreme_points import Copy, ExtremePointPacker, fits, turns_of


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


# (ordering, merit, frame) in the fixed order they are tried: every ordering x merit x upright
# frame, then the frames on a side with the first ordering and merit.
ATTEMPTS = tuple((o, m, f) for o in range(3) for m in range(4) for f in (0, 1)) + tuple(
    (0, 0, f) for f in (2, 3, 4, 5))
# Filling a box in a split, and right-sizing a filled box, try fewer: ordering 0 with merits
# CORNER and ROW_FIT, ordering 2 with ROW_FIT, each in the upright frames.
SHORT_ATTEMPTS = ((0, 0, 0), (0, 0, 1), (0, 3, 0), (0, 3, 1), (2, 3, 0), (2, 3, 1))


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


def single(catalog: Catalog, copies: list, attempts=ATTEMPTS):
    """The cheapest box one attempt packs all of `copies` into, as (box, layout), or None."""
    sequences = None
    for box in box_order(catalog):
        if not bounds_allow(box, copies):
            continue
        sequences = sequences or orderings(copies)
        for o, kind, frame in attempts:
            ok, layout = ExtremePointPacker(box, frame).pack(sequences[o], kind, fill=False)
            if ok:
                return box, layout
    return None


def fill_score(strategy: int, layout: list, rest: list) -> int:
    """How a filled box is scored in a split. Strategy 0: the volume it takes. Strategy 1: the
    share of the remaining volume plus the share of the remaining weight it takes, scaled to
    integers (remaining weight counted as at least 1)."""
    volume = sum(c.volume for c, _ in layout)
    if strategy == 0:
        return volume
    weight = sum(c.weight for c, _ in layout)
    rest_volume = sum(c.volume for c in rest)
    rest_weight = max(1, sum(c.weight for c in rest))
    return volume * rest_weight + weight * rest_volume


def fill_best(box, copies: list, strategy: int) -> list:
    """The attempt with the best fill score for `copies` in `box`, skipping misfits."""
    best, best_score = None, -1
    sequences = orderings(copies)
    for o, kind, frame in SHORT_ATTEMPTS:
        _, layout = ExtremePointPacker(box, frame).pack(sequences[o], kind, fill=True)
        score = fill_score(strategy, layout, copies)
        if score > best_score:
            best, best_score = layout, score
    return best


def split(catalog: Catalog, copies: list, strategy: int) -> list:
    """Fill the best-scoring box with what remains until the rest fits one box, then move each
    box's contents to the cheapest box that still holds them. Returns [(box, layout), ...]."""
    order = box_order(catalog)
    rank = {b.id: k for k, b in enumerate(order)}
    chosen, rest, first = [], copies, True
    while rest:
        found = None if first else single(catalog, rest)
        first = False
        if found:
            chosen.append(found)
            break
        best, best_score = None, 0
        for box in order:
            layout = fill_best(box, rest, strategy)
            score = fill_score(strategy, layout, rest)
            if layout and score > best_score:
                best, best_score = (box, layout), score
        chosen.append(best)
        taken = {id(c) for c, _ in best[1]}
        rest = [c for c in rest if id(c) not in taken]
    for k, (box, layout) in enumerate(chosen):
        content = sorted((c for c, _ in layout), key=lambda c: copies.index(c))
        smaller = single(catalog, content, SHORT_ATTEMPTS)
        if smaller and rank[smaller[0].id] < rank[box.id]:
            chosen[k] = smaller
    return chosen


def box_count_bound(catalog: Catalog, copies: list) -> int:
    """No split uses fewer boxes than total volume over the largest box volume, nor than total
    weight over the largest load limit (when every box has a limit)."""
    volume = sum(c.volume for c in copies)
    bound = -(-volume // max(b.volume for b in catalog.boxes))
    limits = [b.max_weight for b in catalog.boxes]
    if None not in limits and max(limits) > 0:
        bound = max(bound, -(-sum(c.weight for c in copies) // max(limits)))
    return bound


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

    found = single(catalog, copies)
    if found:
        chosen = [found]
    else:
        # Fewest boxes first, then least total cost; the first strategy wins ties. The second
        # strategy runs only while the first leaves more boxes than the volume/weight bound.
        bound = box_count_bound(catalog, copies)
        chosen = None
        for strategy in (0, 1):
            if chosen is not None and len(chosen) <= bound:
                break
            trial = split(catalog, copies, strategy)
            if chosen is None or (len(trial), sum(b.cost for b, _ in trial)) < (
                    len(chosen), sum(b.cost for b, _ in chosen)):
                chosen = trial
    boxes = tuple(PackedBox(box, tuple(Placement(c.item, c.copy, *pos) for c, pos in layout))
                  for box, layout in chosen)
    return Packing(boxes, tuple(unpacked))
