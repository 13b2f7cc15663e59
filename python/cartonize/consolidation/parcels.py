"""Parcels as the kernels take them: validated once (numbers, ids, times, lanes), grouped by
key (a consumer on one lane, in order of first appearance) and held as int64 arrays."""

from __future__ import annotations

import numpy as np

from .. import _grid
from .._cells import as_written, blanks
from .._tables import (RowError, RowErrors, RowValueError, group_rows, numeric, plain,
                      table_columns)
from .policy import MAX_TIME, MAX_VALUE
from .rates import DEFAULT_LANE

PARCEL_OPTIONAL = ("lane", "known", "eta")  # read when given
TIMES, TIME_HINT = ("ready", "deadline", "known", "eta"), " (times are seconds)"
PARCEL_COLUMNS = ("parcel_id", "consumer_id", "ready", "deadline", "length", "width", "height",
                  "weight", "value")
MAX_LOCAL = 62  # parcels per key that a group mask can name


class Parcels:
    """Validated parcels, sorted by key (consumer and lane, in order of first appearance), as
    int64 arrays. ``known`` (default ready; never after ready) and ``eta`` (default ready)
    are read when present."""

    def __init__(self, parcels):
        kind, cols, n = table_columns(parcels, PARCEL_COLUMNS, "parcels",
                                      known=PARCEL_COLUMNS + PARCEL_OPTIONAL)
        errors = RowErrors(n)
        present = [c for c in ("known", "eta") if c in cols]
        for k in present:  # a blank cell is the column's default, ready (a hub's trial: one
            blank = blanks(cols[k])  # was refused, by consolidate too, which reads neither)
            if blank.any():
                cols[k] = np.where(blank, cols["ready"].astype(object), cols[k].astype(object))
        num = {k: numeric(cols[k], k, errors, TIME_HINT if k in TIMES else "")
               for k in PARCEL_COLUMNS[2:] + tuple(present)}
        ints = {}
        for k in ("length", "width", "height"):
            ints[k] = _grid.snap_array(num[k], up=True, sign_kept=True)
            errors.add(ints[k] < 1, k, cols[k], "must be positive")
            errors.add(ints[k] > _grid.MAX_LENGTH, k, cols[k],
                       f"exceeds {_grid.MAX_LENGTH} mm")  # (the command line quotes --unit)
        for k in ("weight", "value"):
            ints[k] = _grid.snap_array(num[k], up=True, sign_kept=True)
            errors.add(ints[k] < 0, k, cols[k], "must not be negative")
        errors.add(ints["weight"] > _grid.MAX_WEIGHT, "weight", cols["weight"],
                   f"exceeds {_grid.MAX_WEIGHT} g")
        errors.add(num["value"] > MAX_VALUE, "value", cols["value"], f"exceeds {MAX_VALUE}")
        for k in ("ready", "deadline") + tuple(present):
            errors.add(np.abs(num[k]) > MAX_TIME, k, cols[k],
                       f"is beyond {MAX_TIME:.0e} seconds (times are seconds, not "
                       "milliseconds, microseconds or nanoseconds)")
        ints["ready"] = _grid.snap_array(num["ready"], up=True)
        ints["deadline"] = _grid.snap_array(num["deadline"], up=False)
        for k in present:
            ints[k] = _grid.snap_array(num[k], up=True)
        late = (ints["deadline"] < ints["ready"]) & ~errors.bad
        for r in np.flatnonzero(late)[:1]:  # (in whole seconds: ready up, deadline down)
            ready = as_written(cols["ready"][r])
            errors.add_one(r, "deadline", cols["deadline"][r], (
                f"falls before ready = {ready!r} in whole seconds, as times are counted: "
                f"ready rounds up to {int(ints['ready'][r])}, the deadline down to "
                f"{int(ints['deadline'][r])}") if num["deadline"][r] >= num["ready"][r]
                else f"is before ready = {ready!r}")
        given = cols.get("lane")
        lane = np.full(n, DEFAULT_LANE, dtype=object) if given is None else given
        errors.raise_first("parcels")
        if given is None:
            l_codes, self.lanes = np.zeros(n, dtype=np.int64), [DEFAULT_LANE]
        else:
            l_codes, self.lanes = _factorize(lane, "lane")
        ids = cols["parcel_id"]
        codes, uniques, perm, _ = group_rows(ids, "parcel_id", "parcels")
        if len(uniques) != n:
            r = int(np.flatnonzero(np.bincount(codes) > 1)[0])
            again = int(np.flatnonzero(codes == r)[1])
            # A RowValueError at the second row: the command line names the file's row
            raise RowValueError("parcels", RowError(
                again, "parcel_id", plain(uniques[r]),
                "appears on an earlier row too; parcel ids must be unique"))
        c_codes, consumers = _factorize(cols["consumer_id"], "consumer_id")
        key = c_codes.astype(np.int64) * max(1, len(self.lanes)) + l_codes
        codes, uniques, perm, cstart = group_rows(key, "consumer_id", "parcels")
        first_row = perm[cstart[:-1]]
        self.kind = kind
        self.parcel_id = ids[perm]
        self.key_consumer = cols["consumer_id"][first_row]
        self.key_lane = l_codes[first_row].astype(np.int64)
        self.lane = l_codes[perm].astype(np.int64)
        self.lane_name = np.array(self.lanes + [None], dtype=object)[:-1]
        self.cstart = cstart
        self.perm = perm
        for k in ("ready", "deadline", "length", "width", "height", "weight", "value"):
            setattr(self, k, np.ascontiguousarray(ints[k][perm]))
        self.known = np.minimum(ints["known"][perm], self.ready) if "known" in ints else \
            self.ready.copy()
        self.eta = ints["eta"][perm] if "eta" in ints else self.ready.copy()
        sides = np.sort(np.stack([self.length, self.width, self.height], axis=1), axis=1)
        self.volume = self.length * self.width * self.height
        self.longest = sides[:, 2]
        self.girth = sides[:, 2] + 2 * (sides[:, 0] + sides[:, 1])
        self.n_local = np.diff(cstart)
        self.whole = np.arange(len(self.n_local))
        self.n_whole = self.n_local.copy()
        self.whole_consumer, self.whole_lane = self.key_consumer, self.key_lane

    def split_big_keys(self, ready=None) -> None:
        """Splits each key of more parcels than a group's mask names (MAX_LOCAL) into keys of
        its own, its parcels in time order (by `ready`, default the parcels' own: simulate
        passes the earliest each may be expected, as its candidate groups take it): at each
        parcel ready after the deadline of every parcel before it (no group holds parcels of
        both sides), then into near-equal runs of at most MAX_LOCAL parcels. A package never
        spans two parts; without the split such a consumer (a regular shopper over a month's
        file) shipped every parcel alone. ``whole[k]``: the consumer-and-lane key of key k,
        whose parcels number ``n_whole``; ``whole_consumer`` and ``whole_lane`` name it."""
        big = np.flatnonzero(self.n_local > MAX_LOCAL)
        if not len(big):
            return
        when = self.ready if ready is None else np.asarray(ready)
        order = np.arange(len(self.ready))
        starts = [self.cstart]
        for k in big:
            a, b = int(self.cstart[k]), int(self.cstart[k + 1])
            at = a + _canonical(self, slice(a, b), first=when[a:b])
            order[a:b] = at
            t, reach = when[at], np.maximum.accumulate(self.deadline[at])
            windows = np.r_[np.flatnonzero(np.r_[True, t[1:] > reach[:-1]]), b - a]
            for s, e in zip(windows[:-1], windows[1:]):
                runs = -(-(e - s) // MAX_LOCAL)  # as many as needed, near-equal
                starts.append(a + s + (np.arange(runs) * (e - s)) // runs)
        for name in ("parcel_id", "lane", "perm", "ready", "deadline", "length", "width",
                     "height", "weight", "value", "known", "eta", "volume", "longest", "girth"):
            setattr(self, name, getattr(self, name)[order])
        self.cut(np.concatenate(starts))

    def cut(self, at) -> None:
        """Splits keys at the parcel positions `at`: each starts a key of its own, a part of
        the same whole key (same consumer and lane)."""
        old = self.cstart
        self.cstart = np.unique(np.concatenate([old, np.asarray(at, dtype=old.dtype)]))
        self.whole = self.whole[np.searchsorted(old, self.cstart[:-1], side="right") - 1]
        self.key_consumer = self.whole_consumer[self.whole]
        self.key_lane = self.whole_lane[self.whole]
        self.n_local = np.diff(self.cstart)


def canonical_order(P: "Parcels") -> None:
    """Reorder each key's parcels by (ready, deadline, known, eta, weight, value, sides, id as
    text), in place: a plan that breaks ties by position then depends on the parcels, not on
    the row order of the input (simulate's plans under uncertainty do)."""
    order = _canonical(P, slice(None), np.repeat(np.arange(len(P.n_local)), P.n_local))
    for name in ("parcel_id", "lane", "ready", "deadline", "length", "width", "height", "weight",
                 "value", "known", "eta", "volume", "longest", "girth"):
        setattr(P, name, getattr(P, name)[order])
    P.perm = P.perm[order]


def _canonical(P: "Parcels", rows: slice, keys=None, first=None) -> np.ndarray:
    """The order of the parcels P[rows] by (key, when given, then `first`, when given, then)
    ready, deadline, known, eta, weight, value, sides and id as text."""
    ids = P.parcel_id[rows]
    id_rank = np.argsort(np.argsort(np.array([str(v) for v in ids.tolist()]), kind="stable"),
                         kind="stable")
    by = [id_rank] + [getattr(P, k)[rows] for k in (
        "height", "width", "length", "value", "weight", "eta", "known", "deadline", "ready")]
    return np.lexsort(by + [k for k in (first, keys) if k is not None])


def _factorize(values: np.ndarray, name: str):
    """Codes by first appearance, and the distinct values as a list: a blank value or one that
    is not an id is a ValueError naming its row (see _tables.group_rows)."""
    codes, uniques, _, _ = group_rows(values, name, "parcels")
    return codes.astype(np.int64), list(np.asarray(uniques, dtype=object))
