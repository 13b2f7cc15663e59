"""Boxes cut to size: a box-on-demand machine as a box type whose size is chosen per box.

A machine makes a carton of any inner size within ``min``..``max`` on a ``step`` grid, with
``wall`` board thickness per side (outer = inner + 2 x wall), and costs the FEFCO 0201 blank of
its inner size (``board_cost`` per m2 of board, the formula box-set design uses) plus a fixed
``cost`` a box. A machine given neither (both 0) makes boxes given no cost: weighed as a
stocked box given none is, by its volume (beside stocked boxes given a cost it is refused).
``Catalog(boxes, on_demand=[machine])`` offers it beside the stocked boxes: ``pack`` then cuts
each box it fills to the cheapest size of the compact packings of its contents it finds (and
of the copies as placed), when that is cheaper than the stocked box (under the station's
rules, of the packings that keep them; see ``_on_demand``).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Hashable, Optional

from . import _grid
from ._board import GLUE_FLAP, board_area
from .model import MAX_COST, Box, Item


def _dims(name: str, value) -> tuple:
    try:
        dims = tuple(value)
    except TypeError:
        raise TypeError(f"OnDemand: {name} must be (length, width, height), got {value!r}") from None
    if len(dims) != 3:
        raise ValueError(f"OnDemand: {name} must be (length, width, height), got {value!r}")
    return tuple(_grid.length(v, up=(name == "min"), what=f"OnDemand: {name}") for v in dims)


def _money(name: str, value) -> float:
    if _grid.not_a_number(value) or not isinstance(value, numbers.Real):
        raise TypeError(f"OnDemand: {name} must be a number, got {value!r}")
    v = float(value)
    if not (math.isfinite(v) and v >= 0):
        raise ValueError(f"OnDemand: {name} = {value!r} must be a finite number >= 0")
    if v > MAX_COST:
        raise ValueError(f"OnDemand: {name} = {value!r} is more than {MAX_COST:,.0f}")
    return v


@dataclass(frozen=True)
class OnDemand:
    """A box-on-demand machine.

    ``min``, ``max``: the least and largest inner (length, width, height) it makes (mm);
    ``step``: sizes are whole multiples of it (mm); ``wall``: board thickness per side (mm);
    ``board_cost``: per m2 of FEFCO 0201 blank; ``cost``: fixed per box; ``max_weight``: the
    load a box may carry (None: no limit); ``id``: names the machine in every box it makes
    (``"cut 310x220x120"``).

    >>> m = OnDemand(min=(100, 80, 20), max=(600, 400, 400), step=10, wall=3, board_cost=0.5)
    >>> m.size_for((123, 85, 7))
    (130, 90, 20)
    >>> m.box((130, 90, 20)).id, m.box((130, 90, 20)).outer
    ('cut 130x90x20', (136, 96, 26))
    """

    min: tuple = (1, 1, 1)
    max: tuple = (1000, 1000, 1000)
    step: int = 5
    wall: int = 3
    board_cost: float = 0.0
    cost: float = 0.0
    max_weight: Optional[int] = None
    id: Hashable = "cut"
    kind = "machine"  # (not a field) what it is, beside a Box's "box" and a Bag's "bag"

    def __post_init__(self):
        lo, hi = _dims("min", self.min), _dims("max", self.max)
        for a, name in enumerate(("length", "width", "height")):
            if lo[a] > hi[a]:
                raise ValueError(f"OnDemand: min {name} {lo[a]} is above max {name} {hi[a]}")
        object.__setattr__(self, "min", lo)
        object.__setattr__(self, "max", hi)
        for name in ("step", "wall"):
            v = getattr(self, name)
            if _grid.not_a_number(v) or not isinstance(v, numbers.Integral):
                raise TypeError(f"OnDemand: {name} must be a whole number of mm, got {v!r}")
            object.__setattr__(self, name, int(v))
        if self.step < 1:
            raise ValueError(f"OnDemand: step = {self.step} must be at least 1")
        if self.wall < 0:
            raise ValueError(f"OnDemand: wall = {self.wall} must not be negative")
        object.__setattr__(self, "board_cost", _money("board_cost", self.board_cost))
        object.__setattr__(self, "cost", _money("cost", self.cost))
        if self.max_weight is not None:
            object.__setattr__(self, "max_weight", _grid.weight(
                self.max_weight, up=False, what="OnDemand: max_weight"))
        if self.id is None or (isinstance(self.id, str) and not self.id.strip()):
            raise ValueError("OnDemand: id must name the machine")
        # The largest size on the grid, and the box of it (what a split may fill).
        top = tuple(h // self.step * self.step for h in hi)
        if any(t < max(lo_a, 1) for t, lo_a in zip(top, lo)):
            raise ValueError(f"OnDemand: no size on the {self.step} mm grid lies within "
                             f"min {lo} and max {hi}")
        object.__setattr__(self, "_top", top)
        object.__setattr__(self, "_made", {})  # inner size -> Box, made once
        object.__setattr__(self, "_costs", {})  # inner size -> material, worked out once

    def size_for(self, extent) -> Optional[tuple]:
        """The least inner size the machine makes that holds `extent` (each side rounded up
        to the grid, at least ``min``), or None beyond ``max``."""
        s = self.step
        size = tuple(max(-(-int(e) // s) * s, -(-m // s) * s) for e, m in zip(extent, self.min))
        return None if any(a > b for a, b in zip(size, self._top)) else size

    def outer(self, inner) -> tuple:
        return tuple(int(v) + 2 * self.wall for v in inner)

    def material(self, inner) -> float:
        """What a box of this inner size costs: its blank's board (the FEFCO 0201 blank of the
        inner size, as box-set design counts it), plus the fixed cost (to a millionth, the unit
        costs are counted in: no 0.31174609999999997 in a report)."""
        inner = tuple(int(v) for v in inner)
        costs = self.__dict__.setdefault("_costs", {})  # (absent in a pickle of an old one)
        cost = costs.get(inner)
        if cost is None:
            if len(costs) > 100_000:
                costs.clear()
            cost = costs[inner] = round(
                self.cost + self.board_cost * board_area(*inner, glue_flap=GLUE_FLAP) / 1e6, 6)
        return cost

    @property
    def priced(self) -> bool:
        """Whether its boxes cost money (a board_cost or a cost given); if not, each box it
        makes is given no cost, as a stocked box may be (its volume then stands in)."""
        return self.board_cost > 0 or self.cost > 0

    def box(self, inner) -> Box:
        """The Box the machine makes at this inner size; its id names the machine and size."""
        inner = tuple(int(v) for v in inner)
        box = self._made.get(inner)
        if box is None:
            if len(self._made) > 100_000:
                self._made.clear()
            box = self._made[inner] = Box(f"{self.id} {inner[0]}x{inner[1]}x{inner[2]}", *inner,
                                          max_weight=self.max_weight,
                                          cost=self.material(inner) if self.priced else None,
                                          outer=self.outer(inner))
        return box

    @property
    def largest(self) -> Box:
        """The largest box the machine makes (what fills a split)."""
        largest = self.__dict__.get("_largest")
        if largest is None:
            largest = self.box(self._top)
            object.__setattr__(self, "_largest", largest)
        return largest

    def shipped(self, tariffs=()) -> tuple:
        """The boxes a packing over the stock fills for this machine before each is cut to
        size: its largest where a service takes it (or there is no tariff); else, for each
        service, the largest it makes of a few shapes within that service's length and girth
        (long, cube, flat, slab), then its largest: a copy a cut box would ship is not left
        out as unshippable for the size of the largest (a 1 m cube over a 3 m girth left every
        copy out)."""
        top = self.largest
        if not tariffs or any(t.takes(top.outer, 0) for t in tariffs):
            return (top,)
        out = []
        axes = sorted(range(3), key=lambda a: -self._top[a])  # longest side the longest way
        for t in tariffs:
            for shape in _shapes(t.max_length, t.max_girth):
                inner = [0, 0, 0]
                for a, side in zip(axes, shape):
                    inner[a] = min(self._top[a], (side - 2 * self.wall) // self.step * self.step)
                if all(v >= max(lo, 1) for v, lo in zip(inner, self.min)):
                    box = self.box(inner)
                    if t.takes(box.outer, 0) and box not in out:
                        out.append(box)
        return (*out, top)  # (the largest too: a copy that fits it alone is unshippable)

    def __reduce__(self):  # pickled as its fields alone (the caches are made anew)
        return (OnDemand, (self.min, self.max, self.step, self.wall, self.board_cost, self.cost,
                           self.max_weight, self.id))

    def makes(self, box: Box) -> bool:
        """Whether `box` is one this machine makes (id, size on the grid, walls, cost)."""
        inner = box.dims
        return (box.id == f"{self.id} {inner[0]}x{inner[1]}x{inner[2]}"
                and all(lo <= v <= t and v % self.step == 0
                        for v, lo, t in zip(inner, self.min, self._top))
                and box.outer == self.outer(inner) and box.max_weight == self.max_weight
                and (math.isclose(box.cost, self.material(inner), rel_tol=1e-12, abs_tol=1e-12)
                     if self.priced else not box._cost_given))


def _shapes(max_length, max_girth) -> list:
    """Outer sizes (longest first) within a service's longest side and girth (the longest
    side and twice the other two): a long box, a cube, a flat square and a slab."""
    most = max_length if max_length is not None else 10 ** 7
    if max_girth is None:
        return [(most, most, most)]
    g, long_ = max_girth, min(most, max_girth // 2)
    shapes = [(long_, (g - long_) // 4, (g - long_) // 4), (g // 5,) * 3,
              (g * 2 // 7, g * 2 // 7, g // 14),
              (long_, (g - long_) * 3 // 8, (g - long_) // 8)]
    return [tuple(min(v, most) for v in s) for s in shapes]


def alone_boxes(machines, boxes, tariffs, rows) -> tuple:
    """The least box a machine cuts around each copy of `rows` (length, width, height, weight
    and orientation mask arrays) that no box of `boxes` holds where a service takes it, and
    that ships cut to itself: no few shapes hold every copy a service takes (OnDemand.shipped),
    and such a copy is not unshippable (verify holds pack to it)."""
    import numpy as np
    masks = _grid.ORIENTATION_MASKS
    fixed, upright = masks["fixed"], masks["upright"]
    if len(rows) and isinstance(rows[0], Item):  # an order's Items
        rows = [[getattr(it, k) for it in rows] for k in ("length", "width", "height", "weight")
                ] + [[masks[it.orientation] for it in rows]]
    rows = np.unique(np.stack([np.asarray(c, dtype=np.int64) for c in rows], axis=1), axis=0)
    if not len(rows):
        return ()
    d, weight, mask = rows[:, :3], rows[:, 3], rows[:, 4]
    left = np.ones(len(rows), dtype=bool)
    for b in boxes:
        ships = [t for t in tariffs if t.takes(b.outer, 0)]
        if b.kind != "box" or not ships:
            continue
        B = np.array(b.dims)
        holds = np.where(mask == fixed, (d <= B).all(axis=1), np.where(
            mask == upright, (((d[:, :2] <= B[:2]).all(axis=1) | (d[:, 1::-1] <= B[:2])
                               .all(axis=1)) & (d[:, 2] <= B[2])),
            (np.sort(d, axis=1) <= np.sort(B)).all(axis=1)))
        light = np.zeros(len(rows), dtype=bool)
        for t in ships:
            light |= (t.max_weight is None) | (weight + b.empty_weight <= (t.max_weight or 0))
        left &= ~(holds & light & ((b.max_weight is None) | (weight <= (b.max_weight or 0))))
    out = []
    for (l, w, h, g, m_) in rows[left].tolist():
        turns = {(l, w, h)} if m_ == fixed else {(l, w, h), (w, l, h)} if m_ == upright \
            else {(l, w, h), (l, h, w), (w, l, h), (w, h, l), (h, l, w), (h, w, l)}
        for m in machines:
            if m.max_weight is not None and g > m.max_weight:
                continue
            made = [m.box(s) for s in filter(None, map(m.size_for, sorted(turns)))]
            made = [b for b in made if any(t.takes(b.outer, g + b.empty_weight) for t in tariffs)]
            if made:
                least = min(made, key=lambda b: (b.volume, b.dims))
                if least not in out:
                    out.append(least)
                break
    return tuple(out)
