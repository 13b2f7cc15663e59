"""Fekete & Schepers' lower bound on the number of bins in plain Python, with dual-feasible
functions on each axis (u_e, u_e where a side over half the bin counts whole, and u^(k)): one
axis at a time over all of them from the identity, then a grid over u_e and one axis at a time
from the grid's best; the largest sum found counts. The definition
csrc/fekete_schepers_bound.cpp is held to."""

from __future__ import annotations

import math
from itertools import product

MAX_DFF_K = 12  # u^(k) for k up to this


def _spread_six(values: list) -> list:
    """At most six values of a sorted list, spread over it (its first and last among them)."""
    if len(values) <= 6:
        return values
    return [values[k * (len(values) - 1) // 5] for k in range(6)]



def fekete_schepers_bound(D, shapes: list, bound: int) -> int:
    """The bound for `shapes` ([copy of the shape, how many copies], in the order the shapes
    first appear) in bins of sides D, or `bound` when that is larger."""
    def fitting(c):
        return [t for t in c.turns if all(t[k] <= D[k] for k in range(3))]

    fit_turns = [fitting(c) for c, _ in shapes]
    cands = []
    n_grid = []
    for a in range(3):
        values = _spread_six(sorted({0} | {t[a] for c, _ in shapes for t in c.turns
                                            if 2 * t[a] <= D[a]}))
        cand = [("e", e) for e in values]
        n_grid.append(len(cand))
        sides = [t[a] for turns in fit_turns for t in turns]
        more = _spread_six(sorted({D[a] - s + 1 for s in sides
                                   if 2 * s > D[a] and 2 * (D[a] - s + 1) <= D[a]}))
        cand += [("e", e) for e in more if e not in values]
        cand += [("k", k) for k in sorted({D[a] // s for s in sides if D[a] // s <= MAX_DFF_K})]
        cands.append(cand)

    def dff(side, a, f):
        kind, p = f
        if kind == "k":
            q = (p + 1) * side
            return side / D[a] if q % D[a] == 0 else (q // D[a]) / p
        if side > D[a] - p:
            return 1.0
        if side < p:
            return 0.0
        return side / D[a]

    def total(at):
        s = 0.0
        for (c, count), turns in zip(shapes, fit_turns):
            if turns:
                s += count * min(dff(t[0], 0, cands[0][at[0]]) * dff(t[1], 1, cands[1][at[1]])
                                 * dff(t[2], 2, cands[2][at[2]]) for t in turns)
        return s

    def whole(s):
        return math.ceil(s - 1e-9)

    def ascend(best, best_at):
        """One axis at a time over every candidate from best_at, while the sum grows."""
        nonlocal bound
        for _ in range(4):
            grew = False
            for a in range(3):
                at = list(best_at)
                for j in range(len(cands[a])):
                    at[a] = j
                    s = total(at)
                    if s > best + 1e-12:
                        best, best_at[a], grew = s, j, True
                bound = max(bound, whole(best))
            if not grew:
                break

    start = total([0, 0, 0])  # the identity (u_0) on every axis
    bound = max(bound, whole(start))
    ascend(start, [0, 0, 0])
    best, best_at = -1.0, [0, 0, 0]
    for at in product(range(n_grid[0]), range(n_grid[1]), range(n_grid[2])):
        s = total(at)
        bound = max(bound, whole(s))
        if s > best:
            best, best_at = s, list(at)
    ascend(best, best_at)
    return bound
