"""Weight balance over a split in plain Python: move copies out of the heaviest box while that
lightens it; the definition csrc/balance.cpp is held to."""

from __future__ import annotations

from .extreme_points import load
from .landed_cost import Shop
from .support import supported

def _move(shop: Shop, chosen: list, copies: list, fit_in, loads: list, h: int, to: int, j: int,
          anew: bool):
    """The move of copy j of box h into box `to`, as (to, what stays, the new layout), or None
    when it does not pack or pay, or (`anew`) whether what stays must be packed anew differs."""
    c = chosen[h][1][j][0]
    bh, bt = chosen[h][0], chosen[to][0]
    # A bag ships at the block it is filled to: priced after the move is packed.
    bags = bh.is_bag or bt.is_bag
    if shop.priced and not bags:
        a, b = shop.landed(bh, loads[h] - c.weight), shop.landed(bt, loads[to] + c.weight)
        if a is None or b is None or a + b > shop.landed(bh, loads[h]) + shop.landed(bt, loads[to]):
            return None
    left = [pc for k, pc in enumerate(chosen[h][1]) if k != j]
    if anew != (shop.support and not supported(left, shop.min_support)):
        return None
    content = sorted([x for x, _ in chosen[to][1]] + [c], key=lambda x: copies.index(x))
    layout = fit_in(shop, bt, content)
    if layout is None:
        return None
    if anew:  # what stays behind, packed anew in its own box type
        left = fit_in(shop, bh, sorted([x for x, _ in left], key=lambda x: copies.index(x)))
        if left is None:
            return None
    if shop.priced and bags:
        a, b = shop.landed_layout(bh, left), shop.landed_layout(bt, layout)
        if a is None or b is None or a + b > (shop.landed_layout(bh, chosen[h][1])
                                              + shop.landed_layout(bt, chosen[to][1])):
            return None
    return to, left, layout


def balance(shop: Shop, chosen: list, copies: list, fit_in) -> list:
    """Move copies out of the heaviest box while that lightens it: each pass the move (one
    copy of no group, into another box of its own type, packed anew) that leaves the heaviest
    load over all boxes least, ties to the earlier box and the earlier copy, not raising the
    set's landed cost, first among moves that leave the heavy box's other copies as they lie
    (supported), else among those that pack them anew; at most 12 passes per box. See
    csrc/balance.hpp. `fit_in(shop, box, content)`: the heuristic's attempts in one box
    (selection.fit_in), passed in."""
    chosen = [(box, list(layout)) for box, layout in chosen]
    n = len(chosen)
    for _ in range(12 * n):
        loads = [load(c for c, _ in layout) for _, layout in chosen]
        h = loads.index(max(loads))
        moves = []
        for to in range(n):
            if to == h:
                continue
            for j, (c, _) in enumerate(chosen[h][1]):
                if c.weight == 0 or c.group >= 0:
                    continue
                new_max = max([loads[h] - c.weight, loads[to] + c.weight]
                              + [loads[k] for k in range(n) if k not in (h, to)])
                if new_max < loads[h]:
                    moves.append((new_max, to, j))
        moves.sort(key=lambda m: m[0])  # stable: ties in the order of box, then copy
        best = None
        # First the moves that leave the heavy box's other copies as they lie (supported),
        # then those that pack them anew in its box type.
        for anew in (False, True):
            for _, to, j in moves:
                best = _move(shop, chosen, copies, fit_in, loads, h, to, j, anew)
                if best is not None:
                    break
            if best is not None:
                break
        if best is None:
            break
        to, left, layout = best
        chosen[h] = (chosen[h][0], left)
        chosen[to] = (chosen[to][0], layout)
    return chosen
