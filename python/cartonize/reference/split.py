"""Splitting an order over several boxes in plain Python: fill the box that takes the most of
what remains until the rest fits one box, then right-size each box; the definition
csrc/split.cpp is held to."""

from __future__ import annotations

from .attempts import ATTEMPTS, SHORT_ATTEMPTS, fill_attempts, orderings, walk_attempts
from .bags import bag_box, fill_thicknesses
from .extreme_points import grid_layout, load, packer_for
from .groups import whole_groups
from .landed_cost import Shop

def fill_score(strategy: int, layout: list, rest: list, cost: int = 0) -> int:
    """How a filled box is scored in a split. Strategy 0: the volume it takes. Strategy 1: the
    share of the remaining volume plus the share of the remaining weight it takes, scaled to
    integers (remaining weight counted as at least 1). Strategy 2 (least cost): the volume
    per unit of the box's landed cost `cost` with this fill, as (volume << 64) // (cost + 1)."""
    volume = sum(c.volume for c, _ in layout)
    if strategy == 0:
        return volume
    if strategy == 2:
        return 0 if cost is None or cost < 0 else (volume << 64) // (cost + 1)
    weight = sum(c.weight for c, _ in layout)
    rest_volume = sum(c.volume for c in rest)
    rest_weight = max(1, sum(c.weight for c in rest))
    return volume * rest_weight + weight * rest_volume


def fill_best(shop: Shop, box, copies: list, strategy: int) -> tuple:
    """The attempt with the best fill score for `copies` in `box` (a bag: at each of its
    fill thicknesses, thinnest first), skipping misfits, and its score."""
    best, best_score = None, -1
    sequences = orderings(copies)
    spaces = ([bag_box(box, h) for h in fill_thicknesses(box.box, copies)] if box.is_bag
              else [box])
    for space in spaces:
        for o, kind, frame in fill_attempts(copies):
            if shop.support and frame >= 2:
                continue  # z must stay up
            _, layout = packer_for(shop, space, frame).pack(sequences[o], kind, fill=True)
            layout = whole_groups(layout, copies, shop)
            cost = 0
            if box.is_bag and shop.priced:
                # A bag ships at the block it is filled to: a fill no service takes is none.
                cost = shop.landed_layout(box, layout)
                if cost is None:
                    continue
            elif strategy == 2:
                cost = shop.landed(box, load(c for c, _ in layout))
            score = fill_score(strategy, layout, copies, cost)
            if score > best_score:
                best, best_score = layout, score
    # Copies of one shape that stack freely: as many as a grid takes, after the attempts.
    layout = grid_layout(box, copies, fill=True)
    if layout is not None:
        cost = shop.landed(box, load(c for c, _ in layout)) if strategy == 2 else 0
        score = fill_score(strategy, layout, copies, cost)
        if score > best_score:
            best, best_score = layout, score
    return best, best_score


def split(shop: Shop, copies: list, strategy: int, single, below=None, leftover=None,
          used=None) -> list:
    """Fill the best-scoring box with what remains until the rest fits one box, then move each
    box's contents to the cheapest box that still holds them. Returns [(box, layout), ...].
    With `below` (micro-units), only boxes that can ship for less are filled ([] if none
    can take anything). Groups stay whole; boxes out of stock are not used, and what no box
    in stock can take goes to the list `leftover`. `single(shop, copies, attempts)`: the walk
    (selection.single), passed in as the core passes its Fitter. `used`: the boxes of each
    type already taken outside the split (stock), default none."""
    shop.used = list(used) if used is not None else [0] * len(shop.boxes)
    chosen, rest, first = [], copies, True
    while rest:
        found = None if first else single(shop, rest, walk_attempts(rest))
        first = False
        if found:
            shop.used[found[0].index] += 1
            chosen.append(found)
            break
        best, best_score = None, 0
        for box in shop.by_cost:
            if not shop.available(box):
                continue
            if below is not None and shop.landed(box, 0) >= below:
                continue
            layout, score = fill_best(shop, box, rest, strategy)
            if layout and score > best_score:
                best, best_score = (box, layout), score
        if best is None:
            # A fill may keep only part of each group it meets: the first copy's group (or
            # the copy) goes alone into its cheapest box.
            g = rest[0].group
            unit = [c for c in rest if c is rest[0] or (g >= 0 and c.group == g)]
            best = single(shop, unit, ATTEMPTS) if below is None else None
            if best is None:
                if below is None and leftover is not None:
                    leftover.extend(rest)
                    break
                return []
        shop.used[best[0].index] += 1
        chosen.append(best)
        taken = {id(c) for c, _ in best[1]}
        rest = [c for c in rest if id(c) not in taken]
    for k, (box, layout) in enumerate(chosen):
        content = sorted((c for c, _ in layout), key=lambda c: copies.index(c))
        shop.used[box.index] -= 1
        # The walk ends at the box filled; a priced bag's place in it is the least it ships
        # for, so what it finds must cost less than the box filled (which may not ship).
        smaller = single(shop, content, SHORT_ATTEMPTS, stop_at=box)
        if smaller and (not (shop.priced and shop.has_bags) or _cheaper(shop, smaller, (box, layout))):
            chosen[k] = smaller
        shop.used[chosen[k][0].index] += 1
    return chosen


def _cheaper(shop: Shop, a, b) -> bool:
    ca, cb = shop.landed_layout(*a), shop.landed_layout(*b)
    return ca is not None and (cb is None or ca < cb)
