"""Lower bounds in plain Python: the cheap necessary conditions for one box (every copy fits,
volume, weight, stacking; the volume within the sides the copies can span) and the box-count
bound of a split (volume, weight, L1 stacking, Martello-Pisinger-Vigo L2, and
Fekete-Schepers' bound in fekete_schepers_bound.py); the definition csrc/lower_bounds.cpp
(and csrc/spans.cpp, for the sides the copies can span) is held to."""

from __future__ import annotations

from itertools import permutations

from .._grid import fill_hold
from .extreme_points import fits, load
from .fekete_schepers_bound import fekete_schepers_bound
from .landed_cost import Shop
from .support import bearing



STACK_SHAPES = 32  # orders of more shapes stack the big copies alone
MAX_NORMAL_SIDE = 4096  # longer sides are not cut down (csrc/lower_bounds.hpp, kMaxNormalSide)


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


def _turns_that_fit(c, size) -> list:
    """The turns of copy c that fit a space of `size`."""
    return [t for t in c.turns if all(t[k] <= size[k] for k in range(3))]


def _shapes_that_fit(size, copies: list) -> list:
    """(shape id, turns that fit, count) of each shape of `copies` that fits in some turn."""
    shapes = {}
    for c in copies:
        turns = _turns_that_fit(c, size)
        if turns:
            shapes.setdefault(c.shape, [c.shape, turns, 0])[2] += 1
    return [tuple(v) for v in shapes.values()]


def hold_of(box) -> int:
    """The content volume `box` may take: a BoxView's or Space's hold, or a catalogue Box's
    volume under its max_fill."""
    return box.hold if hasattr(box, "hold") else fill_hold(box.volume, box.max_fill)


def span_sums(size, copies: list) -> list:
    """Per axis a, the sums of the copies' extents along a up to size[a] (bit s set: some add
    up to s), each copy giving one or none, in a turn that fits `size`; None for a side over
    MAX_NORMAL_SIDE (not cut down). Pushed towards the origin until nothing moves, a packing
    has every far face at such a sum (normal patterns, Herz 1972; Christofides and Whitlock
    1977), so the copies lie in the box cut down to the largest sums within its sides."""
    out = []
    for a in range(3):
        side = size[a]
        if side > MAX_NORMAL_SIDE:
            out.append(None)
            continue
        sums, within = 1, (1 << (side + 1)) - 1
        for c in copies:
            grown = sums
            for e in {t[a] for t in _turns_that_fit(c, size)}:
                grown |= sums << e
            sums = grown & within
        out.append(sums)
    return out


def spans_allow(sums: list, size, copies: list) -> bool:
    """Whether the copies' volume fits a box of `size` (within the box span_sums was given)
    cut down on each axis to the largest of the sums within its side."""
    room = 1
    for a in range(3):
        room *= size[a] if sums[a] is None else (sums[a] & ((2 << size[a]) - 1)).bit_length() - 1
    return sum(c.volume for c in copies) <= room


PILE_SHAPES = 16  # orders of more shapes: no pile bound (csrc/piles.cpp, kPileShapes)


def _row_end(extents, side: int) -> int:
    """The largest sum of `extents`, each any number of times, at most `side` (where a row of
    such footprints can end); `side` where they have more than three distinct values or the
    core would take over 256 steps to find it."""
    e = sorted(set(extents))
    if len(e) > 3:
        return side
    if len(e) == 1:
        return side // e[0] * e[0]
    big, mid = e[-1], (e[1] if len(e) == 3 else 0)
    if (side // big + 1) * (side // mid + 1 if mid else 1) > 256:
        return side
    return max(s + (side - s) // e[0] * e[0]
               for a in range(side // big + 1)
               for s in ([a * big + b * mid for b in range((side - a * big) // mid + 1)]
                         if mid else [a * big]))


def piles_allow(sums: list, size, copies: list) -> bool:
    """The pile bound (csrc/piles.cpp): copies of shapes no two of which can lie side by side
    on the floor (in any turns that fit, their footprints add up to more than the box along x
    and along y) stack along z, a shape's copies at most m to a plane of constant z (1 when
    two of them cannot lie side by side, else the floor cut down to where rows of its
    footprints end over its least footprint): such a clique of shapes takes at least the sum
    of ceil(n / m) times each one's least height. And classes of shapes linked by lying side
    by side (among the first k by footprint, for each k) take, each, ceil(the sum of their
    least heights / m) with m of the class. Either at most the height cut down to the sums
    (span_sums, within whose box `size` lies); False proves the box cannot hold them."""
    L, W, H = size
    shapes = _shapes_that_fit(size, copies)
    if sum(n for _, _, n in shapes) < len(copies):
        return False  # a copy fits in no turn
    if len(shapes) > PILE_SHAPES:
        return True

    def apart_never(u, v):
        return all(p[0] + q[0] > L and p[1] + q[1] > W for p in u for q in v)
    weights = []
    for _, turns, n in shapes:
        if apart_never(turns, turns):
            m = 1
        else:
            m = max(1, _row_end([t[0] for t in turns], L) * _row_end([t[1] for t in turns], W)
                    // min(t[0] * t[1] for t in turns))
        weights.append(-(-n // min(m, n)) * min(t[2] for t in turns))
    height = H if sums[2] is None else (sums[2] & ((2 << H) - 1)).bit_length() - 1
    best = 0
    # Every clique, by its members' indices: few shapes, so the plain enumeration.
    stack = [((), 0)]
    while stack:
        clique, weight = stack.pop()
        best = max(best, weight)
        for j in range(clique[-1] + 1 if clique else 0, len(shapes)):
            if all(apart_never(shapes[j][1], shapes[i][1]) for i in clique):
                stack.append((clique + (j,), weight + weights[j]))
    if best > height:
        return False
    # Classes: the shapes largest footprint first (ties by shape id), each first k of them
    # in classes (linked by lying side by side); a class's copies, at most m to a plane, take
    # at least ceil(their least heights' sum / m) of z, and no two classes share a plane.
    order = sorted(range(len(shapes)),
                   key=lambda k: (-min(t[0] * t[1] for t in shapes[k][1]), shapes[k][0]))
    for k in range(1, len(order) + 1):
        chosen = order[:k]
        classes = []
        for i in chosen:  # the components of "can lie side by side", one shape at a time
            linked = [c for c in classes
                      if any(not apart_never(shapes[i][1], shapes[j][1]) for j in c)]
            classes = [c for c in classes if c not in linked] + [[i] + sum(linked, [])]
        total = 0
        for c in classes:
            if len(c) == 1:
                total += weights[c[0]]
                continue
            turns = [t for j in c for t in shapes[j][1]]
            count = sum(shapes[j][2] for j in c)
            rows = _row_end([t[0] for t in turns], L) * _row_end([t[1] for t in turns], W)
            m = min(max(1, rows // min(t[0] * t[1] for t in turns)), count)
            total += -(-sum(shapes[j][2] * min(t[2] for t in shapes[j][1]) for j in c) // m)
        if total > height:
            return False
    return True


def box_piles_allow(size, copies: list) -> bool:
    """piles_allow in a box the heuristic failed on, along its height; and, where every copy
    turns any way (its turns are every order of its sides, so the box may as well be turned),
    along its length and along its width, the box turned so that each is the height (sides
    that are equal give the same box). False proves the box cannot hold the copies."""
    L, W, H = size
    turned = [(L, W, H)]
    if all(len(c.turns) == len(set(permutations(c.dims))) for c in copies):
        turned += [s for s, same in (((H, W, L), L == H), ((L, H, W), W == H)) if not same]
    return all(piles_allow(span_sums(s, copies), s, copies) for s in turned)


def bounds_allow(box, copies: list) -> bool:
    """Cheap necessary conditions: every copy fits alone, total volume and weight fit, and the
    stacking bound: copies that cannot stand apart on two axes have disjoint extents along
    the third, which add up to at most the box (_stack_along); and the loads of copies that
    can stand apart from no other copy on the floor plan (_stack_loads_allow)."""
    if not all(fits(c, box) for c in copies):
        return False
    if sum(c.volume for c in copies) > hold_of(box):
        return False
    if box.max_weight is not None and sum(c.weight for c in copies) > box.max_weight:
        return False
    size = box.dims
    shapes = _shapes_that_fit(size, copies)
    return (all(_stack_along(size, shapes, a) <= size[a] for a in range(3))
            and _stack_loads_allow(size, copies))


def _stack_loads_allow(size, copies: list) -> bool:
    """Load bearing in a stack. With a copy that has a load limit or is not stackable, every
    copy off the floor rests on another. A copy that can stand apart on the floor plan from no
    other copy (with each, their least extents over the turns that fit add up to more than the
    box along x and along y) has every other copy above or below it, and one right above it
    could rest on nothing else: all the weight above it passes through it. So of these copies
    at most one is not stackable (nothing lies above it), and each carries at least the
    weight of the others of them above it: they hold, if in any order, with the strongest
    (what it may carry + weight) lowest (an exchange argument). What a copy may carry is
    what verify lets it, max_load + (max_load + 1) / 10**9: in whole grams bearing(max_load),
    which the order and the test both use. And when none is stackable, none can be off the
    floor: their least footprints over the turns that fit share the box's floor."""
    if len(copies) < 2 or all(c.stackable and c.max_load is None for c in copies):
        return True
    least = []
    floor = 0
    for c in copies:
        turns = _turns_that_fit(c, size)
        least.append((min(t[0] for t in turns), min(t[1] for t in turns)))
        floor += min(t[0] * t[1] for t in turns)
    if not any(c.stackable for c in copies) and floor > size[0] * size[1]:
        return False

    def alone(k):  # stands apart from no other copy
        return all(least[k][0] + least[j][0] > size[0] and least[k][1] + least[j][1] > size[1]
                   for j in range(len(copies)) if j != k)

    stack = [c for k, c in enumerate(copies) if alone(k)]
    if len(stack) < 2:
        return True
    if sum(not c.stackable for c in stack) >= 2:
        return False
    limited = sorted((c for c in stack if c.stackable and c.max_load is not None),
                     key=lambda c: -(bearing(c.max_load) + c.weight))
    above = sum(c.weight for c in stack if not c.stackable) + sum(c.weight for c in limited)
    for c in limited:
        above -= c.weight
        if above > bearing(c.max_load):
            return False
    return True


def box_count_bound(shop: Shop, copies: list) -> int:
    """No split uses fewer boxes than total volume over the largest box volume, nor than total
    weight over the largest load limit (when every box has a limit)."""
    volume = sum(c.volume for c in copies)
    bound = -(-volume // max(b.hold for b in shop.by_cost))
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
    bound = -(-sum(c.volume for c in copies) // max(b.hold for b in boxes))
    limits = [b.max_weight for b in boxes]
    if None not in limits and max(limits) > 0:
        bound = max(bound, -(-sum(c.weight for c in copies) // max(limits)))

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
    return fekete_schepers_bound(D, shapes, bound)


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
