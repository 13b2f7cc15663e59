"""consolidate and pair_scores: which of one consumer's parcels ship together.

Per consumer, candidate groups grow in rounds: pairs, then each feasible group extended by a
later parcel of the same consumer, pruned by the time window, max_wait, weight, value and
max_parcels before any geometry. The box fits of every candidate of a round come from the C++
core in one batch call (a group no box holds is not extended); each group is priced at its
cheapest box (box cost + the carrier price of the box's outer size at gross weight + waiting).
Then each consumer's parcels are partitioned at least total cost: exactly (a DP over subsets)
up to ``exact_limit`` parcels, by greedy merging of the pair of groups that saves most beyond.
"""

from __future__ import annotations

import contextlib
import numbers
from dataclasses import dataclass

import numpy as np

from .. import _core, _grid
from .._tables import RowErrors, group_rows, numeric, plain, table_columns
from ..catalog import Catalog
from . import kernels as K
from ..tariff import MICRO, Tariff, to_micro
from .policy import ConsolidationPolicy

PARCEL_COLUMNS = ("parcel_id", "consumer_id", "ready", "deadline", "length", "width", "height",
                  "weight", "value")
MAX_LOCAL = 62  # parcels per consumer that a group mask can name


@dataclass(frozen=True)
class ConsolidationResult:
    """``groups``: one row per package (a group, or a parcel left alone): group_id,
    consumer_id, parcel_ids, n_parcels, box_id (None alone), ship_at, cost, cost_alone,
    saving (currency). ``assignments``: parcel_id -> group_id. ``consumers``: consumer_id,
    n_parcels, method ("exact", "greedy", "single" for one parcel, or "alone" beyond 62
    parcels), cost, cost_alone, saving."""

    groups: object
    assignments: object
    consumers: object

    @property
    def saving(self) -> float:
        return float(self.groups["saving"].sum())


class _Parcels:
    """Validated parcels, sorted by consumer (first appearance), as int64 arrays."""

    def __init__(self, parcels):
        kind, cols, n = table_columns(parcels, PARCEL_COLUMNS, "parcels")
        errors = RowErrors(n)
        num = {k: numeric(cols[k], k, errors) for k in PARCEL_COLUMNS[2:]}
        ints = {}
        for k in ("length", "width", "height"):
            ints[k] = _grid.snap_array(num[k], up=True)
            errors.add(ints[k] < 1, k, cols[k], "must be positive")
            errors.add(ints[k] > _grid.MAX_LENGTH, k, cols[k], f"exceeds {_grid.MAX_LENGTH}")
        for k in ("weight", "value"):
            ints[k] = _grid.snap_array(num[k], up=True)
            errors.add(ints[k] < 0, k, cols[k], "must not be negative")
        errors.add(ints["weight"] > _grid.MAX_WEIGHT, "weight", cols["weight"],
                   f"exceeds {_grid.MAX_WEIGHT}")
        ints["ready"] = _grid.snap_array(num["ready"], up=True)
        ints["deadline"] = _grid.snap_array(num["deadline"], up=False)
        late = (ints["deadline"] < ints["ready"]) & ~errors.bad
        for r in np.flatnonzero(late)[:1]:
            errors.add_one(r, "deadline", cols["deadline"][r],
                           f"is before ready = {plain(cols['ready'][r])!r}")
        errors.raise_first("parcels")
        ids = cols["parcel_id"]
        if len(set(ids.tolist())) != n:
            raise ValueError("parcels: parcel_id values must be unique")
        codes, consumers, perm, cstart = group_rows(cols["consumer_id"])
        self.kind = kind
        self.parcel_id = ids[perm]
        self.consumers = consumers
        self.cstart = cstart
        self.perm = perm
        for k, v in ints.items():
            setattr(self, k, np.ascontiguousarray(v[perm]))
        self.volume = self.length * self.width * self.height
        self.n_local = np.diff(cstart)


@contextlib.contextmanager
def _numba_threads(threads):
    """Numba's thread count for the duration of a call (None: leave it as it is)."""
    if threads is None:
        yield
        return
    import numba
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral) or threads < 1:
        raise ValueError(f"threads must be None or a positive integer, got {threads!r}")
    previous = numba.get_num_threads()
    numba.set_num_threads(min(int(threads), numba.config.NUMBA_NUM_THREADS))
    try:
        yield
    finally:
        numba.set_num_threads(previous)


def _check(catalog, tariff, policy):
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
    if not isinstance(tariff, Tariff):
        raise TypeError(f"tariff must be a Tariff, got {type(tariff).__name__}")
    if not isinstance(policy, ConsolidationPolicy):
        raise TypeError(f"policy must be a ConsolidationPolicy, got {type(policy).__name__}")


class _Engine:
    def __init__(self, P: _Parcels, catalog: Catalog, tariff: Tariff, policy, threads):
        self.P, self.catalog, self.policy, self.threads = P, catalog, policy, threads or 0
        self.t = tariff.arrays()
        boxes = catalog.boxes
        self.box_volume = np.array([int(np.prod(b.outer)) for b in boxes], dtype=np.int64)
        self.box_empty = np.array([b.empty_weight for b in boxes], dtype=np.int64)
        self.box_limit = np.array([-1 if b.max_weight is None else b.max_weight for b in boxes],
                                  dtype=np.int64)
        self.box_cost = np.array([to_micro(b.cost, f"box {b.id!r} cost") for b in boxes],
                                 dtype=np.int64)
        self.rate = to_micro(policy.wait_cost_per_hour, "wait_cost_per_hour")
        self.max_net = policy.max_weight - int(self.box_empty.min())
        self.alone = K.alone_prices(P.volume, P.weight, *self.t)
        bad = np.flatnonzero(self.alone < 0)
        if len(bad):
            r = int(P.perm[bad[0]])
            raise ValueError(f"parcels: row {r}: weight = {P.weight[bad[0]]} g (billable) is "
                             "above the tariff's last bracket")

    def extend(self, cons, masks):
        P, p = self.P, self.policy
        return K.extend(cons, masks, P.cstart, P.ready, P.deadline, P.weight, P.value,
                        self.max_net, p.max_value, p.max_parcels, p.max_wait)

    def price(self, cons, masks):
        """Cost, box and ship time of candidate groups: one batch fit call to the core."""
        P = self.P
        if len(masks) == 0:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z
        off, L, W, H, M = K.group_lines(cons, masks, P.cstart, P.length, P.width, P.height,
                                        P.weight)
        ones = np.ones(len(L), dtype=np.int64)
        fit = _core.fit_matrix(self.catalog._core, off, L, W, H, M, ones,
                               np.full(len(L), _grid.ORIENTATION_MASKS["any"], dtype=np.uint8), self.threads)
        return K.price_groups(cons, masks, fit, P.cstart, P.ready, P.deadline, P.weight,
                              P.value, self.box_volume, self.box_empty, self.box_limit,
                              self.box_cost, self.policy.max_weight, self.rate, *self.t)


def _initial(P: _Parcels, eligible):
    cons = np.repeat(np.arange(len(P.n_local)), P.n_local)
    local = np.arange(len(cons)) - P.cstart[cons]
    keep = eligible[cons]
    return cons[keep].astype(np.int64), (np.int64(1) << local[keep]).astype(np.int64)


def _enumerate(E: _Engine, eligible, max_size=None):
    """All feasible groups of the eligible consumers, grown round by round."""
    cons, masks = _initial(E.P, eligible)
    found = []
    size = 1
    while len(masks) and (max_size is None or size < max_size):
        cons, masks = E.extend(cons, masks)
        size += 1
        cost, box, ship = E.price(cons, masks)
        ok = cost >= 0
        cons, masks = cons[ok], masks[ok]
        found.append((cons, masks, cost[ok], box[ok], ship[ok]))
    if not found:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z, z
    return tuple(np.concatenate([f[k] for f in found]) for k in range(5))


def _greedy(E: _Engine, consumers):
    """Greedy merging for large consumers: each round, every consumer merges the pair of its
    groups that saves most (ties to the first pair), until no merge saves."""
    P, pol = E.P, E.policy
    state = {c: [(np.int64(1) << j, int(E.alone[P.cstart[c] + j]), -1, int(P.ready[P.cstart[c] + j]))
                 for j in range(P.n_local[c])] for c in consumers}
    active = list(consumers)
    while active:
        cons, masks, pairs = [], [], []
        for c in active:
            groups = state[c]
            for a in range(len(groups)):
                for b in range(a + 1, len(groups)):
                    m = groups[a][0] | groups[b][0]
                    local = [j for j in range(P.n_local[c]) if (m >> j) & 1]
                    rows = P.cstart[c] + np.array(local)
                    t = P.ready[rows].max()
                    if (len(local) > pol.max_parcels or t > P.deadline[rows].min()
                            or t - P.ready[rows].min() > pol.max_wait
                            or P.weight[rows].sum() > E.max_net
                            or P.value[rows].sum() > pol.max_value):
                        continue
                    cons.append(c)
                    masks.append(m)
                    pairs.append((c, a, b))
        cost, box, ship = E.price(np.array(cons, dtype=np.int64), np.array(masks, dtype=np.int64))
        best = {}
        for k, (c, a, b) in enumerate(pairs):
            if cost[k] < 0:
                continue
            saving = state[c][a][1] + state[c][b][1] - int(cost[k])
            if saving > 0 and (c not in best or saving > best[c][0]):
                best[c] = (saving, a, b, k)
        for c, (_, a, b, k) in best.items():
            groups = state[c]
            merged = (masks[k], int(cost[k]), int(box[k]), int(ship[k]))
            state[c] = [g for i, g in enumerate(groups) if i not in (a, b)] + [merged]
        active = sorted(best)
    return state


def consolidate(parcels, catalog: Catalog, tariff: Tariff, policy: ConsolidationPolicy, *,
                exact_limit: int = 12, threads=None) -> ConsolidationResult:
    """Group each consumer's parcels into packages at the least total cost.

    ``parcels``: a pandas DataFrame, an Arrow table or a dict of arrays with columns
    parcel_id, consumer_id, ready, deadline (seconds), length, width, height (mm), weight (g),
    value (minor currency units). A parcel left alone keeps its packaging and ships at its
    ready time at the price of its own size and weight. A group of two or more ships in one
    catalogue box (Box.cost in currency) at its latest ready time, if that is within every
    deadline and max_wait of every ready time, the box holds the parcels and carries their
    weight, and the gross weight, value and count stay within ``policy``. Exact up to
    ``exact_limit`` parcels per consumer, greedy beyond (see ``result.consumers.method``).
    Money is computed exactly in micro-units and reported in currency. ``threads`` (None: all
    cores) sets the C++ and Numba threads; the result does not depend on it.
    """
    with _numba_threads(threads):
        return _consolidate(parcels, catalog, tariff, policy, exact_limit, threads)


def _consolidate(parcels, catalog, tariff, policy, exact_limit, threads):
    _check(catalog, tariff, policy)
    if isinstance(exact_limit, bool) or not isinstance(exact_limit, numbers.Integral) or not (
            1 <= exact_limit <= 20):
        raise ValueError(f"exact_limit must be a whole number in 1..20, got {exact_limit!r}")
    P = _Parcels(parcels)
    E = _Engine(P, catalog, tariff, policy, threads)
    n = P.n_local
    exact = (n >= 2) & (n <= exact_limit)
    cons, masks, cost, box, ship = _enumerate(E, exact)
    order = np.lexsort((masks, cons))
    cons, masks, cost, box, ship = (a[order] for a in (cons, masks, cost, box, ship))
    gstart = np.searchsorted(cons, np.arange(len(n) + 1)).astype(np.int64)
    part = np.zeros(len(P.parcel_id), dtype=np.int64)
    K.best_partitions(P.cstart, E.alone, gstart, masks, cost, exact_limit, part)
    greedy = [int(c) for c in np.flatnonzero((n > exact_limit) & (n <= MAX_LOCAL))]
    greedy_state = _greedy(E, greedy) if greedy else {}
    return _tables(P, E, catalog, n, exact, part, (cons, masks, cost, box, ship), greedy_state)


def _tables(P, E, catalog, n, exact, part, feasible, greedy_state):
    """The result tables, built with array operations (one row per package)."""
    import pandas as pd
    n_parcels = len(P.parcel_id)
    cons_of = np.repeat(np.arange(len(n)), n)
    local = np.arange(n_parcels) - P.cstart[cons_of]
    # Each parcel's group: its mask among the consumer's parcels (0 = alone), and a label,
    # the lowest local index in the group.
    gmask = np.zeros(n_parcels, dtype=np.int64)
    in_exact = exact[cons_of]
    gmask[in_exact] = part[in_exact]
    greedy_info = {}
    for c, groups in greedy_state.items():
        for m, co, bx, sh in groups:
            m = int(m)
            bits = [j for j in range(n[c]) if (m >> j) & 1]
            if len(bits) > 1:
                gmask[P.cstart[c] + np.array(bits)] = m
                greedy_info[(c, m)] = (co, bx, sh)
    multi = (gmask != 0) & ((gmask & (gmask - 1)) != 0)
    low = gmask & -gmask
    label = np.where(multi, np.log2(np.where(multi, low, 1)).astype(np.int64), local)
    order = np.lexsort((local, label, cons_of))
    oc, ol = cons_of[order], label[order]
    start = np.flatnonzero(np.r_[True, (oc[1:] != oc[:-1]) | (ol[1:] != ol[:-1])])
    first = order[start]
    size = np.diff(np.r_[start, n_parcels])
    g_cons = cons_of[first]
    g_mask = np.where(size > 1, gmask[first], 0)
    cost = E.alone[first].copy()
    box = np.full(len(first), -1, dtype=np.int64)
    ship = P.ready[first].copy()
    f_cons, f_mask, f_cost, f_box, f_ship = feasible
    ex = (size > 1) & exact[g_cons]
    if ex.any():
        key = (f_cons << 21) | f_mask
        at = np.searchsorted(key, (g_cons[ex] << 21) | g_mask[ex])
        cost[ex], box[ex], ship[ex] = f_cost[at], f_box[at], f_ship[at]
    for k in np.flatnonzero((size > 1) & ~exact[g_cons]):
        cost[k], box[k], ship[k] = greedy_info[(int(g_cons[k]), int(g_mask[k]))]
    alone_sum = np.add.reduceat(E.alone[order], start) if len(start) else cost
    ids_sorted = P.parcel_id[order].tolist()
    bounds = np.r_[start, n_parcels].tolist()
    parcel_ids = [tuple(ids_sorted[bounds[k]:bounds[k + 1]]) for k in range(len(start))]
    box_names = np.array([b.id for b in catalog.boxes] + [None], dtype=object)
    group_id = np.arange(len(start))
    groups = pd.DataFrame({
        "group_id": group_id, "consumer_id": P.consumers[g_cons], "parcel_ids": parcel_ids,
        "n_parcels": size, "box_id": box_names[box], "ship_at": ship, "cost": cost / MICRO,
        "cost_alone": alone_sum / MICRO, "saving": (alone_sum - cost) / MICRO})
    parcel_group = np.empty(n_parcels, dtype=np.int64)
    parcel_group[order] = np.repeat(group_id, size)
    assignments = pd.DataFrame({"parcel_id": P.parcel_id, "group_id": parcel_group})
    method = np.where(n == 1, "single", np.where(exact, "exact", np.where(
        n <= MAX_LOCAL, "greedy", "alone")))
    c_cost = np.zeros(len(n), dtype=np.int64)
    c_alone = np.zeros(len(n), dtype=np.int64)
    np.add.at(c_cost, g_cons, cost)  # integer micro-units: exact sums
    np.add.at(c_alone, g_cons, alone_sum)
    consumers = pd.DataFrame({"consumer_id": P.consumers, "n_parcels": n, "method": method,
                              "cost": c_cost / MICRO, "cost_alone": c_alone / MICRO,
                              "saving": (c_alone - c_cost) / MICRO})
    return ConsolidationResult(groups, assignments, consumers)


def pair_scores(parcels, catalog: Catalog, tariff: Tariff, policy: ConsolidationPolicy, *,
                threads=None):
    """The consolidation score of every feasible pair of one consumer's parcels: the money
    that shipping the two together (in their cheapest box) saves over shipping them apart;
    negative when shipping together costs more. A DataFrame: consumer_id, parcel_a, parcel_b,
    box_id, saving."""
    with _numba_threads(threads):
        return _pair_scores(parcels, catalog, tariff, policy, threads)


def _pair_scores(parcels, catalog, tariff, policy, threads):
    import pandas as pd
    _check(catalog, tariff, policy)
    P = _Parcels(parcels)
    E = _Engine(P, catalog, tariff, policy, threads)
    eligible = (P.n_local >= 2) & (P.n_local <= MAX_LOCAL)
    cons, masks, cost, box, _ = _enumerate(E, eligible, max_size=2)
    a_rows, b_rows = [], []
    for c, m in zip(cons.tolist(), masks.tolist()):
        bits = [j for j in range(P.n_local[c]) if (m >> j) & 1]
        a_rows.append(P.cstart[c] + bits[0])
        b_rows.append(P.cstart[c] + bits[1])
    a_rows, b_rows = np.array(a_rows, dtype=np.int64), np.array(b_rows, dtype=np.int64)
    ids = np.array([b.id for b in catalog.boxes] + [None], dtype=object)[:-1]
    saving = (E.alone[a_rows] + E.alone[b_rows] - cost) / MICRO if len(cost) else np.zeros(0)
    return pd.DataFrame({"consumer_id": P.consumers[cons] if len(cons) else P.consumers[:0],
                         "parcel_a": P.parcel_id[a_rows] if len(a_rows) else P.parcel_id[:0],
                         "parcel_b": P.parcel_id[b_rows] if len(b_rows) else P.parcel_id[:0],
                         "box_id": ids[box] if len(box) else ids[:0],
                         "saving": saving})
