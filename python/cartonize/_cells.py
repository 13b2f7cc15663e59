"""Cells and column names in: each cell of a table read as a number one way for every entry
point, what is wrong with a row said as a structured error (row, column, value, reason) that
a caller knowing the file's row numbers can name, and columns not read that look like ones
read (``_tables`` reads tables through these)."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, replace

import numpy as np

from . import _grid


def plain(value):
    """A cell as a plain Python value for messages: -3, not np.int64(-3)."""
    return value.item() if isinstance(value, np.generic) else value


def json_plain(value):
    """An id as JSON takes it: numpy scalars as Python's, within tuples too (an id of an
    order's number and line, read from a DataFrame, holds np.int64)."""
    if isinstance(value, tuple):
        return tuple(json_plain(v) for v in value)
    return plain(value)


def as_written(value):
    """A number for a message as a file writes it: plain, and a whole float as a whole
    number (220327, not 220327.0, for a column read as floats)."""
    value = plain(value)
    return int(value) if isinstance(value, float) and value.is_integer() and \
        abs(value) < 2**53 else value


BLANK = "is blank"  # the reason of a cell with no value


def per_column(length, weight) -> dict:
    """One value for the size columns and one for the weight: a scale, say, or a unit."""
    return {"length": length, "width": length, "height": length, "weight": weight}


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row: its index in the table, the column, the value, why."""

    row: int
    column: str
    value: object
    reason: str

    @property
    def shown(self) -> str:
        """The value as a message shows it: text that reads as a number without quotes (a
        CSV cell "-3" is shown as -3), a whole float as a whole number (a CSV's -3 read as
        -3.0, as _grid says it), anything else as its repr."""
        v = _grid._shown(self.value)
        if isinstance(v, str) and _real(v):
            try:
                float(v)
                return v.strip()
            except ValueError:
                return repr(v)
        return repr(v)

    def at(self, row) -> str:
        """The message, naming the row `row` (a file's row number, say)."""
        if self.reason == BLANK:  # a null, NaN or missing cell: no value to show
            return f"row {row}: {self.column} {BLANK}"
        return f"row {row}: {self.column} = {self.shown} {self.reason}"

    def __str__(self) -> str:
        return self.at(self.row)

    def in_units(self, length: float = 1.0, weight: float = 1.0) -> "RowError":
        """Itself with a size or weight as the file holds it, in its units (`length` mm and
        `weight` g to the unit): -0.3 cm, not -3 (mm)."""
        factor = per_column(length, weight).get(self.column, 1.0)
        if factor == 1.0 or not isinstance(self.value, (int, float)) or \
                isinstance(self.value, bool):
            return self
        return replace(self, value=as_written(float(f"{self.value / factor:.10g}")))


class RowValueError(ValueError):
    """A ValueError about one row of a table, carrying the RowError (so that a caller that
    knows the rows' numbers in a file can name the file's row)."""

    def __init__(self, what: str, error: RowError):
        super().__init__(f"{what}: {error}")
        self.what, self.error = what, error


class RowErrors:
    """The first error of every bad row, by row index."""

    def __init__(self, n_rows: int):
        self.bad = np.zeros(n_rows, dtype=bool)
        self.by_row: dict[int, RowError] = {}

    def add(self, mask: np.ndarray, column: str, values, why: str) -> None:
        if not mask.any():  # the usual case: nothing to record
            return
        for r in np.flatnonzero(mask & ~self.bad)[:1_000_000]:
            self.by_row[int(r)] = RowError(int(r), column, plain(values[r]), why)
        self.bad |= mask

    def add_one(self, row: int, column: str, value, why: str) -> None:
        if not self.bad[row]:
            self.by_row[int(row)] = RowError(int(row), column, plain(value), why)
            self.bad[row] = True

    def first(self) -> RowError | None:
        return self.by_row[min(self.by_row)] if self.by_row else None

    def __bool__(self) -> bool:
        return bool(self.by_row)

    def raise_first(self, what: str) -> None:
        """ValueError naming the first bad row, if there is one."""
        if self.by_row:
            raise RowValueError(what, self.first())


def is_blank_number(value) -> bool:
    """A number cell with no value: is_blank, or text that reads as NaN ("nan", "NaN": as
    pandas writes a missing number), which the numbers read as blank too (numeric)."""
    return is_blank(value) or (isinstance(value, str) and value.strip().lower() in (
        "nan", "+nan", "-nan"))


def blanks(col: np.ndarray) -> np.ndarray:
    """Per cell of a number column, whether it is blank (is_blank_number)."""
    if col.dtype.kind == "f":
        return np.isnan(col)
    if col.dtype.kind in "OU":
        return np.array([is_blank_number(v) for v in col], dtype=bool)
    return np.zeros(len(col), dtype=bool)


def is_blank(value) -> bool:
    """A missing label: None, pandas' NA, text that is only spaces, or a value not equal to
    itself (NaN of any kind: float, numpy's, Decimal's; NaT)."""
    if value is None or (isinstance(value, str) and not value.strip()) or \
            type(value).__name__ == "NAType":
        return True
    try:
        return (value != value) is True or bool(value != value)
    except (TypeError, ValueError):  # an array, or a value that will not say: not blank here
        return False


def numeric(col: np.ndarray, name: str, errors: RowErrors, hint: str = "") -> np.ndarray:
    """A float64 copy of a column; cells that are not finite real numbers are marked bad (and
    0). Every entry point reads numbers through here, so all refuse the same cells: bools,
    complex numbers, text that is not a plain decimal number ("1_000" is refused although
    Python's float() takes it), dates (with a time zone or without). `hint` follows "is not a
    number" and "is a date, not a number" (" (times are seconds)", say)."""
    if col.dtype.kind in "iub":
        if col.dtype.kind == "b":
            errors.add(np.ones(len(col), bool), name, col, "is not a number")
        return col.astype(np.float64)
    if col.dtype.kind == "c":
        errors.add(np.ones(len(col), bool), name, col, "is not a real number")
        return np.zeros(len(col), dtype=np.float64)
    if col.dtype.kind in "mM":  # durations, dates (of nanoseconds, a float of their count)
        shown = np.array([str(v) for v in col], dtype=object)  # "250 nanoseconds", not 250
        errors.add(np.ones(len(col), bool), name, shown,
                   f"is a {'duration' if col.dtype.kind == 'm' else 'date'}, not a number{hint}")
        return np.zeros(len(col), dtype=np.float64)
    if col.dtype.kind == "f":
        out = col.astype(np.float64)
    elif col.dtype.kind in "OU" and _all_floats(col):
        out = col.astype(np.float64)
    else:
        out = np.empty(len(col), dtype=np.float64)
        bad = np.zeros(len(col), dtype=bool)
        blank = np.zeros(len(col), dtype=bool)
        dates = np.zeros(len(col), dtype=bool)
        for r, v in enumerate(col):
            if is_blank(v):  # an empty cell, None, pandas' NA
                out[r], blank[r] = 0.0, True
                continue
            if isinstance(v, (datetime.date, datetime.time, np.datetime64)):
                out[r], dates[r] = 0.0, True  # (a time zone's dates come as objects)
                continue
            if not _real(v):
                out[r], bad[r] = 0.0, True
                continue
            try:
                out[r] = float(v)
            except (TypeError, ValueError):
                out[r], bad[r] = 0.0, True
        errors.add(blank, name, col, BLANK)
        errors.add(dates, name, np.array([str(v) for v in col], dtype=object) if dates.any()
                   else col, f"is a date, not a number{hint}")
        errors.add(bad, name, col, f"is not a number{hint}")
    nonfinite = ~np.isfinite(out)
    if nonfinite.any():  # a null (Parquet, pandas, a JSON line without the key) is blank
        errors.add(np.isnan(out), name, col, BLANK)
        errors.add(nonfinite, name, col, "is not finite")
        out[nonfinite] = 0.0
    return out


def _real(v) -> bool:
    """Whether a cell may be read as a number: no bool, no complex, no text with "_"."""
    if _grid.not_a_number(v) or isinstance(v, (complex, np.complexfloating)):
        return False
    return not (isinstance(v, str) and "_" in v)


def _all_floats(col: np.ndarray) -> bool:
    """Whether every cell converts with float() (numpy's C loop) and is a real number: no
    bools, complex numbers or text with "_" among them."""
    if col.dtype.kind == "U":
        if np.char.find(col, "_").max(initial=-1) >= 0:
            return False
    elif not all(map(_real, col)):
        return False
    try:
        col.astype(np.float64)
    except (TypeError, ValueError):
        return False
    return True


# Names that mean a column cartonize reads, though they do not look like it.
_ALIASES = {"qty": "quantity", "count": "quantity", "wt": "weight", "mass": "weight",
            "len": "length", "depth": "height"}
# Words a header adds to a column's name: units and qualifiers ("Weight (g)", "item_weight",
# "quantity_ordered").
_NOISE = {"g", "kg", "lb", "lbs", "oz", "gram", "grams", "mm", "cm", "m", "in", "inch",
          "inches", "s", "item", "unit", "per", "each", "ordered", "flag", "the", "at"}


def _looks_like(name: str, known) -> str | None:
    """The column of `known` that `name` likely means, or None."""
    words = [w for w in re.split(r"[^0-9a-z]+", name.lower()) if w]
    key = "_".join(w for w in words if w not in _NOISE) or "_".join(words)
    if key in known:
        return key
    alias = _ALIASES.get(key)
    if alias in known:
        return alias
    for k in known:  # a transposed pair of letters ("wieght", "lenght")
        if len(k) == len(key) and sorted(k) == sorted(key) and \
                sum(a != b for a, b in zip(k, key)) == 2:
            return k
    close = difflib.get_close_matches(key, known, 1, 0.85)
    return close[0] if close else None


def unread_columns(names, known) -> list:
    """(name, the column of `known` it likely means) for each column not read that looks like
    one read that the table lacks: a "wieght", "Qty" or "Weight (g)" would otherwise leave
    every weight at 0 without a word. Ids that are only labels (item_id) are not guessed."""
    known = tuple(k for k in known if k != "item_id")
    guesses = ((n, _looks_like(n, known)) for n in names if isinstance(n, str) and n not in known
               and n != "item_id")
    return [(n, g) for n, g in guesses if g is not None and g not in names]


def unread_said(unread) -> str:
    """What every entry point says of columns not read that look like ones read (unread
    columns' [(name, guess)]), before its own way out."""
    return "column(s) " + ", ".join(f"{n!r} (is it {g!r}?)" for n, g in unread) + " not read"
