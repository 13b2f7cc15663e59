"""design_catalog: choose k box sizes from a warehouse's order history.

The work: (1) candidate sizes, from the compact hull of every training order (the extents of
a packing the core found, so each hull provably holds its order) and the component-wise maxima
of groups of similar hulls, or from the caller's list; (2) the fit matrix, training order x
candidate, from the C++ core on all cores; (3) a p-median selection in Numba (greedy, then
swaps); (4) each chosen size shrinks to the component-wise maximum of the hulls it serves,
and selection repeats while the total improves (not from the caller's list); (5) a report
that packs the train and the holdout orders with the current and the designed catalogue,
orders no single box holds counted in full.
"""

from __future__ import annotations

import numbers
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Literal, Optional

import numpy as np

from .. import _core, _grid
from .._extras import require
from .._interrupts import interruptible
from .._options import check_progress, check_threads, check_whole
from .._tables import (LINE_REQUIRED, ORDER_COLUMNS, group_rows, prepare_lines,
                       results_equal, table_columns)
from .._typing import Progress, Table, Tariffs
from ..batch import pack_many
from ..catalog import Catalog
from ..model import Box
from ..on_demand import OnDemand
from ..tariff import check_tariffs
from . import pmedian
from .bags import BagSpec, choose_bags
from .board import GLUE_FLAP, board_area
from .candidates import as_sizes, canonical, generate, round_up
from .landed import Packaging, landed_matrix, total_weight


@dataclass(frozen=True, eq=False)
class Design:
    """The result of :func:`design_catalog`.

    ``catalog``: the k designed boxes, ids "D1".."Dk" by ascending volume. ``report``: a
    pandas DataFrame, one row per split (train, holdout) and catalogue (current, designed, and
    on_demand: every box cut to its contents, the limit of right-sizing):
    orders, boxes, box_volume_m3, board_m2, utilisation (item volume over box volume, all
    orders together), orders_not_packed (an empty order none). ``usage``: a DataFrame, a row
    per designed box: box_id, length, width, height, train_orders (those it serves alone), share.
    ``sizes``: the chosen sizes before naming, as an (k, 3) array; ``candidates``: how many
    sizes were considered. With ``bags``, the catalogue holds the designed bags too ("G1"..,
    after the boxes), ``usage`` says each row's kind, and ``bag_sizes`` holds their flat
    (length, width).
    """

    catalog: Catalog
    report: object
    usage: object
    sizes: np.ndarray
    candidates: int
    bag_sizes: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))

    __eq__ = results_equal  # the tables compared whole


class _Lines:
    """Order lines as CSR, ready for the core."""

    def __init__(self, orders):
        _, cols, n = table_columns(orders, LINE_REQUIRED, known=ORDER_COLUMNS)
        if n == 0:
            raise ValueError("orders is empty: design needs order history")
        arrays, errors = prepare_lines(cols, n)
        errors.raise_first("orders")
        codes, uniques, perm, offsets = group_rows(cols["order_id"])
        self.cols = cols
        self.ids = uniques
        self.codes = codes
        self.perm = perm
        self.offsets = offsets
        self.arrays = {k: np.ascontiguousarray(arrays[k][perm])
                       for k in ("length", "width", "height", "weight", "quantity", "mask")}
        # How the items may all turn: "any", "upright" (at least about the vertical), "fixed".
        masks, up = self.arrays["mask"], _grid.ORIENTATION_MASKS["upright"]
        self.turns = ("any" if np.all(masks == _grid.ORIENTATION_MASKS["any"]) else
                      "upright" if np.all((masks & up) == up) else "fixed")

    def subset(self, orders_idx: np.ndarray):
        """CSR arguments for a subset of orders (in the given order)."""
        starts, ends = self.offsets[orders_idx], self.offsets[orders_idx + 1]
        rows = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)]) if len(
            orders_idx) else np.zeros(0, dtype=np.int64)
        offsets = np.zeros(len(orders_idx) + 1, dtype=np.int64)
        np.cumsum(ends - starts, out=offsets[1:])
        cols = [self.arrays[k][rows] for k in ("length", "width", "height", "weight", "quantity",
                                              "mask")]
        return offsets, cols

    def table(self, orders_idx: np.ndarray) -> dict:
        """A pack_many input of the given orders."""
        _, cols = self.subset(orders_idx)
        starts, ends = self.offsets[orders_idx], self.offsets[orders_idx + 1]
        order_id = np.repeat(np.arange(len(orders_idx)), ends - starts)
        names = _grid.ORIENTATION_NAMES
        return {"order_id": order_id, "length": cols[0], "width": cols[1], "height": cols[2],
                "weight": cols[3], "quantity": cols[4],
                "orientation": np.array([names[int(m)] for m in cols[5]], dtype=object)}


def _fit(lines: _Lines, idx: np.ndarray, sizes: np.ndarray, max_weight, threads) -> np.ndarray:
    if len(sizes) == 0:
        return np.zeros((len(idx), 0), dtype=np.uint8)
    mw = -1 if max_weight is None else int(max_weight)
    cat = _core.Catalog(sizes[:, 0].copy(), sizes[:, 1].copy(), sizes[:, 2].copy(),
                        np.full(len(sizes), mw, dtype=np.int64), np.zeros(len(sizes)))
    offsets, cols = lines.subset(idx)
    return _core.fit_matrix(cat, offsets, *cols, threads or 0)


def _report_rows(lines: _Lines, idx: np.ndarray, catalog: Catalog, split: str, name: str,
                 threads, tariffs: tuple = ()) -> dict:
    table = pack_many(lines.table(idx), catalog, threads=threads, tariff=tariffs or None)
    if "box_sizes" in table:  # boxes cut to size, or bags: each package its own size
        sizes = [d for t in table["box_sizes"] for d in t]
        per_order = [sum(int(np.prod(d)) for d in t) for t in table["box_sizes"]]
    else:
        dims = {b.id: b.dims for b in catalog}
        sizes = [dims[b] for ids in table["box_ids"] for b in ids]
        per_order = [sum(int(np.prod(dims[b])) for b in ids) for ids in table["box_ids"]]
    # Bags use no board.
    kinds = ([k for t in table["kinds"] for k in t] if "kinds" in table
             else ["box"] * len(sizes))
    box_volume = float(sum(int(np.prod(d)) for d in sizes))
    item_volume = float(np.sum(table["utilisation"] * np.array(per_order, dtype=np.float64)))
    return {
        "split": split, "catalog": name, "orders": len(idx),
        "boxes": int(table["n_boxes"].sum()), "bags": kinds.count("bag"),
        "box_volume_m3": box_volume / 1e9,
        "board_m2": float(sum(float(board_area(*d)) for d, k in zip(sizes, kinds)
                              if k == "box")) / 1e6,
        "utilisation": item_volume / box_volume if box_volume else 0.0,
        "orders_not_packed": int(np.sum(~np.isin(table["status"], ("packed", "empty")))),
        **({"shipping": float(np.sum(table["shipping"])),
            "landed_cost": float(np.sum(table["cost"]))} if tariffs else {}),
    }


# What progress=callable is told: the orders split, the candidate sizes made, the fit matrix
# computed, the sizes chosen.
DESIGN_STEPS = 4


def _largest(limits: list):
    """The largest of some limits, None (no limit) where one is None or there are none."""
    return None if not limits or None in limits else max(limits)


@interruptible
def design_catalog(orders: Table, k: int, *, current: Catalog | None = None,
                   objective: Literal["volume", "board", "cost"] = "volume", candidates=None,
                   locked=(), max_weight: Optional[int] = None, holdout: float = 0.3,
                   seed: int = 0, threads: Optional[int] = None, progress: Progress = False,
                   grid: int = 5, max_candidates: int = 1500, glue_flap: float = GLUE_FLAP,
                   tariff: Tariffs = None, wall=None, grammage=None, board_cost=None,
                   on_demand=None, bags: int = 0, bag_max_height: Optional[int] = None,
                   bag_wall=None, film_cost=None) -> Design:
    """Choose the k box sizes to stock from order history.

    ``orders`` is anything :func:`pack_many` takes (lengths in mm, weights in g). The orders
    are split into train and holdout deterministically from ``seed`` (``holdout=0``: design on
    every order). ``objective="volume"`` minimises the inner volume shipped, ``"board"`` the
    corrugated board of FEFCO 0201 cartons (see :func:`board_area`); both come after using as
    few boxes per order as the sizes allow. ``candidates`` restricts the choice to given sizes
    (Boxes or (length, width, height)); by default they are generated from the training orders
    on a ``grid`` mm grid. ``locked`` sizes stay in the set. New boxes carry ``max_weight``,
    by default the largest max_weight of the boxes of ``current``, new bags of its bags (of
    its boxes where it holds no bag, and the other way round; none where one of them has
    none). Every item of the training orders fits some chosen size.

    With ``tariff`` (a Tariff or a sequence of them: carrier services), ``objective="cost"``
    minimises the landed cost of the training orders (each served by the size that ships it
    for least: carton material + shipping at the carton's outer size and the order's gross
    weight), and the report gains ``shipping`` and ``landed_cost`` (every catalogue packed with
    the tariff). Designed cartons are made as ``wall`` (mm per side), ``grammage`` (g per m2
    of blank) and ``board_cost`` (per m2 of blank) say, each by default read off ``current``
    (see :class:`cartonize.design.landed.Packaging`): their outer size and empty weight with
    any objective, so that they ship as the current cartons would; their cost, with a tariff.

    ``progress``: True for lines on stderr, or a callable(done, total) told each of the four
    steps (orders split, candidates made, fit matrix, sizes chosen) as it ends.

    ``on_demand``: the :class:`cartonize.OnDemand` machine of the report's on_demand rows (by
    default one without costs or walls on the ``grid``, without a size limit, or with a
    tariff up to the largest current or designed box on each axis): what cutting every box to its
    contents would use, so the report shows how much of that limit k stocked sizes reach.
    ``current`` holds stocked boxes (and bags) only: a catalogue with machines is refused
    (ValueError).

    ``bags``: how many bag sizes to design beside the k boxes (flat length x width, see
    :class:`cartonize.Bag`), each at most ``bag_max_height`` thick when given, with a wall of
    ``bag_wall`` mm a side and a material cost of ``film_cost`` per m2 of film (both faces),
    each by default read off the bags of ``current`` (their largest thickness, their median
    wall and film cost), else no limit, 0 and 0. An order a chosen bag holds is
    counted at the block it fills (its compact packing's volume; no board; with a tariff,
    shipped at that block plus the wall) where that beats its box; the bags are chosen, with
    the boxes kept, by the same p-median. The report's ``bags`` counts the bags used. A
    designed bag costs in its boxes' terms: its film with a tariff, nothing by board (it
    takes none), and no cost by volume, as the boxes have none.

    >>> from cartonize import datasets
    >>> d = design_catalog(datasets.sample_orders(), k=3, current=datasets.sample_catalog())
    >>> [b.id for b in d.catalog]
    ['D1', 'D2', 'D3']
    """
    require(("pandas",), "design", "design_catalog")
    import pandas as pd
    k = check_whole(k, "k", 1, 10**6)
    progress = check_progress(progress)
    threads = check_threads(threads) or None
    max_candidates = check_whole(max_candidates, "max_candidates", 1, 10**7)
    if objective not in ("volume", "board", "cost"):
        raise ValueError(f"objective must be 'volume', 'board' or 'cost', got {objective!r}")
    tariffs = check_tariffs(tariff)
    if objective == "cost" and not tariffs:
        raise ValueError("objective 'cost' needs a tariff (the carrier services to price by)")
    if current is not None and not isinstance(current, Catalog):
        raise TypeError(f"current must be a Catalog, got {type(current).__name__}")
    if current is not None and current.on_demand:
        raise ValueError("current must be the stocked boxes (no on_demand machines); give "
                         "the machine as on_demand=")
    current_boxes = None if current is None else [b for b in current if b.kind == "box"]
    packaging = Packaging.from_current(current_boxes or None, wall, grammage, board_cost)
    priced = objective == "board" and packaging.board_cost > 0  # (board as money)
    bags = check_whole(bags, "bags", 0, 10**6)
    bag_spec = BagSpec.from_current(current, bag_max_height, bag_wall, film_cost)
    if not (isinstance(holdout, numbers.Real) and 0 <= holdout < 1):
        raise ValueError(f"holdout must be in [0, 1), got {holdout!r}")
    grid = check_whole(grid, "grid", 1, _grid.MAX_LENGTH)
    locked_sizes = as_sizes(locked, "locked")
    if len(locked_sizes) > k:
        raise ValueError(f"locked holds {len(locked_sizes)} sizes, more than k = {k}")
    # New boxes carry the current boxes' largest limit, new bags the current bags' (none where
    # a bag has none; bags without one do not lift the boxes'), and the errors say whence.
    bag_max_weight, weight_said = max_weight, "as given"
    if max_weight is None and current is not None:
        weight_said = "by default current's boxes' heaviest limit"
        box_limits = [b.max_weight for b in current if b.kind == "box"]
        bag_limits = [b.max_weight for b in current if b.kind == "bag"] or box_limits
        max_weight = _largest(box_limits or bag_limits)
        bag_max_weight = _largest(bag_limits)

    steps = iter(range(1, DESIGN_STEPS + 1))

    def say(msg, step=True):
        # Lines on stderr, or the callable told each step done (of DESIGN_STEPS).
        if callable(progress):
            if step:
                progress(next(steps, DESIGN_STEPS), DESIGN_STEPS)
        elif progress:
            print(f"[design] {msg}", file=sys.stderr, flush=True)

    # The limit of right-sizing: every box cut to its contents (on the design grid, by
    # default), beside the current and the designed catalogue in the report. With a tariff
    # the default machine cuts up to the largest current or designed box on each axis, so
    # that the services that take those boxes take its largest one too (made below).
    machine = on_demand
    if machine is not None and not isinstance(machine, OnDemand):
        raise TypeError(f"on_demand must be an OnDemand machine, got {type(machine).__name__}")
    t0 = time.perf_counter()
    lines = _Lines(orders)
    n = len(lines.ids)
    rng = np.random.default_rng(check_whole(seed, "seed", 0, 2**63 - 1))
    perm = rng.permutation(n)
    n_hold = int(round(holdout * n))
    hold_idx, train_idx = np.sort(perm[:n_hold]), np.sort(perm[n_hold:])
    if len(train_idx) == 0:
        raise ValueError("no training orders: lower holdout")
    say(f"{len(train_idx)} training and {len(hold_idx)} holdout orders")

    offsets, cols = lines.subset(train_idx)
    hulls = _core.order_hulls(offsets, *cols, threads or 0)
    if candidates is not None:  # a supplier's cartons as it makes them (a turned copy of
        pool = as_sizes(candidates, "candidates")  # one holds as much, but costs other board)
    else:
        pool = generate(hulls, grid, max_candidates, lines.turns)
        if current_boxes:
            pool = np.concatenate([pool, canonical(np.array([b.dims for b in current_boxes]),
                                                    lines.turns)])
    locked_c = canonical(locked_sizes, lines.turns) if len(locked_sizes) and candidates is None \
        else locked_sizes  # (beside a supplier's list, as given: its cartons are made so)
    pool = np.unique(np.concatenate([pool, locked_c]), axis=0) if len(locked_c) else np.unique(
        pool, axis=0)
    if len(pool) < k:
        why = "" if len(pool) else (" (no training order gives one: each is empty, or of more "
                                    f"than {_grid.MAX_COPIES:,} copies)")
        raise ValueError(f"k = {k} exceeds the {len(pool)} candidate sizes{why}")
    say(f"{len(pool)} candidate sizes")

    weights = total_weight(offsets, cols[3], cols[4])

    def costs(sizes):
        """Per size (volume, board), or per training order and size (landed cost)."""
        if objective == "volume":
            return sizes.prod(axis=1).astype(np.float64)
        if objective == "board":
            return board_area(sizes[:, 0], sizes[:, 1], sizes[:, 2], glue_flap)
        return landed_matrix(sizes, weights, tariffs, packaging)

    def fits(sizes):
        f = _fit(lines, train_idx, sizes, max_weight, threads)
        f[f == 2] = 0
        if objective == "cost":  # a carton no service takes at that weight serves no order
            f[~np.isfinite(landed_matrix(sizes, weights, tariffs, packaging))] = 0
        return f

    fit = fits(pool)
    say(f"fit matrix {fit.shape[0]} x {fit.shape[1]} in {time.perf_counter() - t0:.1f} s")
    locked_cols = [int(np.flatnonzero((pool == s).all(axis=1))[0]) for s in locked_c]
    chosen, total = pmedian.select(fit, costs(pool), k, locked=locked_cols, threads=threads)

    # Shrink each chosen size to what its orders need, and select again while it pays.
    canon = canonical(hulls, lines.turns)
    for _ in range(0 if candidates is not None else 4):  # (a supplier's list: its sizes)
        pool_cost = pmedian.as_matrix(fit, costs(pool))
        best, _, best_j = pmedian._K._serve(fit, pool_cost, np.asarray(chosen, np.int64),
                                            pmedian.miss_cost(fit, costs(pool)))
        shrunk = []
        for j in chosen:
            served = (best_j == j) & (canon.min(axis=1) > 0)
            if j in locked_cols or not served.any():
                continue
            s = np.minimum(round_up(canon[served].max(axis=0), grid), pool[j])
            if (s < pool[j]).any() and not (pool == s).all(axis=1).any():
                shrunk.append(s)
        if not shrunk:
            break
        shrunk = np.unique(np.array(shrunk), axis=0)
        pool = np.concatenate([pool, shrunk])
        fit = np.concatenate([fit, fits(shrunk)], axis=1)
        new_chosen, new_total = pmedian.select(fit, costs(pool), k, locked=locked_cols,
                                               start=chosen, threads=threads)
        say(f"shrink: {len(shrunk)} sizes, total {total:.4g} -> {new_total:.4g}", step=False)
        if new_total >= total:
            break
        chosen, total = new_chosen, new_total

    # Every item must fit some chosen size: if one does not, lock the smallest size that holds
    # all such items and choose the rest again.
    chosen = _cover_items(lines, train_idx, pool, chosen, fit, costs, k, locked_cols,
                          (max_weight, weight_said), threads)

    sizes = pool[sorted(chosen, key=lambda j: (int(pool[j].prod()), tuple(pool[j])))]
    if tariffs:  # cartons as they are made, so that they ship at their outer size
        boxes = [packaging.box(f"D{i + 1}", s, max_weight) for i, s in enumerate(sizes)]
    else:
        # No cost by volume (it stands in), nor by board without a price per m2 (the report
        # weighs board below: mm2 were taken for money); made as the current cartons are
        # (walls, grammage), so that they ship at their outer size and gross weight when a
        # tariff prices them later (outer = inner and no weight: cheaper than the current).
        box_cost = packaging.material(sizes) if priced else [None] * len(sizes)
        outer, empty = packaging.outer(sizes), packaging.empty_weight(sizes)
        boxes = [Box(f"D{i + 1}", *map(int, s), max_weight=max_weight,
                     cost=None if c is None else float(c), outer=tuple(map(int, o)),
                     empty_weight=int(e))
                 for i, (s, c, o, e) in enumerate(zip(sizes, box_cost, outer, empty))]
    bag_sizes = np.zeros((0, 2), dtype=np.int64)
    if bags:
        box_cols = sorted(chosen, key=lambda j: (int(pool[j].prod()), tuple(pool[j])))
        box_cost = costs(pool[box_cols])
        bag_sizes = choose_bags(lines, train_idx, hulls, bags, bag_spec, pool[box_cols],
                                 fit[:, box_cols], box_cost, objective, weights, tariffs, grid,
                                 max_candidates, bag_max_weight, threads)
        film = "film" if tariffs or priced else None  # (money beside the boxes', or no cost)
        boxes += [bag_spec.bag(f"G{i + 1}", s, bag_max_weight, film)
                  for i, s in enumerate(bag_sizes)]
    designed = Catalog(boxes)  # (by board without a price, the report weighs board, mm2)
    weighed = designed if priced or objective != "board" else Catalog([replace(
        b, cost=float(board_area(*b.dims, glue_flap)) if b.kind == "box" else 0.0) for b in boxes])
    say(f"chosen {[tuple(map(int, s)) for s in sizes]}"
        + (f" and bags {[tuple(map(int, s)) for s in bag_sizes]}" if bags else "")
        + f" in {time.perf_counter() - t0:.1f} s")

    if machine is None:
        boxes = [b for b in list(designed) + (list(current) if current is not None else [])
                 if b.kind == "box"]
        largest = (tuple(max(b.dims[a] for b in boxes) for a in range(3)) if tariffs
                   else (100_000, 100_000, 100_000))
        machine = OnDemand(min=(1, 1, 1), max=largest, step=grid, wall=0, id="cut")
    rows = []
    for split, idx in (("train", train_idx), ("holdout", hold_idx)):
        if len(idx) == 0:
            continue
        if current is not None:
            rows.append(_report_rows(lines, idx, current, split, "current", threads, tariffs))
        rows.append(_report_rows(lines, idx, weighed, split, "designed", threads, tariffs))
        rows.append(_report_rows(lines, idx, Catalog([], on_demand=[machine]), split,
                                 "on_demand", threads, tariffs))
    report = pd.DataFrame(rows)
    if not bags and not (current is not None and current._bags):
        report = report.drop(columns="bags")  # no bags anywhere
    table = pack_many(lines.table(train_idx), weighed, threads=threads, tariff=tariffs or None)
    single = [ids[0] for ids in table["box_ids"] if len(ids) == 1]
    usage = pd.DataFrame({
        "box_id": [b.id for b in designed], "length": [b.length for b in designed],
        "width": [b.width for b in designed],
        "height": [b.height if b.kind == "box" else b.thickness for b in designed],
        "train_orders": [single.count(b.id) for b in designed]})
    if bags:  # a bag's height is its greatest thickness
        usage.insert(1, "kind", [b.kind for b in designed])
    usage["share"] = usage["train_orders"] / max(1, len(train_idx))
    return Design(designed, report, usage, sizes, len(pool), bag_sizes)


def _cover_items(lines, train_idx, pool, chosen, fit, costs, k, locked_cols, weight, threads):
    max_weight, weight_said = weight  # (the limit, and where it came from)
    offsets, cols = lines.subset(train_idx)
    items = np.unique(np.stack(cols[:3] + [cols[3], cols[5]], axis=1), axis=0)
    item_lines = {"length": items[:, 0], "width": items[:, 1], "height": items[:, 2],
                  "weight": items[:, 3], "quantity": np.ones(len(items), np.int64),
                  "mask": items[:, 4].astype(np.uint8)}
    off = np.arange(len(items) + 1, dtype=np.int64)
    mw = -1 if max_weight is None else int(max_weight)
    cat = _core.Catalog(pool[:, 0].copy(), pool[:, 1].copy(), pool[:, 2].copy(),
                        np.full(len(pool), mw, np.int64), np.zeros(len(pool)))
    item_fit = _core.fit_matrix(cat, off, *[item_lines[k_] for k_ in (
        "length", "width", "height", "weight", "quantity", "mask")], threads or 0) == 1
    lost = ~item_fit[:, chosen].any(axis=1)
    if not lost.any():
        return chosen
    holds_all = np.flatnonzero(item_fit[lost].all(axis=0))
    if len(holds_all) == 0:  # named: the first item no candidate holds, or one left out
        alone = ~item_fit.any(axis=1)  # (by its weight, or its size)
        r = int(np.flatnonzero(alone if alone.any() else lost)[0])
        what = f"an item of {items[r, 0]} x {items[r, 1]} x {items[r, 2]} mm, {items[r, 3]} g,"
        if alone.any() and 0 <= mw < items[r, 3]:  # its weight, not its size
            raise ValueError(f"{what} weighs more than a designed box may carry, max_weight "
                             f"= {mw} g ({weight_said})")
        raise ValueError(f"{what} fits no candidate size; give larger candidates or check the "
                         "item sizes" if alone.any() else
                         f"no candidate size holds every item the {k} sizes chosen leave out "
                         f"({what[:-1]} among them); give larger candidates")
    size_cost = costs(pool[holds_all])
    if np.ndim(size_cost) == 2:  # landed cost: the smallest such size
        size_cost = pool[holds_all].prod(axis=1)
    j = int(holds_all[np.argmin(size_cost)])
    chosen, _ = pmedian.select(fit, costs(pool), k, locked=sorted(set(locked_cols) | {j}),
                               threads=threads)
    return chosen
