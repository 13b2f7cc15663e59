"""The options every entry point shares, checked once in Python with their names before the
core sees them: whole numbers in their range (threads, node_limit, exact_max_copies, ...), the
exact search's settings together. An option out of range is a ValueError (a TypeError for a
value of the wrong type) that names it, never pybind11's "incompatible function arguments"
nor an OverflowError from a conversion."""

from __future__ import annotations

import numbers

import numpy as np

from . import _core

MAX_EXACT_COPIES = int(_core.MAX_EXACT_COPIES)
MAX_NODES = 2**62  # node_limit: any budget the core counts in 64 bits
# The search's defaults, as the entry points' signatures give them (pack's hot path tests
# for them: tests/test_api_contract.py holds the signatures to these).
NODE_LIMIT = 10_000
EXACT_MAX_COPIES = 8
MAX_THREADS = 1 << 16


def check_flag(value, name: str) -> bool:
    """`value` as a bool; TypeError naming `name` for anything but True or False (numpy's
    included): a string such as "no" would otherwise count as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_whole(value, name: str, lo: int, hi: int) -> int:
    """`value` as an int in lo..hi; TypeError for a value that is not a whole number (bools
    included), ValueError naming `name` and the range for one outside it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number in {lo}..{hi}, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be a whole number in {lo}..{hi}, got {value!r}")
    return int(value)


def check_effort(effort) -> int:
    """The improvement search's moves after a split (pack's ``effort``): a whole number in
    0..2^62."""
    return check_whole(effort, "effort", 0, MAX_NODES)


def check_threads(threads) -> int:
    """The core's thread count: None (every core) as 0, else a whole number in 1..65536."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral) or not (
            1 <= threads <= MAX_THREADS):
        raise ValueError(f"threads must be None or a whole number in 1..{MAX_THREADS}, "
                         f"got {threads!r}")
    return int(threads)


def check_search(exact, node_limit, exact_max_copies) -> tuple:
    """(exact, node_limit, exact_max_copies) as the core takes them, each checked by name."""
    if not isinstance(exact, (bool, np.bool_)):
        raise TypeError(f"exact must be True or False, got {exact!r}")
    return (bool(exact), check_whole(node_limit, "node_limit", 0, MAX_NODES),
            check_whole(exact_max_copies, "exact_max_copies", 0, MAX_EXACT_COPIES))


def check_progress(progress, name: str = "progress"):
    """``progress`` as the long entry points take it: False (silent), True (lines on stderr)
    or a callable(done, total) called as the work goes, in the units the entry point names.
    Returns it unchanged; TypeError for anything else."""
    if progress is True or progress is False or callable(progress):
        return progress
    raise TypeError(f"{name} must be True, False or a callable(done, total), got {progress!r}")


def check_box_ids(catalog, table: str) -> None:
    """A TypeError unless the boxes' ids fit one column of `table`: all text, or all whole
    numbers (numpy's or Python's), or all of another one scalar type."""
    def sort(v):
        if isinstance(v, (bool, np.bool_)):
            return "bool"
        if isinstance(v, (int, np.integer)):
            return "int"
        return "text" if isinstance(v, str) else type(v).__name__
    # (A box cut to size is named in text: "cut 300x200x150".)
    sorts = sorted({sort(b.id) for b in catalog.boxes}
                   | ({"text"} if catalog.on_demand else set()))
    if len(sorts) > 1 or sorts[0] not in ("text", "int", "float", "bool"):
        raise TypeError(f"box ids of {' and '.join(sorts)} cannot make {table} column: give "
                        "the boxes ids of one type, text or whole numbers")


def check_row_names(row_names, n: int):
    """`row_names` (what a message calls each of `n` rows) as an array, or None; a ValueError
    naming the option unless there is one a row."""
    if row_names is None:
        return None
    names = np.asarray(row_names, dtype=object)
    if names.ndim != 1 or len(names) != n:
        raise ValueError(f"row_names: one name a row ({n} rows), got "
                         f"{names.size if names.ndim else 'one value'}")
    return names
