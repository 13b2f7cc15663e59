"""simulate: consolidation as it runs, parcels arriving over time.

The hub learns of a parcel at ``known`` (the order time; default its arrival), expects it at
``eta`` (default its arrival) and sees it arrive at ``ready``. Strategies:

- ``"rolling"``: at each decision, every consumer (on one lane) with news re-plans the parcels
  on hand and those announced, at their ETA (or now if overdue), with the exact DP of
  :func:`consolidate`; a planned group ships once its members are all on hand and its time has
  come; a parcel that cannot wait longer (deadline, max_wait) ships out of what is on hand.
  See sim_kernels.py for the rules.
- ``"on_arrival"``: every parcel ships alone when it arrives (the no-consolidation baseline).
- ``"offline"``: :func:`consolidate` with hindsight (the yardstick).

With ``every=None`` decisions are taken at each announcement, arrival, planned shipment and
limit; with ``every=3600`` only at wave times (multiples of `every` seconds), and shipments
leave at wave times. The candidate groups (box fits and static prices) come from the same
enumeration as consolidate, over a time window widened to every arrival a plan could expect
(between eta and ready), in batch calls to the C++ core; the event loops run in Numba,
parallel over consumers.
"""

from __future__ import annotations

import dataclasses

import sys
import time
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .._tables import plain, results_equal
from ..tariff import MICRO
from . import sim_kernels
from .._interrupts import held, interruptible
from .._typing import LanePolicies, LaneTariffs, Progress, Strategy, Table
from ..catalog import Catalog
from .._options import check_progress, check_search, check_whole
from .engine import K, Engine
from .groups import enumerate_groups
from .parcels import MAX_LOCAL, Parcels, canonical_order
from .policy import STRATEGIES
from .solver import _consolidate, gross_weights
from .._threads import numba_threads

S = held(sim_kernels)  # (Ctrl-C waits for a kernel called from here to return)


@dataclass(frozen=True, eq=False)
class Simulation:
    """``shipments``: one row per package: consumer_id, lane, parcel_ids, box_id (None for a
    parcel in its own packaging), gross_weight (g: the parcels' and the box's own), service,
    shipped_at, cost, cost_alone, saving (currency).
    ``summary``: per lane (by name) and "(all)": parcels, packages, cost, cost_alone, saving,
    mean_wait_h and p95_wait_h (hours from arrival to departure), late (parcels that left
    after their deadline). ``decisions``: how many times a consumer was planned.
    ``message``: empty, or what the run did not weigh whole (rolling: consumers whose groups
    were too many to plan at once, whose parcels were planned in runs in time order)."""

    shipments: object
    summary: object
    strategy: str
    decisions: int = 0
    message: str = ""

    __eq__ = results_equal  # the tables compared whole


@interruptible
def simulate(parcels: Table, catalog: Catalog, tariff: LaneTariffs, policy: LanePolicies, *,
             strategy: Strategy = "rolling", every: Optional[int] = None,
             exact_limit: int = 12, exact_max_copies: int = 8, node_limit: int = 10_000,
             threads: Optional[int] = None, progress: Progress = False) -> Simulation:
    """Run a consolidation hub over the parcels' arrivals with one strategy.

    ``parcels`` as for :func:`consolidate`, with optional ``known`` and ``eta`` columns (s;
    both default to ``ready``, the true arrival; a parcel is known by its arrival at the
    latest) and ``lane``; ``tariff`` and ``policy`` as for :func:`consolidate` (per lane as
    dicts). ``every``: None (decide at every event) or seconds between waves
    (offline plans in hindsight and ignores it). ``progress``:
    True for lines on stderr, or a callable(simulated time reached, last start time) called as
    the run goes (the command line draws a bar with it). ``exact_limit``, ``exact_max_copies``,
    ``node_limit`` and ``threads`` as for :func:`consolidate`. No parcel ships
    before it arrives or twice, and with ``every=None`` none ships after its deadline. With
    perfect information (known = 0, eta = ready, every=None) "rolling" costs what "offline"
    costs, for consumers of at most ``exact_limit`` parcels; with none (no parcel known
    before it arrives) it groups only parcels on hand at once, and ``message`` says so.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(map(repr, STRATEGIES))}, "
                         f"got {strategy!r}")
    if every is not None:
        every = check_whole(every, "every", 1, 10**9)
    progress = check_progress(progress)
    with numba_threads(threads):
        exact_limit = check_whole(exact_limit, "exact_limit", 1, 20)
        _, node_limit, exact_max_copies = check_search(True, node_limit, exact_max_copies)
        t0 = time.perf_counter()
        P = Parcels(parcels)
        # Rolling's parts are cut where no plan's candidate group could span (the earliest
        # each parcel may be expected, as its groups take it), not where hindsight says;
        # offline's as consolidate's, on the arrivals.
        P.split_big_keys(None if strategy == "offline" else np.minimum(P.eta, P.ready))
        canonical_order(P)  # results independent of the input's row order
        E = Engine(P, catalog, tariff, policy, threads, exact_max_copies, node_limit)
        wave = every or 0
        if strategy == "offline":
            return _result(P, _from_groups(P, _consolidate(P, E, exact_limit).groups),
                           strategy, 0)
        if strategy == "on_arrival":
            t = _waves(P.ready, wave)
            cost = E.alone + K.wait_u(E.rates.rate[P.lane], t - P.ready) if wave else E.alone
            return _result(P, _singles(P, E, np.arange(len(P.ready)), t, cost), strategy, 0)
        out = _rolling(P, E, wave, exact_limit, progress, t0)
        if len(P.ready) and (P.known >= P.ready).all():  # (a hub's trial: saving 0, unsaid)
            blind = ("no parcel is known before it arrives (known = ready, the default): rolling "
                     "cannot wait for a parcel it has not heard of, so it groups only parcels "
                     "on hand at one decision; give known (s: when the hub hears of each "
                     "parcel) and eta to let it plan")
            out = dataclasses.replace(out, message="; ".join(filter(None, (out.message, blind))))
    return out


def _waves(t, every):
    return t if not every else -(-t // every) * every


# Candidate groups of one key past which rolling plans its parcels in halves (about 50 MB).
MAX_GROUPS = 1_000_000


def _rolling(P: Parcels, E: Engine, every: int, exact_limit: int, progress: bool, t0: float):
    lo, hi = np.minimum(P.eta, P.ready), np.maximum(P.eta, P.ready)
    # A key whose candidate groups pass MAX_GROUPS is planned in halves, its parcels in time
    # order, until none does: 40 parcels of one reseller that all fit together made billions
    # of groups (a MemoryError, or the machine's memory gone), and shipping them alone lost
    # every saving.
    eligible = (P.n_local >= 2) & (P.n_local <= MAX_LOCAL)
    found, halved = [], np.zeros(0, dtype=np.int64)  # halved: whole keys planned in parts
    while eligible.any():
        dropped = np.zeros(len(P.n_local), dtype=bool)
        found.append(enumerate_groups(E, eligible, ready=lo, late=hi, waiting=False,
                                      cap=MAX_GROUPS, dropped=dropped))
        if not dropped.any():
            break
        split = np.flatnonzero(dropped)
        halved = np.union1d(halved, P.whole[split])
        before = P.cstart
        P.cut(P.cstart[split] + (P.n_local[split] + 1) // 2)
        # Keys so far renumbered; the halves' groups found next.
        found = [(np.searchsorted(P.cstart, before[f[0]]),) + tuple(f[1:]) for f in found]
        eligible = np.isin(np.searchsorted(before, P.cstart[:-1], side="right") - 1, split) & \
            (P.n_local >= 2)
    cons, masks, cost, box, svc, _ = (np.concatenate([f[k] for f in found]) if found else
                                      np.zeros(0, dtype=np.int64) for k in range(6))
    n_local = P.n_local
    order = np.lexsort((masks, cons))
    cons, masks, cost, box, svc = (a[order] for a in (cons, masks, cost, box, svc))
    gstart = np.searchsorted(cons, np.arange(len(n_local) + 1)).astype(np.int64)
    if progress is True:
        print(f"[simulate] {len(masks):,} candidate groups in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr, flush=True)
    n = len(P.ready)
    out_mask = np.zeros(n, dtype=np.int64)
    out_time = np.zeros(n, dtype=np.int64)
    out_cost = np.zeros(n, dtype=np.int64)
    out_group = np.full(n, -1, dtype=np.int64)
    R = E.rates
    # Keys in order of their first event, in chunks, so that progress can follow simulated
    # time; each key runs alone, so the chunks change no result.
    start = np.minimum.reduceat(P.known, P.cstart[:-1]) if len(P.known) else P.known
    order = np.argsort(start, kind="stable")
    chunk = max(1, len(order) // 50) if callable(progress) else max(1, len(order))
    decisions = 0
    for a in range(0, len(order), chunk):
        keys = order[a:a + chunk].astype(np.int64)
        decisions += int(S.run_keys(P.cstart, P.key_lane, P.known, P.eta, P.ready, P.deadline,
                                    E.alone, R.wait, R.rate, gstart, masks, cost, exact_limit,
                                    every, out_mask, out_time, out_cost, out_group,
                                    keys).sum())
        if callable(progress):
            progress(int(start[keys[-1]]), int(start[order[-1]]) if len(order) else 0)
    if progress is True:
        print(f"[simulate] {decisions:,} decisions in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr, flush=True)
    big = np.zeros(n, dtype=bool)  # (every key is planned)
    keys = np.repeat(np.arange(len(n_local)), n_local)
    local = np.arange(n) - P.cstart[keys]
    rows = _shipments(P, E, keys, local, big, out_mask, out_time, out_cost, out_group, box, svc,
                      every)
    result = _result(P, rows, "rolling", decisions)
    if len(halved):
        k, most = len(halved), int(n_local[np.isin(P.whole, halved)].max())
        first = int(halved[0])
        lane = P.lane_name[P.whole_lane[first]]
        who = repr(plain(P.whole_consumer[first])) + (f" on lane {lane!r}" if lane else "")
        result = dataclasses.replace(result, message=(
            f"{k:,} consumer{'s' * (k != 1)} had over {MAX_GROUPS:,} candidate groups "
            f"({who}{' first' if k > 1 else ''}): {'their' if k != 1 else 'its'} parcels "
            f"planned in runs of at most {most:,} parcels in time order"))
    return result


def _shipments(P, E, keys, local, big, out_mask, out_time, out_cost, out_group, g_box, g_svc,
               every):
    """Packages from the kernel's per-parcel output: members grouped by (key, lowest member
    of the mask, ship time)."""
    t_big = _waves(P.ready, every)
    out_time = np.where(big, t_big, out_time)
    out_cost = np.where(big, E.alone + (K.wait_u(E.rates.rate[P.lane], t_big - P.ready)
                                        if every else 0), out_cost)
    out_group = np.where(big, -1, out_group)
    single = big | (out_mask == 0) | ((out_mask & (out_mask - 1)) == 0)
    low = np.where(single, local,
                   np.log2(np.where(single, 1, out_mask & -out_mask)).astype(np.int64))
    order = np.lexsort((local, out_time, low, keys))
    k_o, l_o, t_o = keys[order], low[order], out_time[order]
    start = np.flatnonzero(np.r_[True, (k_o[1:] != k_o[:-1]) | (l_o[1:] != l_o[:-1])
                                 | (t_o[1:] != t_o[:-1])]) if len(order) else order
    first = order[start]
    cost = np.add.reduceat(out_cost[order], start) if len(start) else np.zeros(0, np.int64)
    group = out_group[first]
    has = group >= 0
    box = np.full(len(first), -1, dtype=np.int64)
    svc = E.alone_service[first].copy()
    box[has] = g_box[group[has]]
    svc[has] = g_svc[group[has]]
    return _packages(P, E, order, start, out_time[first], cost, box, svc)


def _singles(P, E, rows, t, cost):
    """Every parcel in its own package."""
    order = np.asarray(rows)
    return _packages(P, E, order, np.arange(len(order)), t[order], cost[order],
                     np.full(len(order), -1, np.int64), E.alone_service[order])


def _packages(P, E, order, start, when, cost, box, service) -> dict:
    """The shipments table's columns, and each parcel's departure."""
    import pandas as pd
    n = len(P.parcel_id)
    sizes = np.diff(np.r_[start, n]) if len(start) else np.zeros(0, np.int64)
    bounds = np.r_[start, n].tolist()
    ids_sorted = P.parcel_id[order].tolist()
    parcel_ids = [tuple(ids_sorted[bounds[k]:bounds[k + 1]]) for k in range(len(start))]
    alone_sum = np.add.reduceat(E.alone[order], start) if len(start) else np.zeros(0, np.int64)
    first = order[start]
    keys = np.repeat(np.arange(len(P.n_local)), P.n_local)
    lane = P.key_lane[keys[first]] if len(first) else np.zeros(0, np.int64)
    names = np.array([b.id for b in E.catalog.boxes] + [None], dtype=object)
    ship = np.empty(n, dtype=np.int64)
    ship[order] = np.repeat(when, sizes)
    return dict(columns={
        "consumer_id": P.key_consumer[keys[first]] if len(first) else P.key_consumer[:0],
        "lane": P.lane_name[lane] if len(first) else P.lane_name[:0],
        "parcel_ids": parcel_ids, "box_id": pd.Series(names[box], dtype=object),
        "gross_weight": gross_weights(P, E, order, start, box),
        "service": E.rates.service_names(service),
        "shipped_at": np.asarray(when, dtype=np.int64), "cost": cost / MICRO,
        "cost_alone": alone_sum / MICRO, "saving": (alone_sum - cost) / MICRO}, ship=ship)


def _from_groups(P, g):
    """The offline groups (consolidate's table) as shipments."""
    index = {pid: k for k, pid in enumerate(P.parcel_id.tolist())}
    ship = np.empty(len(P.parcel_id), dtype=np.int64)
    for ids, t in zip(g["parcel_ids"], g["shipped_at"].tolist()):
        for pid in ids:
            ship[index[pid]] = t
    return dict(columns={
        "consumer_id": g["consumer_id"], "lane": g["lane"], "parcel_ids": g["parcel_ids"],
        "box_id": g["box_id"], "gross_weight": g["gross_weight"], "service": g["service"],
        "shipped_at": g["shipped_at"],
        "cost": g["cost"], "cost_alone": g["cost_alone"], "saving": g["saving"]}, ship=ship)


def _result(P: Parcels, rows: dict, strategy: str, decisions: int) -> Simulation:
    import pandas as pd
    shipments = pd.DataFrame(rows["columns"])
    return Simulation(shipments, _summary(P, rows["ship"], shipments), strategy, decisions)


def _summary(P: Parcels, ship: np.ndarray, shipments):
    """Per lane, by name (as on a cluster), and in all: parcels, packages, cost, cost_alone,
    saving, waits, late."""
    import pandas as pd
    wait_h = (ship - P.ready) / 3600.0
    late = ship > P.deadline
    lane_of = shipments["lane"].to_numpy()
    out = []
    names = list(P.lane_name) + ["(all)"]
    for k in sorted(range(len(P.lane_name)), key=lambda k: str(names[k])) + [len(names) - 1]:
        name, everything = names[k], k == len(P.lane_name)
        sel = np.ones(len(ship), bool) if everything else P.lane == k
        srows = shipments if everything else shipments[lane_of == name]
        w = wait_h[sel]
        out.append({"lane": name, "parcels": int(sel.sum()), "packages": len(srows),
                    "cost": float(srows["cost"].sum()),
                    "cost_alone": float(srows["cost_alone"].sum()),
                    "saving": float(srows["saving"].sum()),
                    "mean_wait_h": float(w.mean()) if len(w) else 0.0,
                    "p95_wait_h": float(np.percentile(w, 95)) if len(w) else 0.0,
                    "late": int(late[sel].sum())})
    return pd.DataFrame(out)
