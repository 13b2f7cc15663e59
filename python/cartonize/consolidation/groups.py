"""Candidate groups of one key's parcels: every feasible group grown round by round (pairs,
then each group extended by a later parcel, pruned by the policy before any geometry), and
the greedy merge for keys beyond the exact limit."""

from __future__ import annotations

import numpy as np

from .engine import Engine
from .parcels import Parcels


def _initial(P: Parcels, eligible):
    cons = np.repeat(np.arange(len(P.n_local)), P.n_local)
    local = np.arange(len(cons)) - P.cstart[cons]
    keep = eligible[cons]
    return cons[keep].astype(np.int64), (np.int64(1) << local[keep]).astype(np.int64)


def enumerate_groups(E: Engine, eligible, max_size=None, ready=None, late=None, deadline=None,
                     waiting: bool = True, cap=None, dropped=None):
    """All feasible groups of the eligible keys, grown round by round: (key, mask, cost, box,
    service, ship). `ready`, `late`, `deadline` widen the time window (see kernels.extend);
    waiting=False prices box and shipping alone. With `cap`, a key whose candidates pass that
    many is left out (its groups dropped, `dropped[key]` set): the groups of a consumer of
    dozens of parcels that fit together grow past any memory."""
    cons, masks = _initial(E.P, eligible)
    found = []
    size = 1
    seen = np.zeros(len(E.P.n_local), dtype=np.int64)  # candidates so far, per key
    while len(masks) and (max_size is None or size < max_size):
        cons, masks, over = E.extend(cons, masks, ready, late, deadline, seen, cap or 0)
        size += 1
        if cap is not None and over.any():  # (their candidates were never made)
            dropped |= over
            found = [tuple(a[~over[f[0]]] for a in f) for f in found]
        cost, box, svc, ship = E.price(cons, masks, waiting=waiting)
        ok = cost >= 0
        cons, masks = cons[ok], masks[ok]
        found.append((cons, masks, cost[ok], box[ok], svc[ok], ship[ok]))
    if not found:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z, z, z
    return tuple(np.concatenate([f[k] for f in found]) for k in range(6))


def greedy_merge(E: Engine, keys):
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
