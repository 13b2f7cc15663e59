"""p-median selection of box sizes, as Numba kernels.

Each training order i is served by the cheapest chosen size j that holds it (fit[i, j] == 1),
at cost[i, j] (a cost per size, cost[j], stands for the same cost for every order; a matrix
gives each order its own, as landed cost does: shipping depends on the order's weight); an order no chosen size holds costs `miss` (it would need several boxes, so any
single box is better). Greedy adds the size that lowers the total most, k times; then swaps
(one chosen size out, one other in) run while the best swap lowers the total. Work is spread
over candidates (prange), and each candidate's sum runs in order, so the result does not
depend on the thread count. Several starts are searched (see select()), the best kept.
"""

from __future__ import annotations

import itertools
import math
import sys

import numpy as np
from numba import njit, prange

from .._interrupts import held
from .._threads import numba_cache, numba_threads

numba_cache(__file__)  # (before the kernels below)


@njit(cache=True)
def _serve(fit, cost, chosen, miss):
    """Per order: best and second-best cost among the chosen sizes, and the best size."""
    n = fit.shape[0]
    best = np.full(n, miss)
    second = np.full(n, miss)
    best_j = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        for j in chosen:
            if fit[i, j] == 1:
                c = cost[i, j]
                if c < best[i] or (c == best[i] and best_j[i] >= 0 and j < best_j[i]):
                    second[i] = best[i]
                    best[i] = c
                    best_j[i] = j
                elif c < second[i]:
                    second[i] = c
    return best, second, best_j


@njit(cache=True, parallel=True)
def _add_gains(fit, cost, best, allowed):
    """Total saving of adding each candidate to the chosen set."""
    n, m = fit.shape
    gain = np.zeros(m)
    for j in prange(m):
        if not allowed[j]:
            gain[j] = -1.0
            continue
        g = 0.0
        for i in range(n):
            if fit[i, j] == 1 and cost[i, j] < best[i]:
                g += best[i] - cost[i, j]
        gain[j] = g
    return gain


@njit(cache=True, parallel=True)
def _swap_deltas(fit, cost, best, second, best_j, out_j, allowed):
    """Change of the total when `out_j` leaves and each candidate enters."""
    n, m = fit.shape
    delta = np.zeros(m)
    for j in prange(m):
        if not allowed[j]:
            delta[j] = np.inf
            continue
        d = 0.0
        for i in range(n):
            alt = second[i] if best_j[i] == out_j else best[i]
            new = alt
            if fit[i, j] == 1 and cost[i, j] < new:
                new = cost[i, j]
            d += new - best[i]
        delta[j] = d
    return delta


_K = held(sys.modules[__name__])  # its kernels, called with Ctrl-C waiting for them


def as_matrix(fit: np.ndarray, cost) -> np.ndarray:
    """The cost as an (orders, sizes) matrix: a per-size vector is broadcast (a view, no copy;
    unused cells of a matrix may hold anything, e.g. inf)."""
    cost = np.asarray(cost, dtype=np.float64)
    if cost.ndim == 1:
        return np.broadcast_to(cost, fit.shape)
    if cost.shape != fit.shape:
        raise ValueError(f"cost has shape {cost.shape}, the fit matrix {fit.shape}")
    return np.ascontiguousarray(cost)


def _miss(fit: np.ndarray, cost: np.ndarray) -> float:
    """Ten times the dearest way any order can be served (1.0 when none can): what an order
    no chosen size holds costs."""
    served = fit == 1
    return 10.0 * float(cost[served].max()) if served.any() else 1.0


def miss_cost(fit: np.ndarray, cost) -> float:
    """What select() charges an order no chosen size holds, by default."""
    if np.ndim(cost) == 1:
        return 10.0 * float(np.max(cost)) if np.size(cost) else 1.0
    return _miss(fit, np.asarray(cost))


def total_cost(fit: np.ndarray, cost: np.ndarray, chosen, miss: float) -> float:
    best, _, _ = _K._serve(fit, as_matrix(fit, cost), np.asarray(sorted(chosen), dtype=np.int64),
                           miss)
    return float(best.sum())


EXHAUSTIVE_LIMIT = 5000  # subsets: below this, every subset is tried and the answer is exact


def _exhaustive(fit, cost, k, locked, free, miss):
    best = None
    for extra in itertools.combinations(free, k - len(locked)):
        chosen = sorted(locked + list(extra))
        total = total_cost(fit, cost, chosen, miss)
        if best is None or total < best[1] - 1e-9 * max(1.0, abs(total)):
            best = (chosen, total)
    return best


def _greedy(fit, cost, k, chosen, miss):
    m = fit.shape[1]
    chosen = list(chosen)
    while len(chosen) < k:
        best, _, _ = _K._serve(fit, cost, np.asarray(chosen, dtype=np.int64), miss)
        allowed = np.ones(m, dtype=np.bool_)
        allowed[chosen] = False
        gain = _K._add_gains(fit, cost, best, allowed)
        j = int(np.argmax(gain))  # first of the largest: lowest index on ties
        if gain[j] < 0:
            break
        chosen.append(j)
    return sorted(chosen)


def _swaps(fit, cost, chosen, locked, miss, max_passes):
    m = fit.shape[1]
    chosen = sorted(chosen)
    for _ in range(max_passes):
        best, second, best_j = _K._serve(fit, cost, np.asarray(chosen, dtype=np.int64), miss)
        allowed = np.ones(m, dtype=np.bool_)
        allowed[chosen] = False
        move, move_delta = None, -1e-9 * max(1.0, float(best.sum()))
        for out_j in chosen:
            if out_j in locked:
                continue
            delta = _K._swap_deltas(fit, cost, best, second, best_j, out_j, allowed)
            j = int(np.argmin(delta))
            if delta[j] < move_delta:
                move, move_delta = (out_j, j), float(delta[j])
        if move is None:
            break
        chosen.remove(move[0])
        chosen.append(move[1])
        chosen.sort()
    return chosen


def select(fit: np.ndarray, cost: np.ndarray, k: int, locked=(), start=None,
           miss: float | None = None, max_passes: int = 200, starts: int = 8, threads=None):
    """Choose k candidate columns (including `locked`) minimising the p-median total.
    ``cost``: per candidate (m,), or per order and candidate (n, m).

    When there are at most EXHAUSTIVE_LIMIT subsets to choose from, every one is tried and
    the answer is exact. Otherwise: local search from several starts: the greedy, and greedy runs whose first free pick is
    forced to each of the next best `starts - 1` first picks; each is improved by single swaps
    until none helps, and the best result is kept (ties to the earlier start). ``start`` adds a
    given set of k columns as the first start. Returns (sorted list of chosen columns, total).
    ``threads``: Numba's threads (None: the cores the process may use); the result does not
    depend on it.
    """
    with numba_threads(threads):
        return _select(fit, cost, k, locked, start, miss, max_passes, starts)


def _select(fit, cost, k, locked, start, miss, max_passes, starts):
    fit = np.ascontiguousarray(fit, dtype=np.uint8)
    vector = np.ndim(cost) == 1
    cost = as_matrix(fit, cost)
    m = fit.shape[1]
    if miss is None:
        miss = miss_cost(fit, cost[0] if vector and len(cost) else cost) if m else 1.0
    locked = sorted(set(int(j) for j in locked))
    free = [j for j in range(m) if j not in locked]
    if start is None and 0 <= k - len(locked) <= len(free) and math.comb(
            len(free), k - len(locked)) <= EXHAUSTIVE_LIMIT:
        return _exhaustive(fit, cost, k, locked, free, miss)
    seeds = []
    if start is not None:
        seeds.append(sorted(set(int(j) for j in start)))
    best, _, _ = _K._serve(fit, cost, np.asarray(locked, dtype=np.int64), miss)
    allowed = np.ones(m, dtype=np.bool_)
    allowed[locked] = False
    gain = _K._add_gains(fit, cost, best, allowed)
    firsts = [int(j) for j in np.argsort(-gain, kind="stable") if allowed[j]][:max(1, starts)]
    if len(locked) >= k:
        firsts = []
    seeds.append(_greedy(fit, cost, k, locked, miss))
    for j in firsts[1:]:
        seeds.append(_greedy(fit, cost, k, locked + [j], miss))
    result = None
    for seed in seeds:
        chosen = _swaps(fit, cost, seed, locked, miss, max_passes)
        total = total_cost(fit, cost, chosen, miss)
        if result is None or total < result[1] - 1e-9 * max(1.0, abs(total)):
            result = (chosen, total)
    return result
