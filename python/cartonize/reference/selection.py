"""Box selection in plain Python: the definition csrc/selection.cpp is held to."""

from __future__ import annotations

import math
from itertools import product

from ..catalog import Catalog, check_catalog
from ..model import check_items
from ..result import PackedBox, Packing, Placement
from ..tariff import MICRO, check_objective, check_tariffs, service_names
from . import exact as oracle
from .extreme_points import Copy, ExtremePointPacker, fits, turns_of
from .landed_cost import Shop


def orderings(copies: list) -> list:
    """The copies in each item ordering, tried in this fixed order, all descending and stable:
    by volume, by longest side, by area of the two longest sides; in each, the copies that
    are not stackable after the others (so that they end on top)."""
    def longest(c):
        return sorted(c.dims)[2]

    def area(c):
        s = sorted(c.dims)
        return s[1] * s[2]

    return [sorted(copies, key=lambda c: (not c.stackable, -c.volume, -longest(c))),
            sorted(copies, key=lambda c: (not c.stackable, -longest(c), -c.volume)),
            sorted(copies, key=lambda c: (not c.stackable, -area(c), -c.volume))]


# (ordering, merit, frame) in the fixed order they are tried: every ordering x merit x upright
# frame, then the frames on a side with the first ordering and merit.
ATTEMPTS = tuple((o, m, f) for o in range(3) for m in range(4) for f in (0, 1)) + tuple(
    (0, 0, f) for f in (2, 3, 4, 5))
# Filling a box in a split, and right-sizing a filled box, try fewer: ordering 0 with merits
# CORNER and ROW_FIT, ordering 2 with ROW_FIT, each in the upright frames.
SHORT_ATTEMPTS = ((0, 0, 0), (0, 0, 1), (0, 3, 0), (0, 3, 1), (2, 3, 0), (2, 3, 1))
# Sets of more copies than this try the short list when looking for one box too.
MANY_COPIES = 400
MAX_DFF_K = 12  # u^(k) in the Fekete-Schepers bound for k up to this


MANY_COPIES_FILL_ATTEMPTS = ((0, 0, 0), (2, 3, 0))


def walk_attempts(copies: list) -> tuple:
    return SHORT_ATTEMPTS if len(copies) > MANY_COPIES else ATTEMPTS


def fill_attempts(copies: list) -> tuple:
    return MANY_COPIES_FILL_ATTEMPTS if len(copies) > MANY_COPIES else SHORT_ATTEMPTS


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


def _packer(shop: Shop, box, frame: int) -> ExtremePointPacker:
    return ExtremePointPacker(box, frame, shop.incompatible, shop.min_support, shop.support)


def supported(layout: list, min_support: float) -> bool:
    """Whether every copy of a layout off the floor has min_support of its base on top faces
    directly below, and none rests on a copy that is not stackable."""
    return all(supported_in(pos, layout, min_support) for _, pos in layout)


def rules_allow(shop: Shop, copies: list) -> bool:
    """Whether these copies may share one box: no two incompatible categories, no line over
    its cap."""
    present, count = 0, {}
    for c in copies:
        if c.category >= 0 and c.category < len(shop.incompatible) and (
                shop.incompatible[c.category] & present):
            return False
        if c.category >= 0:
            present |= 1 << c.category
        count[c.item] = count.get(c.item, 0) + 1
        if c.cap and count[c.item] > c.cap:
            return False
    return True


def single(shop: Shop, copies: list, attempts=ATTEMPTS):
    """The cheapest box one attempt packs all of `copies` into, as (box, layout), or None:
    the heuristic-only walk of :func:`single_proven`."""
    return single_proven(shop, copies, False, 0, attempts)[0]


def load(copies) -> int:
    return sum(c.weight for c in copies)


def fill_score(strategy: int, layout: list, rest: list, cost: int = 0) -> int:
    """How a filled box is scored in a split. Strategy 0: the volume it takes. Strategy 1: the
    share of the remaining volume plus the share of the remaining weight it takes, scaled to
    integers (remaining weight counted as at least 1). Strategy 2 (least cost): the volume
    per unit of the box's landed cost `cost` with this fill, as (volume << 64) // (cost + 1)."""
    volume = sum(c.volume for c, _ in layout)
    if strategy == 0:
        return volume
    if strategy == 2:
        return 0 if cost is None or cost < 0 else (volume << 64) // (cost + 1)
    weight = sum(c.weight for c, _ in layout)
    rest_volume = sum(c.volume for c in rest)
    rest_weight = max(1, sum(c.weight for c in rest))
    return volume * rest_weight + weight * rest_volume


def fill_best(shop: Shop, box, copies: list, strategy: int) -> tuple:
    """The attempt with the best fill score for `copies` in `box`, skipping misfits, and its
    score."""
    best, best_score = None, -1
    sequences = orderings(copies)
    for o, kind, frame in fill_attempts(copies):
        if shop.support and frame >= 2:
            continue  # z must stay up
        _, layout = _packer(shop, box, frame).pack(sequences[o], kind, fill=True)
        layout = whole_groups(layout, copies, shop)
        cost = shop.landed(box, load(c for c, _ in layout)) if strategy == 2 else 0
        score = fill_score(strategy, layout, copies, cost)
        if score > best_score:
            best, best_score = layout, score
    return best, best_score


def whole_groups(layout: list, rest: list, shop: Shop) -> list:
    """The layout without the copies of any group it holds only part of (of `rest`) and,
    with support on, without the copies that rested on those (drop_unsupported), until both
    hold."""
    if not any(c.group >= 0 for c, _ in layout):
        return layout
    left = {}
    for c in rest:
        if c.group >= 0:
            left[c.group] = left.get(c.group, 0) + 1
    while True:
        placed = {}
        for c, _ in layout:
            if c.group >= 0:
                placed[c.group] = placed.get(c.group, 0) + 1
        layout = [(c, pos) for c, pos in layout
                  if c.group < 0 or placed[c.group] == left[c.group]]
        if not shop.support:
            return layout
        kept = drop_unsupported(layout, shop.min_support)
        if len(kept) == len(layout):
            return layout
        layout = kept


def drop_unsupported(layout: list, min_support: float) -> list:
    """The layout without, until none is left, every copy off the floor with less than
    min_support of its base on top faces directly below (after copies under it were
    removed)."""
    while True:
        kept = [(c, pos) for c, pos in layout if supported_in(pos, layout, min_support)]
        if len(kept) == len(layout):
            return kept
        layout = kept


def supported_in(pos, layout: list, min_support: float) -> bool:
    """Whether a copy at `pos` (x, y, z, l, w, h) rests on `layout` as min_support asks: on
    the floor, or that share of its base on top faces directly below, none of them of a copy
    that is not stackable."""
    x, y, z, l, w, h = pos
    if z == 0:
        return True
    area, blocked = 0, False
    for d, (qx, qy, qz, ql, qw, qh) in layout:
        if qz + qh != z:
            continue
        dx, dy = min(x + l, qx + ql) - max(x, qx), min(y + w, qy + qw) - max(y, qy)
        if dx > 0 and dy > 0:
            area += dx * dy
            blocked = blocked or not d.stackable
    return not blocked and area >= min_support * l * w


def split(shop: Shop, copies: list, strategy: int, below=None, leftover=None) -> list:
    """Fill the best-scoring box with what remains until the rest fits one box, then move each
    box's contents to the cheapest box that still holds them. Returns [(box, layout), ...].
    With `below` (micro-units), only boxes that can ship for less are filled ([] if none
    can take anything). Groups stay whole; boxes out of stock are not used, and what no box
    in stock can take goes to the list `leftover`."""
    shop.used = [0] * len(shop.boxes)
    chosen, rest, first = [], copies, True
    while rest:
        found = None if first else single(shop, rest, walk_attempts(rest))
        first = False
        if found:
            shop.used[found[0].index] += 1
            chosen.append(found)
            break
        best, best_score = None, 0
        for box in shop.by_cost:
            if not shop.available(box):
                continue
            if below is not None and shop.landed(box, 0) >= below:
                continue
            layout, score = fill_best(shop, box, rest, strategy)
            if layout and score > best_score:
                best, best_score = (box, layout), score
        if best is None:
            # A fill may keep only part of each group it meets: the first copy's group (or
            # the copy) goes alone into its cheapest box.
            g = rest[0].group
            unit = [c for c in rest if c is rest[0] or (g >= 0 and c.group == g)]
            best = single(shop, unit) if below is None else None
            if best is None:
                if below is None and leftover is not None:
                    leftover.extend(rest)
                    break
                return []
        shop.used[best[0].index] += 1
        chosen.append(best)
        taken = {id(c) for c, _ in best[1]}
        rest = [c for c in rest if id(c) not in taken]
    for k, (box, layout) in enumerate(chosen):
        content = sorted((c for c, _ in layout), key=lambda c: copies.index(c))
        shop.used[box.index] -= 1
        smaller = single(shop, content, SHORT_ATTEMPTS)
        w = load(content)
        if smaller and shop.key(smaller[0], w) < shop.key(box, w):
            chosen[k] = smaller
        shop.used[chosen[k][0].index] += 1
    return chosen


def box_count_bound(shop: Shop, copies: list) -> int:
    """No split uses fewer boxes than total volume over the largest box volume, nor than total
    weight over the largest load limit (when every box has a limit)."""
    volume = sum(c.volume for c in copies)
    bound = -(-volume // max(b.volume for b in shop.by_cost))
    limits = [b.max_weight for b in shop.by_cost]
    if None not in limits and max(limits) > 0:
        bound = max(bound, -(-load(copies) // max(limits)))
    return bound


def single_proven(shop: Shop, copies: list, exact: bool, exact_max_copies: int,
                  attempts=ATTEMPTS):
    """The cheapest box holding all `copies`, as ((box, layout) or None, proof), walking the
    boxes by (landed) cost: bounds, then the heuristic `attempts`, then, when searching is on
    and the order has at most min(exact_max_copies, 4) copies, the brute-force oracle."""
    can_search = exact and len(copies) <= min(exact_max_copies, oracle.MAX_COPIES)
    all_proven, unknown, sequences = True, False, None

    def status():
        return "proven" if all_proven else "unknown" if unknown else "heuristic"
    if not rules_allow(shop, copies):
        return None, "proven"
    for box in shop.walk(load(copies)):
        if not shop.available(box):
            continue
        if not bounds_allow(box, copies):
            continue
        sequences = sequences or orderings(copies)
        for o, kind, frame in attempts:
            if shop.support and frame >= 2:
                continue
            ok, layout = _packer(shop, box, frame).pack(sequences[o], kind, fill=False)
            if ok:
                return (box, layout), status()
        if exact and not one_box_bounds_allow(box, copies):
            continue  # a proof: the bounds with this box as the only bin
        if not can_search:
            all_proven = False
            continue
        if box.max_weight is None or sum(c.weight for c in copies) <= box.max_weight:
            layout = oracle.fit(box, copies)
            if layout is not None and shop.support and not supported(layout, shop.min_support):
                all_proven, unknown = False, True  # a fit that is not stable proves nothing
                continue
            if layout is not None:
                return (box, layout), status()
    return None, status()


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


def misfit(shop: Shop, c) -> str | None:
    """Why copy c fits no box on its own (None: some box holds it)."""
    size_ok = weight_ok = False
    for view in shop.boxes:
        box = view.box
        if not fits(c, box):
            continue
        size_ok = True
        if box.max_weight is not None and c.weight > box.max_weight:
            continue
        weight_ok = True
        if (shop.usable[view.index] and (view.max_weight is None or c.weight <= view.max_weight)
                and (not shop.priced or shop.ship(view, c.weight) is not None)):
            return None
    return "unshippable" if weight_ok else "too_heavy" if size_ok else "too_large"


def cost_of(shop: Shop, chosen: list):
    """A set of boxes' cost: landed (micro-units) when priced, else the boxes' cost."""
    if shop.priced:
        return sum(shop.landed(box, load(c for c, _ in layout)) for box, layout in chosen)
    return sum(box.cost for box, _ in chosen)


def fit_in(shop: Shop, box, content: list):
    """A layout of `content` in `box` by the heuristic's attempts (rules and bounds first),
    or None."""
    if not rules_allow(shop, content) or not bounds_allow(box, content):
        return None
    sequences = orderings(content)
    for o, kind, frame in ATTEMPTS:
        if shop.support and frame >= 2:
            continue
        ok, layout = _packer(shop, box, frame).pack(sequences[o], kind, fill=False)
        if ok:
            return layout
    return None


def balance(shop: Shop, chosen: list, copies: list) -> list:
    """Move copies out of the heaviest box while that lightens it: each pass the move (one
    copy of no group, into another box of its own type, packed anew) that leaves the heaviest
    load over all boxes least, ties to the earlier box and the earlier copy, not raising the
    set's landed cost; at most 12 passes per box. See csrc/balance.hpp."""
    chosen = [(box, list(layout)) for box, layout in chosen]
    n = len(chosen)
    for _ in range(12 * n):
        loads = [load(c for c, _ in layout) for _, layout in chosen]
        h = loads.index(max(loads))
        best_max, best = loads[h], None
        for to in range(n):
            if to == h:
                continue
            for j, (c, _) in enumerate(chosen[h][1]):
                if c.weight == 0 or c.group >= 0:
                    continue
                new_max = max([loads[h] - c.weight, loads[to] + c.weight]
                              + [loads[k] for k in range(n) if k not in (h, to)])
                if new_max >= best_max:
                    continue
                bh, bt = chosen[h][0], chosen[to][0]
                if shop.priced:
                    a, b = shop.landed(bh, loads[h] - c.weight), shop.landed(bt, loads[to] + c.weight)
                    if a is None or b is None or a + b > (shop.landed(bh, loads[h])
                                                          + shop.landed(bt, loads[to])):
                        continue
                content = sorted([x for x, _ in chosen[to][1]] + [c],
                                 key=lambda x: copies.index(x))
                layout = fit_in(shop, bt, content)
                if layout is None:
                    continue
                # What stays behind: as it lies while every copy left is still supported,
                # else packed anew in its own box type (or the move is not made).
                left = [pc for k, pc in enumerate(chosen[h][1]) if k != j]
                if shop.support and not supported(left, shop.min_support):
                    left = fit_in(shop, bh, sorted([x for x, _ in left],
                                                   key=lambda x: copies.index(x)))
                    if left is None:
                        continue
                best_max, best = new_max, (to, left, layout)
        if best is None:
            break
        to, left, layout = best
        chosen[h] = (chosen[h][0], left)
        chosen[to] = (chosen[to][0], layout)
    return chosen


def keep_groups_whole(shop: Shop, copies: list, unpacked: list, line_group: dict, exact,
                      exact_max_copies):
    """The copies of groups no box holds whole (stock aside), or with a member already
    unpacked, are unpacked as "group_too_large" (after the other reasons); returns the
    rest."""
    bad = {line_group[i] for i, _, _ in unpacked if line_group[i] >= 0}
    shop.ignore_stock = True
    seen = set()
    for c in copies:
        g = c.group
        if g < 0 or g in seen or g in bad:
            continue
        seen.add(g)
        members = [x for x in copies if x.group == g]
        if single_proven(shop, members, exact, exact_max_copies)[0] is None:
            bad.add(g)
    shop.ignore_stock = False
    kept = []
    for c in copies:
        if c.group >= 0 and c.group in bad:
            unpacked.append((c.item, c.copy, "group_too_large"))
        else:
            kept.append(c)
    return kept


def pack(items, catalog: Catalog, *, tariff=None, objective: str = "boxes", incompatible=None,
         balance_weight: bool = False, min_support: float = 0.0, exact: bool = True,
         node_limit: int = 10_000, exact_max_copies: int = 8) -> Packing:
    """Same signature as :func:`cartonize.pack`, in plain Python. With ``exact=False`` it gives
    the same result as the core, placement for placement. With ``exact`` it settles boxes the
    heuristic fails on by a brute-force oracle, for orders of at most 4 copies (``node_limit``
    does not apply: the oracle always finishes); its box choice is then the proven cheapest."""
    from .._rules import categories, catalog_stock, check_incompatible, check_support
    items = check_items(items)
    catalog = check_catalog(catalog)
    tariffs = check_tariffs(tariff)
    if catalog.on_demand:
        raise ValueError("a catalogue with machines: use cartonize.reference.pack")
    least_cost = check_objective(objective) == 1 and bool(tariffs)
    pairs = check_incompatible(incompatible)
    codes = categories(pairs)
    masks = [0] * len(codes)
    for a, b in pairs:
        masks[codes[a]] |= 1 << codes[b]
        masks[codes[b]] |= 1 << codes[a]
    shop = Shop(catalog, tariffs, masks, catalog_stock(catalog), bool(balance_weight))
    shop.min_support = check_support(min_support)
    shop.support = shop.min_support > 0 or any(not it.stackable and it.quantity > 0
                                               for it in items)
    copies, unpacked, alone, alone_shipping = [], [], [], []
    first_line, group_code = {}, {}
    for i, it in enumerate(items):
        group = -1 if it.group is None else group_code.setdefault(it.group, len(group_code))
        category = codes.get(it.category, -1)
        cap = it.max_per_box or 0
        shape = first_line.setdefault((it.length, it.width, it.height, it.orientation, group,
                                       category, i if cap else -1, it.ships_alone,
                                       it.stackable), i)
        for q in range(it.quantity):
            dims = (it.length, it.width, it.height)
            c = Copy(i, q, dims, it.weight, turns_of(dims, it.orientation), shape, group,
                     category, cap, it.stackable)
            if it.ships_alone:
                offer = _ship_own(tariffs, dims, it.weight)
                if tariffs and offer is None:
                    unpacked.append((i, q, "unshippable"))
                else:
                    alone.append((i, q))
                    if tariffs:
                        alone_shipping.append(offer / MICRO)
                continue
            why = misfit(shop, c)
            if why is None:
                copies.append(c)
            else:
                unpacked.append((i, q, why))
    if copies and any(c.group >= 0 for c in copies):
        line_group = {i: (-1 if it.group is None else group_code[it.group])
                      for i, it in enumerate(items)}
        copies = keep_groups_whole(shop, copies, unpacked, line_group, exact, exact_max_copies)
    if not copies:
        return Packing((), tuple(unpacked), alone=alone, alone_shipping=alone_shipping)

    found, proof = single_proven(shop, copies, exact, exact_max_copies, walk_attempts(copies))
    if found:
        chosen, bound = [found], 1
        single_cost = shop.landed(found[0], load(copies)) if least_cost else 0
        if least_cost and 2 * shop.least_landed < single_cost:
            trial = split(shop, copies, 2, below=single_cost)
            if len(trial) > 1 and cost_of(shop, trial) < cost_of(shop, chosen):
                chosen, proof = trial, "heuristic"
    else:
        bound = max(2 if proof == "proven" else 1, lower_bound(shop, copies))
        proof = "heuristic"
        # Fewer copies left for want of stock first; then fewest boxes, then least total cost
        # (least cost alone under objective "cost"); the first strategy wins ties. The second
        # strategy runs only while the first leaves more boxes than the volume/weight bound
        # (always under "cost", and while copies are left for want of stock).
        count_bound = box_count_bound(shop, copies)
        chosen, chosen_left = None, None
        for strategy in ((0, 1, 2) if least_cost else (0, 1)):
            if (chosen is not None and not least_cost and len(chosen) <= count_bound
                    and not chosen_left):
                break
            left = []
            trial = split(shop, copies, strategy, leftover=left)
            if chosen is None:
                better = True
            elif len(left) != len(chosen_left):
                better = len(left) < len(chosen_left)
            elif least_cost:
                better = cost_of(shop, trial) < cost_of(shop, chosen)
            else:
                better = (len(trial), cost_of(shop, trial)) < (len(chosen), cost_of(shop, chosen))
            if better:
                chosen, chosen_left = trial, left
        unpacked += [(c.item, c.copy, "no_stock") for c in chosen_left]
        if shop.balance and len(chosen) > 1:
            chosen = balance(shop, chosen, copies)
    names = service_names(tariffs)
    boxes = []
    for box, layout in chosen:
        w = load(c for c, _ in layout)
        placements = tuple(Placement(c.item, c.copy, *pos) for c, pos in layout)
        if tariffs:
            s, price, billable = shop.ship(box, w)
            boxes.append(PackedBox(box.box, placements, w, names[s], price / MICRO, billable,
                                   shop.material(box) / MICRO))
        else:
            boxes.append(PackedBox(box.box, placements, w))
    return Packing(tuple(boxes), tuple(unpacked), proof, bound, alone=alone,
                   alone_shipping=alone_shipping)


def _ship_own(tariffs, dims, weight):
    """The cheapest service's price (micro-units) for a copy in its own packaging, or None."""
    from .landed_cost import ship_u
    offer = ship_u(tariffs, dims, weight) if tariffs else None
    return None if offer is None else offer[0]
