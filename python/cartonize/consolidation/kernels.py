"""Numba kernels of consolidation: prices, candidate groups, and the partition search.

All money is integer micro-units (see tariff.py); a price of -1 means "cannot ship" (above
the last weight bracket). Groups are (consumer, mask): bit j of mask is the consumer's j-th
parcel (parcels sorted by consumer, cstart[c]:cstart[c+1]). Kernels parallel over groups or
consumers write disjoint outputs, so results do not depend on the thread count.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

INF = np.int64(2) ** 62


@njit(cache=True)
def price_u(billable, divisor, per_u, first_w, first_u, step_w, step_u, up, bprice):
    if len(up) > 0:
        for k in range(len(up)):
            if billable <= up[k]:
                return per_u + bprice[k]
        return -1
    extra = billable - first_w
    steps = 0 if extra <= 0 else (extra + step_w - 1) // step_w
    return per_u + first_u + steps * step_u


@njit(cache=True)
def billable(volume, weight, divisor):
    dim = (volume + divisor - 1) // divisor
    return weight if weight > dim else dim


@njit(cache=True)
def wait_u(rate_u, seconds):
    return (rate_u * seconds + 1800) // 3600


@njit(cache=True, parallel=True)
def alone_prices(volume, weight, divisor, per_u, first_w, first_u, step_w, step_u, up, bprice):
    out = np.empty(len(volume), dtype=np.int64)
    for i in prange(len(volume)):
        out[i] = price_u(billable(volume[i], weight[i], divisor), divisor, per_u, first_w,
                         first_u, step_w, step_u, up, bprice)
    return out


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
def _extensions(c, mask, cstart, ready, deadline, weight, value, max_net, max_value,
                max_parcels, max_wait, out_mask, fill):
    size, t, r0, dl, w, v = _group_stats(c, mask, cstart, ready, deadline, weight, value)
    n = cstart[c + 1] - cstart[c]
    count = 0
    if size + 1 > max_parcels:
        return 0
    for j in range(_top_bit(mask) + 1, n):
        p = cstart[c] + j
        t2 = max(t, ready[p])
        if t2 > min(dl, deadline[p]):
            continue
        if t2 - min(r0, ready[p]) > max_wait:
            continue
        if w + weight[p] > max_net or v + value[p] > max_value:
            continue
        if fill:
            out_mask[count] = mask | (np.int64(1) << j)
        count += 1
    return count


@njit(cache=True, parallel=True)
def extend(cons, masks, cstart, ready, deadline, weight, value, max_net, max_value,
           max_parcels, max_wait):
    """Every group of one more parcel (a later one of the same consumer) that passes the time
    window, max_wait, the weight (net of the lightest box) and value limits, and max_parcels."""
    G = len(masks)
    counts = np.zeros(G, dtype=np.int64)
    dummy = np.zeros(1, dtype=np.int64)
    for g in prange(G):
        counts[g] = _extensions(cons[g], masks[g], cstart, ready, deadline, weight, value,
                                max_net, max_value, max_parcels, max_wait, dummy, False)
    offsets = np.zeros(G + 1, dtype=np.int64)
    for g in range(G):
        offsets[g + 1] = offsets[g] + counts[g]
    out_cons = np.empty(offsets[G], dtype=np.int64)
    out_mask = np.empty(offsets[G], dtype=np.int64)
    for g in prange(G):
        a = offsets[g]
        _extensions(cons[g], masks[g], cstart, ready, deadline, weight, value, max_net,
                    max_value, max_parcels, max_wait, out_mask[a:offsets[g + 1]], True)
        for k in range(a, offsets[g + 1]):
            out_cons[k] = cons[g]
    return out_cons, out_mask


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


@njit(cache=True, parallel=True)
def price_groups(cons, masks, fit, cstart, ready, deadline, weight, value, box_volume,
                 box_empty, box_limit, box_cost_u, gross_limit, rate_u, divisor, per_u,
                 first_w, first_u, step_w, step_u, up, bprice):
    """Least cost of each group over the boxes that hold it: box cost + the price of the box's
    outer volume at gross weight + waiting. cost -1 and box -1 when no box may carry it."""
    G = len(masks)
    cost = np.full(G, -1, dtype=np.int64)
    box = np.full(G, -1, dtype=np.int64)
    ship = np.zeros(G, dtype=np.int64)
    for g in prange(G):
        size, t, r0, dl, w, v = _group_stats(cons[g], masks[g], cstart, ready, deadline,
                                             weight, value)
        waiting = 0
        m = masks[g]
        j = 0
        while m:
            if m & 1:
                waiting += wait_u(rate_u, t - ready[cstart[cons[g]] + j])
            m >>= 1
            j += 1
        ship[g] = t
        for b in range(len(box_volume)):
            if fit[g, b] != 1:
                continue
            if box_limit[b] >= 0 and w > box_limit[b]:
                continue
            gross = w + box_empty[b]
            if gross > gross_limit:
                continue
            pu = price_u(billable(box_volume[b], gross, divisor), divisor, per_u, first_w,
                         first_u, step_w, step_u, up, bprice)
            if pu < 0:
                continue
            c = box_cost_u[b] + pu + waiting
            if cost[g] < 0 or c < cost[g]:
                cost[g] = c
                box[g] = b
    return cost, box, ship


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
        dp = np.full(size, INF, dtype=np.int64)
        choice = np.zeros(size, dtype=np.int64)
        dp[0] = 0
        for mask in range(1, size):
            low = mask & -mask
            rest = mask ^ low
            s = rest
            while True:
                sub = s | low
                if cost[sub] < INF and dp[mask ^ sub] < INF:
                    val = cost[sub] + dp[mask ^ sub]
                    if val < dp[mask]:
                        dp[mask] = val
                        choice[mask] = sub
                if s == 0:
                    break
                s = (s - 1) & rest
        m = size - 1
        while m:
            sub = choice[m]
            for j in range(n):
                if (sub >> j) & 1:
                    part_mask[cstart[c] + j] = sub
            m ^= sub
