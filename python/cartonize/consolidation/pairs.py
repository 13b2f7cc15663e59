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
from .threads import numba_threads


@interruptible
def pair_scores(parcels: Table, catalog: Catalog, tariff: LaneTariffs, policy: LanePolicies, *,
                exact_max_copies: int = 8, node_limit: int = 10_000,
                threads: Optional[int] = None) -> "pd.DataFrame":
    """The consolidation score of every feasible pair of one consumer's parcels on one lane:
    the money that shipping the two together (in their cheapest box) saves over shipping them
    apart; negative when shipping together costs more. A DataFrame: consumer_id, lane,
    parcel_a, parcel_b, box_id, saving. The options as for :func:`consolidate`. A consumer of
    more than 62 parcels on a lane is scored within the parts :func:`consolidate` settles
    apart: a pair of two runs of one time window is not scored (no package holds it there)."""
    import pandas as pd
    with numba_threads(threads):
        _, node_limit, exact_max_copies = check_search(True, node_limit, exact_max_copies)
        P = Parcels(parcels)
        P.split_big_keys()  # pairs within consolidate's parts
        E = Engine(P, catalog, tariff, policy, threads, exact_max_copies, node_limit)
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


__all__ = ["pair_scores"]
