"""Numba kernels of simulate(): each key (a consumer on one lane) lives through its own events,
independently of every other key, so keys run in parallel and the result does not depend on
the thread count.

At a decision time t a key's live parcels are those announced (known <= t) and not shipped;
a parcel on hand (ready <= t) is expected at its ready time, one announced but not arrived at
max(eta, t). The plan is the least-cost partition of the live parcels (a DP over subsets up to
exact_limit live parcels, greedy pair merging beyond) under these expectations: a group of two
or more must be a candidate (static cost: box + shipping, from the enumeration) and, shipping
at the latest expected arrival (at the next wave with waves), leave every member within its
deadline and max_wait; a forced parcel (one that cannot wait past t, or past the next wave)
may only be grouped with parcels on hand. Groups whose members are all on hand and whose time
has come ship at t; the others wait for the next event: an announcement, an arrival, a planned
shipment's time, or a parcel's limit (min(deadline, ready + max_wait)).

Money is integer micro-units, as in kernels.py.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .kernels import INF, subset_partition, wait_u
from .parcels import MAX_LOCAL


@njit(cache=True)
def _wave(t, every):
    """The first wave time at or after t (t itself without waves)."""
    if every <= 0:
        return t
    return ((t + every - 1) // every) * every


@njit(cache=True)
def _find(masks, lo, hi, m):
    """Index of mask m in the sorted masks[lo:hi], or -1."""
    end = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if masks[mid] < m:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < end and masks[lo] == m else -1


@njit(cache=True)
def _group(s, pos, base, t, every, est, on_hand, forced, deadline, ready, alone_u, max_wait,
           rate, g_mask, g_cost, g0, g1):
    """(cost, ship time, candidate index) of shipping the live members in compressed subset s
    as one package at the expected time; cost -1 when it may not."""
    m = 0
    n = 0
    ship = t
    any_missing = False
    any_forced = False
    j = 0
    ss = s
    while ss:
        if ss & 1:
            p = base + pos[j]
            m |= np.int64(1) << pos[j]
            n += 1
            if est[p] > ship:
                ship = est[p]
            if not on_hand[p]:
                any_missing = True
            if forced[p]:
                any_forced = True
        ss >>= 1
        j += 1
    ship = _wave(ship, every)
    if n == 1:
        p = base + pos[_low_index(s)]
        return alone_u[p] + wait_u(rate, ship - est[p]), ship, np.int64(-1)
    if any_forced and any_missing:
        return np.int64(-1), ship, np.int64(-1)
    k = _find(g_mask, g0, g1, m)
    if k < 0:
        return np.int64(-1), ship, np.int64(-1)
    cost = g_cost[k]
    j = 0
    ss = s
    while ss:
        if ss & 1:
            p = base + pos[j]
            if ship > deadline[p] or ship - est[p] > max_wait:
                return np.int64(-1), ship, np.int64(-1)
            cost += wait_u(rate, ship - est[p])
        ss >>= 1
        j += 1
    return cost, ship, k


@njit(cache=True)
def _low_index(s):
    j = 0
    while not (s >> j) & 1:
        j += 1
    return j


@njit(cache=True)
def _plan_exact(m, pos, base, t, every, est, on_hand, forced, deadline, ready, alone_u,
                max_wait, rate, g_mask, g_cost, g0, g1, plan):
    """The least-cost partition of the m live parcels: writes its groups (compressed subsets)
    to plan, returns how many."""
    size = np.int64(1) << m
    cost = np.empty(size, dtype=np.int64)
    cost[0] = 0
    for s in range(1, size):
        cost[s] = _group(s, pos, base, t, every, est, on_hand, forced, deadline, ready, alone_u,
                         max_wait, rate, g_mask, g_cost, g0, g1)[0]
    choice = np.zeros(size, dtype=np.int64)
    subset_partition(cost, choice)
    n = 0
    mask = size - 1
    while mask:
        plan[n] = choice[mask]
        n += 1
        mask ^= choice[mask]
    return n


@njit(cache=True)
def _plan_greedy(m, pos, base, t, every, est, on_hand, forced, deadline, ready, alone_u,
                 max_wait, rate, g_mask, g_cost, g0, g1, plan):
    """Beyond exact_limit live parcels: singletons, then merge the pair of groups that saves
    most (ties to the first pair) while one saves."""
    n = m
    cost = np.empty(m, dtype=np.int64)
    for j in range(m):
        plan[j] = np.int64(1) << j
        cost[j] = _group(plan[j], pos, base, t, every, est, on_hand, forced, deadline, ready,
                         alone_u, max_wait, rate, g_mask, g_cost, g0, g1)[0]
    while True:
        best, ba, bb, bc = np.int64(0), -1, -1, np.int64(0)
        for a in range(n):
            for b in range(a + 1, n):
                c = _group(plan[a] | plan[b], pos, base, t, every, est, on_hand, forced,
                           deadline, ready, alone_u, max_wait, rate, g_mask, g_cost, g0, g1)[0]
                if c < 0:
                    continue
                saving = cost[a] + cost[b] - c
                if saving > best:
                    best, ba, bb, bc = saving, a, b, c
        if ba < 0:
            return n
        plan[ba] = plan[ba] | plan[bb]
        cost[ba] = bc
        plan[bb] = plan[n - 1]
        cost[bb] = cost[n - 1]
        n -= 1


@njit(cache=True, parallel=True)
def run_keys(cstart, key_lane, known, eta, ready, deadline, alone_u, max_wait, rate, gstart,
             g_mask, g_cost, exact_limit, every, out_mask, out_time, out_cost, out_group,
             keys=None):
    """The events of every key (or of the keys listed in `keys`); per parcel: the mask of its
    shipment (key-local), when it left, the shipment's cost on its lowest member (0 on the
    others), and the candidate index of the shipment (-1 for a parcel shipped alone). Returns
    the decisions taken per key."""
    K = len(cstart) - 1
    decisions = np.zeros(K, dtype=np.int64)
    todo = np.arange(K) if keys is None else keys
    for kk in prange(len(todo)):
        c = todo[kk]
        base = cstart[c]
        n = cstart[c + 1] - base
        if n > MAX_LOCAL:  # beyond what a mask names: simulate() ships these alone
            continue
        lane = key_lane[c]
        mw = max_wait[lane]
        rt = rate[lane]
        g0, g1 = gstart[c], gstart[c + 1]
        est = np.empty(n, dtype=np.int64)
        on_hand = np.zeros(n, dtype=np.bool_)
        forced = np.zeros(n, dtype=np.bool_)
        limit = np.empty(n, dtype=np.int64)
        for j in range(n):
            limit[j] = min(deadline[base + j], ready[base + j] + mw)
        # Local views for _group (indexed base + pos): est etc. are per key, so offset 0.
        pos = np.empty(max(n, 1), dtype=np.int64)
        plan = np.empty(max(n, 1), dtype=np.int64)
        shipped = np.zeros(n, dtype=np.bool_)
        left = n
        t = INF
        for j in range(n):
            t = min(t, known[base + j])
        t = _wave(t, every)
        while left > 0:
            decisions[c] += 1
            m = 0
            for j in range(n):
                if shipped[j] or known[base + j] > t:
                    continue
                on_hand[j] = ready[base + j] <= t
                est[j] = ready[base + j] if on_hand[j] else max(eta[base + j], t)
                forced[j] = on_hand[j] and (limit[j] <= t if every <= 0
                                            else limit[j] < t + every)
                pos[m] = j
                m += 1
            if m > 0:
                if m <= exact_limit:
                    n_groups = _plan_exact(m, pos, 0, t, every, est, on_hand, forced,
                                           deadline[base:base + n], ready[base:base + n],
                                           alone_u[base:base + n], mw, rt, g_mask, g_cost,
                                           g0, g1, plan)
                else:
                    n_groups = _plan_greedy(m, pos, 0, t, every, est, on_hand, forced,
                                            deadline[base:base + n], ready[base:base + n],
                                            alone_u[base:base + n], mw, rt, g_mask, g_cost,
                                            g0, g1, plan)
            else:
                n_groups = 0
            # Ship what is due; note when the rest falls due.
            nxt = INF
            for g in range(n_groups):
                s = plan[g]
                cost, ship, k = _group(s, pos, 0, t, every, est, on_hand, forced,
                                       deadline[base:base + n], ready[base:base + n],
                                       alone_u[base:base + n], mw, rt, g_mask, g_cost, g0, g1)
                complete = True
                low = -1
                mask = np.int64(0)
                ss = s
                i = 0
                while ss:
                    if ss & 1:
                        j = pos[i]
                        if low < 0:
                            low = j
                        mask |= np.int64(1) << j
                        if not on_hand[j]:
                            complete = False
                    ss >>= 1
                    i += 1
                if complete and ship <= t:
                    ss = s
                    i = 0
                    while ss:
                        if ss & 1:
                            j = pos[i]
                            shipped[j] = True
                            left -= 1
                            out_mask[base + j] = mask
                            out_time[base + j] = t
                            out_cost[base + j] = cost if j == low else 0
                            out_group[base + j] = k
                        ss >>= 1
                        i += 1
                elif ship > t:
                    nxt = min(nxt, ship)
            for j in range(n):
                if shipped[j]:
                    continue
                if known[base + j] > t:
                    nxt = min(nxt, known[base + j])
                elif ready[base + j] > t:
                    nxt = min(nxt, ready[base + j])
                elif limit[j] > t:
                    nxt = min(nxt, limit[j] if every <= 0 else limit[j] - every + 1)
            if left > 0 and nxt >= INF:
                # Nothing left to wait for (cannot happen with consistent data): ship what is
                # on hand alone now.
                for j in range(n):
                    if not shipped[j] and ready[base + j] <= t:
                        shipped[j] = True
                        left -= 1
                        out_mask[base + j] = np.int64(1) << j
                        out_time[base + j] = t
                        out_cost[base + j] = alone_u[base + j] + wait_u(rt, t - ready[base + j])
                        out_group[base + j] = -1
                nxt = t + 1
            if every > 0:
                nxt = max(_wave(nxt, every), t + every)
            else:
                nxt = max(nxt, t + 1) if nxt <= t else nxt
            t = nxt
    return decisions
