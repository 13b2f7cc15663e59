"""Cutting boxes to size: after a packing over the stocked boxes and each machine's largest
box (within a tariff's limits: OnDemand._shipped), every box whose copies a machine can hold
in a cheaper box (least material, or least landed cost) is replaced by that cut box, its
copies placed as the cheapest of the compact search's packings (each attempt of the core's,
or the reference's, `hull`) and as placed (as_placed, where every rule was checked):
or_placed. A box a machine makes is always cut. Under the station's rules (min_support, a
copy nothing may rest on, a load limit the order's weight could pass), the compact packings
are candidates where they keep them (rules_hold); where the least volume's does not, one
made under them too (kept_or_placed). Under a time limit the searches stop at it (Budget)."""

from __future__ import annotations

import dataclasses
import functools
import time

import numpy as np

from ._grid import ORIENTATION_MASKS
from ._rules import check_time_limit
from .result import PackedBox, Packing, Placement, bases, carried_exact
from .tariff import MICRO, check_tariffs, service_names, to_micro


def size_bound(rows: np.ndarray) -> int:
    """An inner volume no box holding these copies (rows: length, width, height, ...) goes
    below: their total volume, and the box whose sides are, per rank, the largest of the
    copies' sorted sides (a box holds a copy only if its sorted sides cover the copy's)."""
    dims = np.sort(rows[:, :3].astype(np.int64), axis=1)
    return max(int((dims[:, 0] * dims[:, 1] * dims[:, 2]).sum()), int(np.prod(dims.max(axis=0))))


def _ship(tariffs: tuple, box, load: int):
    """(service index, price micro, billable g) of the cheapest service for the box, or None."""
    best = None
    gross = load + box.empty_weight
    volume = box.outer[0] * box.outer[1] * box.outer[2]
    for s, t in enumerate(tariffs):
        if not t.takes(box.outer, gross):
            continue
        billable = int(t.billable(volume, gross))
        price = t.price_micro(billable)
        if price >= 0 and (best is None or price < best[1]):
            best = (s, price, billable)
    return best


def _cost(box, load: int, tariffs: tuple):
    """The box's cost as selection counts it: material, or material + shipping (micro-units)
    with a tariff (None: no service takes it)."""
    if not tariffs:
        return box.cost
    ship = _ship(tariffs, box, load)
    if ship is None:
        return None
    material = to_micro(box.cost, "cost") if box._cost_given else 0
    return material + ship[1]


def _with_void(cost, catalog, box_volume: int, contents: int):
    """A cost as _cost gives it, plus the void fill of the box's empty space (in the same
    unit: currency without a tariff, micro-units with one)."""
    if cost is None or catalog is None or catalog.void_fill_cost is None:
        return cost
    u = catalog._void_of(box_volume - contents)
    return cost + u if isinstance(cost, int) else cost + u / MICRO


def best_cut(rows: np.ndarray, load: int, box, machines: tuple, tariffs: tuple, hull,
             catalog=None):
    """The cut box that holds these copies (rows: length, width, height, weight, 1, mask)
    for least cost, if it beats `box` (always when `box` is a machine's largest), as (box,
    placements (n, 8) by row, cost); None to keep `box`. hull(k, rows, L, W, H): the compact
    packing in machine k's largest box, or None, or a list of packings to choose from (the
    first of the least cost; placements may be a function making them). With the catalogue's
    void_fill_cost, each box's cost counts the void fill of its empty space."""
    contents = contents_of(rows)
    own = catalog._own_material(box) if catalog is not None and not tariffs else None
    now = _with_void(_cost(box, load, tariffs) if own is None else own, catalog, box.volume,
                     contents)
    forced = any(m.makes(box) for m in machines)
    fixed = rows[:, 5] == ORIENTATION_MASKS["fixed"]  # copies that may not turn
    turnable = bool(np.all(~fixed | (rows[:, 0] == rows[:, 1])))
    best = None
    for k, m in enumerate(machines):
        if m.max_weight is not None and load > m.max_weight:
            continue
        ordered = m.min[0] >= m.min[1] and m.largest.length >= m.largest.width
        for found in listed(hull(k, rows, *m.largest.dims)):
            for extent, placed in ways(*found, turnable, ordered):
                priced = cut_cost(m, extent, load, tariffs, catalog, contents)
                if priced is not None and (best is None or priced[1] < best[2]):
                    best = (priced[0], placed, priced[1])
    if best is None or not (forced or now is None or best[2] < now):
        return None
    placed = best[1]() if callable(best[1]) else best[1]
    return (best[0] if tariffs else best[0][0].box(best[0][1]), placed, best[2])


def ways(extent, placed, turnable: bool, ordered: bool) -> list:
    """A packing (extent, placements or a function making them) and, where its copies may
    turn, it turned about z (x, y, l, w swapped), the longer length first; that alone for an
    `ordered` machine (min, max no less in length than width: the other costs no less)."""
    if not turnable or extent[0] == extent[1] or (ordered and extent[0] > extent[1]):
        return [(extent, placed)]

    def made():
        p = np.array(placed() if callable(placed) else placed, dtype=np.int64)
        p[:, [2, 3, 5, 6]] = p[:, [3, 2, 6, 5]]
        return p
    turned = ((extent[1], extent[0], extent[2]), made)
    both = [turned, (extent, placed)] if extent[0] < extent[1] else [(extent, placed), turned]
    return both[:1] if ordered else both


def cut_cost(m, extent, load: int, tariffs: tuple, catalog, contents: int):
    """(the cut box, its cost) of machine m's box for copies of this extent, load and volume
    as best_cut weighs it, or None where none holds or ships them; without a tariff the box
    is (m, size), made for the winner alone (a machine given no cost: its volume stands in)."""
    size = m.size_for(extent)
    if size is None:
        return None
    if tariffs:
        cut_box = m.box(size)
        cost = _cost(cut_box, load, tariffs)
    else:
        money = m.priced or (catalog is not None and catalog.void_fill_cost is not None)
        cut_box, cost = (m, size), m.material(size) if money else float(np.prod(size))
    cost = _with_void(cost, catalog, size[0] * size[1] * size[2], contents)
    return None if cost is None else (cut_box, cost)


def by_rows(hull):
    """hull(rows, L, W, H) as best_cut calls a hull: hull(k, rows, L, W, H)."""
    return lambda k, rows, *dims: hull(rows, *dims)


def listed(found) -> list:
    """A hull's answer (a packing, None or a list of packings) as a list."""
    return found if isinstance(found, list) else [found] * (found is not None)


def content_rows(item_rows: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """One row per copy (quantity 1) for the copies of these lines."""
    rows = np.asarray(item_rows, dtype=np.int64)[lines].copy()
    rows[:, 4] = 1
    return rows


def as_placed(xyz: np.ndarray, extent=None):
    """A hull for best_cut that keeps the copies where they are (rows of x, y, z, length,
    width, height in their box): their extent and them. Cut around them, the box holds the
    same placements, so the support and loads the packing was checked for hold in it. The
    extent, where known, is given."""
    if extent is None:
        ex = ey = ez = 0
        for x, y, z, l, w, h in xyz:
            ex, ey, ez = max(ex, x + l), max(ey, y + w), max(ez, z + h)
        extent = (int(ex), int(ey), int(ez))

    def placed():  # made for the box chosen alone
        rows = np.asarray(xyz, dtype=np.int64).reshape(-1, 6)
        return np.concatenate([np.arange(len(rows), dtype=np.int64)[:, None],
                               np.zeros((len(rows), 1), dtype=np.int64), rows], axis=1)
    return lambda k, rows, *dims: (extent, placed)


def or_placed(hull, xyz, extent=None, prune: bool = True):
    """A hull for best_cut: what `hull` finds (a packing, None or a list), then the copies as
    placed at xyz, to choose from by cost (the first of the least cost). With `prune` (a cost
    that rises with each side: material and void fill; a tariff's brackets may fall), one no
    smaller on any axis than an earlier one is left out."""
    placed = as_placed(xyz, extent)

    def both(k, rows, *dims):
        kept = []
        for f in listed(hull(k, rows, *dims)) + [placed(k, rows)]:
            if not (prune and covered(f, kept)):
                kept.append(f)
        return kept
    return both


def covered(found, earlier) -> bool:
    """Whether a packing of the `earlier` is no larger on any axis than `found`: under a cost
    that rises with each side, it costs no more (and, first, is taken on a tie)."""
    x, y, z = found[0]
    return any(a <= x and b <= y and c <= z for (a, b, c), _ in earlier)


class Budget:
    """The time left for the searches of cut sizes: until `seconds` from now (0: no limit),
    and whether some search ran out of it (`reached`)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds else None
        self.reached = False

    def over(self) -> bool:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.reached = True
        return self.reached

    def left(self) -> float:
        """Seconds left for a search (0: no limit; past the deadline, next to none: a search
        then places a few dozen copies at most)."""
        return 0.0 if self.deadline is None else max(self.deadline - time.monotonic(), 1e-9)

    def search(self, hull):
        """`hull` (rows, L, W, H, ...; core_hull) searching within this budget."""
        return hull if self.deadline is None else functools.partial(hull, budget=self)


# Boxes of more copies than this are not weighed for the rules (the count is quadratic):
# under a rule they are cut around their copies as placed.
MOST_WEIGHED = 2000
# Of boxes of more copies than this, the least volume's compact packing alone is weighed for
# the rules (each attempt's below it).
EVERY_WEIGHED = 200


def rules_hold(xyz, weight, stackable, max_load, min_support: float) -> bool:
    """Whether copies at xyz (rows of x, y, z, length, width, height; per copy its weight,
    whether it is stackable, its max_load, -1 for none) keep the station's rules as the core
    keeps them (and verify checks them): each copy off the floor rests on at least
    min_support of its base, and on no copy that is not stackable; with a copy not stackable
    or limited, on some copy; no copy carries more than its max_load (exactly)."""
    xyz = np.asarray(xyz, dtype=np.int64).reshape(-1, 6)
    if len(xyz) > MOST_WEIGHED:
        return False
    area, on_unstackable = bases(xyz, stackable)
    off = xyz[:, 2] > 0
    if on_unstackable.any() or (off & (area < min_support * xyz[:, 3] * xyz[:, 4])).any():
        return False
    limited = np.asarray(max_load) >= 0
    if grounded(stackable, max_load):
        if (off & (area == 0)).any():
            return False
        placed, at = [Placement(0, 0, *r) for r in xyz.tolist()], np.flatnonzero(limited).tolist()
        near = carried_exact(placed, list(weight), exact=False)  # exact only where it is close
        if any(near[i] > max_load[i] * (1 + 1e-9) + 1e-9 for i in at):
            return False
        if any(near[i] > max_load[i] * (1 - 1e-9) - 1e-9 for i in at):
            loads = carried_exact(placed, list(weight))
            if any(loads[i] > max_load[i] for i in at):
                return False
    return True


def grounded(stackable, max_load) -> bool:
    """Whether no copy may rest on nothing off the floor: some copy is not stackable or has
    a limit (as given: one that binds over the order may not bind within one box)."""
    return bool(not np.all(stackable) or (np.asarray(max_load) >= 0).any())


def item_rules(items) -> tuple:
    """Per item: its weight, whether it is stackable, its max_load (-1: none), as rule
    arrays (the core's columns give pack_many's so)."""
    return (np.array([it.weight for it in items], dtype=np.int64),
            np.array([it.stackable for it in items], dtype=bool),
            np.array([-1 if it.max_load is None else it.max_load for it in items],
                     dtype=np.int64))


def binding(weight, stackable, max_load, total) -> np.ndarray:
    """Per line (item_rules' arrays), whether a rule binds it: not stackable, or a max_load
    below what the rest of its order weighs (`total`: the order's weight, per line or one for
    all). A limit no load can reach changes no placement (verify's test)."""
    return ~np.asarray(stackable, dtype=bool) | (
        (np.asarray(max_load) >= 0) & (np.asarray(max_load) < np.asarray(total) - weight))


def contents_of(rows: np.ndarray) -> int:
    """The volume of the copies (rows: length, width, height, ...; one copy a row)."""
    return int((rows[:, 0] * rows[:, 1] * rows[:, 2]).sum())


def candidates(every, ruled, xyz, rows, load: int, rule, min_support: float, budget,
               machines: tuple, tariffs: tuple, catalog, extent=None):
    """best_cut's hull for one box, for pack and pack_many alike: each compact packing
    (`every`) and the copies as placed at xyz (or_placed); under the station's rules (`rule`:
    per copy of the box; None: no rule binds), kept_or_placed's, priced as best_cut prices."""
    if rule is None:
        return or_placed(every, xyz, extent, prune=not tariffs)
    contents = contents_of(rows)

    def price(k, extent):  # kept_or_placed's: a cut box's cost in machine k
        return cut_cost(machines[k], extent, load, tariffs, catalog, contents)
    return kept_or_placed(every, ruled, xyz, rule, min_support, budget, not tariffs, price)


def kept_or_placed(compact, ruled, xyz, rule, min_support: float, budget=None,
                   prune: bool = True, price=None):
    """A hull for best_cut under the station's rules (rule: per copy of the box, in its
    order, weight, stackable and max_load): the compact packings (`compact`: each attempt's,
    a list; of boxes past EVERY_WEIGHED copies the least volume's alone) that keep them; where
    the least volume's does not, also the compact packing made under them (ruled(rows, L, W,
    H, stackable, max_load, min_support, grounded): the packer keeps them as pack does), if
    it keeps them; and the copies as placed at xyz (or_placed), to choose from by cost. Past
    the `budget`'s deadline no packing is weighed: the copies as placed stand. `prune`: as
    or_placed's. With `price` (price(k, extent): its cost in machine k's box, or None), they
    are weighed cheapest first and the first that keeps the rules alone is kept (as best_cut
    would choose it)."""
    def keeps(found) -> bool:
        at = found[1][:, 0]  # its rows: copies of the box, by their place in it
        return rules_hold(found[1][:, 2:], *(v[at] for v in rule), min_support)
    def hull(k, rows, *dims):
        if len(rows) > MOST_WEIGHED:  # rules_hold refuses any packing of so many: as placed
            return None
        found = listed(compact(k, rows, *dims))
        if budget is not None and budget.over():
            return None
        least = min(found, key=lambda f: f[0][0] * f[0][1] * f[0][2], default=None)
        weighed = found if len(rows) <= EVERY_WEIGHED else [least] * bool(found)
        if price is not None:  # cheapest first (stable: the first of the least)
            costs = [price(k, f[0]) for f in weighed]
            weighed = [f for c, f in sorted(((c[1], f) for c, f in zip(costs, weighed)
                                              if c is not None), key=lambda t: t[0])]
        kept, least_keeps = [], None
        for f in weighed:
            ok = keeps(f)
            least_keeps = ok if f is least else least_keeps
            if ok:
                kept.append(f)
                if price is not None:
                    break
        if least_keeps is None:  # not weighed above: it decides the search under the rules
            least_keeps = least is not None and keeps(least)
        if least_keeps:
            return kept
        _, stackable, max_load = rule
        found = ruled(rows, *dims, stackable.astype(np.uint8),
                      np.where(stackable, max_load, -1), min_support,
                      grounded(stackable, max_load))
        late = budget is not None and budget.over()
        return kept + [found] * (found is not None and not late and keeps(found))
    return or_placed(hull, xyz, prune=prune)


def cut(packing: Packing, items: tuple, catalog, tariffs: tuple, hull,
        under_rules: bool = False, min_support: float = 0.0, budget=None) -> Packing:
    """The packing with each box cut to size where a machine makes it cheaper (see module);
    `under_rules`, under the station's rules (kept_or_placed); searching within the
    `budget` (a Budget), and where it ran out, said as a time limit reached."""
    machines = catalog.on_demand
    names = service_names(tariffs) if tariffs else ()
    item_rows = np.array([list(it[:6]) for it in items], dtype=np.int64).reshape(len(items), 6)
    rule = item_rules(items)
    boxes = []
    for pb in packing.boxes:
        content = pb.placements
        lines = np.array([p.item for p in content], dtype=np.int64)
        rows = content_rows(item_rows, lines)
        timed = hull if budget is None else budget.search(hull)
        compact = candidates(by_rows(functools.partial(timed, every=True)), timed,
                             [p[2:] for p in content], rows, pb.load,
                             tuple(v[lines] for v in rule) if under_rules else None,
                             min_support, budget, machines, tariffs, catalog)
        best = best_cut(rows, pb.load, pb.box, machines, tariffs, compact, catalog)
        if best is None:
            made = any(m.makes(pb.box) for m in machines)
            boxes.append(dataclasses.replace(pb, size_bound=size_bound(rows)) if made else pb)
            continue
        box, placed, _ = best
        placements = tuple(Placement(content[r[0]].item, content[r[0]].copy, *map(int, r[2:]))
                           for r in placed.tolist())
        void_fill = catalog._void_fill_u(box, box.volume - pb.item_volume) / MICRO
        if tariffs:
            s, price, billable = _ship(tariffs, box, pb.load)
            boxes.append(PackedBox(box, placements, pb.load, names[s], price / MICRO, billable,
                                   box.cost if box._cost_given else 0.0, size_bound(rows),
                                   void_fill))
        else:
            boxes.append(PackedBox(box, placements, pb.load, size_bound=size_bound(rows),
                                   material=catalog._own_material(box), void_fill=void_fill))
    out = Packing(boxes, packing.unpacked, packing.proof, packing.lower_bound, packing.alone,
                  packing.alone_shipping, packing.message)
    if any(b.size_bound is not None for b in boxes) and out.proof == "proven":
        out._proof = "heuristic"  # a cut size is not proven the least
    if budget is not None and budget.reached:
        out._proof = "unknown"
        out._message = out._message or cut_message(budget.seconds)
    out._items = items
    out._tariffs = tariffs
    return out


def pack_and_cut(pack_stocked, items, listed: tuple, catalog, options: dict, hull) -> Packing:
    """pack (and the reference's, with its own `pack_stocked` and `hull`) with machines:
    `items` (`listed`: as a tuple) packed over the stocked boxes and each machine's largest,
    each box cut to size where cheaper; with effort the split, with balance_weight the
    unbalanced packing, cut too and kept where cheaper (split_is_cheaper). The cut searches
    stop at the time_limit (from the call's start)."""
    budget = Budget(check_time_limit(options.get("time_limit")))
    # Under the station's rules, the compact packing where it keeps them (see module).
    support = options.get("min_support") or 0.0
    ruled = bool(support) or bool(binding(*item_rules(listed), sum(
        it.weight * it.quantity for it in listed)).any())
    tariffs, goal = check_tariffs(options.get("tariff")), options.get("objective", "boxes")
    shop = catalog._expanded(tariffs)

    def packed(**change) -> Packing:
        p = cut(pack_stocked(items, shop, **{**options, **change}), listed, catalog, tariffs,
                hull, ruled, support, budget)
        if options.get("balance_weight") and "balance_weight" not in change:
            q = packed(**change, balance_weight=False)
            p = q if split_is_cheaper(q.n_boxes, q.cost, p.n_boxes, p.cost, goal) else p
        return p
    p = packed()
    if options.get("effort"):
        q = packed(effort=0)
        if split_is_cheaper(q.n_boxes, q.cost, p.n_boxes, p.cost, goal):
            return q
    return p


def split_is_cheaper(split_boxes, split_cost, boxes, cost, objective: str):
    """Whether the split (effort 0; or the unbalanced packing), cut to size, beats the
    improved (balanced) one cut to size: the search weighs each machine's largest box, and
    cutting comes after. Fewer boxes, then the cost (alone under objective "cost"), in
    micro-units; ties keep the improved. Arrays (pack_many) or numbers (pack)."""
    a = np.rint(np.asarray(split_cost, dtype=np.float64) * MICRO)
    b = np.rint(np.asarray(cost, dtype=np.float64) * MICRO)
    if objective == "cost":
        return a < b
    split_boxes, boxes = np.asarray(split_boxes), np.asarray(boxes)
    return (split_boxes < boxes) | ((split_boxes == boxes) & (a < b))


def cut_message(seconds: float) -> str:
    return (f"time_limit of {seconds:g} s reached while sizing boxes to cut: the sizes found "
            "by then")


def core_hull(rows: np.ndarray, length: int, width: int, height: int, stackable=None,
              max_load=None, min_support: float = 0.0, grounded: bool = False, budget=None,
              every: bool = False):
    """The core's compact packing ((extent, placements) or None), within the `budget`; with
    `every`, each attempt's that packed (a list)."""
    from . import _core
    limit = 0.0 if budget is None else budget.left()
    extent, placed, stopped, attempts = _core.hull_pack(
        np.ascontiguousarray(rows, dtype=np.int64), length, width, height,
        None if stackable is None else np.ascontiguousarray(stackable),
        None if max_load is None else np.ascontiguousarray(max_load), min_support, grounded,
        limit, every)
    if stopped:
        budget.reached = True
    return attempts if every else None if extent is None else (extent, placed)
