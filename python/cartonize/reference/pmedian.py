"""Exhaustive p-median in plain Python: the exact answer the Numba kernel is held to, for
small matrices (every k-subset is tried)."""

from __future__ import annotations

from itertools import combinations


def total(fit, cost, chosen, miss):
    s = 0.0
    for row in fit:
        s += min([cost[j] for j in chosen if row[j] == 1], default=miss)
    return s


def select(fit, cost, k, locked=(), miss=None):
    """The k-subset (containing `locked`) with the least total; ties to the first subset in
    lexicographic order. Returns (sorted list, total)."""
    m = len(cost)
    if miss is None:
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
