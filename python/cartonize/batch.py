"""Many orders at once: columns in, columns out, all cores.

Orders travel to the C++ core as flat arrays (CSR: every order line in one set of columns, the
lines of order k at offsets[k]:offsets[k+1]); the core releases the GIL and spreads chunks of
orders over a pool of threads. Results do not depend on the thread count.
"""

from __future__ import annotations

import numbers
import sys

import numpy as np

from . import _core, _grid
from .catalog import Catalog
from .model import Box  # noqa: F401 (used by the doctest)
from .packing import check_catalog

STATUS_NAMES = np.array(["packed", "partial", "empty", "error"], dtype=object)
PROOF_NAMES = np.array(["proven", "heuristic", "unknown"], dtype=object)
REQUIRED = ("order_id", "length", "width", "height")
OPTIONAL = {"weight": 0, "quantity": 1, "orientation": "any"}
ORDER_COLUMNS = ("order_id", "status", "n_boxes", "box_ids", "cost", "utilisation",
                 "n_unpacked", "proof", "lower_bound", "message")
PLACEMENT_COLUMNS = ("order_id", "box_index", "box_id", "item_row", "copy",
                     "x", "y", "z", "length", "width", "height")


def _kind(orders) -> str:
    if isinstance(orders, dict):
        return "dict"
    if hasattr(orders, "column_names") and hasattr(orders, "column"):
        return "arrow"
    if hasattr(orders, "columns") and hasattr(orders, "iloc"):
        return "pandas"
    raise TypeError("orders must be a pandas DataFrame, a pyarrow Table or a dict of arrays, "
                    f"got {type(orders).__name__}")


def _columns(orders, kind: str) -> dict:
    if kind == "dict":
        cols = {}
        for k, v in orders.items():
            a = np.asarray(v)
            if a.ndim != 1:
                raise ValueError(f"column {k!r} must be one-dimensional, got shape {a.shape}")
            cols[k] = a
        return cols
    if kind == "arrow":
        return {k: orders.column(k).to_numpy(zero_copy_only=False) for k in orders.column_names}
    return {k: orders[k].to_numpy() for k in orders.columns}


def table_columns(data, required, what: str = "orders") -> tuple:
    """(kind, {column: 1-D numpy array}, rows) of a DataFrame, Arrow table or dict of arrays,
    checking that the required columns are there and every column has the same length."""
    kind = _kind(data)
    cols = _columns(data, kind)
    missing = [c for c in required if c not in cols]
    if missing:
        raise ValueError(f"{what} lack the column(s) {', '.join(missing)}; "
                         f"required: {', '.join(required)}")
    n = len(cols[required[0]])
    for k, v in cols.items():
        if len(v) != n:
            raise ValueError(f"column {k!r} has {len(v)} rows, {required[0]} has {n}")
    return kind, cols, n


class _RowErrors:
    """The first bad row of each order, with a message naming the row and the column."""

    def __init__(self, n_rows: int):
        self.bad = np.zeros(n_rows, dtype=bool)
        self.message = {}

    def add(self, mask: np.ndarray, column: str, values, why: str) -> None:
        for r in np.flatnonzero(mask & ~self.bad)[:1_000_000]:
            v = values[r]
            v = v.item() if isinstance(v, np.generic) else v  # -3, not np.int64(-3)
            self.message[int(r)] = f"row {int(r)}: {column} = {v!r} {why}"
        self.bad |= mask


def _numeric(col: np.ndarray, name: str, errors: _RowErrors) -> np.ndarray:
    """A float64 view of a column; cells that are not numbers are marked bad."""
    if col.dtype.kind in "iub":
        if col.dtype.kind == "b":
            errors.add(np.ones(len(col), bool), name, col, "is not a number")
        return col.astype(np.float64)
    if col.dtype.kind == "f":
        out = col.astype(np.float64)
    else:
        out = np.empty(len(col), dtype=np.float64)
        bad = np.zeros(len(col), dtype=bool)
        for r, v in enumerate(col):
            if isinstance(v, numbers.Real) and not isinstance(v, bool):
                out[r] = float(v)
            else:
                try:
                    out[r] = float(v)
                except (TypeError, ValueError):
                    out[r], bad[r] = 0.0, True
        errors.add(bad, name, col, "is not a number")
    nonfinite = ~np.isfinite(out)
    errors.add(nonfinite, name, col, "is not finite")
    out[nonfinite] = 0.0
    return out


def _snap(values: np.ndarray, up: bool) -> np.ndarray:
    tol = _grid.SNAP_TOLERANCE
    clipped = np.clip(values, -1e15, 1e15)
    return (np.ceil(clipped - tol) if up else np.floor(clipped + tol)).astype(np.int64)


def prepare_lines(cols: dict, n: int):
    """Validate and snap order-line columns; returns (int arrays, _RowErrors)."""
    errors = _RowErrors(n)
    arrays = {}
    for name in ("length", "width", "height"):
        raw = cols[name]
        v = _numeric(raw, name, errors)
        exact = raw.dtype.kind in "iu"
        iv = raw.astype(np.int64) if exact else _snap(v, up=True)
        errors.add(iv < 1, name, raw, "must be positive")
        errors.add(iv > _grid.MAX_LENGTH, name, raw, f"exceeds {_grid.MAX_LENGTH}")
        arrays[name] = iv
    if "weight" in cols:
        raw = cols["weight"]
        v = _numeric(raw, "weight", errors)
        iv = raw.astype(np.int64) if raw.dtype.kind in "iu" else _snap(v, up=True)
        errors.add(iv < 0, "weight", raw, "must not be negative")
        errors.add(iv > _grid.MAX_WEIGHT, "weight", raw, f"exceeds {_grid.MAX_WEIGHT}")
        arrays["weight"] = iv
    else:
        arrays["weight"] = np.zeros(n, dtype=np.int64)
    if "quantity" in cols:
        raw = cols["quantity"]
        v = _numeric(raw, "quantity", errors)
        errors.add(v != np.floor(v), "quantity", raw, "is not a whole number")
        iv = np.clip(v, -1, _grid.MAX_QUANTITY + 1).astype(np.int64)
        errors.add(iv < 0, "quantity", raw, "must not be negative")
        errors.add(iv > _grid.MAX_QUANTITY, "quantity", raw, f"exceeds {_grid.MAX_QUANTITY}")
        arrays["quantity"] = iv
    else:
        arrays["quantity"] = np.ones(n, dtype=np.int64)
    mask = np.full(n, _grid.ORIENTATION_MASKS["any"], dtype=np.uint8)
    if "orientation" in cols:
        raw = cols["orientation"]
        if len(raw) and bool(np.all(raw == raw[0])):  # one rule for every line, the usual case
            mask = np.full(n, _grid.ORIENTATION_MASKS.get(str(raw[0]), 0), dtype=np.uint8)
        else:
            names, inverse = np.unique(raw.astype(str), return_inverse=True)
            lookup = np.array([_grid.ORIENTATION_MASKS.get(s, 0) for s in names], dtype=np.uint8)
            mask = lookup[inverse]
        errors.add(mask == 0, "orientation", raw, "is unknown; use 'any', 'upright' or 'fixed'")
        mask[mask == 0] = _grid.ORIENTATION_MASKS["any"]
    arrays["mask"] = mask
    for name in ("length", "width", "height", "weight", "quantity"):
        arrays[name][errors.bad] = 1 if name != "weight" else 0
    arrays["quantity"][errors.bad] = 0
    return arrays, errors


def _group(order_id: np.ndarray):
    """Order codes by first appearance, and the row permutation that makes orders contiguous."""
    n = len(order_id)
    if n:
        # Fast path: each order's rows adjacent, as in most files.
        change = np.empty(n, dtype=bool)
        change[0] = True
        np.not_equal(order_id[1:], order_id[:-1], out=change[1:])
        starts = np.flatnonzero(change)
        heads = order_id[starts]
        if len(set(heads.tolist())) == len(starts):
            codes = np.cumsum(change) - 1
            offsets = np.append(starts, n).astype(np.int64)
            return codes, heads, np.arange(n), offsets
    pd = sys.modules.get("pandas")  # fastest, but not worth importing for this alone
    if pd is not None:
        codes, uniques = pd.factorize(order_id, use_na_sentinel=False)
        uniques = np.asarray(uniques)
    elif order_id.dtype == object:
        # Hashing beats sorting Python objects; ids of mixed types are fine as dict keys.
        index = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in order_id.tolist()),
                            dtype=np.int64, count=len(order_id))
        uniques = np.empty(len(index), dtype=object)
        uniques[:] = list(index)
    else:
        u, first, inv = np.unique(order_id, return_index=True, return_inverse=True)
        rank = np.empty(len(u), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(u))
        codes, uniques = rank[inv], u[np.argsort(first, kind="stable")]
    perm = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(uniques))
    offsets = np.zeros(len(uniques) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return codes, uniques, perm, offsets


def pack_many(orders, catalog: Catalog, threads=None, placements: bool = False, *,
              exact: bool = True, node_limit: int = 10_000, exact_max_copies: int = 8):
    """Pack many orders on all cores.

    ``orders``: a pandas DataFrame, a pyarrow Table or a dict of 1-D numpy arrays, one row per
    order line, with columns order_id, length, width, height and optionally weight (default 0),
    quantity (default 1) and orientation ("any", "upright", "fixed"; default "any"). The rows
    of one order need not be adjacent. Returns a table of the same kind (dict of numpy arrays
    for a dict) with one row per order, in order of first appearance: order_id, status
    ("packed", "partial" when some copy fits no box, "empty", or "error"), n_boxes, box_ids,
    cost, utilisation, n_unpacked, proof and lower_bound (as :class:`Packing` has them; ``exact``,
    ``node_limit`` and ``exact_max_copies`` as for :func:`pack`), message (what is wrong with an
    "error" order, naming the row and column). Bad rows spoil only their own order. With ``placements=True`` returns
    ``(orders_table, placements_table)``, the latter one row per placed copy: order_id,
    box_index, box_id, item_row (row of the input), copy, x, y, z, length, width, height.

    ``threads=None`` uses every core; the result does not depend on ``threads``.

    >>> import numpy as np
    >>> cat = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150)])
    >>> out = pack_many({"order_id": np.array([1, 1, 2]), "length": np.array([120, 120, 290]),
    ...                  "width": np.array([80, 80, 190]), "height": np.array([40, 40, 100])}, cat)
    >>> list(out["box_ids"]), list(out["status"])
    ([('S',), ('M',)], ['packed', 'packed'])
    """
    catalog = check_catalog(catalog)
    if threads is None:
        threads = 0
    elif isinstance(threads, bool) or not isinstance(threads, numbers.Integral) or threads < 1:
        raise ValueError(f"threads must be None or a positive integer, got {threads!r}")
    kind, cols, n = table_columns(orders, REQUIRED)
    arrays, errors = prepare_lines(cols, n)
    codes, uniques, perm, offsets = _group(cols["order_id"])
    n_orders = len(uniques)

    bad_order = np.zeros(n_orders, dtype=bool)
    first_bad = {}
    for r, msg in sorted(errors.message.items()):
        o = int(codes[r])
        bad_order[o] = True
        first_bad.setdefault(o, msg)
    bad_rows = bad_order[codes]
    if bad_rows.any():
        arrays["quantity"][bad_rows] = 0
    out = _core.pack_batch(catalog._core, offsets,
                           arrays["length"][perm], arrays["width"][perm], arrays["height"][perm],
                           arrays["weight"][perm], arrays["quantity"][perm], arrays["mask"][perm],
                           int(threads), bool(placements), bool(exact), int(node_limit),
                           int(exact_max_copies))
    status = out["status"].astype(np.int64)
    status[bad_order] = 3
    message = np.full(n_orders, "", dtype=object)
    for o, msg in first_bad.items():
        message[o] = msg
    for o, msg in out["errors"].items():  # the core's own checks (a total over the limits)
        message[o] = f"order {uniques[o]!r}: {msg}"
    ids = np.array([b.id for b in catalog.boxes] + [None], dtype=object)[:-1]
    flat = ids[out["box_ids"]].tolist()
    bounds = out["box_offsets"].tolist()
    box_ids = np.empty(n_orders, dtype=object)
    box_ids[:] = [tuple(flat[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    n_boxes = out["n_boxes"].astype(np.int64)
    cost = out["cost"]
    util = out["utilisation"]
    n_boxes[bad_order] = 0
    table = {
        "order_id": uniques, "status": STATUS_NAMES[status], "n_boxes": n_boxes,
        "box_ids": box_ids, "cost": cost, "utilisation": util,
        "n_unpacked": out["n_unpacked"].astype(np.int64),
        "proof": PROOF_NAMES[out["proof"].astype(np.int64)],
        "lower_bound": out["lower_bound"].astype(np.int64), "message": message,
    }
    result = _as_kind(table, kind)
    if not placements:
        return result
    pl = out["placements"]
    place = {
        "order_id": uniques[pl[:, 0]] if len(pl) else uniques[:0],
        "box_index": pl[:, 1], "box_id": ids[pl[:, 2]], "item_row": perm[pl[:, 3]],
        "copy": pl[:, 4], "x": pl[:, 5], "y": pl[:, 6], "z": pl[:, 7],
        "length": pl[:, 8], "width": pl[:, 9], "height": pl[:, 10],
    }
    return result, _as_kind(place, kind)


def _as_kind(table: dict, kind: str):
    if kind == "pandas":
        import pandas as pd
        return pd.DataFrame(table)
    if kind == "arrow":
        import pyarrow as pa
        return pa.table({k: (list(v) if v.dtype == object else v) for k, v in table.items()})
    return table
