"""Numba kernels of consolidation: prices, candidate groups, and the partition search.

All money is integer micro-units (see tariff.py); a price of -1 means "cannot ship" (no
service takes it), OVERFLOW a price past 64 bits. Groups are (key, mask): a key is a consumer
on one lane, bit j of mask the key's j-th parcel (parcels sorted by key, cstart[c]:cstart[c+1]).
Services S are the arrays of consolidation.rates.Rates; lane l owns svc_start[l]:svc_start[l+1]. Kernels parallel over groups or
consumers write disjoint outputs, so results do not depend on the thread count.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .._threads import numba_cache

numba_cache(__file__)  # (before the kernels below)

# Past every real time and price (and a price's ceiling: sums of a few stay in 64 bits).
INF = np.int64(2) ** 62
MAX_PRICE = INF
OVERFLOW = -2  # a price past 64 bits: the caller raises


@njit(cache=True)
def price_u(billable, per_u, first_w, first_u, step_w, step_u, up, bprice):
    """One service's price of `billable` grams: -1 above its last bracket, OVERFLOW past
    2**62 micro-units."""
    if len(up) > 0:
        for k in range(len(up)):
            if billable <= up[k]:
                return per_u + bprice[k]
        return -1
    extra = billable - first_w
    steps = 0 if extra <= 0 else (extra + step_w - 1) // step_w
    base = per_u + first_u
    if step_u > 0 and steps > (MAX_PRICE - base) // step_u:
        return OVERFLOW
    return base + steps * step_u


@njit(cache=True)
def billable(volume, weight, divisor):
    dim = (volume + divisor - 1) // divisor
    return weight if weight > dim else dim


@njit(cache=True)
def ship_u(volume, longest, girth, gross, s0, s1, S):
    """(price, service) of the cheapest of services s0..s1-1 that takes a package of this
    outer volume, longest side and girth at this gross weight; (-1, -1) when none does,
    (OVERFLOW, s) when a price overflows."""
    div, per, fw, fp, sw, sp, mw, ml, mg, b_start, b_up, b_price = S
    best, best_s = np.int64(-1), np.int64(-1)
    for s in range(s0, s1):
        if mw[s] >= 0 and gross > mw[s]:
            continue
        if ml[s] >= 0 and longest > ml[s]:
            continue
        if mg[s] >= 0 and girth > mg[s]:
            continue
        b = billable(volume, gross, div[s])
        p = price_u(b, per[s], fw[s], fp[s], sw[s], sp[s], b_up[b_start[s]:b_start[s + 1]],
                    b_price[b_start[s]:b_start[s + 1]])
        if p == OVERFLOW:
            return p, np.int64(s)
        if p >= 0 and (best < 0 or p < best):
            best, best_s = p, np.int64(s)
    return best, best_s


@njit(cache=True)
def wait_u(rate_u, seconds):
    return (rate_u * seconds + 1800) // 3600


@njit(cache=True, parallel=True)
def alone_prices(volume, longest, girth, weight, lane, svc_start, S):
    """Each parcel shipped alone in its own packaging: (price, service)."""
    out = np.empty(len(volume), dtype=np.int64)
    svc = np.empty(len(volume), dtype=np.int64)
    for i in prange(len(volume)):
        out[i], svc[i] = ship_u(volume[i], longest[i], girth[i], weight[i], svc_start[lane[i]],
                                svc_start[lane[i] + 1], S)
    return out, svc


@njit(cache=True)
def _top_bit(mask):
    t = -1
    while mask:
        mask >>= 1
        t += 1
    return t


@njit(cache=True)
def _group_stats(c, mask, cstart, ready, deadline, weight, value):
    """(size, latest ready, earliest ready, earliest deadline, weight, value)."""
    size = 0
    t = -INF
    r0 = INF
    dl = INF
    w = 0
    v = 0
    base = cstart[c]
    m = mask
    j = 0
    while m:
        if m & 1:
            p = base + j
            size += 1
            t = max(t, ready[p])
            r0 = min(r0, ready[p])
            dl = min(dl, deadline[p])
            w += weight[p]
            v += value[p]
        m >>= 1
        j += 1
    return size, t, r0, dl, w, v


@njit(cache=True)
def _earliest(c, mask, cstart, late):
    r0 = INF
    m = mask
    j = 0
    while m:
        if m & 1:
            r0 = min(r0, late[cstart[c] + j])
        m >>= 1
        j += 1
    return r0


@njit(cache=True)
def _extensions(c, mask, cstart, ready, late, deadline, weight, value, max_net, max_value,
                max_parcels, max_wait, out_mask, fill):
    size, t, _, dl, w, v = _group_stats(c, mask, cstart, ready, deadline, weight, value)
    r0 = _earliest(c, mask, cstart, late)
    n = cstart[c + 1] - cstart[c]
    count = 0
    if size + 1 > max_parcels:
        return 0
    for j in range(_top_bit(mask) + 1, n):
        p = cstart[c] + j
        t2 = max(t, ready[p])
        if t2 > min(dl, deadline[p]):
            continue
        if t2 - min(r0, late[p]) > max_wait:
            continue
        if w + weight[p] > max_net or v + value[p] > max_value:
            continue
        if fill:
            out_mask[count] = mask | (np.int64(1) << j)
        count += 1
    return count


@njit(cache=True, parallel=True)
def extend(cons, masks, cstart, ready, late, deadline, weight, value, key_lane, max_net,
           max_value, max_parcels, max_wait, seen, cap):
    """Every group of one more parcel (a later one of the same key: consumer and lane) that
    passes the time window (the latest `ready` within every deadline), max_wait (the latest
    `ready` within max_wait of the earliest `late`), the weight (net of the lightest box) and
    value limits, and max_parcels of the key's lane. With ready = late = the true arrivals
    this is the exact window; simulate passes the earliest and latest a parcel may be
    expected, a relaxation that keeps every group a plan could form. With cap > 0, seen[key]
    counts each key's candidates so far, this round's added; a key past cap gets none this
    round (over[key]), counted before any is made: memory stays within the cap."""
    G = len(masks)
    counts = np.zeros(G, dtype=np.int64)
    dummy = np.zeros(1, dtype=np.int64)
    for g in prange(G):
        lane = key_lane[cons[g]]
        counts[g] = _extensions(cons[g], masks[g], cstart, ready, late, deadline, weight,
                                value, max_net[lane], max_value[lane], max_parcels[lane],
                                max_wait[lane], dummy, False)
    over = np.zeros(len(seen), dtype=np.bool_)
    if cap > 0:
        for g in range(G):
            seen[cons[g]] += counts[g]
        for k in range(len(seen)):
            over[k] = seen[k] > cap
        for g in range(G):
            if over[cons[g]]:
                counts[g] = 0
    offsets = np.zeros(G + 1, dtype=np.int64)
    for g in range(G):
        offsets[g + 1] = offsets[g] + counts[g]
    out_cons = np.empty(offsets[G], dtype=np.int64)
    out_mask = np.empty(offsets[G], dtype=np.int64)
    for g in prange(G):
        if counts[g] == 0:
            continue
        a = offsets[g]
        lane = key_lane[cons[g]]
        _extensions(cons[g], masks[g], cstart, ready, late, deadline, weight, value,
                    max_net[lane],
                    max_value[lane], max_parcels[lane], max_wait[lane],
                    out_mask[a:offsets[g + 1]], True)
        for k in range(a, offsets[g + 1]):
            out_cons[k] = cons[g]
    return out_cons, out_mask, over


@njit(cache=True)
def group_lines(cons, masks, cstart, length, width, height, weight):
    """CSR order lines of the groups for the core: offsets and one line per parcel."""
    G = len(masks)
    offsets = np.zeros(G + 1, dtype=np.int64)
    for g in range(G):
        m = masks[g]
        k = 0
        while m:
            k += m & 1
            m >>= 1
        offsets[g + 1] = offsets[g] + k
    n = offsets[G]
    L = np.empty(n, dtype=np.int64)
    W = np.empty(n, dtype=np.int64)
    H = np.empty(n, dtype=np.int64)
    M = np.empty(n, dtype=np.int64)
    r = 0
    for g in range(G):
        m = masks[g]
        j = 0
        while m:
            if m & 1:
                p = cstart[cons[g]] + j
                L[r] = length[p]
                W[r] = width[p]
                H[r] = height[p]
                M[r] = weight[p]
                r += 1
            m >>= 1
            j += 1
    return offsets, L, W, H, M


@njit(cache=True)
def box_ship(b, w, box_volume, box_longest, box_girth, box_empty, box_limit, box_cost_u,
             gross_limit, s0, s1, S):
    """(cost, service) of box b carrying w grams: box cost + cheapest shipping; (-1, -1) when
    the box may not carry it or no service takes it; (OVERFLOW, s) on overflow."""
    if box_limit[b] >= 0 and w > box_limit[b]:
        return np.int64(-1), np.int64(-1)
    gross = w + box_empty[b]
    if gross > gross_limit:
        return np.int64(-1), np.int64(-1)
    pu, s = ship_u(box_volume[b], box_longest[b], box_girth[b], gross, s0, s1, S)
    if pu < 0:
        return pu, s
    return box_cost_u[b] + pu, s


@njit(cache=True, parallel=True)
def price_groups(cons, masks, fit, cstart, ready, deadline, weight, value, key_lane,
                 box_volume, box_longest, box_girth, box_empty, box_limit, box_cost_u,
                 gross_limit, rate_u, svc_start, S):
    """Least cost of each group over the boxes that hold it: box cost + the cheapest service's
    price at the box's outer size and gross weight + waiting (at the latest ready time).
    cost -1 and box -1 when no box may carry it; OVERFLOW when a price overflows."""
    G = len(masks)
    cost = np.full(G, -1, dtype=np.int64)
    box = np.full(G, -1, dtype=np.int64)
    svc = np.full(G, -1, dtype=np.int64)
    ship = np.zeros(G, dtype=np.int64)
    for g in prange(G):
        size, t, r0, dl, w, v = _group_stats(cons[g], masks[g], cstart, ready, deadline,
                                             weight, value)
        lane = key_lane[cons[g]]
        waiting = 0
        m = masks[g]
        j = 0
        while m:
            if m & 1:
                waiting += wait_u(rate_u[lane], t - ready[cstart[cons[g]] + j])
            m >>= 1
            j += 1
        ship[g] = t
        for b in range(len(box_volume)):
            if fit[g, b] != 1:
                continue
            c, s = box_ship(b, w, box_volume, box_longest, box_girth, box_empty, box_limit,
                            box_cost_u, gross_limit[lane], svc_start[lane], svc_start[lane + 1], S)
            if c == OVERFLOW:
                cost[g] = OVERFLOW
                break
            if c < 0:
                continue
            c += waiting
            if cost[g] < 0 or c < cost[g]:
                cost[g] = c
                box[g] = b
                svc[g] = s
    return cost, box, svc, ship


@njit(cache=True)
def subset_partition(cost, choice):
    """The least-cost partition of the bits of len(cost) - 1 into subsets s with a feasible
    cost[s] (0 <= cost[s] < INF), by a DP over subsets: writes to choice[mask] the part
    holding mask's lowest bit in mask's best partition; returns the least cost (INF: none)."""
    size = len(cost)
    dp = np.full(size, INF, dtype=np.int64)
    dp[0] = 0
    for mask in range(1, size):
        low = mask & -mask
        rest = mask ^ low
        s = rest
        while True:
            sub = s | low
            if cost[sub] >= 0 and cost[sub] < INF and dp[mask ^ sub] < INF:
                val = cost[sub] + dp[mask ^ sub]
                if val < dp[mask]:
                    dp[mask] = val
                    choice[mask] = sub
            if s == 0:
                break
            s = (s - 1) & rest
    return dp[size - 1]


@njit(cache=True, parallel=True)
def best_partitions(cstart, alone_u, gstart, g_mask, g_cost, exact_limit, part_mask):
    """Per consumer of 2..exact_limit parcels: the least-cost partition of its parcels into
    the feasible groups (g_mask/g_cost, gstart by consumer) and singletons, by a DP over
    subsets. Writes each parcel's group mask into part_mask."""
    C = len(cstart) - 1
    for c in prange(C):
        n = cstart[c + 1] - cstart[c]
        if n < 2 or n > exact_limit:
            continue
        size = 1 << n
        cost = np.full(size, INF, dtype=np.int64)
        for j in range(n):
            cost[1 << j] = alone_u[cstart[c] + j]
        for g in range(gstart[c], gstart[c + 1]):
            if g_cost[g] >= 0:
                cost[g_mask[g]] = g_cost[g]
        choice = np.zeros(size, dtype=np.int64)
        subset_partition(cost, choice)
        m = size - 1
        while m:
            sub = choice[m]
            for j in range(n):
                if (sub >> j) & 1:
                    part_mask[cstart[c] + j] = sub
            m ^= sub
