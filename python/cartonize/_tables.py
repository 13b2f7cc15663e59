"""Tables in: columns from pandas, Arrow or a dict of numpy arrays, checked once.

Everything that reads a table of rows (``pack_many``, ``Order.from_arrays``, consolidation,
box-set design, the command line) goes through here: the caller's table kind, its columns as
1-D numpy arrays, numbers checked cell by cell with structured row errors (row, column, value,
reason), order lines snapped to the integer grid (``_grid``), rows grouped by a key, and
results handed back as the caller's kind of table.
"""

from __future__ import annotations

import sys

import numpy as np

from . import _core, _grid
from ._cells import (RowError, RowErrors, RowValueError, is_blank, numeric,  # noqa: F401
                     per_column, plain, unread_columns, unread_said)

LINE_REQUIRED = ("order_id", "length", "width", "height")
LINE_OPTIONAL = {"weight": 0, "quantity": 1, "orientation": "any", "group": None,
                 "category": None, "max_per_box": None, "ships_alone": False,
                 "stackable": True, "max_load": None}
LINE_COLUMNS = LINE_REQUIRED + tuple(LINE_OPTIONAL)
ORDER_COLUMNS = LINE_COLUMNS + ("item_id",)  # what an orders table gives that is read
# The unit of a limit a message names: the core's, whatever unit the value is quoted in.
_UNIT_OF = per_column(" mm", " g")


def table_kind(data) -> str:
    """"dict", "arrow", "pandas" or "polars"; TypeError for anything else."""
    if isinstance(data, dict):
        return "dict"
    if hasattr(data, "column_names") and hasattr(data, "column"):
        return "arrow"
    if hasattr(data, "columns") and hasattr(data, "iloc"):
        return "pandas"
    if type(data).__module__.split(".")[0] == "polars" and hasattr(data, "to_arrow"):
        return "polars"
    raise TypeError("expected a pandas DataFrame, a pyarrow Table, a polars DataFrame or a "
                    f"dict of arrays, got {type(data).__name__}")


def column_array(v, name) -> np.ndarray:
    """A column given as an array or a list, as a 1-D numpy array: a numpy masked array's
    masked values as None (missing, as pandas' NaN: np.asarray dropped the mask, and they
    were read at the value under it)."""
    if np.ma.isMaskedArray(v) and np.ma.getmaskarray(v).any():
        a = np.array(np.ma.getdata(v), dtype=object)
        a[np.ma.getmaskarray(v)] = None
    elif np.ma.isMaskedArray(v):  # nothing masked: its values, as they are (no copy)
        a = np.ma.getdata(v)
    else:
        a = np.asarray(v)
    if a.ndim != 1:
        raise ValueError(f"column {name!r} must be one-dimensional, got shape {a.shape}")
    return a


def _columns(data, kind: str) -> dict:
    if kind == "polars":  # through Arrow, as polars holds its columns
        return _columns(data.to_arrow(), "arrow")
    if kind == "dict":
        return {k: column_array(v, k) for k, v in data.items()}
    if kind == "arrow":
        return {k: data.column(k).to_numpy(zero_copy_only=False) for k in data.column_names}
    return {k: data[k].to_numpy() for k in data.columns}


def table_columns(data, required, what: str = "orders", known=()) -> tuple:
    """(kind, {column: 1-D numpy array}, rows) of a DataFrame, Arrow table or dict of arrays,
    checking that the required columns are there and every column has the same length; with
    `known` (the columns read), that no other column looks like a known one misspelt."""
    try:
        kind = table_kind(data)
    except TypeError as e:
        raise TypeError(f"{what}: {e}") from None
    names = list(data) if kind == "dict" else list(
        data.column_names if kind == "arrow" else data.columns)  # polars: .columns too
    twice = sorted({str(c) for c in names if names.count(c) > 1})
    if twice:
        raise ValueError(f"{what}: column(s) {', '.join(twice)} appear more than once")
    unread = unread_columns(names, known)
    if unread:
        raise ValueError(f"{what}: {unread_said(unread)}: rename them, or give them names "
                         "unlike these")
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


def as_kind(table: dict, kind: str, box_ids=()):
    """A dict of numpy columns as the caller's kind of table. In Arrow (and polars) a column
    of text or lists is typed by its values, and where it has none (no rows, every order
    refused, no copy placed) as it is where it has: of `box_ids`' type for box ids, text
    else; a batch's schema does not depend on its data."""
    if kind == "pandas":
        import pandas as pd
        return pd.DataFrame(table)
    if kind in ("arrow", "polars"):
        import pyarrow as pa
        text, box = pa.string(), pa.array(list(box_ids) or ["cut"]).type
        named = {"box_id": box, "box_ids": pa.list_(box), "kinds": pa.list_(text),
                 "services": pa.list_(text), "box_sizes": pa.list_(pa.list_(pa.int64())),
                 "gross_weight": pa.list_(pa.int64()), "void": pa.list_(pa.float64())}

        def column(k, v):
            a = pa.array(list(v)) if v.dtype == object else v
            if v.dtype == object and (pa.types.is_null(a.type) or pa.types.is_list(a.type)
                                      and pa.types.is_null(a.type.value_type)):
                a = a.cast(named.get(k, pa.list_(text) if pa.types.is_list(a.type) else text))
            return a
        arrow = pa.table({k: column(k, v) for k, v in table.items()})
        if kind == "polars":
            import polars as pl
            return pl.from_arrow(arrow)
        return arrow
    return table


def _snapped(raw: np.ndarray, name: str, errors: RowErrors, up: bool,
             scale: float = 1.0) -> np.ndarray:
    if (raw.dtype.kind == "i" or (raw.dtype.kind == "u" and raw.dtype.itemsize < 8)) \
            and scale == 1.0:  # whole numbers already, within int64: nothing to check
        return np.asarray(raw, dtype=np.int64)  # no copy of int64: prepare_lines copies
    return _grid.snap_array(numeric(raw, name, errors) * scale, up=up, sign_kept=True)


def _outside(iv: np.ndarray, low: int, high: int):
    """The rows below low and the rows above high, or None where there are none (the usual
    case: two reductions, no mask of the rows)."""
    if not len(iv):
        return None, None
    return (iv < low if iv.min() < low else None), (iv > high if iv.max() > high else None)


def prepare_lines(cols: dict, n: int, length_scale: float = 1.0, weight_scale: float = 1.0):
    """Check and snap order-line columns (length, width, height, and optionally weight,
    quantity, orientation), lengths times `length_scale` and weights times `weight_scale`
    first (a unit conversion); returns ({column: int array, "mask": uint8}, RowErrors). Bad
    rows get harmless values and quantity 0. A column of int64 comes back as it was passed
    (not a copy) when no row is bad: do not write into the arrays."""
    errors = RowErrors(n)
    arrays = {}
    checks = [("length", 1, _grid.MAX_LENGTH, "must be positive"),
              ("width", 1, _grid.MAX_LENGTH, "must be positive"),
              ("height", 1, _grid.MAX_LENGTH, "must be positive"),
              ("weight", 0, _grid.MAX_WEIGHT, "must not be negative"),
              ("quantity", 0, _grid.MAX_QUANTITY, "must not be negative")]
    for name, low, high, below in checks:
        raw = cols.get(name)
        if raw is None:  # weight 0 and quantity 1 by default
            arrays[name] = np.full(n, int(name == "quantity"), dtype=np.int64)
            continue
        if name == "quantity":
            if raw.dtype.kind == "i":  # whole numbers already
                iv = np.asarray(raw, dtype=np.int64)
            else:
                v = numeric(raw, "quantity", errors)
                errors.add(v != np.floor(v), "quantity", raw, "is not a whole number")
                iv = np.clip(v, -1, _grid.MAX_QUANTITY + 1).astype(np.int64)
        else:
            scale = weight_scale if name == "weight" else length_scale
            iv = _snapped(raw, name, errors, up=True, scale=scale)
        under, over = _outside(iv, low, high)
        if under is not None:
            errors.add(under, name, raw, below)
        if over is not None:
            # (in mm and g, whatever unit the value is quoted in: length_scale)
            errors.add(over, name, raw, f"exceeds {high}{_UNIT_OF.get(name, '')}")
        arrays[name] = iv
    arrays["mask"] = orientation_masks(cols.get("orientation"), n, errors)
    if errors:  # harmless values in the bad rows, in copies
        for name, low, _, _ in checks:
            arrays[name] = np.where(errors.bad, low if name != "quantity" else 0, arrays[name])
    return arrays, errors


def orientation_masks(raw, n: int, errors: RowErrors) -> np.ndarray:
    """The core's orientation masks of a column of rule names (None: every row "any"; a
    blank cell, as a blank stackable or max_load cell, the Item's default, "any")."""
    masks = _grid.ORIENTATION_MASKS

    def mask_of(value, text: str) -> int:
        return masks["any"] if is_blank(value) else masks.get(text, 0)
    if raw is None:
        return np.full(n, masks["any"], dtype=np.uint8)
    if _all_same(raw):  # one rule for every line, the usual case
        mask = np.full(n, mask_of(raw[0], str(raw[0])), dtype=np.uint8)
    else:
        try:
            text = raw.astype(str)
        except ValueError:  # a cell that is a sequence: its text, which names no rule
            text = np.array([str(v) for v in raw.tolist()])
        if raw.dtype == object:  # a blank cell is not the text "None" or "nan" it reads as
            text = np.where([is_blank(v) for v in raw.tolist()], "", text)
        # Each distinct text once, judged by a cell that has it.
        names, first, inverse = np.unique(text, return_index=True, return_inverse=True)
        lookup = np.array([mask_of(raw[i], s) for s, i in zip(names, first)], dtype=np.uint8)
        mask = lookup[inverse]
    errors.add(mask == 0, "orientation", raw,
               "is unknown; use " + ", ".join(repr(k) for k in masks))
    mask[mask == 0] = masks["any"]
    return mask


def _all_same(raw: np.ndarray) -> bool:
    """Whether a column holds one value in every row (and has rows)."""
    if not len(raw):
        return False
    if raw.dtype != object:
        return bool(np.all(raw == raw[0]))
    try:
        return len(_core.key_runs(raw)[0]) == 1
    except (TypeError, ValueError):  # a value that cannot be hashed or compared: found below
        return False


def check_ids(uniques, first_rows, name: str, what: str) -> None:
    """Refuse a blank id (None, NaN, text of only spaces) among the distinct ids of a column,
    naming the first row that has it: every entry point refuses the same ids."""
    uniques = np.asarray(uniques)
    if uniques.dtype.kind == "f":
        blank = np.isnan(uniques)
    elif uniques.dtype.kind in "mM":
        blank = np.isnat(uniques)
    elif uniques.dtype.kind in "OU":
        values = uniques.tolist()
        try:  # text ids, the usual case: one C loop
            if all(map(str.strip, values)):
                return
        except TypeError:
            pass
        blank = np.fromiter(map(is_blank, values), dtype=bool, count=len(values))
    else:
        return
    if blank.any():
        k = int(np.argmin(np.where(blank, np.asarray(first_rows), np.iinfo(np.int64).max)))
        raise RowValueError(what, RowError(int(first_rows[k]), name, plain(uniques[k]),
                                           "is blank; every row needs one"))


def _unhashable(keys: np.ndarray, name: str, what: str) -> RowValueError:
    """The error for ids that could not be grouped: the first blank one or the first that
    cannot be hashed (a list, an array), else the first row."""
    for r, v in enumerate(keys.tolist()):
        if is_blank(v):
            return RowValueError(what, RowError(r, name, plain(v), "is blank; every row needs one"))
        try:
            hash(v)
        except TypeError:
            return RowValueError(what, RowError(r, name, v, "is not an id (text or a number)"))
    return RowValueError(what, RowError(0, name, keys[0], "is not an id"))


def group_rows(keys: np.ndarray, name: str = "order_id", what: str = "orders", *,
               lazy: bool = False):
    """Rows grouped by key, groups in order of first appearance: (codes, unique keys, the row
    permutation that makes each group contiguous, group offsets into it). A blank key (see
    check_ids) or one that is not an id (a dict, a list) is a ValueError naming its row. With
    ``lazy``, codes and the permutation are None when the rows are grouped already (most
    files): see ``row_codes``."""
    if not keys.dtype.isnative:  # big-endian ids (a network-order file): pandas takes none
        keys = keys.astype(keys.dtype.newbyteorder("="))
    try:
        out = _group_rows(keys)
    except (TypeError, ValueError):  # ids that cannot be compared or hashed (arrays, NA)
        raise _unhashable(keys, name, what) from None
    codes, uniques, perm, offsets = out
    check_ids(uniques, offsets[:-1] if perm is None else perm[offsets[:-1]], name, what)
    if perm is None and not lazy:
        return row_codes(offsets), uniques, np.arange(len(keys)), offsets
    return out


def row_codes(offsets: np.ndarray) -> np.ndarray:
    """Each row's group, for rows grouped already (group k at offsets[k]:offsets[k+1])."""
    return np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))


def _group_rows(keys: np.ndarray):
    """group_rows without its checks; codes and perm None when the rows are grouped."""
    n = len(keys)
    if n:
        # Fast path: each group's rows adjacent, as in most files.
        if keys.dtype == object:  # the core compares and hashes the objects in one pass
            starts, distinct = _core.key_runs(keys)
        else:
            change = np.empty(n, dtype=bool)
            change[0] = True
            np.not_equal(keys[1:], keys[:-1], out=change[1:])
            starts, distinct = np.flatnonzero(change), False
        heads = keys[starts]
        if distinct or len(set(heads.tolist())) == len(starts):
            return None, heads, None, np.append(starts, n).astype(np.int64)
    pd = sys.modules.get("pandas")  # fastest, but not worth importing for this alone
    if pd is not None:
        codes, uniques = pd.factorize(keys, use_na_sentinel=False)
        uniques = np.asarray(uniques)
    elif keys.dtype == object:
        # Hashing beats sorting Python objects; keys of mixed types are fine as dict keys.
        index = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in keys.tolist()),
                            dtype=np.int64, count=len(keys))
        uniques = np.empty(len(index), dtype=object)
        uniques[:] = list(index)
    else:
        u, first, inv = np.unique(keys, return_index=True, return_inverse=True)
        rank = np.empty(len(u), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(u))
        codes, uniques = rank[inv], u[np.argsort(first, kind="stable")]
    perm = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(uniques))
    offsets = np.zeros(len(uniques) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return codes, uniques, perm, offsets


def results_equal(a, b):
    """``==`` for a frozen dataclass of result tables (ConsolidationResult, Simulation,
    Design): the same type and every field equal, a DataFrame or an array as a whole (pandas'
    ``equals``: dtypes too, NaN equal to NaN). The generated ``==`` compared the frames cell
    by cell, and asking whether that was true raised."""
    import dataclasses
    if type(a) is not type(b):
        return NotImplemented
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)
                    and x.dtype == y.dtype and np.array_equal(x, y)):
                return False
        elif hasattr(x, "equals") or hasattr(y, "equals"):
            if type(x) is not type(y) or not x.equals(y):
                return False
        elif x != y:
            return False
    return True
