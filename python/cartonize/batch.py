"""Many orders at once: columns in, columns out, all cores.

Orders travel to the C++ core as flat arrays (CSR: every order line in one set of columns, the
lines of order k at offsets[k]:offsets[k+1]); the core releases the GIL and spreads chunks of
orders over a pool of threads. Results do not depend on the thread count.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, overload

import numpy as np

from . import _core, _grid
from ._layout import BATCH_PLACEMENT
from ._options import (check_box_ids, check_effort, check_flag, check_row_names,
                       check_search, check_threads)
from ._typing import Objective, Pairs, Tariffs, TableT
from ._tables import (LINE_REQUIRED, ORDER_COLUMNS, RowErrors, RowValueError, as_kind,
                      group_rows, plain, prepare_lines, row_codes, table_columns)
from .catalog import Catalog, check_catalog
from .model import Box, Item, check_items  # noqa: F401 (Box, Item: doctests)
from ._rules import (catalog_stock, check_incompatible, check_support, check_time_limit,
                     core_rules, rule_columns, time_limit_message)
from .tariff import MICRO, check_objective, check_tariffs, money, service_names

STATUS_NAMES = np.array(_core.STATUS_NAMES, dtype=object)
PROOF_NAMES = np.array(_core.PROOF_NAMES, dtype=object)
ERROR = _core.STATUS_NAMES.index("error")
PARTIAL = _core.STATUS_NAMES.index("partial")


def to_columns(orders) -> dict:
    """Orders as the columns :func:`pack_many` takes: ``orders`` maps each order id to its
    sequence of :class:`Item` (or is a sequence of such sequences, ids 0, 1, ...). Keeps every
    Item field the columns carry.

    >>> cols = to_columns({"A": [Item(10, 20, 30, quantity=2)], "B": [Item(5, 5, 5)]})
    >>> cols["order_id"].tolist(), cols["quantity"].tolist()
    (['A', 'B'], [2, 1])
    """
    if not isinstance(orders, dict):
        orders = dict(enumerate(orders))
    rows = [(oid, it) for oid, items in orders.items() for it in check_items(items)]
    ids = _objects((oid for oid, _ in rows), len(rows))  # tuple ids and labels kept whole
    if len(rows) and all(isinstance(v, (int, np.integer)) for v in ids):
        ids = ids.astype(np.int64)

    def ints(field):
        return np.array([getattr(it, field) for _, it in rows], dtype=np.int64)
    out = {"order_id": ids, "length": ints("length"), "width": ints("width"),
           "height": ints("height"), "weight": ints("weight"), "quantity": ints("quantity"),
           "orientation": np.array([it.orientation for _, it in rows], dtype=object)}
    ruled = [it for _, it in rows if it.has_rules]
    # Each rule column that some item uses (reading one costs pack_many a pass over its cells).
    for f in ("group", "category"):
        if any(getattr(it, f) is not None for it in ruled):
            out[f] = _objects((getattr(it, f) for _, it in rows), len(rows))
    if any(it.max_per_box for it in ruled):
        out["max_per_box"] = np.array([min(it.max_per_box, _grid.MAX_COPIES)
                                       if it.max_per_box else np.nan for _, it in rows])
    if any(it.ships_alone for it in ruled):
        out["ships_alone"] = np.array([it.ships_alone for _, it in rows], dtype=bool)
    if any(not it.stackable for it in ruled):
        out["stackable"] = np.array([it.stackable for _, it in rows], dtype=bool)
    if any(it.max_load for it in ruled):
        out["max_load"] = np.array([np.nan if not it.max_load else it.max_load
                                    for _, it in rows])
    return out


@overload
def pack_many(orders: TableT, catalog: Catalog, *, threads: Optional[int] = None,
              placements: Literal[False] = False,
              tariff: Tariffs = None, objective: Objective = "boxes",
              incompatible: Pairs = None, balance_weight: bool = False,
              min_support: float = 0.0, exact: bool = True, node_limit: int = 10_000,
              exact_max_copies: int = 8, time_limit: Optional[float] = None,
              effort: int = 0, row_names: Any = None) -> TableT: ...


@overload
def pack_many(orders: TableT, catalog: Catalog, *, threads: Optional[int] = None,
              placements: Literal[True],
              tariff: Tariffs = None, objective: Objective = "boxes",
              incompatible: Pairs = None, balance_weight: bool = False,
              min_support: float = 0.0, exact: bool = True, node_limit: int = 10_000,
              exact_max_copies: int = 8, time_limit: Optional[float] = None,
              effort: int = 0, row_names: Any = None) -> tuple[TableT, TableT]: ...


def pack_many(orders: Any, catalog: Catalog, *, threads: Optional[int] = None,
              placements: bool = False,
              tariff: Tariffs = None, objective: Objective = "boxes",
              incompatible: Pairs = None, balance_weight: bool = False,
              min_support: float = 0.0, exact: bool = True, node_limit: int = 10_000,
              exact_max_copies: int = 8, time_limit: Optional[float] = None,
              effort: int = 0, row_names: Any = None) -> Any:
    """Pack many orders on all cores.

    ``orders``: a pandas DataFrame, a pyarrow Table or a dict of 1-D numpy arrays, one row per
    order line, with columns order_id, length, width, height and optionally weight (default 0),
    quantity (default 1) and orientation ("any", "upright", "fixed"; default "any"). The rows
    of one order need not be adjacent. Returns a table of the same kind (dict of numpy arrays
    for a dict) with one row per order, in order of first appearance: order_id, status
    ("packed", "partial" when some copy fits no box, "empty", or "error"), n_boxes, box_ids,
    cost, utilisation, n_unpacked, proof and lower_bound (as :class:`Packing` has them; ``exact``,
    ``node_limit`` and ``exact_max_copies`` as for :func:`pack`; an "error" order's proof is
    ""), message (what is wrong with an "error" order, naming the row and column; for a
    "partial" order, how many copies were left out and why, e.g. "2 copies not packed:
    too_large"). Bad rows spoil only their own order. With ``placements=True`` returns
    ``(orders_table, placements_table)``, the latter one row per placed copy: order_id,
    box_index, box_id, item_row (the input's row, by position from 0), copy, x, y, z, length,
    width, height.

    ``tariff`` and ``objective`` as for :func:`pack`: with a tariff, ``cost`` is the landed
    cost (material + shipping) and the table adds ``shipping`` (currency), ``services`` (the
    service of each box, like ``box_ids``) and ``gross_weight`` (g, of each box).

    With bags in the catalogue (:class:`cartonize.Bag`), the table adds ``kinds`` ("box" or
    "bag" for each package, like ``box_ids``) and ``box_sizes`` (each package's inner size: a
    box's own, or the block a bag is filled to; it ships at that block plus its wall).

    Packing rules as for :func:`pack`: columns group, category, max_per_box, ships_alone,
    stackable and max_load (any of them; a blank max_load is no limit), ``incompatible``, ``balance_weight`` and ``min_support``; the
    boxes' ``stock`` is consumed in input order across the batch (an order late in the batch may get a costlier box, or
    none: status "partial" with the copies' reason "no_stock"), the same for any threads. The
    table adds ``n_alone`` (copies shipped in their own packaging).

    ``effort`` (moves of the improvement search after a split, per order) as for :func:`pack`.

    ``row_names``: what a message calls each row (one per row: its index label, say; another
    length is a ValueError); by default its position from 0.

    For an Arrow or polars table the catalogue's box ids must be of one type, as a column of
    the table's holds them (ids 1 and "M" are a TypeError, before any packing).

    ``time_limit`` (seconds per order) as for :func:`pack`: an order that reaches it is
    returned as found so far with proof "unknown" and the reason in ``message``. Ctrl-C
    stops the batch within a fraction of a second (KeyboardInterrupt).

    ``threads=None`` uses every core the process may run on (on Linux its CPU affinity, as
    taskset or a container's cpuset sets it, and no more than its CPU quota); the result does not
    depend on ``threads`` (nor, without a time limit, on the machine's speed). The columns
    are read as they are while the orders are packed (integer columns are not copied first):
    another thread must not write to them during the call. When the system refuses to start
    the threads asked for, nothing is packed and RuntimeError says how many it could start.

    >>> import numpy as np
    >>> cat = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150)])
    >>> out = pack_many({"order_id": np.array([1, 1, 2]), "length": np.array([120, 120, 290]),
    ...                  "width": np.array([80, 80, 190]), "height": np.array([40, 40, 100])}, cat)
    >>> list(out["box_ids"]), list(out["status"])
    ([('S',), ('M',)], ['packed', 'packed'])
    """
    catalog = check_catalog(catalog)
    threads = check_threads(threads)
    kind, cols, n = table_columns(orders, LINE_REQUIRED, known=ORDER_COLUMNS)
    row_names = check_row_names(row_names, n)
    if kind in ("arrow", "polars"):  # a column of one type: said before any packing
        check_box_ids(catalog, "an Arrow" if kind == "arrow" else "a polars")
    batch = pack_columns(cols, n, catalog, threads, placements, tariff=tariff,
                         objective=objective, incompatible=incompatible,
                         balance_weight=balance_weight, min_support=min_support, exact=exact,
                         node_limit=node_limit, exact_max_copies=exact_max_copies,
                         time_limit=time_limit, effort=effort, row_numbers=row_names)
    # (A box cut to size is named in text, as every box is where check_box_ids takes one.)
    ids = [b.id for b in catalog.boxes] + (["cut"] if catalog.on_demand else [])
    result = as_kind(batch.orders, kind, ids)
    if not placements:
        return result
    return result, as_kind(batch.placements, kind, ids)


class Batch:
    """What pack_columns returns: the order and placement columns (dicts of numpy arrays),
    and the row errors found while reading the lines."""

    __slots__ = ("orders", "placements", "errors", "order_index")

    def __init__(self, orders: dict, placements, errors: RowErrors, order_index=None):
        self.orders, self.placements, self.errors = orders, placements, errors
        self.order_index = order_index  # per placement, its order's row in `orders`


def pack_columns(cols: dict, n: int, catalog: Catalog, threads: int, placements: bool, *,
                 tariff=None, objective: str = "boxes", incompatible=None,
                 balance_weight: bool = False, min_support: float = 0.0, exact: bool = True,
                 node_limit: int = 10_000, exact_max_copies: int = 8, time_limit=None,
                 length_scale: float = 1.0, weight_scale: float = 1.0,
                 row_numbers=None, effort: int = 0, split_too: bool = True) -> Batch:
    """pack_many on columns already read (``_tables.table_columns``): checked once here,
    lengths and weights scaled to the grid's unit first (see ``prepare_lines``). Messages
    name row ``row_numbers[r]`` for row r (default r)."""
    tariffs = check_tariffs(tariff)
    goal = check_objective(objective, tariffs)
    exact, node_limit, exact_max_copies = check_search(exact, node_limit, exact_max_copies)
    effort = check_effort(effort)
    machines, wanted = catalog.on_demand, placements
    balance_weight = check_flag(balance_weight, "balance_weight")
    if machines and (effort or balance_weight) and split_too:  # as pack (pack_and_cut):
        # the split, and the unbalanced packing, cut, where they beat the improved one cut
        def run(**kw) -> Batch:
            return pack_columns(cols, n, catalog, threads, placements, tariff=tariff,
                                objective=objective, incompatible=incompatible,
                                min_support=min_support, exact=exact, node_limit=node_limit,
                                exact_max_copies=exact_max_copies, time_limit=time_limit,
                                length_scale=length_scale, weight_scale=weight_scale,
                                row_numbers=row_numbers, split_too=False, **kw)
        runs = [[run(effort=e, balance_weight=b) for b in (False, True)[:1 + balance_weight]]
                for e in (0, effort)[:1 + bool(effort)]]
        runs = [_keep_split_where_cheaper(*r, objective) if len(r) > 1 else r[0] for r in runs]
        return _keep_split_where_cheaper(*runs, objective) if len(runs) > 1 else runs[0]
    arrays, errors = prepare_lines(cols, n, length_scale, weight_scale)
    if machines:  # the stocked boxes and each machine's largest; cut to size below
        shop, catalog, placements = catalog, catalog._expanded(tariffs), True
    pairs = check_incompatible(incompatible)
    rules = core_rules(pairs, catalog_stock(catalog),
                       check_flag(balance_weight, "balance_weight"))
    support = check_support(min_support)
    limit = check_time_limit(time_limit)
    ruled = rule_columns(cols, n, pairs, errors, weight_scale)
    try:
        codes, uniques, perm, offsets = group_rows(cols["order_id"], lazy=True)
    except RowValueError as e:  # a blank id: named as the caller names the row
        if row_numbers is not None:
            e.args = (f"{e.what}: {e.error.at(plain(row_numbers[e.error.row]))}",)
        raise
    if codes is None and (errors or machines):  # rows grouped already: codes when needed
        codes = row_codes(offsets)
    n_orders = len(uniques)

    bad_order = np.zeros(n_orders, dtype=bool)
    first_bad = {}
    for r in sorted(errors.by_row):
        o = int(codes[r])
        bad_order[o] = True
        e = errors.by_row[r]
        first_bad.setdefault(o, str(e) if row_numbers is None else e.at(plain(row_numbers[r])))
    if first_bad:  # a bad row's whole order is left out (a copy: arrays may be the caller's)
        arrays["quantity"] = np.where(bad_order[codes], 0, arrays["quantity"])
    # Rows already grouped (most files): no reordered copies.
    take = (lambda a: a) if perm is None else (lambda a: a[perm])
    out = _core.pack_batch(catalog._priced(tariffs), offsets,
                           take(arrays["length"]), take(arrays["width"]), take(arrays["height"]),
                           take(arrays["weight"]), take(arrays["quantity"]), take(arrays["mask"]),
                           int(threads), bool(placements), exact, node_limit,
                           exact_max_copies, goal, rules,
                           **{k: take(v) for k, v in (ruled or {}).items()}, min_support=support,
                           time_limit=limit, effort=effort)
    status = out["status"].astype(np.int64)
    status[bad_order] = ERROR
    message = np.full(n_orders, "", dtype=object)
    if limit:
        message[out["timed_out"].astype(bool)] = time_limit_message(limit)
    for o, msg in first_bad.items():
        message[o] = msg
    for o, msg in out["errors"].items():  # the core's own checks (a total over the limits)
        message[o] = f"order {plain(uniques[o])!r}: {msg}"
    _say_why_unpacked(message, out["n_unpacked"], out["unpacked_why"], status)
    ids = np.array([b.id for b in catalog.boxes] + [None], dtype=object)[:-1]
    bounds = out["box_offsets"]
    box_ids = per_order(ids, out["box_ids"], bounds)
    n_boxes = out["n_boxes"].astype(np.int64)
    n_boxes[bad_order] = 0
    table = {
        "order_id": uniques, "status": STATUS_NAMES[status], "n_boxes": n_boxes,
        "box_ids": box_ids, "cost": money(out["cost"]), "utilisation": out["utilisation"],
        "n_unpacked": out["n_unpacked"].astype(np.int64),
        "proof": PROOF_NAMES[out["proof"].astype(np.int64)],
        "lower_bound": out["lower_bound"].astype(np.int64), "message": message,
    }
    # An order not packed proves nothing (text still): in error, or with every copy left out
    # (no box holds any; a kit left out on the heuristic's word is said: "heuristic").
    table["proof"][(status == ERROR) | ((status == PARTIAL) & (n_boxes == 0) & (out["proof"] == 0)
                                        & (table["n_unpacked"] > 0))] = ""
    table["n_alone"] = out["n_alone"].astype(np.int64)
    if catalog._bags:
        table.update(_bag_columns(catalog, out, bounds, n_orders))
    if tariffs:
        table.update(_landed_columns(catalog, tariffs, out, bounds, n_orders))
    if catalog.void_fill_cost is not None:
        table.update(_void_columns(catalog, out, bounds, n_orders, table["cost"]))
    place = None
    if placements:
        pl, P = out["placements"], BATCH_PLACEMENT
        place = {
            "order_id": uniques[pl[:, P["order"]]] if len(pl) else uniques[:0],
            "box_index": pl[:, P["box_index"]], "box_id": ids[pl[:, P["box"]]],
            "item_row": pl[:, P["line"]] if perm is None else perm[pl[:, P["line"]]],
            "copy": pl[:, P["copy"]],
            **{k: pl[:, P[k]] for k in ("x", "y", "z", "length", "width", "height")},
        }
    batch = Batch(table, place, errors, out["placements"][:, BATCH_PLACEMENT["order"]]
                  if placements else None)
    if machines:
        # As pack decides for one order (_on_demand): an order under a station rule (support,
        # a copy nothing may rest on, a load limit its order's weight could pass) keeps the
        # compact packing where it keeps the rules, else the cheaper of one made under them
        # and its copies as placed; under a time limit, each box's search stops at it.
        from ._cut_batch import cut_batch
        from ._on_demand import binding
        weight = np.asarray(arrays["weight"], dtype=np.int64)
        rule = (weight, (ruled or {}).get("stackable", np.ones(n, np.uint8)).astype(bool),
                (ruled or {}).get("max_load", np.full(n, -1, np.int64)))
        total = np.bincount(codes, weights=weight * arrays["quantity"], minlength=n_orders)
        under_rules = np.full(n_orders, bool(support))
        under_rules[codes[binding(*rule, total[codes])]] = True
        item_rows = np.stack([arrays[k] for k in ("length", "width", "height", "weight",
                                                  "quantity")]
                             + [arrays["mask"].astype(np.int64)], axis=1)
        cut_batch(batch, item_rows, shop, catalog, tariffs, int(threads), under_rules, rule,
                  support, limit, out["seconds"], out["timed_out"])
        if not wanted:
            batch.placements = batch.order_index = None
    return batch


def _say_why_unpacked(message, n_unpacked, why, status) -> None:
    """For a "partial" order: how many copies were left out, and why (the reasons of
    Packing.unpacked), e.g. "2 copies not packed: too_large, no_stock", after what the
    message says already (the time limit reached)."""
    partial = np.flatnonzero((status == PARTIAL) & (n_unpacked > 0))
    names = _core.REASON_NAMES
    for o in partial.tolist():
        n = int(n_unpacked[o])
        reasons = ", ".join(names[r] for r in range(1, len(names)) if int(why[o]) >> r & 1)
        said = f"{n} {'copy' if n == 1 else 'copies'} not packed: {reasons}"
        message[o] = f"{message[o]}; {said}" if message[o] else said


def _keep_split_where_cheaper(split: Batch, improved: Batch, objective: str) -> Batch:
    """`improved` with each order the split packs cheaper after cutting (split_is_cheaper)
    taken from `split`: its row of every column, and its placements in its order's place."""
    from ._on_demand import split_is_cheaper
    t0, t1 = split.orders, improved.orders
    use = split_is_cheaper(t0["n_boxes"], t0["cost"], t1["n_boxes"], t1["cost"], objective)
    if not use.any():
        return improved
    for k, v in t1.items():
        v = v.copy()
        v[use] = t0[k][use]
        t1[k] = v
    if improved.placements is not None:
        keep0, keep1 = use[split.order_index], ~use[improved.order_index]
        index = np.concatenate([split.order_index[keep0], improved.order_index[keep1]])
        at = np.argsort(index, kind="stable")  # an order's rows all come from one run
        improved.placements = {
            k: np.concatenate([split.placements[k][keep0], v[keep1]])[at]
            for k, v in improved.placements.items()}
        improved.order_index = index[at]
    return improved


def per_order(values, codes: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Each order's packages as a tuple, in an object array with one entry per order: package
    p is values[codes[p]] (values: an object array; codes None: values[p]), order k's packages
    p = bounds[k]..bounds[k + 1] - 1. An order of one package (most) takes the tuple shared by
    all with that value; the others' tuples are made in C (map), not a Python loop."""
    n = len(bounds) - 1
    out = np.empty(n, dtype=object)
    if codes is None:
        codes = np.arange(len(values))
    one = np.diff(bounds) == 1
    if len(values) <= 4096:  # one shared 1-tuple per value
        singles = np.fromiter(zip(values.tolist()), dtype=object, count=len(values))
        out[one] = singles[codes[bounds[:-1][one]]]
        rest = np.flatnonzero(~one)
    else:
        rest = np.arange(n)
    if len(rest):
        flat = values[codes].tolist()
        out[rest] = np.fromiter(
            map(tuple, map(flat.__getitem__, map(slice, bounds[:-1][rest].tolist(),
                                                 bounds[1:][rest].tolist()))),
            dtype=object, count=len(rest))
    return out


def per_order_numbers(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """per_order of one number per package (an int or float array): equal numbers share one
    Python object, so that the orders of one package share their 1-tuples."""
    uniq, codes = np.unique(values, return_inverse=True)
    return per_order(uniq.astype(object), codes.reshape(-1), bounds)


def per_order_sizes(sizes: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """per_order of one (length, width, height) per package (an (n, 3) array of lengths up
    to MAX_LENGTH < 2^21), equal sizes sharing one tuple."""
    sizes = sizes.astype(np.int64)
    keys = (sizes[:, 0] << 42) | (sizes[:, 1] << 21) | sizes[:, 2]
    uniq, codes = np.unique(keys, return_inverse=True)
    mask = (1 << 21) - 1
    values = _objects(zip((uniq >> 42).tolist(), (uniq >> 21 & mask).tolist(),
                          (uniq & mask).tolist()), len(uniq))
    return per_order(values, codes.reshape(-1), bounds)


def _bag_columns(catalog: Catalog, out: dict, bounds: np.ndarray, n_orders: int) -> dict:
    """kinds ("box" or "bag" per package) and box_sizes (each package's inner size: a box's,
    or the block a bag is filled to) of each order, for catalogues with bags."""
    kinds_of = np.array([b.kind for b in catalog.boxes], dtype=object)
    dims = np.array([b.dims if b.kind == "box" else (0, 0, 0) for b in catalog.boxes],
                    dtype=np.int64).reshape(-1, 3)
    ids = out["box_ids"]
    sizes = np.where((kinds_of[ids] == "bag")[:, None], out["box_blocks"], dims[ids])
    return {"kinds": per_order(kinds_of, ids, bounds), "box_sizes": per_order_sizes(sizes, bounds)}


def _objects(values, n: int) -> np.ndarray:
    """An object array of n values (tuples kept whole)."""
    return np.fromiter(values, dtype=object, count=n)


def _void_columns(catalog: Catalog, out: dict, bounds: np.ndarray, n_orders: int, cost) -> dict:
    """void (litres per box, as box_ids) and void_fill (its cost per order), and the cost
    with each box's void fill in place of the whole inner volume's the walk weighed."""
    ids = out["box_ids"]
    volume = np.array([b.volume if b.kind == "box" else 0 for b in catalog.boxes],
                      dtype=np.int64)[ids]
    void = np.where(volume > 0, volume - out["box_contents"], 0)
    rate = float(catalog._void_u)
    void_u = np.rint(rate * void.astype(np.float64) / 1e6)  # as Catalog._void_fill_u rounds
    full_u = np.rint(rate * volume.astype(np.float64) / 1e6)
    fill = np.zeros(n_orders + 1)
    over = np.zeros(n_orders + 1)
    order_of = np.repeat(np.arange(n_orders), np.diff(np.asarray(bounds)))
    np.add.at(fill, order_of, void_u)
    np.add.at(over, order_of, full_u - void_u)
    voids = per_order_numbers(void / 1e6, bounds)
    return {"cost": np.round((cost - over[:n_orders] / MICRO) * MICRO) / MICRO, "void": voids,
            "void_fill": fill[:n_orders] / MICRO}


def _landed_columns(catalog: Catalog, tariffs: tuple, out: dict, bounds: np.ndarray,
                    n_orders: int) -> dict:
    """cost (material + shipping), shipping, services and gross_weight of each order."""
    names = np.array(list(service_names(tariffs)) + [None], dtype=object)
    empty = np.array([b.empty_weight for b in catalog.boxes], dtype=np.int64)
    gross = out["box_loads"] + empty[out["box_ids"]]
    services = per_order(names, out["box_services"], bounds)
    weights = per_order_numbers(gross, bounds)
    return {"cost": (out["material_u"] + out["shipping_u"]) / MICRO,
            "shipping": out["shipping_u"] / MICRO, "services": services,
            "gross_weight": weights}
