"""consolidate and pair_scores: which of one consumer's parcels ship together.

Parcels are grouped by key: a consumer on one lane (parcels of different lanes never share a
package). Per key, candidate groups grow in rounds: pairs, then each feasible group extended by
a later parcel of the same key, pruned by the time window, max_wait, weight, value and
max_parcels of the lane's policy before any geometry. The box fits of every candidate of a
round come from the C++ core in one batch call, decided as pack() decides them (the heuristic,
then the exact search for groups of at most ``exact_max_copies`` parcels); a group no box holds
is not extended. Each group is priced at its cheapest box (box cost + the cheapest service of
the lane that takes the box at its outer size and gross weight + waiting). Then each key's
parcels are partitioned at least total cost: exactly (a DP over subsets) up to
``exact_limit`` parcels, by greedy merging of the pair of groups that saves most beyond.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np

from .. import _core, _grid
from .._interrupts import interruptible
from .._options import MAX_EXACT_COPIES, check_search, check_threads, check_whole
from .._tables import RowErrors, group_rows, numeric, plain, table_columns
from ..catalog import Catalog
from ..tariff import MICRO
from . import kernels as K
from .policy import MAX_TIME, MAX_VALUE, ConsolidationPolicy
from .rates import DEFAULT_LANE, Rates

PARCEL_COLUMNS = ("parcel_id", "consumer_id", "ready", "deadline", "length", "width", "height",
                  "weight", "value")
OPTIONAL_COLUMNS = ("lane", "known", "eta")
MAX_LOCAL = 62  # parcels per key that a group mask can name


@dataclass(frozen=True)
class ConsolidationResult:
    """``groups``: one row per package (a group, or a parcel left alone): group_id,
    consumer_id, lane, parcel_ids, n_parcels, box_id (None alone), service, ship_at, cost,
    cost_alone, saving (currency). ``assignments``: parcel_id -> group_id. ``consumers``: one
    row per consumer and lane: consumer_id, lane, n_parcels, method ("exact", "greedy",
    "single" for one parcel, or "alone" beyond 62 parcels), cost, cost_alone, saving.
    ``lanes``: per lane, parcels, packages, cost, cost_alone, saving."""

    groups: object
    assignments: object
    consumers: object
    lanes: object = None

    @property
    def saving(self) -> float:
        return float(self.groups["saving"].sum())


class Parcels:
    """Validated parcels, sorted by key (consumer and lane, in order of first appearance), as
    int64 arrays. ``known`` (default ready; never after ready) and ``eta`` (default ready)
    are read when present."""

    def __init__(self, parcels):
        kind, cols, n = table_columns(parcels, PARCEL_COLUMNS, "parcels")
        errors = RowErrors(n)
        present = [c for c in ("known", "eta") if c in cols]
        num = {k: numeric(cols[k], k, errors) for k in PARCEL_COLUMNS[2:] + tuple(present)}
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
        errors.add(num["value"] > MAX_VALUE, "value", cols["value"], f"exceeds {MAX_VALUE}")
        for k in ("ready", "deadline") + tuple(present):
            errors.add(np.abs(num[k]) > MAX_TIME, k, cols[k],
                       f"is beyond {MAX_TIME:.0e} seconds (times are seconds, not "
                       "milliseconds or nanoseconds)")
        ints["ready"] = _grid.snap_array(num["ready"], up=True)
        ints["deadline"] = _grid.snap_array(num["deadline"], up=False)
        for k in present:
            ints[k] = _grid.snap_array(num[k], up=True)
        late = (ints["deadline"] < ints["ready"]) & ~errors.bad
        for r in np.flatnonzero(late)[:1]:
            errors.add_one(r, "deadline", cols["deadline"][r],
                           f"is before ready = {plain(cols['ready'][r])!r}")
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
            raise ValueError(f"parcels: parcel_id = {plain(uniques[r])!r} appears more than "
                             f"once (rows {', '.join(map(str, np.flatnonzero(codes == r)[:3]))}"
                             "); parcel ids must be unique")
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


def canonical_order(P: "Parcels") -> None:
    """Reorder each key's parcels by (ready, deadline, known, eta, weight, value, sides, id as
    text), in place: a plan that breaks ties by position then depends on the parcels, not on
    the row order of the input (simulate's plans under uncertainty do)."""
    keys = np.repeat(np.arange(len(P.n_local)), P.n_local)
    id_rank = np.argsort(np.argsort(np.array([str(v) for v in P.parcel_id.tolist()]),
                                    kind="stable"), kind="stable")
    order = np.lexsort((id_rank, P.height, P.width, P.length, P.value, P.weight, P.eta,
                        P.known, P.deadline, P.ready, keys))
    for name in ("parcel_id", "lane", "ready", "deadline", "length", "width", "height", "weight",
                 "value", "known", "eta", "volume", "longest", "girth"):
        setattr(P, name, getattr(P, name)[order])
    P.perm = P.perm[order]


def _factorize(values: np.ndarray, name: str):
    """Codes by first appearance, and the distinct values as a list: a blank value or one that
    is not an id is a ValueError naming its row (see _tables.group_rows)."""
    codes, uniques, _, _ = group_rows(values, name, "parcels")
    return codes.astype(np.int64), list(np.asarray(uniques, dtype=object))


@contextlib.contextmanager
def numba_threads(threads):
    """Numba's thread count for the duration of a call (None: leave it as it is)."""
    if threads is None:
        yield
        return
    import numba
    threads = check_threads(threads)
    previous = numba.get_num_threads()
    numba.set_num_threads(min(int(threads), numba.config.NUMBA_NUM_THREADS))
    try:
        yield
    finally:
        numba.set_num_threads(previous)


class Engine:
    """The catalogue, the lanes' rates and the parcels' own prices, for the kernels."""

    def __init__(self, P: Parcels, catalog: Catalog, tariff, policy, threads,
                 exact_max_copies: int = 8, node_limit: int = 10_000):
        if not isinstance(catalog, Catalog):
            raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
        if catalog.on_demand:
            raise ValueError("consolidation packs into stocked boxes: give a Catalog without "
                             "on_demand machines")
        self.P, self.catalog, self.threads = P, catalog, threads or 0
        self.exact_max_copies, self.node_limit = exact_max_copies, node_limit
        self.rates = R = Rates(tariff, policy, P.lanes)
        boxes = catalog.boxes
        outer = np.sort(np.array([b.outer for b in boxes], dtype=np.int64).reshape(-1, 3), axis=1)
        self.box_volume = outer.prod(axis=1)
        self.box_longest = outer[:, 2]
        self.box_girth = outer[:, 2] + 2 * (outer[:, 0] + outer[:, 1])
        self.box_empty = np.array([b.empty_weight for b in boxes], dtype=np.int64)
        self.box_limit = np.array([-1 if b.max_weight is None else b.max_weight for b in boxes],
                                  dtype=np.int64)
        from ..tariff import to_micro
        self.box_cost = np.array([to_micro(b.cost, f"box {b.id!r} cost") for b in boxes],
                                 dtype=np.int64)
        self.max_net = R.gross - int(self.box_empty.min())
        self.alone, self.alone_service = K.alone_prices(P.volume, P.longest, P.girth, P.weight,
                                                        P.lane, R.svc_start, R.S)
        self._check_prices(self.alone, np.arange(len(self.alone)), "shipped alone")

    def _check_prices(self, prices, rows, what) -> None:
        over = np.flatnonzero(prices == K.OVERFLOW)
        if len(over):
            raise OverflowError(f"parcels: row {int(self.P.perm[rows[over[0]]])}: the price of "
                                f"the parcel {what} overflows 64-bit micro-units")
        bad = np.flatnonzero(prices == -1)
        if len(bad):
            i = rows[bad[0]]
            lane = self.P.lane_name[self.P.lane[i]]
            raise ValueError(f"parcels: row {int(self.P.perm[i])}: no service of lane "
                             f"{lane!r} takes parcel {plain(self.P.parcel_id[i])!r} {what} "
                             f"({int(self.P.weight[i])} g, longest side "
                             f"{int(self.P.longest[i])} mm)")

    def extend(self, cons, masks, ready=None, late=None, deadline=None):
        P, R = self.P, self.rates
        return K.extend(cons, masks, P.cstart, P.ready if ready is None else ready,
                        P.ready if late is None else late,
                        P.deadline if deadline is None else deadline, P.weight, P.value,
                        P.key_lane, self.max_net, R.value, R.parcels, R.wait)

    def fits(self, cons, masks):
        """(groups, boxes) uint8: does the box hold the group, decided as pack() decides."""
        P = self.P
        off, L, W, H, M = K.group_lines(cons, masks, P.cstart, P.length, P.width, P.height,
                                        P.weight)
        ones = np.ones(len(L), dtype=np.int64)
        return _core.fit_matrix(self.catalog._core, off, L, W, H, M, ones,
                                np.full(len(L), _grid.ORIENTATION_MASKS["any"], dtype=np.uint8),
                                self.threads, self.exact_max_copies, self.node_limit)

    def price(self, cons, masks, ready=None, waiting: bool = True):
        """Cost, box, service and ship time of candidate groups (waiting at the latest of
        `ready`, unless `waiting` is False: box and shipping alone): one batch fit call to the
        core."""
        P, R = self.P, self.rates
        if len(masks) == 0:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z, z
        ready = P.ready if ready is None else ready
        out = K.price_groups(cons, masks, self.fits(cons, masks), P.cstart, ready, P.deadline,
                             P.weight, P.value, P.key_lane, self.box_volume, self.box_longest,
                             self.box_girth, self.box_empty, self.box_limit, self.box_cost,
                             R.gross, R.rate if waiting else np.zeros_like(R.rate),
                             R.svc_start, R.S)
        if (out[0] == K.OVERFLOW).any():
            raise OverflowError("a consolidated package's price overflows 64-bit micro-units")
        return out


def _initial(P: Parcels, eligible):
    cons = np.repeat(np.arange(len(P.n_local)), P.n_local)
    local = np.arange(len(cons)) - P.cstart[cons]
    keep = eligible[cons]
    return cons[keep].astype(np.int64), (np.int64(1) << local[keep]).astype(np.int64)


def enumerate_groups(E: Engine, eligible, max_size=None, ready=None, late=None, deadline=None,
                     waiting: bool = True):
    """All feasible groups of the eligible keys, grown round by round: (key, mask, cost, box,
    service, ship). `ready`, `late`, `deadline` widen the time window (see kernels.extend);
    waiting=False prices box and shipping alone."""
    cons, masks = _initial(E.P, eligible)
    found = []
    size = 1
    while len(masks) and (max_size is None or size < max_size):
        cons, masks = E.extend(cons, masks, ready, late, deadline)
        size += 1
        cost, box, svc, ship = E.price(cons, masks, waiting=waiting)
        ok = cost >= 0
        cons, masks = cons[ok], masks[ok]
        found.append((cons, masks, cost[ok], box[ok], svc[ok], ship[ok]))
    if not found:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z, z, z
    return tuple(np.concatenate([f[k] for f in found]) for k in range(6))


def _greedy(E: Engine, keys):
    """Greedy merging for large keys: each round, every key merges the pair of its groups
    that saves most (ties to the first pair), until no merge saves."""
    P, R = E.P, E.rates
    state = {c: [(np.int64(1) << j, int(E.alone[P.cstart[c] + j]), -1,
                  int(E.alone_service[P.cstart[c] + j]), int(P.ready[P.cstart[c] + j]))
                 for j in range(P.n_local[c])] for c in keys}
    active = list(keys)
    while active:
        cons, masks, pairs = [], [], []
        for c in active:
            lane = P.key_lane[c]
            groups = state[c]
            for a in range(len(groups)):
                for b in range(a + 1, len(groups)):
                    m = groups[a][0] | groups[b][0]
                    local = [j for j in range(P.n_local[c]) if (m >> j) & 1]
                    rows = P.cstart[c] + np.array(local)
                    t = P.ready[rows].max()
                    if (len(local) > R.parcels[lane] or t > P.deadline[rows].min()
                            or t - P.ready[rows].min() > R.wait[lane]
                            or P.weight[rows].sum() > E.max_net[lane]
                            or P.value[rows].sum() > R.value[lane]):
                        continue
                    cons.append(c)
                    masks.append(m)
                    pairs.append((c, a, b))
        cost, box, svc, ship = E.price(np.array(cons, dtype=np.int64),
                                       np.array(masks, dtype=np.int64))
        best = {}
        for k, (c, a, b) in enumerate(pairs):
            if cost[k] < 0:
                continue
            saving = state[c][a][1] + state[c][b][1] - int(cost[k])
            if saving > 0 and (c not in best or saving > best[c][0]):
                best[c] = (saving, a, b, k)
        for c, (_, a, b, k) in best.items():
            groups = state[c]
            merged = (masks[k], int(cost[k]), int(box[k]), int(svc[k]), int(ship[k]))
            state[c] = [g for i, g in enumerate(groups) if i not in (a, b)] + [merged]
        active = sorted(best)
    return state


@interruptible
def consolidate(parcels, catalog: Catalog, tariff, policy, *, exact_limit: int = 12,
                exact_max_copies: int = 8, node_limit: int = 10_000,
                threads=None) -> ConsolidationResult:
    """Group each consumer's parcels into packages at the least total cost.

    ``parcels``: a pandas DataFrame, an Arrow table or a dict of arrays with columns
    parcel_id, consumer_id, ready, deadline (seconds), length, width, height (mm), weight (g),
    value (minor currency units), and optionally ``lane``. A parcel left alone keeps its
    packaging and ships at its ready time at the price of its own size and weight. A group of
    two or more of one consumer and lane ships in one stocked catalogue box (a catalogue with
    ``on_demand`` machines is refused: ValueError) (Box.cost in currency) at
    its latest ready time, if that is within every deadline and max_wait of every ready time,
    the box holds the parcels (decided as :func:`pack` decides: the heuristic, then the exact
    search for groups of at most ``exact_max_copies``) and carries their weight, and the gross
    weight, value and count stay within the lane's policy.

    ``tariff``: a :class:`Tariff`, a list of them (services: each package ships by the
    cheapest that takes it) or a dict lane -> either; ``policy``: a
    :class:`ConsolidationPolicy` or a dict lane -> policy. Exact up to ``exact_limit`` parcels
    per consumer and lane, greedy beyond (``result.consumers.method``). Money is computed
    exactly in micro-units and reported in currency. ``threads`` (None: all cores) sets the C++
    and Numba threads; the result does not depend on it.
    """
    with numba_threads(threads):
        exact_limit = check_whole(exact_limit, "exact_limit", 1, 20)
        _, node_limit, exact_max_copies = check_search(True, node_limit, exact_max_copies)
        P = Parcels(parcels)
        E = Engine(P, catalog, tariff, policy, threads, exact_max_copies, node_limit)
        return _consolidate(P, E, exact_limit)


def _consolidate(P: Parcels, E: Engine, exact_limit: int) -> ConsolidationResult:
    n = P.n_local
    exact = (n >= 2) & (n <= exact_limit)
    feasible = enumerate_groups(E, exact)
    cons, masks = feasible[0], feasible[1]
    order = np.lexsort((masks, cons))
    feasible = tuple(a[order] for a in feasible)
    cons, masks, cost = feasible[0], feasible[1], feasible[2]
    gstart = np.searchsorted(cons, np.arange(len(n) + 1)).astype(np.int64)
    part = np.zeros(len(P.parcel_id), dtype=np.int64)
    K.best_partitions(P.cstart, E.alone, gstart, masks, cost, exact_limit, part)
    greedy = [int(c) for c in np.flatnonzero((n > exact_limit) & (n <= MAX_LOCAL))]
    greedy_state = _greedy(E, greedy) if greedy else {}
    return _tables(P, E, n, exact, part, feasible, greedy_state)


def _tables(P, E, n, exact, part, feasible, greedy_state):
    """The result tables, built with array operations (one row per package)."""
    import pandas as pd
    n_parcels = len(P.parcel_id)
    cons_of = np.repeat(np.arange(len(n)), n)
    local = np.arange(n_parcels) - P.cstart[cons_of]
    # Each parcel's group: its mask among the key's parcels (0 = alone), and a label, the
    # lowest local index in the group.
    gmask = np.zeros(n_parcels, dtype=np.int64)
    in_exact = exact[cons_of]
    gmask[in_exact] = part[in_exact]
    greedy_info = {}
    for c, groups in greedy_state.items():
        for m, co, bx, sv, sh in groups:
            m = int(m)
            bits = [j for j in range(n[c]) if (m >> j) & 1]
            if len(bits) > 1:
                gmask[P.cstart[c] + np.array(bits)] = m
                greedy_info[(c, m)] = (co, bx, sv, sh)
    multi = (gmask != 0) & ((gmask & (gmask - 1)) != 0)
    low = gmask & -gmask
    label = np.where(multi, np.log2(np.where(multi, low, 1)).astype(np.int64), local)
    order = np.lexsort((local, label, cons_of))
    oc, ol = cons_of[order], label[order]
    start = np.flatnonzero(np.r_[True, (oc[1:] != oc[:-1]) | (ol[1:] != ol[:-1])]) \
        if n_parcels else np.zeros(0, dtype=np.int64)  # no parcels: no packages
    first = order[start]
    size = np.diff(np.r_[start, n_parcels])
    g_cons = cons_of[first]
    g_mask = np.where(size > 1, gmask[first], 0)
    cost = E.alone[first].copy()
    box = np.full(len(first), -1, dtype=np.int64)
    svc = E.alone_service[first].copy()
    ship = P.ready[first].copy()
    f_cons, f_mask, f_cost, f_box, f_svc, f_ship = feasible
    ex = (size > 1) & exact[g_cons]
    if ex.any():
        key = (f_cons << 21) | f_mask
        at = np.searchsorted(key, (g_cons[ex] << 21) | g_mask[ex])
        cost[ex], box[ex], svc[ex], ship[ex] = f_cost[at], f_box[at], f_svc[at], f_ship[at]
    for k in np.flatnonzero((size > 1) & ~exact[g_cons]):
        cost[k], box[k], svc[k], ship[k] = greedy_info[(int(g_cons[k]), int(g_mask[k]))]
    alone_sum = np.add.reduceat(E.alone[order], start) if len(start) else cost
    ids_sorted = P.parcel_id[order].tolist()
    bounds = np.r_[start, n_parcels].tolist()
    parcel_ids = [tuple(ids_sorted[bounds[k]:bounds[k + 1]]) for k in range(len(start))]
    box_names = np.array([b.id for b in E.catalog.boxes] + [None], dtype=object)
    g_lane = P.key_lane[g_cons]
    group_id = np.arange(len(start))
    groups = pd.DataFrame({
        "group_id": group_id, "consumer_id": P.key_consumer[g_cons],
        "lane": P.lane_name[g_lane] if len(g_lane) else P.lane_name[:0],
        "parcel_ids": parcel_ids, "n_parcels": size, "box_id": box_names[box],
        "service": E.rates.service_names(svc),
        "ship_at": ship, "cost": cost / MICRO, "cost_alone": alone_sum / MICRO,
        "saving": (alone_sum - cost) / MICRO})
    parcel_group = np.empty(n_parcels, dtype=np.int64)
    parcel_group[order] = np.repeat(group_id, size)
    assignments = pd.DataFrame({"parcel_id": P.parcel_id, "group_id": parcel_group})
    method = np.where(n == 1, "single", np.where(exact, "exact", np.where(
        n <= MAX_LOCAL, "greedy", "alone")))
    c_cost = np.zeros(len(n), dtype=np.int64)
    c_alone = np.zeros(len(n), dtype=np.int64)
    np.add.at(c_cost, g_cons, cost)  # integer micro-units: exact sums
    np.add.at(c_alone, g_cons, alone_sum)
    consumers = pd.DataFrame({"consumer_id": P.key_consumer,
                              "lane": P.lane_name[P.key_lane] if len(n) else P.lane_name[:0],
                              "n_parcels": n, "method": method,
                              "cost": c_cost / MICRO, "cost_alone": c_alone / MICRO,
                              "saving": (c_alone - c_cost) / MICRO})
    lanes = lane_table(P.lane_name, g_lane, size, cost, alone_sum)
    return ConsolidationResult(groups, assignments, consumers, lanes)


def lane_table(lane_name, g_lane, size, cost_u, alone_u):
    """Per lane (and the total): parcels, packages, cost, cost_alone, saving (currency)."""
    import pandas as pd
    L = len(lane_name)
    parcels = np.bincount(g_lane, weights=size, minlength=L).astype(np.int64)
    packages = np.bincount(g_lane, minlength=L).astype(np.int64)
    c = np.zeros(L, dtype=np.int64)
    a = np.zeros(L, dtype=np.int64)
    np.add.at(c, g_lane, cost_u)
    np.add.at(a, g_lane, alone_u)
    return pd.DataFrame({"lane": list(lane_name) + ["(all)"],
                         "parcels": np.r_[parcels, parcels.sum()],
                         "packages": np.r_[packages, packages.sum()],
                         "cost": np.r_[c, c.sum()] / MICRO,
                         "cost_alone": np.r_[a, a.sum()] / MICRO,
                         "saving": (np.r_[a, a.sum()] - np.r_[c, c.sum()]) / MICRO})


@interruptible
def pair_scores(parcels, catalog: Catalog, tariff, policy, *, exact_max_copies: int = 8,
                threads=None):
    """The consolidation score of every feasible pair of one consumer's parcels on one lane:
    the money that shipping the two together (in their cheapest box) saves over shipping them
    apart; negative when shipping together costs more. A DataFrame: consumer_id, lane,
    parcel_a, parcel_b, box_id, saving."""
    import pandas as pd
    with numba_threads(threads):
        exact_max_copies = check_whole(exact_max_copies, "exact_max_copies", 0,
                                       MAX_EXACT_COPIES)
        P = Parcels(parcels)
        E = Engine(P, catalog, tariff, policy, threads, exact_max_copies)
        eligible = (P.n_local >= 2) & (P.n_local <= MAX_LOCAL)
        cons, masks, cost, box, _, _ = enumerate_groups(E, eligible, max_size=2)
    a_rows, b_rows = [], []
    for c, m in zip(cons.tolist(), masks.tolist()):
        bits = [j for j in range(P.n_local[c]) if (m >> j) & 1]
        a_rows.append(P.cstart[c] + bits[0])
        b_rows.append(P.cstart[c] + bits[1])
    a_rows, b_rows = np.array(a_rows, dtype=np.int64), np.array(b_rows, dtype=np.int64)
    ids = np.array([b.id for b in catalog.boxes] + [None], dtype=object)[:-1]
    saving = (E.alone[a_rows] + E.alone[b_rows] - cost) / MICRO if len(cost) else np.zeros(0)
    return pd.DataFrame({"consumer_id": P.key_consumer[cons] if len(cons) else P.key_consumer[:0],
                         "lane": P.lane_name[P.key_lane[cons]] if len(cons) else P.lane_name[:0],
                         "parcel_a": P.parcel_id[a_rows] if len(a_rows) else P.parcel_id[:0],
                         "parcel_b": P.parcel_id[b_rows] if len(b_rows) else P.parcel_id[:0],
                         "box_id": ids[box] if len(box) else ids[:0],
                         "saving": saving})


__all__ = ["ConsolidationPolicy", "ConsolidationResult", "consolidate", "pair_scores"]
