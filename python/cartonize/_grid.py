"""Conversion of user numbers to the integer grid the core computes on.

Every length is an integer in the caller's unit (mm by convention) and every weight an integer
(g by convention). Floats snap conservatively so that a reported fit is always a real fit:
item lengths and weights round up, box lengths round down; load limits round up as the
weights they are compared with do (a load is a sum of rounded-up weights). A float within
``SNAP_TOLERANCE`` of an integer counts as that integer, so 210.0000000001 stays 210 rather
than growing a unit through float noise. For a finer grid, pass lengths in a finer unit
(0.1 mm as integers, say).
"""

from __future__ import annotations

import datetime
import math
import numbers

import numpy as np

from . import _core

SNAP_TOLERANCE = 1e-6
MAX_LENGTH = int(_core.MAX_LENGTH)
MAX_WEIGHT = int(_core.MAX_WEIGHT)
MAX_QUANTITY = int(_core.MAX_QUANTITY)
MAX_COPIES = int(_core.MAX_COPIES)
MAX_LOAD = MAX_COPIES * MAX_WEIGHT  # a load limit past the weight of any order

MAX_EXACT_COPIES = int(_core.MAX_EXACT_COPIES)

# Orientation rules and their masks over the six rotations, as the core defines them.
ORIENTATION_MASKS = dict(_core.ORIENTATION_MASKS)
ORIENTATION_NAMES = {m: k for k, m in ORIENTATION_MASKS.items()}


_NOT_NUMBERS = (bool, np.bool_, np.timedelta64, np.datetime64, datetime.timedelta,
                datetime.date)


def not_a_number(value) -> bool:
    """A bool, a duration or a date, where a number is meant: numpy's durations are integers
    to Python's number checks, and one in nanoseconds converts to a float of them (a length
    of 250 ns was packed as 250 mm)."""
    return isinstance(value, _NOT_NUMBERS)


def to_int(value, *, up: bool, what: str) -> int:
    """Snap one number to the integer grid, rounding up (``up=True``) or down."""
    if not_a_number(value) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number, got {type(value).__name__} {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{what} must be finite, got {v}")
    if abs(v) > 1e15:
        raise ValueError(f"{what} = {v} is too large for exact integer arithmetic")
    return math.ceil(v - SNAP_TOLERANCE) if up else math.floor(v + SNAP_TOLERANCE)


def snap_array(values: np.ndarray, *, up: bool, sign_kept: bool = False) -> np.ndarray:
    """``to_int`` for an array of finite floats (values beyond 1e15 are clipped there, so that
    range checks downstream still see them as too large). With `sign_kept` (sizes, weights:
    never below 0), a value below 0 stays below it, as ``weight`` keeps it: rounded up, -0.5 g
    passed as 0 g."""
    clipped = np.clip(np.asarray(values, dtype=np.float64), -1e15, 1e15)
    snapped = (np.ceil(clipped - SNAP_TOLERANCE) if up
               else np.floor(clipped + SNAP_TOLERANCE)).astype(np.int64)
    if sign_kept:
        snapped[(clipped < 0) & (snapped >= 0)] = -1
    return snapped


def _shown(value):
    """A value as a message shows it: a whole float as a whole number (a CSV's -5 is read
    as -5.0), else as given (1e18 stays 1e+18: it was written so)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def length(value, *, up: bool, what: str) -> int:
    v = to_int(value, up=up, what=what)
    if v < 1:
        if value > 0:  # a box's side under 1 is rounded down to the grid
            raise ValueError(f"{what} = {value!r} rounds down to 0: it must be at least 1")
        raise ValueError(f"{what} = {_shown(value)!r} must be positive")
    if v > MAX_LENGTH:
        raise ValueError(f"{what} = {_shown(value)!r} exceeds {MAX_LENGTH}, the largest length "
                         "that keeps volumes exact")
    return v


def weight(value, *, up: bool, what: str, limit: int = MAX_WEIGHT, kind: str = "weight") -> int:
    v = to_int(value, up=up, what=what)
    if v < 0 or value < 0:  # (snapped up, -0.5 passed as 0)
        raise ValueError(f"{what} = {_shown(value)!r} must not be negative")
    if v > limit:
        raise ValueError(f"{what} = {_shown(value)!r} exceeds {limit}, the largest supported "
                         f"{kind}")
    return v


def load_limit(value, *, what: str) -> int:
    """A copy's max_load: a weight snapped to the grid as item weights are (up), so that a
    limit given in pounds or kilograms holds the weights converted the same way (N lb bears
    N lb), 0..MAX_LOAD."""
    if not_a_number(value) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a weight or None, got {value!r}")
    if not isinstance(value, numbers.Integral):
        f = float(value)
        if 1e15 < f <= MAX_LOAD:  # a whole number already, past to_int's exact range
            return int(f)
    return weight(value, up=True, what=what, limit=MAX_LOAD, kind="load")


def quantity(value, *, what: str) -> int:
    if not_a_number(value):
        raise TypeError(f"{what} must be a whole number, got {value!r}")
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{what} must be a whole number, got {value!r}")
    v = int(value)
    if v < 0:
        raise ValueError(f"{what} = {v} must not be negative")
    if v > MAX_QUANTITY:
        raise ValueError(f"{what} = {v} exceeds {MAX_QUANTITY}")
    return v


def orientation(value, *, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be one of {', '.join(map(repr, ORIENTATION_MASKS))}, "
                        f"got {value!r}")
    if value not in ORIENTATION_MASKS:
        raise ValueError(f"{what} = {value!r} is unknown; use "
                         + ", ".join(repr(k) for k in ORIENTATION_MASKS))
    return value


def fill_ppm(max_fill) -> int:
    """A fill limit in whole parts per million of the inner volume, rounded down (a limit
    holds: 0.4999999 is 499,999, not 500,000), past a float's last digit (0.000249 is 249
    where 0.000249 x 10^6 is 248.99999999999997); None: all of it."""
    return 10**6 if max_fill is None else math.floor(max_fill * 1e6 + 1e-6)


def fill_hold(volume: int, max_fill) -> int:
    """The content volume a space of `volume` mm3 may take under `max_fill` (None: all):
    volume x its parts per million / 10^6, rounded down, exactly as the core counts it."""
    return volume if max_fill is None else volume * fill_ppm(max_fill) // 10**6
