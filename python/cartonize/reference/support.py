"""Stable placements in plain Python: how much of a copy's base rests on top faces below it,
the loads copies carry, and dropping the copies that lost their support; the definition
csrc/support.hpp is held to."""

from __future__ import annotations



def carried_loads(boxes: list, weights: list) -> list:
    """The load each of `boxes` (x, y, z, l, w, h) carries: a box rests on the boxes whose
    top faces its base touches, and its weight and load pass down to them in proportion to
    the area of contact (to the floor from z = 0; nowhere when it touches nothing). Top down
    (z descending, then index), in floats, operation for operation as the core counts."""
    n = len(boxes)
    carried = [0.0] * n
    for i in sorted(range(n), key=lambda k: (-boxes[k][2], k)):
        x, y, z, l, w, _ = boxes[i]
        if z == 0:
            continue
        contacts = []
        for k, (qx, qy, qz, ql, qw, qh) in enumerate(boxes):
            if qz + qh != z:
                continue
            dx, dy = min(x + l, qx + ql) - max(x, qx), min(y + w, qy + qw) - max(y, qy)
            if dx > 0 and dy > 0:
                contacts.append((k, dx * dy))
        total_area = sum(a for _, a in contacts)
        if total_area == 0:
            continue
        total = float(weights[i]) + carried[i]
        for k, a in contacts:
            carried[k] = carried[k] + total * (a / total_area)
    return carried


def binding_limits(items) -> list:
    """Each line's max_load as the packer weighs it: a copy carries at most the weight of the
    order's other copies, so a limit at least that never binds and is None (as is a line
    that is not stackable, whose max_load 0 the stackable flag says)."""
    total = sum(it.weight * it.quantity for it in items)
    return [it.max_load if it.stackable and it.max_load is not None
            and it.max_load < total - it.weight else None for it in items]


def bearing(max_load: int) -> int:
    """The most whole grams a copy with that limit may carry (verify's room for rounding, a
    billionth of the limit and of a gram): the weight a stack may put on it."""
    return max_load + (max_load + 1) // 10**9


def overloaded(carried: float, limit) -> bool:
    """Whether a carried load passes a limit (None: none), with the core's room for the
    rounding of the shares."""
    if limit is None:
        return False
    lim = float(limit)
    return carried > lim + lim * 1e-9 + 1e-9


def first_overloaded(layout: list):
    """The index of the first copy of a layout [(copy, pos)] that carries more than its
    max_load, or None."""
    if all(c.max_load is None for c, _ in layout):
        return None
    carried = carried_loads([pos for _, pos in layout], [c.weight for c, _ in layout])
    for k, (c, _) in enumerate(layout):
        if overloaded(carried[k], c.max_load):
            return k
    return None


def supported(layout: list, min_support: float) -> bool:
    """Whether every copy of a layout off the floor has min_support of its base on top faces
    directly below (with a load limit or a copy not stackable in the layout, some of it),
    none rests on a copy that is not stackable and none carries more than its max_load."""
    loads = grounding(layout)
    return (all(supported_in(pos, layout, min_support, loads) for _, pos in layout)
            and first_overloaded(layout) is None)


def grounding(layout: list) -> bool:
    """Whether a copy of a layout [(copy, pos)] bears a limited load (a max_load, or none: not
    stackable): then no copy off the floor may rest on nothing."""
    return any(c.max_load is not None or not c.stackable for c, _ in layout)


def rests_on(pos, below) -> bool:
    """Whether a copy at `pos` rests on the top face of one at `below`."""
    x, y, z, l, w, _ = pos
    qx, qy, qz, ql, qw, qh = below
    return (z == qz + qh and min(x + l, qx + ql) > max(x, qx)
            and min(y + w, qy + qw) > max(y, qy))


def drop_unsupported(layout: list, min_support: float) -> list:
    """The layout without, until none is left, every copy off the floor with less than
    min_support of its base on top faces directly below (after copies under it were
    removed; with a load limit or a copy not stackable in it, none at all); and, while a copy carries more than its max_load, the copies resting on the
    first such."""
    while True:
        loads = grounding(layout)
        kept = [(c, pos) for c, pos in layout if supported_in(pos, layout, min_support, loads)]
        if len(kept) == len(layout):
            over = first_overloaded(kept)
            if over is None:
                return kept
            below = kept[over][1]
            kept = [(c, pos) for c, pos in kept if not rests_on(pos, below)]
        layout = kept


def supported_in(pos, layout: list, min_support: float, loads: bool = False) -> bool:
    """Whether a copy at `pos` (x, y, z, l, w, h) rests on `layout` as min_support asks: on
    the floor, or that share of its base on top faces directly below (with `loads`, more
    than none), none of them of a copy that is not stackable."""
    x, y, z, l, w, h = pos
    if z == 0:
        return True
    area, blocked = 0, False
    for d, (qx, qy, qz, ql, qw, qh) in layout:
        if qz + qh != z:
            continue
        dx, dy = min(x + l, qx + ql) - max(x, qx), min(y + w, qy + qw) - max(y, qy)
        if dx > 0 and dy > 0:
            area += dx * dy
            blocked = blocked or not d.stackable
    return not blocked and area >= min_support * (l * w) and (area > 0 or not loads)
