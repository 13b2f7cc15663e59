"""Boxes cut to size for many orders (pack_many): as _on_demand cuts one order's boxes, with
every box's compact packing searched in one call on every core (`_core.hull_packings`)."""

from __future__ import annotations

import numpy as np

from ._on_demand import (Budget, _cost, _ship, _with_void, best_cut, candidates, content_rows,
                         contents_of, core_hull, cut_message)
from .tariff import MICRO, money, service_names

ATTEMPTS = 6  # the compact search's attempts (csrc/attempts.hpp: kHullAttempts)


def cut_batch(batch, item_rows: np.ndarray, catalog, expanded, tariffs: tuple,
              threads: int, under_rules: np.ndarray | None = None, rule=None,
              min_support: float = 0.0, time_limit: float = 0.0, seconds=None,
              timed_out=None) -> None:
    """pack_many's tables (packed over `expanded`, with placements) with each box cut to size
    where a machine makes it cheaper: box_ids, cost, utilisation, proof (and with a tariff
    shipping, services, gross_weight) and the placements are updated in place; adds
    box_sizes (the inner size of each box). Orders marked in `under_rules` are under the
    station's rules (`rule`: per line, item_rules' arrays): cut as pack cuts them. time_limit
    > 0 (per order): the searches for an order's boxes share what its packing left of it
    (`seconds`, per order; none left where `timed_out`), and an order whose search ran out
    says so (proof "unknown", the message), as pack does."""
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
    sets = order[starts] if n else np.zeros(0, dtype=np.int64)
    if time_limit:  # what is left of an order's limit, shared by its boxes' searches
        left = np.where(np.asarray(timed_out, dtype=bool), 0.0,
                        time_limit - np.asarray(seconds, dtype=np.float64))[sets]
        searches = len(machines) * (1 + (0 if under_rules is None else under_rules[sets]))
        limits = np.maximum(left / (np.bincount(sets)[sets] * searches), 1e-9)
    packed = [_core.hull_packings(csr, *columns, *m.largest.dims, threads, limits, True)
              for m in machines]  # each attempt's packing: slot 6 j + a
    reached = np.zeros(len(table["box_ids"]), dtype=bool)
    for found in packed:
        np.logical_or.at(reached, sets, found[3].astype(bool))

    slots = [(e.tolist(), o.tolist(), p) for e, o, p, _ in packed]
    assert all(len(e) == ATTEMPTS * len(starts) for e, _, _ in slots)

    def hull_of(j):
        """Set j's compact packings, each attempt's (a list)."""
        def hull(k, rows, *dims):
            extents, offsets, placements = slots[k]
            return [(tuple(extents[s]), placements[offsets[s]:offsets[s + 1]])
                    for s in range(ATTEMPTS * j, ATTEMPTS * (j + 1)) if extents[s][0]]
        return hull

    box_ids = [list(t) for t in table["box_ids"]]
    cut_any = np.zeros(len(box_ids), dtype=bool)
    ids = place["box_id"].copy()
    xyz = np.stack([place[c] for c in ("x", "y", "z", "length", "width", "height")], axis=1)
    order_of = np.arange(n)  # each placement row's source row (a cut box's are reordered)
    extents = [tuple(e) for e in np.maximum.reduceat(xyz[:, :3] + xyz[:, 3:], starts).tolist()] \
        if n else []  # each box's copies as placed span this
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
        budget = Budget(0.0 if limits is None else float(limits[j]))
        lines = np.asarray(place["item_row"][a:b], dtype=np.int64)
        ruled = under_rules is not None and under_rules[o]
        compact = candidates(hull_of(j), budget.search(core_hull), xyz[a:b], rows, load,
                             tuple(v[lines] for v in rule) if ruled else None, min_support,
                             budget, machines, tariffs, catalog, extents[j])
        best = best_cut(rows, load, by_id[ids[a]], machines, tariffs, compact, catalog)
        reached[o] |= budget.reached
        if best is None:
            continue
        box, placed, _ = best
        # The box's copies in the order the cut placed them (as pack lists them): a copy
        # before what it rests on is a step a packer cannot take.
        placed = np.asarray(placed, dtype=np.int64)
        order_of[a:b] = a + placed[:, 0]
        xyz[a:b] = placed[:, 2:]
        ids[a:b] = box.id
        box_ids[o][k] = box.id
        cut_any[o] = True
        extra[o, k] = box
        if tariffs:
            old = by_id[place["box_id"][a]]
            s, price, _ = _ship(tariffs, box, load)
            before = _ship(tariffs, old, load)
            ship_delta[o] += price - (before[1] if before else 0)
            contents = contents_of(rows)
            cost_delta[o] += (_with_void(_cost(box, load, tariffs), catalog, box.volume,
                                         contents)
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
            table["cost"] = money(np.array([float(sum(boxes[b].cost for b in t))
                                             for t in box_ids]))
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
    proof[reached] = "unknown"
    table["proof"] = proof
    if reached.any():
        message = np.asarray(table["message"], dtype=object).copy()
        message[reached & (message == "")] = cut_message(time_limit)
        table["message"] = message
    place["box_id"] = ids
    for c in place:  # every other column follows its rows into the cut boxes' order
        place[c] = np.asarray(place[c])[order_of]
    for c, j in zip(("x", "y", "z", "length", "width", "height"), range(6)):
        place[c] = xyz[:, j]
