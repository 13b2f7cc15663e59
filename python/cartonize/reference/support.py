"""Stable placements in plain Python: how much of a copy's base rests on top faces below it,
and dropping the copies that lost their support; the definition csrc/support.hpp is held to."""

from __future__ import annotations



def supported(layout: list, min_support: float) -> bool:
    """Whether every copy of a layout off the floor has min_support of its base on top faces
    directly below, and none rests on a copy that is not stackable."""
    return all(supported_in(pos, layout, min_support) for _, pos in layout)


def drop_unsupported(layout: list, min_support: float) -> list:
    """The layout without, until none is left, every copy off the floor with less than
    min_support of its base on top faces directly below (after copies under it were
    removed)."""
    while True:
        kept = [(c, pos) for c, pos in layout if supported_in(pos, layout, min_support)]
        if len(kept) == len(layout):
            return kept
        layout = kept


def supported_in(pos, layout: list, min_support: float) -> bool:
    """Whether a copy at `pos` (x, y, z, l, w, h) rests on `layout` as min_support asks: on
    the floor, or that share of its base on top faces directly below, none of them of a copy
    that is not stackable."""
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
    return not blocked and area >= min_support * l * w
