"""A brute-force oracle: can these few copies (at most 4) share one box?

Independent of the C++ search's method. It rests on normal patterns (Herz 1972; Christofides &
Whitlock 1977): in any packing, slide every copy towards the origin along x, then y, then z,
over and over, until none moves; each copy then touches a wall or another copy on each axis,
so its coordinate along an axis is a sum of the extents, along that axis, of some of the other
copies. The oracle tries every turn of every copy and every such coordinate, and checks
overlaps directly.
"""

from __future__ import annotations

from itertools import product

from ..model import check_items
from ..result import Placement
from .extreme_points import Copy, fits, turns_of

MAX_COPIES = 4


def _subset_sums(values) -> list:
    sums = {0}
    for v in values:
        sums |= {s + v for s in sums}
    return sorted(sums)


def _overlap(a, b) -> bool:
    return all(a[k] < b[k] + b[k + 3] and b[k] < a[k] + a[k + 3] for k in range(3))


def fit(box, copies) -> list | None:
    """A placement [(copy, (x, y, z, l, w, h)), ...] of all `copies` in `box`, or None when
    there is none. Weight is not considered here."""
    if len(copies) > MAX_COPIES:
        raise ValueError(f"the oracle takes at most {MAX_COPIES} copies")
    if not copies:
        return []
    if not all(fits(c, box) for c in copies):
        return None
    if sum(c.volume for c in copies) > box.volume:
        return None
    size = box.dims
    choices = [[t for t in c.turns if all(t[a] <= size[a] for a in range(3))] for c in copies]
    for turns in product(*choices):
        # Normal coordinates of copy i along axis a: subset sums of the others' extents.
        normal = []
        for i, t in enumerate(turns):
            axes = []
            for a in range(3):
                others = [turns[j][a] for j in range(len(turns)) if j != i]
                axes.append([s for s in _subset_sums(others) if s + t[a] <= size[a]])
            normal.append(axes)
        placed = []

        def place(i):
            if i == len(turns):
                return True
            t = turns[i]
            for x, y, z in product(*normal[i]):
                cand = (x, y, z) + tuple(t)
                if any(_overlap(cand, q) for q in placed):
                    continue
                placed.append(cand)
                if place(i + 1):
                    return True
                placed.pop()
            return False

        if place(0):
            return list(zip(copies, placed))
    return None


def exact_fit(items, box):
    """Whether every copy of `items` (at most 4 copies) fits `box` together, by brute force:
    a tuple of :class:`Placement` when they do, None when no packing exists. Weight aside.

    >>> from cartonize import Box, Item
    >>> exact_fit([Item(2, 2, 2, quantity=2)], Box("B", 4, 2, 2)) is not None
    True
    >>> exact_fit([Item(2, 2, 2, quantity=2)], Box("B", 3, 3, 3)) is None
    True
    """
    copies = [Copy(i, q, (it.length, it.width, it.height), it.weight,
                   turns_of((it.length, it.width, it.height), it.orientation), i)
              for i, it in enumerate(check_items(items)) for q in range(it.quantity)]
    layout = fit(box, copies)
    if layout is None:
        return None
    return tuple(Placement(c.item, c.copy, *pos) for c, pos in layout)
