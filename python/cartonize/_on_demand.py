"""Cutting boxes to size: after a packing over the stocked boxes and each machine's largest
box, every box whose copies a machine can hold in a cheaper box (least material, or least
landed cost with a tariff) is replaced by that cut box, with the copies placed as the most
compact packing found (the core's, or the reference's, `hull`). A box of a machine's largest
size is always cut. The copies where they were placed (as_placed, where every rule was
checked) are a candidate beside it, the cheaper taken (or_placed). Under the station's rules
(min_support, a copy nothing may rest on, a load limit the order's weight could pass), the
compact packing, which does not weigh them, is kept where it keeps them (rules_hold), else one
made under them where it keeps them. The searches run only while time is left (in_time)."""

from __future__ import annotations

import dataclasses
import functools
import time

import numpy as np

from .result import PackedBox, Packing, Placement, bases, carried_exact
from .tariff import MICRO, check_tariffs, service_names, to_micro


def size_bound(rows: np.ndarray) -> int:
    """An inner volume no box holding these copies (rows: length, width, height, ...) goes
    below: their total volume, and the box whose sides are, per rank, the largest of the
    copies' sorted sides (a box holds a copy only if its sorted sides cover the copy's)."""
    dims = np.sort(rows[:, :3].astype(np.int64), axis=1)
    total = int((dims[:, 0] * dims[:, 1] * dims[:, 2]).sum())
    least = dims.max(axis=0)
    return max(total, int(least[0]) * int(least[1]) * int(least[2]))


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
    first of the least cost). With the catalogue's void_fill_cost, each
    box's cost counts the void fill of its empty space."""
    contents = int((rows[:, 0] * rows[:, 1] * rows[:, 2]).sum())
    own = catalog._own_material(box) if catalog is not None and not tariffs else None
    now = _with_void(_cost(box, load, tariffs) if own is None else own, catalog, box.volume,
                     contents)
    forced = any(box == m.largest for m in machines)
    best = None
    for k, m in enumerate(machines):
        if m.max_weight is not None and load > m.max_weight:
            continue
        found = hull(k, rows, *m.largest.dims)
        for extent, placed in found if isinstance(found, list) else [found] * (found is not None):
            size = m.size_for(extent)
            if size is None:
                continue
            if tariffs:
                cut_box = m.box(size)
                cost = _cost(cut_box, load, tariffs)
            else:  # material only: the Box is made for the winner alone
                cut_box, cost = (m, size), m.material(size)
            cost = _with_void(cost, catalog, size[0] * size[1] * size[2], contents)
            if cost is not None and (best is None or cost < best[2]):
                best = (cut_box, placed, cost)
    if best is None or not (forced or now is None or best[2] < now):
        return None
    if not tariffs:
        m, size = best[0]
        best = (m.box(size), best[1], best[2])
    return best


def content_rows(item_rows: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """One row per copy (quantity 1) for the copies of these lines."""
    rows = np.asarray(item_rows, dtype=np.int64)[lines].copy()
    rows[:, 4] = 1
    return rows


def as_placed(xyz: np.ndarray):
    """A hull for best_cut that keeps the copies where they are (rows of x, y, z, length,
    width, height in their box): their extent and them. Cut around them, the box holds the
    same placements, so the support and loads the packing was checked for hold in it."""
    xyz = np.asarray(xyz, dtype=np.int64).reshape(-1, 6)
    extent = tuple(int(v) for v in (xyz[:, :3] + xyz[:, 3:]).max(axis=0))
    placed = np.concatenate([np.arange(len(xyz), dtype=np.int64)[:, None],
                             np.zeros((len(xyz), 1), dtype=np.int64), xyz], axis=1)
    return lambda k, rows, *dims: (extent, placed)


def or_placed(hull, xyz):
    """A hull for best_cut: what `hull` finds (a packing, None or a list), then the copies as
    placed at xyz, to choose from by cost (the first of the least cost)."""
    placed = as_placed(xyz)
    def both(k, rows, *dims):
        found = hull(k, rows, *dims)
        return (found if isinstance(found, list) else [found] * (found is not None)) + [
            placed(k, rows)]
    return both


def in_time(hull, deadline):
    """`hull` (rows, L, W, H, ...) searching only until `deadline` (time.monotonic(); None:
    no limit), None once past it or when it finds nothing by then."""
    if deadline is None:
        return hull
    def timed(*args):
        left = deadline - time.monotonic()
        return hull(*args, time_limit=left) if left > 0 else None
    return timed


# Boxes of more copies than this are not weighed for the rules (the count is quadratic):
# under a rule they are cut around their copies as placed.
MOST_WEIGHED = 2000


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
        loads = carried_exact([Placement(0, 0, *r) for r in xyz.tolist()], list(weight))
        if any(loads[i] > max_load[i] for i in np.flatnonzero(limited).tolist()):
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


def kept_or_placed(compact, ruled, xyz, rule, min_support: float):
    """A hull for best_cut under the station's rules (rule: per copy of the box, in its
    order, weight, stackable and max_load): the compact packing where it keeps them; else
    the compact packing made under them (ruled(rows, L, W, H, stackable, max_load,
    min_support, grounded): the packer keeps them as pack does), if it keeps them; and the
    copies as placed at xyz (or_placed), to choose from by cost."""
    def keeps(found) -> bool:
        at = found[1][:, 0]  # its rows: copies of the box, by their place in it
        return rules_hold(found[1][:, 2:], *(v[at] for v in rule), min_support)
    def hull(k, rows, *dims):
        if len(rows) > MOST_WEIGHED:  # rules_hold refuses any packing of so many: as placed
            return None
        found = compact(k, rows, *dims)
        if found is not None and keeps(found):
            return found
        weight, stackable, max_load = rule
        found = ruled(rows, *dims, stackable.astype(np.uint8),
                      np.where(stackable, max_load, -1), min_support,
                      grounded(stackable, max_load))
        return found if found is not None and keeps(found) else None
    return or_placed(hull, xyz)


def cut(packing: Packing, items: tuple, catalog, tariffs: tuple, hull,
        as_is: bool = False, min_support: float = 0.0, deadline=None) -> Packing:
    """The packing with each box cut to size where a machine makes it cheaper (see module);
    with `as_is`, under the station's rules (kept_or_placed); searching until `deadline`."""
    machines = catalog.on_demand
    names = service_names(tariffs) if tariffs else ()
    item_rows = np.array([list(it[:6]) for it in items], dtype=np.int64).reshape(len(items), 6)
    rule = item_rules(items)
    boxes = []
    for pb in packing.boxes:
        content = pb.placements
        lines = np.array([p.item for p in content], dtype=np.int64)
        rows = content_rows(item_rows, lines)
        timed, xyz = in_time(hull, deadline), [p[2:] for p in content]
        free = lambda k, r, *dims: timed(r, *dims)  # noqa: E731
        compact = (kept_or_placed(free, timed, xyz, tuple(v[lines] for v in rule), min_support)
                   if as_is else or_placed(free, xyz))
        best = best_cut(rows, pb.load, pb.box, machines, tariffs, compact, catalog)
        if best is None:
            made = any(pb.box == m.largest for m in machines)
            boxes.append(_with_bound(pb, rows) if made else pb)
            continue
        box, placed, _ = best
        placements = tuple(Placement(content[r[0]].item, content[r[0]].copy, *map(int, r[2:]))
                           for r in placed.tolist())
        void_fill = catalog._void_fill_u(box, box.volume - pb.item_volume) / MICRO
        if tariffs:
            s, price, billable = _ship(tariffs, box, pb.load)
            boxes.append(PackedBox(box, placements, pb.load, names[s], price / MICRO, billable,
                                   box.cost, size_bound(rows), void_fill))
        else:
            boxes.append(PackedBox(box, placements, pb.load, size_bound=size_bound(rows),
                                   material=catalog._own_material(box), void_fill=void_fill))
    out = Packing(boxes, packing.unpacked, packing.proof, packing.lower_bound, packing.alone,
                  packing.alone_shipping, packing.message)
    if any(b.size_bound is not None for b in boxes) and out.proof == "proven":
        out._proof = "heuristic"  # a cut size is not proven the least
    out._items = items
    out._tariffs = tariffs
    return out


def pack_and_cut(pack_stocked, items, listed: tuple, catalog, options: dict, hull) -> Packing:
    """What pack (and the reference's pack, each passing its own `pack_stocked` and `hull`)
    does with machines: `items` packed over the stocked boxes and each machine's largest,
    then each box cut to size where a machine makes it cheaper. With effort, the split is cut
    too and kept where it is cheaper (split_is_cheaper). `listed`: the items as a tuple. Under
    a time_limit, the searches for cut sizes stop at it (from the call's start)."""
    limit = options.get("time_limit")
    deadline = None if limit is None else time.monotonic() + float(limit)
    p = pack_stocked(items, catalog._expanded(), **options)
    # Under the station's rules, the compact packing where it keeps them (see module).
    support = options.get("min_support") or 0.0
    as_is = bool(support) or bool(binding(*item_rules(listed), sum(
        it.weight * it.quantity for it in listed)).any())
    tariffs = check_tariffs(options.get("tariff"))
    p = cut(p, listed, catalog, tariffs, hull, as_is, support, deadline)
    if options.get("effort"):
        q = cut(pack_stocked(items, catalog._expanded(), **{**options, "effort": 0}), listed,
                catalog, tariffs, hull, as_is, support, deadline)
        if split_is_cheaper(q.n_boxes, q.cost, p.n_boxes, p.cost,
                            options.get("objective", "boxes")):
            return q
    return p


def split_is_cheaper(split_boxes, split_cost, boxes, cost, objective: str):
    """Whether the split (effort 0), cut to size, beats the improved packing cut to size:
    the search weighs each machine's largest box, cutting comes after, so effort alone could
    end dearer. Fewer boxes, then the cost (the cost alone under objective "cost"), costs
    compared in micro-units; ties keep the improved. Arrays (pack_many) or numbers (pack)."""
    a = np.rint(np.asarray(split_cost, dtype=np.float64) * MICRO)
    b = np.rint(np.asarray(cost, dtype=np.float64) * MICRO)
    if objective == "cost":
        return a < b
    split_boxes, boxes = np.asarray(split_boxes), np.asarray(boxes)
    return (split_boxes < boxes) | ((split_boxes == boxes) & (a < b))


def cut_batch(batch, item_rows: np.ndarray, catalog, expanded, tariffs: tuple,
              threads: int, as_is: np.ndarray | None = None, rule=None,
              min_support: float = 0.0, time_limit: float = 0.0, timed_out=None) -> None:
    """pack_many's tables (packed over `expanded`, with placements) with each box cut to size
    where a machine makes it cheaper: box_ids, cost, utilisation, proof (and with a tariff
    shipping, services, gross_weight) and the placements are updated in place; adds
    box_sizes (the inner size of each box). Orders marked in `as_is` are under the rules
    (`rule`: per line, item_rules' arrays): cut as pack cuts them (module). time_limit > 0
    (per order): the searches for an order's boxes share it, and an order `timed_out` marks
    has none left (its boxes cut around their copies as placed where none found in time)."""
    table, place = batch.orders, batch.placements
    machines = catalog.on_demand
    names = service_names(tariffs) if tariffs else ()
    by_id = {b.id: b for b in expanded.boxes}
    order = batch.order_index
    n = len(order)
    starts = np.flatnonzero(np.r_[True, (order[1:] != order[:-1])
                                  | (place["box_index"][1:] != place["box_index"][:-1])]) \
        if n else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], n].astype(np.int64)
    # Every box's compact packing in each machine's largest box, on every core.
    from . import _core
    rows_all = content_rows(item_rows, np.asarray(place["item_row"], dtype=np.int64))
    csr = np.r_[starts, n].astype(np.int64) if n else np.zeros(1, dtype=np.int64)
    columns = [np.ascontiguousarray(rows_all[:, j]) for j in range(5)] + [
        np.ascontiguousarray(rows_all[:, 5].astype(np.uint8))]
    limits = None
    if time_limit:  # an order's share per box, per machine; next to none where it ran out
        sets = order[starts] if n else np.zeros(0, dtype=np.int64)
        searches = len(machines) * (1 + (0 if as_is is None else as_is[sets]))  # ruled too
        share = time_limit / (np.bincount(sets)[sets] * searches)
        limits = np.where(np.asarray(timed_out, dtype=bool)[sets], 1e-9, share)
    packed = [_core.hull_packings(csr, *columns, *m.largest.dims, threads, limits)
              for m in machines]

    def hull_of(j):
        def hull(k, rows, *dims):
            extents, offsets, placements = packed[k]
            if not extents[j].any():
                return None
            return tuple(extents[j].tolist()), placements[offsets[j]:offsets[j + 1]]
        return hull

    box_ids = [list(t) for t in table["box_ids"]]
    cut_any = np.zeros(len(box_ids), dtype=bool)
    ids = place["box_id"].copy()
    xyz = np.stack([place[c] for c in ("x", "y", "z", "length", "width", "height")], axis=1)
    extra = {}
    ship_delta = np.zeros(len(box_ids), dtype=np.int64)
    cost_delta = np.zeros(len(box_ids), dtype=np.int64)
    if tariffs:
        services = [list(t) for t in table["services"]]
        weights = [list(t) for t in table["gross_weight"]]
    for j, (a, b) in enumerate(zip(starts.tolist(), ends.tolist())):
        o, k = int(order[a]), int(place["box_index"][a])
        rows = rows_all[a:b]
        load = int(rows[:, 3].sum())
        compact = or_placed(hull_of(j), xyz[a:b])
        if as_is is not None and as_is[o]:
            lines = np.asarray(place["item_row"][a:b], dtype=np.int64)
            ruled = core_hull if limits is None else functools.partial(
                core_hull, time_limit=float(limits[j]))
            compact = kept_or_placed(hull_of(j), ruled, xyz[a:b],
                                     tuple(v[lines] for v in rule), min_support)
        best = best_cut(rows, load, by_id[ids[a]], machines, tariffs, compact, catalog)
        if best is None:
            continue
        box, placed, _ = best
        seg = xyz[a:b].copy()
        for r in placed.tolist():
            seg[r[0]] = r[2:]
        xyz[a:b] = seg
        ids[a:b] = box.id
        box_ids[o][k] = box.id
        cut_any[o] = True
        extra[o, k] = box
        if tariffs:
            old = by_id[place["box_id"][a]]
            s, price, _ = _ship(tariffs, box, load)
            before = _ship(tariffs, old, load)
            ship_delta[o] += price - (before[1] if before else 0)
            contents = int((rows[:, 0] * rows[:, 1] * rows[:, 2]).sum())
            cost_delta[o] += (_with_void(price + to_micro(box.cost, "cost"), catalog,
                                         box.volume, contents)
                              - _with_void(_cost(old, load, tariffs), catalog, old.volume,
                                           contents))
            services[o][k], weights[o][k] = names[s], box.empty_weight + load
    boxes = {b.id: b for b in expanded.boxes}
    boxes.update({b.id: b for b in extra.values()})
    out_ids = np.empty(len(box_ids), dtype=object)
    out_ids[:] = [tuple(t) for t in box_ids]
    sizes = np.empty(len(box_ids), dtype=object)
    sizes[:] = [tuple(boxes[b].dims for b in t) for t in box_ids]
    table["box_ids"] = out_ids
    table["box_sizes"] = sizes
    volume = np.zeros(len(box_ids))
    np.add.at(volume, order, (xyz[:, 3] * xyz[:, 4] * xyz[:, 5]).astype(np.float64))
    box_volume = np.array([float(sum(boxes[b].volume for b in t)) for t in box_ids])
    table["utilisation"] = np.divide(volume, box_volume, out=np.zeros_like(volume),
                                     where=box_volume > 0)
    if catalog.void_fill_cost is not None:  # each box's void, its cost, after cutting
        contents = np.zeros(len(starts))
        np.add.at(contents, np.repeat(np.arange(len(starts)), ends - starts),
                  (xyz[:, 3] * xyz[:, 4] * xyz[:, 5]).astype(np.float64))
        voids = [[0.0] * len(t) for t in box_ids]
        fills = np.zeros(len(box_ids))
        for j, a in enumerate(starts.tolist()):
            o, k = int(order[a]), int(place["box_index"][a])
            b = boxes[box_ids[o][k]]
            void = b.volume - int(contents[j]) if b.kind == "box" else 0
            voids[o][k] = void / 1e6
            fills[o] += catalog._void_fill_u(b, void) / MICRO
        table["void"] = np.empty(len(box_ids), dtype=object)
        table["void"][:] = [tuple(v) for v in voids]
        table["void_fill"] = fills
    if not tariffs:
        if catalog.void_fill_cost is None:
            table["cost"] = np.array([float(sum(boxes[b].cost for b in t)) for t in box_ids])
        else:  # exact in micro-units: own material (none for a box given none) + void fill
            table["cost"] = np.round(np.array([
                sum(round(catalog._own_material(boxes[b]) * MICRO) for b in t)
                for t in box_ids], dtype=np.float64) + table["void_fill"] * MICRO) / MICRO
    else:
        table["cost"] = (np.round(np.asarray(table["cost"]) * MICRO).astype(np.int64)
                         + cost_delta) / MICRO
        table["shipping"] = (np.round(np.asarray(table["shipping"]) * MICRO).astype(np.int64)
                             + ship_delta) / MICRO
        for col, values in (("services", services), ("gross_weight", weights)):
            arr = np.empty(len(values), dtype=object)
            arr[:] = [tuple(v) for v in values]
            table[col] = arr
    proof = np.asarray(table["proof"], dtype=object).copy()
    proof[cut_any & (proof == "proven")] = "heuristic"
    table["proof"] = proof
    for c, j in zip(("x", "y", "z", "length", "width", "height"), range(6)):
        place[c] = xyz[:, j]
    place["box_id"] = ids


def _with_bound(pb: PackedBox, rows) -> PackedBox:
    return dataclasses.replace(pb, size_bound=size_bound(rows))


def core_hull(rows: np.ndarray, length: int, width: int, height: int, stackable=None,
              max_load=None, min_support: float = 0.0, grounded: bool = False,
              time_limit: float = 0.0):
    from . import _core
    return _core.hull_pack(np.ascontiguousarray(rows, dtype=np.int64), length, width, height,
                           None if stackable is None else np.ascontiguousarray(stackable),
                           None if max_load is None else np.ascontiguousarray(max_load),
                           min_support, grounded, time_limit)
