"""pair_scores: the money each feasible pair of one consumer's parcels saves by shipping
together (the consolidation score)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import numpy as np

from .._typing import LanePolicies, LaneTariffs, Table

if TYPE_CHECKING:
    import pandas as pd

from .._interrupts import interruptible
from .._options import check_search
from ..catalog import Catalog
from ..tariff import MICRO
from .engine import Engine
from .groups import enumerate_groups
from .parcels import MAX_LOCAL, Parcels
from .rates import DEFAULT_LANE
from .._threads import numba_threads


@interruptible
def pair_scores(parcels: Table, catalog: Catalog, tariff: LaneTariffs, policy: LanePolicies, *,
                exact_max_copies: int = 8, node_limit: int = 10_000,
                threads: Optional[int] = None) -> "pd.DataFrame":
    """The consolidation score of every feasible pair of one consumer's parcels on one lane:
    the money that shipping the two together (in their cheapest box) saves over shipping them
    apart; negative when shipping together costs more. A DataFrame: consumer_id, lane,
    parcel_a, parcel_b, box_id, saving. The options as for :func:`consolidate`. A consumer of
    more than 62 parcels on a lane has every feasible pair scored too."""
    import pandas as pd
    with numba_threads(threads):
        _, node_limit, exact_max_copies = check_search(True, node_limit, exact_max_copies)
        P = Parcels(parcels)
        E = Engine(P, catalog, tariff, policy, threads, exact_max_copies, node_limit)
        eligible = (P.n_local >= 2) & (P.n_local <= MAX_LOCAL)
        cons, masks, cost, box, _, _ = enumerate_groups(E, eligible, max_size=2)
        a_rows, b_rows = [], []
        for c, m in zip(cons.tolist(), masks.tolist()):
            bits = [j for j in range(P.n_local[c]) if (m >> j) & 1]
            a_rows.append(P.cstart[c] + bits[0])
            b_rows.append(P.cstart[c] + bits[1])
        a_rows, b_rows = np.array(a_rows, dtype=np.int64), np.array(b_rows, dtype=np.int64)
        big = np.flatnonzero(P.n_local > MAX_LOCAL)
        if len(big):  # past what a mask names: each candidate pair a key of its own
            a2, b2, cost2, box2 = _pairs_of_big_keys(P, E, big, catalog, tariff, policy,
                                                     threads, exact_max_copies, node_limit)
            a_rows, b_rows = np.r_[a_rows, a2], np.r_[b_rows, b2]
            cost, box = np.r_[cost, cost2], np.r_[box, box2]
    ids = np.array([b.id for b in catalog.boxes] + [None], dtype=object)[:-1]
    saving = (E.alone[a_rows] + E.alone[b_rows] - cost) / MICRO if len(cost) else np.zeros(0)
    cons = np.searchsorted(P.cstart, a_rows, side="right") - 1
    return pd.DataFrame({"consumer_id": P.key_consumer[cons] if len(cons) else P.key_consumer[:0],
                         "lane": P.lane_name[P.key_lane[cons]] if len(cons) else P.lane_name[:0],
                         "parcel_a": P.parcel_id[a_rows] if len(a_rows) else P.parcel_id[:0],
                         "parcel_b": P.parcel_id[b_rows] if len(b_rows) else P.parcel_id[:0],
                         "box_id": ids[box] if len(box) else ids[:0],
                         "saving": saving})


def _pairs_of_big_keys(P, E, keys, catalog, tariff, policy, threads, exact_max_copies,
                       node_limit):
    """The feasible pairs of keys of more parcels than a mask names: each pair whose time
    window and wait the lane's policy allow (the others are never feasible) made a key of its
    own in a table of pairs, and scored as the other keys' pairs are. (P's rows of each pair,
    in the key's order; its cost and box.)"""
    a, b = [], []
    for k in keys:
        rows = np.arange(P.cstart[k], P.cstart[k + 1])
        at = rows[np.argsort(P.ready[rows], kind="stable")]  # by ready: a sweep
        ready, deadline = P.ready[at], P.deadline[at]
        wait = E.rates.wait[P.key_lane[k]]
        for i in range(len(at) - 1):
            later = np.arange(i + 1, np.searchsorted(ready, ready[i] + wait, side="right"))
            later = later[ready[later] <= np.minimum(deadline[i], deadline[later])]
            a.append(np.minimum(at[i], at[later]))
            b.append(np.maximum(at[i], at[later]))
    a, b = (np.concatenate(x).astype(np.int64) if x else np.zeros(0, np.int64) for x in (a, b))
    if not len(a):
        return a, b, a, a
    both = np.stack([a, b], axis=1).ravel()
    table = {"parcel_id": np.arange(len(both)), "consumer_id": np.repeat(np.arange(len(a)), 2)}
    for name in ("ready", "deadline", "length", "width", "height", "weight", "value"):
        table[name] = getattr(P, name)[both]
    if P.lanes != [DEFAULT_LANE]:
        table["lane"] = P.lane_name[P.lane[both]].astype(object)
    Q = Parcels(table)
    F = Engine(Q, catalog, tariff, policy, threads, exact_max_copies, node_limit)
    cons, _, cost, box, _, _ = enumerate_groups(F, Q.n_local == 2, max_size=2)
    first = Q.perm[Q.cstart[cons]] // 2  # the pair: table rows 2 p and 2 p + 1
    return a[first], b[first], cost, box


__all__ = ["pair_scores"]
