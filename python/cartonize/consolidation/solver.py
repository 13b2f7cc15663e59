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

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .._interrupts import interruptible
from .._typing import LanePolicies, LaneTariffs, Table
from .._options import check_search, check_whole
from .._tables import results_equal
from ..catalog import Catalog
from ..tariff import MICRO
from .engine import K, Engine
from .groups import greedy_merge, enumerate_groups
from .parcels import MAX_LOCAL, Parcels
from .._threads import numba_threads


@dataclass(frozen=True, eq=False)
class ConsolidationResult:
    """``groups``: one row per package (a group, or a parcel left alone): group_id,
    consumer_id, lane, parcel_ids, n_parcels, box_id (None alone), gross_weight (g: the
    parcels' and the box's own), service, shipped_at, cost, cost_alone, saving (currency). ``assignments``: parcel_id -> group_id. ``consumers``: one
    row per consumer and lane: consumer_id, lane, n_parcels, method ("single" for one
    parcel, "exact", "greedy", or "windows" beyond 62 parcels), cost, cost_alone, saving.
    ``lanes``: per lane (by name) and "(all)": parcels, packages, cost, cost_alone, saving."""

    groups: object
    assignments: object
    consumers: object
    lanes: object = None

    __eq__ = results_equal  # the tables compared whole

    @property
    def saving(self) -> float:
        return float(self.groups["saving"].sum())


@interruptible
def consolidate(parcels: Table, catalog: Catalog, tariff: LaneTariffs, policy: LanePolicies, *,
                exact_limit: int = 12, exact_max_copies: int = 8, node_limit: int = 10_000,
                threads: Optional[int] = None) -> ConsolidationResult:
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
    per consumer and lane, greedy beyond (``result.consumers.method``); beyond 62 parcels,
    in parts settled each alone, the parcels in time order (method "windows"): split where a
    parcel is ready after the deadline of every earlier one (no package could span it), then
    into as few runs of near-equal length as hold at most 62 each. Money is computed
    exactly in micro-units and reported in currency. ``threads`` (None: every core the process may run on) sets the C++
    and Numba threads; the result does not depend on it.
    """
    with numba_threads(threads):
        exact_limit = check_whole(exact_limit, "exact_limit", 1, 20)
        _, node_limit, exact_max_copies = check_search(True, node_limit, exact_max_copies)
        P = Parcels(parcels)
        P.split_big_keys()
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
    greedy_state = greedy_merge(E, greedy) if greedy else {}
    return _tables(P, E, n, exact, part, feasible, greedy_state, exact_limit)


def _tables(P, E, n, exact, part, feasible, greedy_state, exact_limit):
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
        "parcel_ids": parcel_ids, "n_parcels": size,
        "box_id": pd.Series(box_names[box], dtype=object),  # None alone, with pandas 3 too
        "gross_weight": gross_weights(P, E, order, start, box),
        "service": E.rates.service_names(svc),
        "shipped_at": ship, "cost": cost / MICRO, "cost_alone": alone_sum / MICRO,
        "saving": (alone_sum - cost) / MICRO})
    parcel_group = np.empty(n_parcels, dtype=np.int64)
    parcel_group[order] = np.repeat(group_id, size)
    assignments = pd.DataFrame({"parcel_id": P.parcel_id, "group_id": parcel_group})
    # Per consumer and lane (a key split in parts, Parcels._split_big_keys, sums its parts).
    whole = P.n_whole
    c_cost = np.zeros(len(whole), dtype=np.int64)
    c_alone = np.zeros(len(whole), dtype=np.int64)
    np.add.at(c_cost, P.whole[g_cons], cost)  # integer micro-units: exact sums
    np.add.at(c_alone, P.whole[g_cons], alone_sum)
    consumers = pd.DataFrame({"consumer_id": P.whole_consumer,
                              "lane": P.lane_name[P.whole_lane] if len(whole) else P.lane_name[:0],
                              "n_parcels": whole, "method": method_of(whole, exact_limit),
                              "cost": c_cost / MICRO, "cost_alone": c_alone / MICRO,
                              "saving": (c_alone - c_cost) / MICRO})
    lanes = lane_table(P.lane_name, g_lane, size, cost, alone_sum)
    return ConsolidationResult(groups, assignments, consumers, lanes)


def method_of(n_parcels, exact_limit: int):
    """How a consumer's parcels on one lane are settled (ConsolidationResult.consumers)."""
    return np.where(n_parcels == 1, "single", np.where(
        n_parcels <= exact_limit, "exact", np.where(n_parcels <= MAX_LOCAL, "greedy", "windows")))


def gross_weights(P, E, order, start, box):
    """Each package's weight as it ships (g): its parcels' and its box's own (none alone)."""
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(P.weight[order], start) + np.where(box >= 0, E.box_empty[box], 0)


def lane_table(lane_name, g_lane, size, cost_u, alone_u):
    """Per lane, by name (as on a cluster, where no order of the file is kept), and the
    total: parcels, packages, cost, cost_alone, saving (currency)."""
    import pandas as pd
    L = len(lane_name)
    parcels = np.bincount(g_lane, weights=size, minlength=L).astype(np.int64)
    packages = np.bincount(g_lane, minlength=L).astype(np.int64)
    c = np.zeros(L, dtype=np.int64)
    a = np.zeros(L, dtype=np.int64)
    np.add.at(c, g_lane, cost_u)
    np.add.at(a, g_lane, alone_u)
    by_name = np.array(sorted(range(L), key=lambda k: str(lane_name[k])), dtype=np.int64)
    parcels, packages, c, a = parcels[by_name], packages[by_name], c[by_name], a[by_name]
    return pd.DataFrame({"lane": [lane_name[k] for k in by_name] + ["(all)"],
                         "parcels": np.r_[parcels, parcels.sum()],
                         "packages": np.r_[packages, packages.sum()],
                         "cost": np.r_[c, c.sum()] / MICRO,
                         "cost_alone": np.r_[a, a.sum()] / MICRO,
                         "saving": (np.r_[a, a.sum()] - np.r_[c, c.sum()]) / MICRO})


__all__ = ["ConsolidationResult", "consolidate"]
