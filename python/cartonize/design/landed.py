"""Landed cost for box-set design: what a candidate size would cost to make and to ship with
each order in it.

A designed size is a regular slotted carton (FEFCO 0201): outer = inner + 2 x ``wall`` on
every side, an empty weight of ``grammage`` g per m2 of its blank and a material cost of
``board_cost`` per m2 of blank (see :func:`board_area`). Unless given, all three are read off
the current catalogue (medians over its boxes), else 0. The landed cost of serving an order
with a size is that material cost plus the price of the cheapest service that takes the
carton at its outer size and gross weight (the order's weight plus the carton's): a matrix,
orders x sizes, that the p-median minimises instead of a cost per size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Box
from .board import board_area


@dataclass(frozen=True)
class Packaging:
    """How designed cartons are made: wall (mm per side), grammage (g per m2 of blank) and
    board_cost (currency per m2 of blank)."""

    wall: int = 0
    grammage: float = 0.0
    board_cost: float = 0.0

    @classmethod
    def from_current(cls, current, wall=None, grammage=None, board_cost=None) -> "Packaging":
        if current is not None:
            boxes = list(current)
            area = np.array([float(board_area(*b.dims)) / 1e6 for b in boxes])
            if wall is None:
                walls = [(o - i) // 2 for b in boxes for o, i in zip(b.outer, b.dims)]
                wall = int(np.median(walls))
            if grammage is None:
                g = [b.empty_weight / a for b, a in zip(boxes, area) if b.empty_weight and a]
                grammage = float(np.median(g)) if g else 0.0
            if board_cost is None:
                c = [b.cost / a for b, a in zip(boxes, area) if b._cost_given and a]
                board_cost = float(np.median(c)) if c else 0.0
        return cls(int(wall or 0), float(grammage or 0.0), float(board_cost or 0.0))

    def outer(self, sizes: np.ndarray) -> np.ndarray:
        return np.asarray(sizes, dtype=np.int64) + 2 * self.wall

    def empty_weight(self, sizes: np.ndarray) -> np.ndarray:
        s = np.asarray(sizes)
        return np.ceil(self.grammage * board_area(s[:, 0], s[:, 1], s[:, 2]) / 1e6 - 1e-9
                       ).astype(np.int64)

    def material(self, sizes: np.ndarray) -> np.ndarray:
        s = np.asarray(sizes)
        return np.round(self.board_cost * board_area(s[:, 0], s[:, 1], s[:, 2]) / 1e6, 6)

    def box(self, box_id, dims, max_weight) -> Box:
        d = np.array([dims])
        return Box(box_id, *map(int, dims), max_weight=max_weight,
                   cost=float(self.material(d)[0]), outer=tuple(map(int, self.outer(d)[0])),
                   empty_weight=int(self.empty_weight(d)[0]))


def landed_matrix(sizes: np.ndarray, weights: np.ndarray, tariffs: tuple,
                  packaging: Packaging) -> np.ndarray:
    """(orders, sizes): material + the cheapest shipping of each order in each size, in
    currency; inf where no service takes the carton."""
    sizes = np.asarray(sizes, dtype=np.int64).reshape(-1, 3)
    outer = np.sort(packaging.outer(sizes), axis=1)
    empty = packaging.empty_weight(sizes)
    gross = np.asarray(weights, dtype=np.int64)[:, None] + empty[None, :]
    longest = outer[:, 2]
    girth = outer[:, 2] + 2 * (outer[:, 0] + outer[:, 1])
    volume = outer.prod(axis=1)
    best = np.full(gross.shape, np.inf)
    for t in tariffs:
        takes = np.ones(len(sizes), dtype=bool)
        if t.max_length is not None:
            takes &= longest <= t.max_length
        if t.max_girth is not None:
            takes &= girth <= t.max_girth
        dim = -(-volume // t.divisor)
        ok = np.broadcast_to(takes, gross.shape).copy()
        if t.max_weight is not None:
            ok &= gross <= t.max_weight
        billable = np.maximum(gross, dim[None, :])
        per = t.per_parcel
        if t.brackets:
            ups = np.array([b[0] for b in t.brackets], dtype=np.int64)
            prices = np.array([b[1] for b in t.brackets], dtype=np.float64)
            at = np.searchsorted(ups, billable, side="left")
            ok &= at < len(ups)
            price = per + prices[np.minimum(at, len(ups) - 1)]
        else:
            steps = np.maximum(0, -(-(billable - t.first_weight) // t.step_weight))
            price = per + t.first_price + steps * t.step_price
        best = np.where(ok & (price < best), price, best)
    return packaging.material(sizes)[None, :] + best


def total_weight(offsets: np.ndarray, weight: np.ndarray, quantity: np.ndarray) -> np.ndarray:
    """Each order's weight (g) from CSR lines."""
    cs = np.concatenate([[0], np.cumsum(np.asarray(weight, np.int64) * quantity)])
    return cs[offsets[1:]] - cs[offsets[:-1]]
