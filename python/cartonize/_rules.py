"""Packing rules as the core takes them: the items' rule columns (group, category,
max_per_box, ships_alone) as code arrays, and one core Rules object per (incompatible pairs,
box stock, weight balance), made once and reused."""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import _core, _grid
from ._cells import is_blank_number
from ._tables import RowErrors, is_blank, numeric

RULE_COLUMNS = ("group", "category", "max_per_box", "ships_alone", "stackable", "max_load")
TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f"}

_CACHE: dict = {}


def check_incompatible(pairs) -> tuple:
    """The pairs as a tuple of 2-tuples of labels; ValueError naming a malformed pair."""
    if pairs is None:
        return ()
    if isinstance(pairs, (str, bytes)) or not hasattr(pairs, "__iter__"):
        raise TypeError("incompatible must be a sequence of (category, category) pairs, got "
                        f"{pairs!r}")
    out = []
    for k, pair in enumerate(pairs):
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise ValueError(f"incompatible[{k}] = {pair!r} must be a pair of categories")
        a, b = pair
        for v in (a, b):
            if v is None or (isinstance(v, str) and not v.strip()):
                raise ValueError(f"incompatible[{k}] = {pair!r} names an empty category")
            hash(v)
        if a == b:
            raise ValueError(f"incompatible[{k}] = {pair!r} names the same category twice")
        out.append((a, b))
    return tuple(out)


def check_support(min_support) -> float:
    """min_support as a float in 0..1, or a ValueError naming it."""
    if isinstance(min_support, bool) or not isinstance(min_support, numbers.Real):
        raise TypeError(f"min_support must be a number in 0..1, got {min_support!r}")
    v = float(min_support)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"min_support = {min_support!r} must be in 0..1")
    return v


def check_time_limit(time_limit) -> float:
    """time_limit as seconds for the core (0: none), or a TypeError / ValueError naming it."""
    if time_limit is None:
        return 0.0
    if isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real):
        raise TypeError(f"time_limit must be a number of seconds or None, got {time_limit!r}")
    v = float(time_limit)
    if v == math.inf:  # no limit, as a limit past what the core's clock counts (stop.hpp)
        return 0.0
    if not v > 0:
        raise ValueError(f"time_limit = {time_limit!r} must be a positive number of seconds "
                         "(or inf, or None: no limit)")
    return v


def time_limit_message(time_limit: float) -> str:
    return (f"time_limit of {time_limit:g} s reached: the packing found by then, any copies "
            "left packed quickly")


def categories(pairs: tuple) -> dict:
    """The categories named in incompatible pairs -> codes 0.. (at most 64)."""
    codes = {}
    for a, b in pairs:
        for v in (a, b):
            codes.setdefault(v, len(codes))
    if len(codes) > 64:
        raise ValueError(f"incompatible names {len(codes)} categories; at most 64 are supported")
    return codes


def core_rules(pairs: tuple, stock: tuple | None, balance: bool):
    """The core's Rules for these pairs, stock (per box, None: any) and balance; None when
    there is nothing to say."""
    if not pairs and stock is None and not balance:
        return None
    key = (pairs, stock, balance)
    r = _CACHE.get(key)
    if r is None:
        codes = categories(pairs)
        masks = [0] * len(codes)
        for a, b in pairs:
            masks[codes[a]] |= 1 << codes[b]
            masks[codes[b]] |= 1 << codes[a]
        r = _core.Rules(masks, None if stock is None else [-1 if s is None else s for s in stock],
                        bool(balance))
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = r
    return r


# Stock and max_per_box beyond these mean no limit in practice: the core counts in 64 bits.
MAX_STOCK = 2**62


def catalog_stock(catalog) -> tuple | None:
    stock = tuple(None if b.stock is None else min(b.stock, MAX_STOCK) for b in catalog.boxes)
    return None if all(s is None for s in stock) else stock


def _labels(col: np.ndarray, name: str, errors: RowErrors):
    """Codes of a column of labels (-1 for a blank cell), by first appearance; a cell that is
    not a label (a dict, a list) is marked bad."""
    index = {}
    values = col.tolist()
    try:
        return np.fromiter((-1 if is_blank(v) else index.setdefault(v, len(index))
                            for v in values), dtype=np.int32, count=len(col)), list(index)
    except TypeError:
        pass
    codes = np.full(len(values), -1, dtype=np.int32)
    bad = np.zeros(len(values), dtype=bool)
    for r, v in enumerate(values):
        try:
            codes[r] = -1 if is_blank(v) else index.setdefault(v, len(index))
        except TypeError:
            bad[r] = True
    errors.add(bad, name, col, "is not a label (text or a number)")
    return codes, list(index)


def rule_columns(cols: dict, n: int, pairs: tuple, errors: RowErrors,
                 weight_scale: float = 1.0) -> dict | None:
    """The rule columns of order lines (group, category, max_per_box, ships_alone,
    stackable, max_load, any of them) as the core's arrays, bad cells marked in `errors`;
    None when there are none. max_load is a weight, times `weight_scale` (to grams)."""
    if not any(c in cols for c in RULE_COLUMNS):
        return None
    out = {}
    if "group" in cols:
        out["group"], _ = _labels(cols["group"], "group", errors)
    if "category" in cols:
        codes = categories(pairs)
        labels, names = _labels(cols["category"], "category", errors)
        lookup = np.array([codes.get(v, -1) for v in names] + [-1], dtype=np.int32)
        out["category"] = lookup[labels]
    if "max_per_box" in cols:
        raw = cols["max_per_box"]
        blank = np.array([is_blank_number(v) for v in raw.tolist()], dtype=bool) \
            if raw.dtype.kind in "OUf" else np.zeros(n, bool)
        v = numeric(np.where(blank, 1, raw) if raw.dtype.kind in "OU" else
                    np.where(blank, 1.0, raw), "max_per_box", errors)
        errors.add(~blank & (v != np.floor(v)), "max_per_box", raw, "is not a whole number")
        errors.add(~blank & (v < 1), "max_per_box", raw, "must be at least 1")
        out["max_per_box"] = np.where(blank, 0, np.clip(v, 0, 1e6)).astype(np.int64)
    for name, default in (("ships_alone", 0), ("stackable", 1)):
        if name in cols:
            out[name] = _flags(cols[name], name, default, errors)
    if "max_load" in cols:
        raw = cols["max_load"]
        if raw.dtype.kind == "U":
            raw = raw.astype(object)
        blank = np.isnan(raw) if raw.dtype.kind == "f" else np.array(
            [is_blank_number(v) for v in raw.tolist()], dtype=bool) if raw.dtype.kind == "O" \
            else np.zeros(n, bool)
        if raw.dtype.kind in "fO":
            raw_filled = np.where(blank, 0, raw) if raw.dtype.kind == "O" else \
                np.where(blank, 0.0, raw)
        else:  # whole numbers, or bools and dates, which numeric refuses
            raw_filled = raw
        v = numeric(raw_filled, "max_load", errors) * weight_scale
        errors.add(~blank & ~(v >= 0), "max_load", raw, "must be a weight of at least 0")
        errors.add(~blank & (v > _grid.MAX_LOAD), "max_load", raw,
                   f"exceeds the largest supported load ({_grid.MAX_LOAD} g)")
        # Snapped up, as Item takes it and as the weights it is compared with are; only the
        # cells given (in most files a few lines have a limit). snap_array stops at 1e15: past
        # it a float is a whole number already, kept as _grid.load_limit keeps it.
        given = np.flatnonzero(~blank)
        load = np.full(n, -1, dtype=np.int64)
        w = np.nan_to_num(v[given])
        snapped = _grid.snap_array(w, up=True)
        big = (w > 1e15) & (w <= _grid.MAX_LOAD)
        snapped[big] = w[big].astype(np.int64)
        load[given] = np.clip(snapped, 0, _grid.MAX_LOAD)
        # max_load 0 is stackable=False (nothing may rest on it)
        zero = load == 0
        if zero.any():
            st = out.get("stackable", np.ones(n, np.uint8)).copy()
            st[zero] = 0
            out["stackable"] = st
        if "stackable" in cols:
            errors.add(~blank & (load > 0) & (out["stackable"] == 0) & ~zero, "max_load", raw,
                       "is given for a line that is not stackable (stackable=false is "
                       "max_load 0)")
        load[zero] = -1
        out["max_load"] = load
    return out


def _flags(raw: np.ndarray, name: str, default: int, errors: RowErrors) -> np.ndarray:
    """A column of true / false (yes / no, 1 / 0) as 0/1; a blank cell is `default`."""
    if raw.dtype.kind == "b":
        return raw.astype(np.uint8)
    flag = np.full(len(raw), default, dtype=np.uint8)
    bad = np.zeros(len(raw), dtype=bool)
    for r, v in enumerate(raw.tolist()):
        if is_blank(v):
            continue
        text = str(v).strip().lower()
        if isinstance(v, float) and v in (0.0, 1.0):
            text = str(int(v))
        if text in TRUE:
            flag[r] = 1
        elif text in FALSE:
            flag[r] = 0
        else:
            bad[r] = True
    errors.add(bad, name, raw, "is not true or false")
    return flag
