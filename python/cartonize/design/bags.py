"""Bags designed beside the boxes of design_catalog: how a designed bag is made (BagSpec) and
the choice of k bag sizes by the p-median with the chosen boxes kept (choose_bags)."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .. import _core, _grid
from .._options import check_whole
from ..model import Bag
from . import pmedian
from .candidates import round_up
from .landed import Packaging, landed_matrix


@dataclass(frozen=True)
class BagSpec:
    """How designed bags are made: greatest thickness (None: as their sides allow), wall (mm
    a side) and film_cost (currency per m2 of film, both faces)."""

    max_height: Optional[int]
    wall: int
    film_cost: float

    @classmethod
    def from_current(cls, current, max_height, wall, film_cost) -> "BagSpec":
        """As given, else read off the bags of `current`: the largest greatest thickness
        (none where one of them has none), the median wall and film cost; without bags
        there, no thickness limit, no wall and no cost."""
        have = [b for b in (current or ()) if b.kind == "bag"]
        if max_height is not None:
            max_height = check_whole(max_height, "bag_max_height", 1, _grid.MAX_LENGTH)
        elif have and all(b.max_height is not None for b in have):
            max_height = max(b.max_height for b in have)
        if wall is None:
            wall = int(np.median([b.wall for b in have])) if have else 0
        wall = check_whole(wall, "bag_wall", 0, _grid.MAX_LENGTH)
        if film_cost is None:
            c = [b.cost / (2 * b.length * b.width / 1e6) for b in have if b._cost_given]
            film_cost = float(np.median(c)) if c else 0.0
        if not (isinstance(film_cost, numbers.Real) and 0 <= film_cost < float("inf")):
            raise ValueError(f"film_cost must be a finite number >= 0, got {film_cost!r}")
        return cls(max_height, wall, float(film_cost))

    def material(self, flat: np.ndarray) -> np.ndarray:
        f = np.asarray(flat, dtype=np.float64).reshape(-1, 2)
        return np.round(self.film_cost * 2 * f[:, 0] * f[:, 1] / 1e6, 6)

    def bag(self, bag_id, flat, max_weight, cost="film") -> Bag:
        """The bag of this flat size, costing its film ("film": with a tariff, in money as the
        boxes beside it) or `cost` in the boxes' own terms (0.0 by board: a bag takes none;
        None by volume, as the boxes have none: a catalogue gives every entry a cost or
        none)."""
        cost = float(self.material(flat)[0]) if cost == "film" else cost
        return Bag(bag_id, int(flat[0]), int(flat[1]), max_height=self.max_height, cost=cost,
                   max_weight=max_weight, wall=self.wall)


def choose_bags(lines, train_idx, hulls, k, spec: BagSpec, box_sizes, box_fit, box_cost,
                 objective, weights, tariffs, grid, max_candidates, max_weight,
                 threads) -> np.ndarray:
    """k bag sizes (flat length, width) chosen beside the boxes (kept): candidates from the
    orders' compact packings (a block a >= b >= c fits the bag (a + c) x (b + c)), each order
    counted in a bag at that block (volume; no board; landed: the film plus shipping at the
    block and the wall), by the p-median with the boxes locked."""
    ok = hulls.min(axis=1) > 0
    block = -np.sort(-np.asarray(hulls, dtype=np.int64), axis=1)
    flat = np.stack([block[:, 0] + block[:, 2], block[:, 1] + block[:, 2]], axis=1)
    if spec.max_height is not None:
        ok &= block[:, 2] <= spec.max_height
    # No bag for a block longer or wider than the largest box chosen: a compact packing
    # found in a large cube may lie in a long row that no packer would put in a bag.
    largest = -np.sort(-np.asarray(box_sizes, dtype=np.int64), axis=1).max(axis=0)
    ok &= (block[:, 0] <= largest[0]) & (block[:, 1] <= largest[1])
    cand = np.unique(round_up(flat[ok], grid), axis=0)
    cand = cand[(cand >= 2).all(axis=1) & (cand <= _grid.MAX_LENGTH).all(axis=1)
                & (2 * spec.wall < cand.min(axis=1))]  # a wall thinner than half a side
    limit = max(k, max_candidates // 5)
    if len(cand) > limit:  # spread over the sizes, smallest to largest
        order = np.argsort(cand.prod(axis=1), kind="stable")
        cand = cand[order[np.unique(np.linspace(0, len(cand) - 1, limit).round().astype(int))]]
    if len(cand) < k:
        raise ValueError(f"bags = {k} exceeds the {len(cand)} candidate bag sizes"
                         + (f" with a wall of {spec.wall} a side (a wall must be less than "
                            "half a bag's shorter side)" if spec.wall else ""))
    mw = -1 if max_weight is None else int(max_weight)
    height = -1 if spec.max_height is None else spec.max_height
    core = _core.Catalog(cand[:, 0].copy(), cand[:, 1].copy(), np.full(len(cand), height),
                         np.full(len(cand), mw, np.int64), np.zeros(len(cand)),
                         np.zeros(len(cand), np.int64))
    offsets, cols = lines.subset(train_idx)
    bag_fit = _core.fit_matrix(core, offsets, *cols, threads or 0)
    bag_fit[bag_fit == 2] = 0
    volume = block.prod(axis=1).astype(np.float64)
    if objective == "volume":
        per_order = volume
    elif objective == "board":
        per_order = np.zeros(len(block))
    else:  # landed: shipped at the block plus the wall (the film is added per bag below)
        per_order = _ship_each(block, weights, tariffs, spec.wall)
    n, m = bag_fit.shape
    bag_cost = np.repeat(per_order[:, None], m, axis=1)
    if objective == "cost":
        bag_cost = bag_cost + spec.material(cand)[None, :]
        bag_fit[~np.isfinite(bag_cost)] = 0
    bag_cost[~np.isfinite(bag_cost)] = 0.0
    fit = np.concatenate([box_fit, bag_fit], axis=1)
    n_boxes = box_fit.shape[1]
    cost = np.concatenate([pmedian.as_matrix(box_fit, box_cost), bag_cost], axis=1)
    chosen, _ = pmedian.select(fit, cost, n_boxes + k, locked=list(range(n_boxes)),
                              threads=threads)
    picked = [j - n_boxes for j in chosen if j >= n_boxes]
    return cand[sorted(picked, key=lambda j: (int(cand[j].prod()), tuple(cand[j])))]


def _ship_each(block, weights, tariffs, wall) -> np.ndarray:
    """Each order's cheapest shipping at its own block plus the wall (landed_matrix one
    order at a time, in slices)."""
    out = np.empty(len(block))
    for a in range(0, len(block), 2000):
        b = min(len(block), a + 2000)
        out[a:b] = landed_matrix(block[a:b], weights[a:b], tariffs,
                                 Packaging(wall=wall)).diagonal()
    return out
