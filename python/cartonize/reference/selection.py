"""Box selection in plain Python: the definition csrc/selection.cpp is held to."""

from __future__ import annotations

import math

from ..catalog import Catalog, check_catalog
from ..model import PackedBox, Packing, Placement, check_items
from ..tariff import MICRO, check_objective, check_tariffs, service_names
from . import exact as oracle
from .extreme_points import Copy, ExtremePointPacker, fits, turns_of
from .landed_cost import Shop


def orderings(copies: list) -> list:
    """The copies in each item ordering, tried in this fixed order, all descending and stable:
    by volume, by longest side, by area of the two longest sides."""
    def longest(c):
        return sorted(c.dims)[2]

    def area(c):
        s = sorted(c.dims)
        return s[1] * s[2]

    return [sorted(copies, key=lambda c: (-c.volume, -longest(c))),
            sorted(copies, key=lambda c: (-longest(c), -c.volume)),
            sorted(copies, key=lambda c: (-area(c), -c.volume))]


# (ordering, merit, frame) in the fixed order they are tried: every ordering x merit x upright
# frame, then the frames on a side with the first ordering and merit.
ATTEMPTS = tuple((o, m, f) for o in range(3) for m in range(4) for f in (0, 1)) + tuple(
    (0, 0, f) for f in (2, 3, 4, 5))
# Filling a box in a split, and right-sizing a filled box, try fewer: ordering 0 with merits
# CORNER and ROW_FIT, ordering 2 with ROW_FIT, each in the upright frames.
SHORT_ATTEMPTS = ((0, 0, 0), (0, 0, 1), (0, 3, 0), (0, 3, 1), (2, 3, 0), (2, 3, 1))


def bounds_allow(box, copies: list) -> bool:
    """Cheap necessary conditions: every copy fits alone, total volume and weight fit, and the
    stacking bound: copies more than half the box on two axes in every turn that fits cannot
    stand side by side on those axes, so their least extents along the third add up to at
    most the box."""
    if not all(fits(c, box) for c in copies):
        return False
    if sum(c.volume for c in copies) > box.volume:
        return False
    if box.max_weight is not None and sum(c.weight for c in copies) > box.max_weight:
        return False
    size = box.dims
    for a in range(3):
        b, c_ = (a + 1) % 3, (a + 2) % 3
        stack = 0
        for c in copies:
            turns = [t for t in c.turns if all(t[k] <= size[k] for k in range(3))]
            if all(2 * t[b] > size[b] and 2 * t[c_] > size[c_] for t in turns):
                stack += min(t[a] for t in turns)
        if stack > size[a]:
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
    for o, kind, frame in SHORT_ATTEMPTS:
        _, layout = ExtremePointPacker(box, frame).pack(sequences[o], kind, fill=True)
        cost = shop.landed(box, load(c for c, _ in layout)) if strategy == 2 else 0
        score = fill_score(strategy, layout, copies, cost)
        if score > best_score:
            best, best_score = layout, score
    return best, best_score


def split(shop: Shop, copies: list, strategy: int, below=None) -> list:
    """Fill the best-scoring box with what remains until the rest fits one box, then move each
    box's contents to the cheapest box that still holds them. Returns [(box, layout), ...].
    With `below` (micro-units), only boxes that can ship for less are filled ([] if none
    can take anything)."""
    chosen, rest, first = [], copies, True
    while rest:
        found = None if first else single(shop, rest)
        first = False
        if found:
            chosen.append(found)
            break
        best, best_score = None, 0
        for box in shop.by_cost:
            if below is not None and shop.landed(box, 0) >= below:
                continue
            layout, score = fill_best(shop, box, rest, strategy)
            if layout and score > best_score:
                best, best_score = (box, layout), score
        if best is None:
            return []
        chosen.append(best)
        taken = {id(c) for c, _ in best[1]}
        rest = [c for c in rest if id(c) not in taken]
    for k, (box, layout) in enumerate(chosen):
        content = sorted((c for c, _ in layout), key=lambda c: copies.index(c))
        smaller = single(shop, content, SHORT_ATTEMPTS)
        w = load(content)
        if smaller and shop.key(smaller[0], w) < shop.key(box, w):
            chosen[k] = smaller
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
    all_proven, sequences = True, None
    for box in shop.walk(load(copies)):
        if not bounds_allow(box, copies):
            continue
        sequences = sequences or orderings(copies)
        for o, kind, frame in attempts:
            ok, layout = ExtremePointPacker(box, frame).pack(sequences[o], kind, fill=False)
            if ok:
                return (box, layout), "proven" if all_proven else "heuristic"
        if not can_search:
            all_proven = False
            continue
        if box.max_weight is None or sum(c.weight for c in copies) <= box.max_weight:
            layout = oracle.fit(box, copies)
            if layout is not None:
                return (box, layout), "proven" if all_proven else "heuristic"
    return None, "proven" if all_proven else "heuristic"


def lower_bound(shop: Shop, copies: list) -> int:
    """No packing of `copies` into catalogue boxes uses fewer boxes; see
    box_count_lower_bound in csrc/lower_bounds.cpp for the argument (volume, weight, L1
    stacking, Fekete-Schepers)."""
    if not copies:
        return 0
    D = [max(b.dims[a] for b in shop.by_cost) for a in range(3)]
    bound = -(-sum(c.volume for c in copies) // max(b.volume for b in shop.by_cost))
    limits = [b.max_weight for b in shop.by_cost]
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

    for a in range(3):
        b, c_ = (a + 1) % 3, (a + 2) % 3
        stack = 0
        for c, count in shapes:
            turns = fitting(c)
            if turns and all(2 * t[b] > D[b] and 2 * t[c_] > D[c_] for t in turns):
                stack += count * min(t[a] for t in turns)
        bound = max(bound, -(-stack // D[a]))
    least = []
    for c, count in shapes:
        turns = fitting(c)
        if turns:
            least.append((tuple(min(t[a] for t in turns) for a in range(3)), count))
    for w, h, d in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        bound = max(bound, _mpv_l2(D, least, w, h, d))
    eps = []
    for a in range(3):
        values = sorted({0} | {t[a] for c, _ in shapes for t in c.turns if 2 * t[a] <= D[a]})
        if len(values) > 6:
            values = [values[k * (len(values) - 1) // 5] for k in range(6)]
        eps.append(values)

    def u(side, a, e):
        if side > D[a] - e:
            return 1.0
        if side < e:
            return 0.0
        return side / D[a]

    for e0 in eps[0]:
        for e1 in eps[1]:
            for e2 in eps[2]:
                total = 0.0
                for c, count in shapes:
                    turns = fitting(c)
                    if turns:
                        total += count * min(u(t[0], 0, e0) * u(t[1], 1, e1) * u(t[2], 2, e2)
                                             for t in turns)
                bound = max(bound, math.ceil(total - 1e-9))
    return bound


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


def pack(items, catalog: Catalog, *, tariff=None, objective: str = "boxes", exact: bool = True,
         node_limit: int = 10_000, exact_max_copies: int = 8) -> Packing:
    """Same signature as :func:`cartonize.pack`, in plain Python. With ``exact=False`` it gives
    the same result as the core, placement for placement. With ``exact`` it settles boxes the
    heuristic fails on by a brute-force oracle, for orders of at most 4 copies (``node_limit``
    does not apply: the oracle always finishes); its box choice is then the proven cheapest."""
    items = check_items(items)
    catalog = check_catalog(catalog)
    tariffs = check_tariffs(tariff)
    least_cost = check_objective(objective) == 1 and bool(tariffs)
    shop = Shop(catalog, tariffs)
    copies, unpacked = [], []
    first_line = {}
    for i, it in enumerate(items):
        shape = first_line.setdefault((it.length, it.width, it.height, it.orientation), i)
        for q in range(it.quantity):
            dims = (it.length, it.width, it.height)
            c = Copy(i, q, dims, it.weight, turns_of(dims, it.orientation), shape)
            why = misfit(shop, c)
            if why is None:
                copies.append(c)
            else:
                unpacked.append((i, q, why))
    if not copies:
        return Packing((), tuple(unpacked))

    found, proof = single_proven(shop, copies, exact, exact_max_copies)
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
        # Fewest boxes first, then least total cost (least cost alone under objective
        # "cost"); the first strategy wins ties. The second strategy runs only while the first
        # leaves more boxes than the volume/weight bound (always under "cost").
        count_bound = box_count_bound(shop, copies)
        chosen = None
        for strategy in ((0, 1, 2) if least_cost else (0, 1)):
            if chosen is not None and not least_cost and len(chosen) <= count_bound:
                break
            trial = split(shop, copies, strategy)
            if chosen is None:
                chosen = trial
            elif least_cost:
                if cost_of(shop, trial) < cost_of(shop, chosen):
                    chosen = trial
            elif (len(trial), cost_of(shop, trial)) < (len(chosen), cost_of(shop, chosen)):
                chosen = trial
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
    return Packing(tuple(boxes), tuple(unpacked), proof, bound)
