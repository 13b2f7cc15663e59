"""Lower bounds in plain Python: the cheap necessary conditions for one box (every copy fits,
volume, weight, stacking) and the box-count bound of a split (volume, weight, L1 stacking,
Martello-Pisinger-Vigo L2, Fekete-Schepers); the definition csrc/lower_bounds.cpp is held to."""

from __future__ import annotations

import math
from itertools import product

from .extreme_points import fits, load
from .landed_cost import Shop

MAX_DFF_K = 12  # u^(k) in the Fekete-Schepers bound for k up to this


STACK_SHAPES = 32  # orders of more shapes stack the big copies alone


def _stack_along(size, shapes: list, a: int) -> int:
    """Least extents along axis a of copies no two of which can stand apart on the other two
    axes: every copy of the shapes big on both (more than half the box on each in every turn
    that fits), then, shapes by id, one copy of each that can stand apart from none counted so
    far (two copies can only when their least extents on an axis add up to at most the box).
    `shapes`: (shape id, turns that fit, count), each shape once."""
    b, c_ = (a + 1) % 3, (a + 2) % 3
    least = {k: [min(t[x] for t in turns) for x in range(3)] for k, turns, _ in shapes}

    def apart(u, v):
        return least[u][b] + least[v][b] <= size[b] or least[u][c_] + least[v][c_] <= size[c_]

    big = {k for k, turns, _ in shapes
           if all(2 * t[b] > size[b] and 2 * t[c_] > size[c_] for t in turns)}
    stack = sum(n * least[k][a] for k, _, n in shapes if k in big)
    if len(shapes) > STACK_SHAPES:
        return stack
    counted = [k for k, _, _ in sorted(shapes) if k in big]
    for k, _, _ in sorted(shapes):
        if k not in big and not any(apart(k, j) for j in counted):
            counted.append(k)
            stack += least[k][a]
    return stack


def _shapes_that_fit(size, copies: list) -> list:
    """(shape id, turns that fit, count) of each shape of `copies` that fits in some turn."""
    shapes = {}
    for c in copies:
        turns = [t for t in c.turns if all(t[k] <= size[k] for k in range(3))]
        if turns:
            shapes.setdefault(c.shape, [c.shape, turns, 0])[2] += 1
    return [tuple(v) for v in shapes.values()]


def bounds_allow(box, copies: list) -> bool:
    """Cheap necessary conditions: every copy fits alone, total volume and weight fit, and the
    stacking bound: copies that cannot stand apart on two axes have disjoint extents along
    the third, which add up to at most the box (_stack_along)."""
    if not all(fits(c, box) for c in copies):
        return False
    if sum(c.volume for c in copies) > box.volume:
        return False
    if box.max_weight is not None and sum(c.weight for c in copies) > box.max_weight:
        return False
    size = box.dims
    shapes = _shapes_that_fit(size, copies)
    return all(_stack_along(size, shapes, a) <= size[a] for a in range(3))


def box_count_bound(shop: Shop, copies: list) -> int:
    """No split uses fewer boxes than total volume over the largest box volume, nor than total
    weight over the largest load limit (when every box has a limit)."""
    volume = sum(c.volume for c in copies)
    bound = -(-volume // max(b.volume for b in shop.by_cost))
    limits = [b.max_weight for b in shop.by_cost]
    if None not in limits and max(limits) > 0:
        bound = max(bound, -(-load(copies) // max(limits)))
    return bound


def lower_bound(shop: Shop, copies: list) -> int:
    """No packing of `copies` into catalogue boxes uses fewer boxes; see
    box_count_lower_bound in csrc/lower_bounds.cpp for the argument (volume, weight, L1
    stacking, Fekete-Schepers)."""
    return _count_bound(shop.by_cost, copies)


def one_box_bounds_allow(box, copies: list) -> bool:
    """The same bounds with `box` as the only bin: False (two or more) proves it cannot hold
    `copies`."""
    return _count_bound([box], copies) < 2


def _count_bound(boxes: list, copies: list) -> int:
    """The bound for bins as long on each axis as the longest of `boxes` (any mix of them)."""
    if not copies:
        return 0
    D = [max(b.dims[a] for b in boxes) for a in range(3)]
    bound = -(-sum(c.volume for c in copies) // max(b.volume for b in boxes))
    limits = [b.max_weight for b in boxes]
    if None not in limits and max(limits) > 0:
        bound = max(bound, -(-sum(c.weight for c in copies) // max(limits)))

    def fitting(c):
        return [t for t in c.turns if all(t[k] <= D[k] for k in range(3))]

    # Copies of one shape are interchangeable below: each shape once, with its count, in the
    # order the shapes first appear.
    shapes = {}
    for c in copies:
        shapes.setdefault(c.shape, [c, 0])[1] += 1
    shapes = list(shapes.values())

    fit_shapes = _shapes_that_fit(D, copies)
    for a in range(3):
        bound = max(bound, -(-_stack_along(D, fit_shapes, a) // D[a]))
    least = [(tuple(min(t[a] for t in turns) for a in range(3)), n) for _, turns, n in fit_shapes]
    for w, h, d in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        bound = max(bound, _mpv_l2(D, least, w, h, d))
    # Fekete & Schepers: a grid over u_e, then one axis at a time over u_e and u^(k) from the
    # grid's best (see count_bound in csrc/lower_bounds.cpp).
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

    best, best_at = -1.0, [0, 0, 0]
    for at in product(range(n_grid[0]), range(n_grid[1]), range(n_grid[2])):
        s = total(at)
        bound = max(bound, whole(s))
        if s > best:
            best, best_at = s, list(at)
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
    return bound


def _spread_six(values: list) -> list:
    """At most six values of a sorted list, spread over it (its first and last among them)."""
    if len(values) <= 6:
        return values
    return [values[k * (len(values) - 1) // 5] for k in range(6)]


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


def _spread(values, half: int, cap: int = 12) -> list:
    v = sorted({1, *values})
    v = [x for x in v if 1 <= x <= half]
    if len(v) <= cap:
        return v
    return [v[k * (len(v) - 1) // (cap - 1)] for k in range(cap)]


def _mpv_l1(D, boxes, w, h, d) -> int:
    """Martello, Pisinger & Vigo (2000) L1 for (box, count) pairs in fixed orientation: boxes
    wider than half the bin on axes w and d stack along h; thresholds p split them into
    classes."""
    W, H, Dd = D[w], D[h], D[d]
    big = [(x, n) for x, n in boxes if x[w] > W // 2 and x[d] > Dd // 2]
    if not big:
        return 0
    lb = 1
    for p in _spread([x[h] for x, _ in big], H // 2):
        j1 = sum(n for x, n in big if x[h] > H - p)
        j2 = [(x[h], n) for x, n in big if H // 2 < x[h] <= H - p]
        j3 = [(x[h], n) for x, n in big if p <= x[h] <= H // 2]
        n2 = sum(n for _, n in j2)
        alpha = max(0, _ceil(sum(hh * n for hh, n in j3) - (n2 * H - sum(hh * n for hh, n in j2)),
                             H))
        beta = max(0, _ceil(sum(n for _, n in j3) - sum(n * ((H - hh) // p) for hh, n in j2),
                            H // p))
        lb = max(lb, j1 + n2 + max(alpha, beta))
    return lb


def _mpv_l2(D, boxes, w, h, d) -> int:
    """Martello, Pisinger & Vigo (2000) L2: L1 plus the volume of the boxes that cannot go
    beside the tall ones, for thresholds p (axis w) and q (axis d)."""
    W, H, Dd = D[w], D[h], D[d]
    lb1 = _mpv_l1(D, boxes, w, h, d)
    lb = lb1
    for p in _spread([x[w] for x, _ in boxes], W // 2):
        for q in _spread([x[d] for x, _ in boxes], Dd // 2):
            k1h = sum(n * x[h] for x, n in boxes if x[w] > W - p and x[d] > Dd - q)
            k23v = sum(n * x[0] * x[1] * x[2] for x, n in boxes
                       if not (x[w] > W - p and x[d] > Dd - q) and x[w] >= p and x[d] >= q)
            lb = max(lb, lb1 + max(0, _ceil(k23v - (H * lb1 - k1h) * W * Dd, W * H * Dd)))
    return lb
