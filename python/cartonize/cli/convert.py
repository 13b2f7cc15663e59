"""From the rows a command read to the library's values: numbers and units (item sizes and
weights round up, box sizes and load limits round down, as the API snaps floats), blocks as
numpy columns, blocks that end at a change of order, Items of an order's rows, and the boxes
file as a Catalog."""

from __future__ import annotations

import numpy as np

from .._rules import FALSE, TRUE
from .._cells import is_blank_number
from .._tables import RowErrors, numeric, plain
from .._units import LENGTH_UNITS, WEIGHT_UNITS
from ..catalog import Catalog
from ..model import Bag, Box, Item, check_items
from .files import ROW, InputError, Source, _need

LINE_NUMBERS = ("length", "width", "height", "weight", "quantity")  # the number columns of a line


def block_columns(block, names) -> dict:
    """numpy columns of a block (a pyarrow Table), for the named columns it has. Text columns
    of numbers become float64 in one vectorised cast; a column with a cell that is not a
    number stays as it is, so that the checks name that cell."""
    pa = _need("pyarrow")
    pc = _need("pyarrow.compute")
    out = {}
    for c in names:
        if c not in block.column_names:
            continue
        col = block.column(c)
        if c == "category" and not (pa.types.is_string(col.type) or pa.types.is_null(col.type)):
            # --incompatible names categories as text: a Parquet or JSON column of numbers
            # must match it (1 and '1' are one category on the command line).
            col = pc.cast(col, pa.string())
        if c in LINE_NUMBERS and pa.types.is_string(col.type) and not pc.any(
                pc.match_substring(col, "x", ignore_case=True)).as_py():
            # (Arrow's cast reads "0x10" as 16: a cell like that stays text, and is named.)
            for kind in (pa.int64(), pa.float64()):  # whole numbers stay exact (and read as such)
                try:
                    col = pc.cast(col, kind)
                    break
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    pass
        out[c] = col.to_numpy(zero_copy_only=False)
    return out


def whole_groups(blocks, key: str, rows: int):
    """Blocks that end at a change of `key` (the rows of one key value never straddle two
    blocks), from blocks whose rows are grouped by key."""
    pa = _need("pyarrow")
    carry = None
    for t in blocks:
        if carry is not None:
            t = pa.concat_tables([carry, t])
        ids = t.column(key).to_numpy(zero_copy_only=False)
        last = len(ids)
        while last > 0 and ids[last - 1] == ids[-1]:
            last -= 1
        if last == 0:  # one key fills the block: keep reading
            carry = t
            continue
        yield t.slice(0, last)
        carry = t.slice(last)
    if carry is not None and carry.num_rows:
        yield carry


def numbers(df, columns, source: Source, scale: dict | None = None, optional=(),
            hints: dict | None = None) -> dict:
    """Float arrays of number columns of a DataFrame with a ROW column, each times its
    `scale`; the first cell that is not a finite number is an InputError naming the row,
    column and value (and the column's `hints`, "(times are seconds)" say). `optional`
    columns may be absent (None then)."""
    out = {}
    rows = df[ROW].to_numpy()
    for c in columns:
        if c not in df.columns:
            if c in optional:
                out[c] = None
                continue
            raise source.fail(f"missing column {c}")
        errors = RowErrors(len(df))
        v = numeric(df[c].to_numpy(dtype=object) if df[c].dtype == object else df[c].to_numpy(),
                    c, errors, (hints or {}).get(c, ""))
        e = errors.first()
        if e is not None:
            raise source.fail(e.at(int(rows[e.row])))
        out[c] = v * (scale or {}).get(c, 1.0)
    return out


# What a boxes file gives that is read.
BOX_COLUMNS = ("id", "kind", "length", "width", "height", "max_weight", "max_gross_weight",
               "empty_weight", "cost", "stock", "outer_length", "outer_width", "outer_height",
               "max_fill", "max_height", "wall")


def read_boxes(path: str, unit: str = "mm", weight_unit: str = "g", columns: dict | None = None,
               delimiter: str | None = None, max_fill: float | None = None,
               none_ok: bool = False) -> Catalog | None:
    """A Catalog from a file with columns id, length, width, height and optionally
    max_weight (what it carries) or max_gross_weight (what it may weigh packed, its own
    empty_weight in), empty_weight, cost, stock, outer_length, outer_width, outer_height,
    max_fill (a share in (0, 1]; `max_fill` is given to the rows without one); with a column
    kind (box or bag), bag rows give their flat length and width, no height, and optionally
    max_height and wall. With `none_ok` (beside a machine), a file of no rows is None."""
    src = Source(path, "boxes", columns, delimiter)
    # Every column missing named at once (a file of bags gives no height: with a kind column,
    # each row's kind says whether it needs one).
    src.require(("id", "length", "width") + (() if "kind" in src.names() else ("height",)),
                known=BOX_COLUMNS)
    df = src.read()
    kinds = _kinds(df, src)
    if kinds is None and "height" not in df.columns:
        src.require(("id", "length", "width", "height"))
    if not len(df):
        if none_ok:
            return None
        raise src.fail("has no boxes")
    lf, wf = LENGTH_UNITS[unit], WEIGHT_UNITS[weight_unit]
    outer_cols = ("outer_length", "outer_width", "outer_height")
    scale = {"length": lf, "width": lf, "height": lf, "max_weight": wf, "empty_weight": wf,
             "max_gross_weight": wf,
             "max_height": lf, "wall": lf, **{c: lf for c in outer_cols}}
    optional = ("max_weight", "max_gross_weight", "empty_weight", "cost", "stock",
                "max_height", "wall", "max_fill") + outer_cols
    num = _box_numbers(df, src, scale, optional + (("height",) if kinds is not None else ()))
    boxes = []
    ids = df["id"].tolist()
    rows = df[ROW].tolist()
    seen: dict = {}
    for k in range(len(df)):
        def opt(name):
            col = num.get(name)
            return None if col is None or col[k] != col[k] else float(col[k])
        try:
            if ids[k] is None or (isinstance(ids[k], str) and not ids[k].strip()):
                raise ValueError("id is blank")
            if not isinstance(ids[k], (str, int, np.integer)):  # a list, a struct
                raise ValueError(f"id = {plain(ids[k])!r} is not an id (text or a number)")
            if ids[k] in seen:
                raise ValueError(f"id = {ids[k]!r} repeats row {seen[ids[k]]}")
            seen[ids[k]] = rows[k]
            stock = opt("stock")
            if stock is not None and stock != int(stock):
                raise ValueError(f"stock = {stock:g} is not a whole number")
            stock = None if stock is None else int(stock)
            fill = opt("max_fill")
            fill = max_fill if fill is None else fill
            carries = _carries(opt, wf)
            if kinds is not None and kinds[k] == "bag":
                boxes.append(_bag_row(ids[k], num, k, opt, stock, outer_cols, fill, carries))
                continue
            for c in ("max_height", "wall"):
                if opt(c) is not None:
                    raise ValueError(f"{c} = {opt(c):g} is for a bag (kind bag), and this is a box")
            if opt("height") is None:
                raise ValueError("height is blank: a box needs one (a bag says kind bag)")
            outer = None
            given = [c for c in outer_cols if opt(c) is not None]
            if given and len(given) < 3:  # part of an outer size: it was ignored
                missing = [c for c in outer_cols if c not in given]
                raise ValueError(f"{given[0]} is given but {' and '.join(missing)} "
                                 f"{'is' if len(missing) == 1 else 'are'} blank: an outer size "
                                 "needs all three (blank all three for the inner size)")
            if given:
                outer = tuple(opt(c) for c in outer_cols)
            boxes.append(Box(ids[k], *(float(num[a][k]) for a in ("length", "width", "height")),
                             max_weight=carries, cost=opt("cost"), outer=outer,
                             empty_weight=opt("empty_weight") or 0, stock=stock,
                             max_fill=fill))
        except (TypeError, ValueError) as e:
            text = str(e)  # the file's column names for Box's outer[0], [1], [2]
            for a, c in enumerate(outer_cols):
                text = text.replace(f"outer[{a}]", c)
            raise src.fail(f"row {rows[k]}: {text}") from None
    try:
        return Catalog(boxes)
    except (TypeError, ValueError) as e:
        raise src.fail(str(e)) from None


def _kinds(df, src: Source):
    """The kind column as "box" / "bag" per row (blank: box), or None without one."""
    if "kind" not in df.columns:
        return None
    out = []
    for v, r in zip(df["kind"].tolist(), df[ROW].tolist()):
        text = "" if v is None or (isinstance(v, float) and v != v) else str(v).strip().lower()
        if text not in ("", "box", "bag"):
            raise src.fail(f"row {r}: kind = {v!r} must be box or bag")
        out.append(text or "box")
    return out


def _carries(opt, wf: float):
    """What a row's box may carry, in g: max_weight, or max_gross_weight less its own
    empty_weight (BoxPacker's max_weight, say), or None for no limit."""
    carries, gross = opt("max_weight"), opt("max_gross_weight")
    if gross is None:
        return carries
    if carries is not None:
        raise ValueError(f"max_weight = {carries / wf:g} and max_gross_weight = {gross / wf:g} "
                         "are both given: give one (max_weight does not count the box's own "
                         "weight, max_gross_weight does)")
    empty = opt("empty_weight") or 0
    if gross <= empty:
        raise ValueError(f"max_gross_weight = {gross / wf:g} is not above empty_weight = "
                         f"{empty / wf:g}: the box could carry nothing")
    return gross - empty


def _bag_row(box_id, num, k: int, opt, stock, outer_cols, max_fill, carries) -> Bag:
    """One bag row: flat length and width, no height, no outer size (a bag ships at its
    filled block plus its wall)."""
    if opt("height") is not None:
        raise ValueError(f"height = {opt('height'):g} is given for a bag: a bag has a flat "
                         "length and width, and max_height for its greatest thickness")
    given = [c for c in outer_cols if opt(c) is not None]
    if given:
        raise ValueError(f"{given[0]} is given for a bag: a bag ships at its filled size plus "
                         "its wall")
    return Bag(box_id, float(num["length"][k]), float(num["width"][k]),
               max_height=opt("max_height"), cost=opt("cost"), max_weight=carries,
               empty_weight=opt("empty_weight") or 0, wall=opt("wall") or 0, stock=stock,
               max_fill=max_fill)


def _box_numbers(df, src: Source, scale: dict, optional) -> dict:
    """Box columns as floats; blank optional cells are NaN (absent), others must be numbers."""
    out = {}
    rows = df[ROW].to_numpy()
    for c in ("length", "width", "height") + tuple(optional):
        if c not in df.columns:
            continue
        raw = df[c].to_numpy(dtype=object)
        blank = np.array([is_blank_number(v) for v in raw], dtype=bool)
        if c not in optional and blank.any():
            r = int(np.argmax(blank))
            raise src.fail(f"row {int(rows[r])}: {c} is blank")
        errors = RowErrors(len(raw))
        v = numeric(np.where(blank, 0, raw), c, errors)
        e = errors.first()
        if e is not None:
            raise src.fail(e.at(int(rows[e.row])))
        v = v * scale.get(c, 1.0)
        v[blank] = np.nan
        out[c] = v
    return out


def convert_units(df, length_cols, weight_cols, unit: str, weight_unit: str):
    """Scale the number columns of a DataFrame to mm and g (for Dask partitions, whose bad
    cells the local packing reports in its message column)."""
    import pandas as pd
    lf, wf = LENGTH_UNITS[unit], WEIGHT_UNITS[weight_unit]
    df = df.copy()
    for cols, factor in ((length_cols, lf), (weight_cols, wf)):
        for c in cols:
            if c not in df.columns:
                continue
            num = pd.to_numeric(df[c], errors="coerce")
            if factor != 1.0 or not pd.api.types.is_numeric_dtype(df[c]):
                out = df[c].astype(object).copy()
                ok = num.notna()
                out[ok] = num[ok] * factor
                df[c] = out
    return df


def is_blank_id(v) -> bool:
    """An item_id cell that names nothing (absent, NaN, or blank text): the item is then
    named as an Item given no id is ("line 2"), not "" on the packer's page."""
    return v is None or v != v or (isinstance(v, str) and not v.strip())


def frame_items(rows) -> list:
    """The order lines of a DataFrame (numbers already converted) as Items; an item_id
    column names them."""
    out = []
    for r in rows.to_dict("records"):
        q = r.get("quantity", 1)
        w = r.get("weight", 0)
        o = r.get("orientation", "any")
        iid = r.get("item_id")
        rules = {}
        for f in ("group", "category"):
            v = r.get(f)
            if v is not None and v == v and str(v).strip():
                rules[f] = v
        m = r.get("max_per_box")
        if not is_blank_number(m):
            try:
                f = float(m)
                rules["max_per_box"] = int(f) if f.is_integer() else f
            except (TypeError, ValueError, OverflowError):
                rules["max_per_box"] = m  # Item names it
        a = r.get("ships_alone")
        if a is not None and a == a and str(a).strip().lower() in TRUE | {"1.0"}:
            rules["ships_alone"] = True
        st = r.get("stackable")
        if st is not None and st == st and str(st).strip().lower() in FALSE | {"0.0"}:
            rules["stackable"] = False
        ml = r.get("max_load")
        if not is_blank_number(ml):
            try:
                rules["max_load"] = float(ml)
            except (TypeError, ValueError):
                rules["max_load"] = ml  # Item names it
        try:
            out.append(Item(r["length"], r["width"], r["height"],
                            weight=0 if w is None or w != w else w,
                            quantity=1 if q is None or q != q else int(q),
                            orientation="any" if not isinstance(o, str) or not o else o,
                            id=None if is_blank_id(iid) else iid, **rules))
        except (TypeError, ValueError) as e:  # named by its row ("item: ..." said no more)
            if r.get(ROW) is None:
                raise
            raise type(e)(f"row {int(r[ROW])}: {str(e).removeprefix('item: ')}") from None
    return out


def line_numbers(df, source: Source, unit: str, weight_unit: str):
    """A DataFrame of order lines with its number columns converted and scaled to mm and g
    (InputError for the first bad cell), as the Item-based commands (render) want them."""
    lf, wf = LENGTH_UNITS[unit], WEIGHT_UNITS[weight_unit]
    num = numbers(df, LINE_NUMBERS, source, {"length": lf, "width": lf, "height": lf,
                                             "weight": wf}, optional=("weight", "quantity"))
    if "max_load" not in df.columns:
        out = df.copy()
    else:  # blank: no limit; a bad cell named with its row as pack names it
        raw = df["max_load"].to_numpy(dtype=object)
        blank = np.array([is_blank_number(v) for v in raw], dtype=bool)
        errors = RowErrors(len(raw))
        v = numeric(np.where(blank, 0, raw), "max_load", errors)
        errors.add(~blank & (v < 0), "max_load", raw, "must be a weight of at least 0")
        e = errors.first()
        if e is not None:
            raise source.fail(e.at(int(df[ROW].to_numpy()[e.row])))
        out = convert_units(df, (), ("max_load",), unit, weight_unit)
    for c, v in num.items():
        if v is not None:
            out[c] = v
    return out


KEY = "__order_key"  # the id as the user named it (orders_of)


def _id_spelling(v, names) -> str | None:
    """The spelling of id `v` among `names`: Python's (1.0, True, a time) or a date's."""
    for text in (str(v), getattr(v, "date", lambda: None)() and v.date().isoformat()):
        if text in names:
            return text
    return None


def orders_of(source, ids, args) -> dict:
    """{order id: its Items} for the orders named in `ids` (text, as written), their rows
    gathered from every block of the file (an order's rows may lie anywhere); InputError
    naming an id no row has, or an order whose rows are bad."""
    pa = _need("pyarrow")
    pc = _need("pyarrow.compute")
    names = [str(i) for i in ids]
    wanted = pa.array(names, pa.string())
    parts = []
    for t in source.batches(args.chunk_rows):
        col = t.column("order_id")
        source.check_id_type(col.type, "order_id")
        # An id as the user may write it: Arrow's text, and for a float, a truth or a time
        # (Parquet) the text pack writes ("1.0", "True", "2020-01-01").
        key = pc.cast(col, pa.string()).to_pylist()
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)
                or pa.types.is_integer(col.type)):
            key = [k if k in names else _id_spelling(v, names)
                   for k, v in zip(key, col.to_pylist())]
        t = t.append_column(KEY, pa.array(key, pa.string()))
        match = pc.is_in(t.column(KEY), value_set=wanted)
        if pc.any(match).as_py():
            parts.append(t.filter(match))
    rows = pa.concat_tables(parts).to_pandas() if parts else None
    found = set() if rows is None else set(rows[KEY])
    missing = [n for n in names if n not in found]
    if missing:
        raise InputError(f"{source.path}: no order with order_id {missing[0]!r}")
    if "orientation" not in rows.columns and args.orientation:
        rows["orientation"] = args.orientation
    key = rows.pop(KEY)
    rows = line_numbers(rows, source, args.unit, args.weight_unit)
    out = {}
    for oid in dict.fromkeys(str(i) for i in ids):
        try:
            out[oid] = list(check_items(frame_items(rows[key == oid])))  # (too many copies)
        except (TypeError, ValueError) as e:
            raise InputError(f"{source.path}: order {oid}: {e}") from None
        if not sum(it.quantity for it in out[oid]):
            raise InputError(f"{source.path}: order {oid} has no item to pack (its quantities "
                             "are 0)")
    return out
