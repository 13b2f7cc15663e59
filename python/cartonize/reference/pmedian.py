"""Exhaustive p-median in plain Python: the exact answer the Numba kernel is held to, for
small matrices (every k-subset is tried). ``cost`` is per size (a list) or per order and size
(a list of rows)."""

from __future__ import annotations

from itertools import combinations


def total(fit, cost, chosen, miss):
    matrix = bool(cost) and hasattr(cost[0], "__len__")
    s = 0.0
    for i, row in enumerate(fit):
        s += min([cost[i][j] if matrix else cost[j] for j in chosen if row[j] == 1],
                 default=miss)
    return s


def select(fit, cost, k, locked=(), miss=None):
    """The k-subset (containing `locked`) with the least total; ties to the first subset in
    lexicographic order. Returns (sorted list, total). An order no chosen size holds costs
    `miss`: by default ten times the dearest size (per size), or ten times the dearest way
    any order can be served (per order and size; 1.0 when none can)."""
    matrix = bool(cost) and hasattr(cost[0], "__len__")
    m = len(fit[0]) if fit else len(cost)
    if miss is None:
        if matrix:
            served = [cost[i][j] for i, row in enumerate(fit) for j in range(m) if row[j] == 1]
            miss = 10.0 * max(served) if served else 1.0
        else:
            miss = 10.0 * max(cost)
    locked = sorted(set(locked))
    free = [j for j in range(m) if j not in locked]
    best = None
    for extra in combinations(free, k - len(locked)):
        chosen = sorted(locked + list(extra))
        t = total(fit, cost, chosen, miss)
        if best is None or t < best[1] - 1e-9:
            best = (chosen, t)
    return best
