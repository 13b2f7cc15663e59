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
from .model import MAX_COST, Box


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

    def _shipped(self, tariffs=()) -> tuple:
        """The boxes a packing over the stock fills for this machine before each is cut to
        size: its largest, and, for each service that does not take it (its length, girth,
        or the billable weight its volume makes past a bracket card's last bracket), the
        largest the machine makes of a few shapes within that service's limits (long, cube,
        flat, slab): a copy a cut box would ship was left out as unshippable for the size of
        the largest (a 1 m cube over a 3 m girth left every copy out). A copy that none of
        them holds and a box cut to it alone would ship is still said unshippable (left:
        these boxes are the catalogue's, the same for every order of a batch)."""
        top = self.largest
        out = []
        axes = sorted(range(3), key=lambda a: -self._top[a])  # longest side the longest way
        for t in (t for t in tariffs if not _ships(t, top.outer)):
            most = None if not t.brackets else t.brackets[-1][0] * t.divisor
            for shape in _shapes(t.max_length, t.max_girth, most):
                inner = [0, 0, 0]
                for a, side in zip(axes, shape):
                    inner[a] = min(self._top[a], (side - 2 * self.wall) // self.step * self.step)
                if all(v >= max(lo, 1) for v, lo in zip(inner, self.min)):
                    box = self.box(inner)
                    if _ships(t, box.outer) and box not in out:
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


def _ships(t, outer) -> bool:
    """Whether service t takes an empty package of these outer sides: its length and girth,
    and its volume's billable weight within a bracket card's last bracket."""
    billable = -(-outer[0] * outer[1] * outer[2] // t.divisor)
    return t.takes(outer, 0) and (not t.brackets or billable <= t.brackets[-1][0])


def _shapes(max_length, max_girth, max_volume=None) -> list:
    """Outer sizes (longest first) within a service's longest side, girth (the longest side
    and twice the other two) and outer volume (a bracket card's last bracket): a long box, a
    cube, a flat square and a slab, each shrunk alike to the volume."""
    most = max_length if max_length is not None else 10 ** 7
    if max_girth is None:
        shapes = [(most, most, most), (most, most, most // 4), (most, most // 2, most // 2)]
    else:
        g, long_ = max_girth, min(most, max_girth // 2)
        shapes = [(long_, (g - long_) // 4, (g - long_) // 4), (g // 5,) * 3,
                  (g * 2 // 7, g * 2 // 7, g // 14),
                  (long_, (g - long_) * 3 // 8, (g - long_) // 8)]
    out = []
    for s in shapes:
        s = [min(v, most) for v in s]
        if max_volume is not None and s[0] * s[1] * s[2] > max_volume:
            f = (max_volume / (s[0] * s[1] * s[2])) ** (1 / 3)
            s = [int(v * f) for v in s]
        out.append(tuple(s))
    return out
