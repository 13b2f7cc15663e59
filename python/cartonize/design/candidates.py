"""Candidate box sizes for design_catalog: the orders' compact hulls in one orientation,
rounded up to the grid, and the component-wise maxima of runs of similar hulls; or the
caller's own sizes, checked."""

from __future__ import annotations

import numpy as np

from ..model import Box


def canonical(dims: np.ndarray, turns: str) -> np.ndarray:
    """Sizes in one orientation: all sides descending when every item may turn any way
    (`turns` "any"), the two horizontal sides descending and the height kept when every item
    may at least turn about the vertical ("upright"), else as they are ("fixed": a fixed item
    10 long and 20 wide needs a box 10 x 20, not 20 x 10)."""
    dims = np.asarray(dims, dtype=np.int64).copy()
    if turns == "any":
        return -np.sort(-dims, axis=1)
    if turns == "upright":
        dims[:, :2] = -np.sort(-dims[:, :2], axis=1)
    return dims


def round_up(dims: np.ndarray, grid: int) -> np.ndarray:
    return ((dims + grid - 1) // grid) * grid


def generate(hulls: np.ndarray, grid: int, max_candidates: int, turns: str) -> np.ndarray:
    """Candidate sizes: the distinct hulls, and the component-wise maxima of runs of similar
    hulls (sorted by volume, by longest side and by height; runs of 2, 4, 8, ... hulls)."""
    ok = hulls.min(axis=1) > 0
    h = round_up(canonical(hulls[ok], turns), grid)
    if len(h) == 0:
        return np.zeros((0, 3), dtype=np.int64)
    found = [np.unique(h, axis=0)]
    keys = [h.prod(axis=1), h[:, 0], h[:, 2]]
    for key in keys:
        s = h[np.lexsort((h[:, 2], h[:, 1], h[:, 0], key))]
        g = 2
        while g < len(s) * 2:
            n_runs = (len(s) + g - 1) // g
            runs = np.maximum.reduceat(s, np.arange(n_runs) * g, axis=0)
            found.append(runs)
            g *= 2
    cand = np.unique(np.concatenate(found), axis=0)
    if len(cand) > max_candidates:
        order = np.argsort(cand.prod(axis=1), kind="stable")
        pick = np.unique(np.linspace(0, len(cand) - 1, max_candidates).round().astype(int))
        cand = cand[order[pick]]
    return cand


def as_sizes(sizes, what: str) -> np.ndarray:
    """(n, 3) int sizes from Boxes or (length, width, height) triples, validated."""
    out = []
    for k, s in enumerate(sizes):
        if isinstance(s, Box):
            out.append(s.dims)
            continue
        try:
            dims = tuple(s)
        except TypeError:
            raise ValueError(f"{what}[{k}] must be a Box or (length, width, height), "
                             f"got {s!r}") from None
        if len(dims) != 3:
            raise ValueError(f"{what}[{k}] must have 3 sides, got {len(dims)}")
        try:
            out.append(Box(f"{what}[{k}]", *dims).dims)
        except (TypeError, ValueError) as e:
            raise ValueError(f"{what}[{k}] is malformed: {e}") from None
    return np.array(out, dtype=np.int64).reshape(-1, 3)
