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
    that saves most (ties to the first pair), until no merge saves. Each pair is checked
    against the policy from its two groups' sums and extremes, all pairs of a key at once (a
    hub's trial: pair by pair, 200 consumers of 60 parcels took 120 s)."""
    P, R = E.P, E.rates
    state = {c: [(np.int64(1) << j, int(E.alone[P.cstart[c] + j]), -1,
                  int(E.alone_service[P.cstart[c] + j]), int(P.ready[P.cstart[c] + j]))
                 for j in range(P.n_local[c])] for c in keys}
    # Per key, per group: parcels, latest and earliest ready, earliest deadline, weight, value.
    stats = {}
    for c in keys:
        rows = np.arange(P.cstart[c], P.cstart[c + 1])
        stats[c] = np.stack([np.ones(len(rows), np.int64), P.ready[rows], P.ready[rows],
                             P.deadline[rows], P.weight[rows], P.value[rows]]).astype(np.int64)
    active = list(keys)
    while active:
        cons, masks, pairs = [], [], []
        for c in active:
            lane = P.key_lane[c]
            n, t_hi, t_lo, due, w, v = stats[c]
            a, b = np.triu_indices(len(n), 1)  # (a, b) pairs, a then b ascending
            t = np.maximum(t_hi[a], t_hi[b])
            ok = ~((n[a] + n[b] > R.parcels[lane]) | (t > np.minimum(due[a], due[b]))
                   | (t - np.minimum(t_lo[a], t_lo[b]) > R.wait[lane])
                   | (w[a] + w[b] > E.max_net[lane]) | (v[a] + v[b] > R.value[lane]))
            group_mask = np.array([g[0] for g in state[c]], dtype=np.int64)
            a, b = a[ok], b[ok]
            cons.extend([c] * len(a))
            masks.extend((group_mask[a] | group_mask[b]).tolist())
            pairs.extend(zip([c] * len(a), a.tolist(), b.tolist()))
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
            merged = (np.int64(masks[k]), int(cost[k]), int(box[k]), int(svc[k]), int(ship[k]))
            state[c] = [g for i, g in enumerate(groups) if i not in (a, b)] + [merged]
            st = stats[c]
            joined = [st[0, a] + st[0, b], max(st[1, a], st[1, b]), min(st[2, a], st[2, b]),
                      min(st[3, a], st[3, b]), st[4, a] + st[4, b], st[5, a] + st[5, b]]
            keep = np.array([i for i in range(st.shape[1]) if i not in (a, b)], dtype=np.int64)
            stats[c] = np.concatenate([st[:, keep], np.array(joined, np.int64)[:, None]], axis=1)
        active = sorted(best)
    return state
