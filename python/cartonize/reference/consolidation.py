"""Consolidation in plain Python: the definition the Numba kernels are held to.

Same model as cartonize.consolidation (money in integer micro-units). A group's box fit uses
this package's reference packer with the rule the core's batch fit applies: boxes by volume,
a box holds the group if an attempt packs it there or it contains, axis by axis and with no
smaller load limit, a box an attempt packed it into. A group of three or more is considered
only if the group without its last parcel (in the consumer's order) is feasible, as the
round-by-round enumeration does. The partition is the least-cost one over all subsets (the
DP below), exact up to `exact_limit` parcels; beyond, greedy merging as the kernels do. A
consumer of more than 62 parcels on a lane is settled in parts (`_parts`), each as a
consumer of its own.
"""

from __future__ import annotations

import math

from .._grid import fill_ppm
from ..tariff import to_micro
from . import exact_search as oracle
from .landed_cost import price_u, ship_u  # noqa: F401 (price_u: the same definition)
from .extreme_points import Copy, ExtremePointPacker, turns_of
from .attempts import ATTEMPTS, orderings
from .lower_bounds import bounds_allow

INF = 2 ** 62


def lane_rates(tariff, policy, lane):
    """The services (a tuple of Tariffs) and the policy of one lane."""
    t = tariff[lane] if isinstance(tariff, dict) else tariff
    services = (t,) if not isinstance(t, (list, tuple)) else tuple(t)
    return services, (policy[lane] if isinstance(policy, dict) else policy)


def fits_boxes(catalog, dims_list, weights, exact_max_copies=4):
    """Per catalogue box: does it hold these parcels (any turn), by the core's batch rule:
    the heuristic, then (groups of at most exact_max_copies parcels, at most 4 here) the
    brute-force oracle."""
    dims_list = [tuple(d) for d in dims_list]
    # A parcel's shape: the first parcel of the same dimensions, as the core numbers them.
    copies = [Copy(k, 0, d, w, turns_of(d, "any"), dims_list.index(d)) for k, (d, w) in
              enumerate(zip(dims_list, weights))]
    search = len(copies) <= min(exact_max_copies, oracle.MAX_COPIES)
    boxes = list(catalog.boxes)
    order = sorted(range(len(boxes)), key=lambda j: boxes[j].volume)
    result, frontier = [False] * len(boxes), []

    def contains(big, small):
        return (big.length >= small.length and big.width >= small.width
                and big.height >= small.height
                and fill_ppm(big.max_fill) >= fill_ppm(small.max_fill)
                and (big.max_weight is None or (small.max_weight is not None
                                                and big.max_weight >= small.max_weight)))

    for j in order:
        ok = any(contains(boxes[j], boxes[f]) for f in frontier)
        if not ok and bounds_allow(boxes[j], copies):
            seqs = orderings(copies)
            ok = any(ExtremePointPacker(boxes[j], f).pack(seqs[o], m, fill=False)[0]
                     for o, m, f in ATTEMPTS)
            if not ok and search:
                ok = oracle.fit(boxes[j], copies) is not None
            if ok:
                frontier.append(j)
        result[j] = ok
    return result


def group_cost(parcels, idx, catalog, services, policy, exact_max_copies=4):
    """(cost_u, box index, ship_at, service) of shipping parcels[idx] together, or None."""
    ps = [parcels[i] for i in idx]
    t = max(p["ready"] for p in ps)
    if len(ps) > policy.max_parcels or any(t > p["deadline"] for p in ps):
        return None
    if any(t - p["ready"] > policy.max_wait for p in ps):
        return None
    weight = sum(p["weight"] for p in ps)
    if sum(p["value"] for p in ps) > policy.max_value:
        return None
    if weight + min(b.empty_weight for b in catalog.boxes) > policy.max_weight:
        return None
    rate = to_micro(policy.wait_cost_per_hour, "rate")
    waiting = sum((rate * (t - p["ready"]) + 1800) // 3600 for p in ps)
    holds = fits_boxes(catalog, [(p["length"], p["width"], p["height"]) for p in ps],
                       [p["weight"] for p in ps], exact_max_copies)
    best = None
    for b, box in enumerate(catalog.boxes):
        if not holds[b] or (box.max_weight is not None and weight > box.max_weight):
            continue
        gross = weight + box.empty_weight
        if gross > policy.max_weight:
            continue
        offer = ship_u(services, box.outer, gross)
        if offer is None:
            continue
        # A box given no cost counts no material (a tariff prices every package).
        c = (to_micro(box.cost, "cost") if box._cost_given else 0) + offer[0] + waiting
        if best is None or c < best[0]:
            best = (c, b, t, offer[1])
    return best


def consolidate(parcels, catalog, tariff, policy, exact_limit=12, exact_max_copies=4):
    """parcels: a list of dicts (parcel_id, consumer_id, ready, deadline, length, width,
    height, weight, value, and optionally lane). ``tariff``/``policy`` as for
    :func:`cartonize.consolidate`. Returns [(consumer_id, lane, parcel_ids tuple, box_id or
    None, ship_at, cost_u, service)] per consumer and lane in order of first appearance,
    groups in order of their first parcel."""
    by_key = {}
    for p in parcels:
        by_key.setdefault((p["consumer_id"], p.get("lane", "")), []).append(p)
    out = []
    for (cid, lane), ps in ((key, part) for key, whole in by_key.items()
                            for part in _parts(whole)):
        services, pol = lane_rates(tariff, policy, lane)
        n = len(ps)
        offers = [ship_u(services, (p["length"], p["width"], p["height"]), p["weight"])
                  for p in ps]
        alone = [o[0] for o in offers]
        feasible = {}
        if 2 <= n <= exact_limit:
            level = [(j,) for j in range(n)]
            while level:
                nxt = []
                for g in level:
                    for j in range(g[-1] + 1, n):
                        h = g + (j,)
                        r = group_cost(ps, h, catalog, services, pol, exact_max_copies)
                        if r is not None:
                            feasible[h] = r
                            nxt.append(h)
                level = nxt
            groups = _partition(n, alone, feasible)
        elif n > exact_limit:
            groups = _greedy(ps, alone, catalog, services, pol, exact_max_copies)
        else:
            groups = [((0,), (alone[0], -1, ps[0]["ready"], offers[0][1]))]
        for idx, (c, b, t, s) in groups:
            if len(idx) == 1:
                s, t = offers[idx[0]][1], ps[idx[0]]["ready"]
            out.append((cid, lane, tuple(ps[j]["parcel_id"] for j in idx),
                        None if b < 0 else catalog.boxes[b].id, t, c,
                        _service_name(services, s)))
    return out


def _service_name(services, s):
    """A service as results name it: its name; unnamed, its position among several, or
    None when it is the lane's only service."""
    if s is None or services[s].name is not None:
        return None if s is None else services[s].name
    return None if len(services) == 1 else str(s)


def _partition(n, alone, feasible):
    cost = [INF] * (1 << n)
    info = {}
    for j in range(n):
        cost[1 << j] = alone[j]
    for g, r in feasible.items():
        m = sum(1 << j for j in g)
        cost[m] = r[0]
        info[m] = r
    dp = [INF] * (1 << n)
    choice = [0] * (1 << n)
    dp[0] = 0
    for mask in range(1, 1 << n):
        low = mask & -mask
        rest = mask ^ low
        s = rest
        while True:
            sub = s | low
            if cost[sub] < INF and dp[mask ^ sub] < INF and cost[sub] + dp[mask ^ sub] < dp[mask]:
                dp[mask] = cost[sub] + dp[mask ^ sub]
                choice[mask] = sub
            if s == 0:
                break
            s = (s - 1) & rest
    groups, m = [], (1 << n) - 1
    while m:
        sub = choice[m]
        idx = tuple(j for j in range(n) if sub >> j & 1)
        groups.append((idx, info.get(sub, (alone[idx[0]], -1, None, None))))
        m ^= sub
    return sorted(groups)


MAX_LOCAL = 62  # parcels settled together at most


def _parts(ps):
    """The parcels of one consumer and lane, settled together up to MAX_LOCAL; beyond, in
    parts, in time order (ready, deadline, known, eta, weight, value, length, width, height,
    id as text): a window ends before a parcel ready after the deadline of every parcel before
    it (no package could hold both; times in whole seconds, ready up and deadlines down, as
    the parcels are read), and a window of more than MAX_LOCAL parcels is cut into as few
    runs of near-equal length as hold it."""
    if len(ps) <= MAX_LOCAL:
        return [ps]
    def ready(p):
        return math.ceil(p["ready"])
    def when(p):
        return (ready(p), math.floor(p["deadline"]),
                min(math.ceil(p.get("known", p["ready"])), ready(p)),
                math.ceil(p.get("eta", p["ready"])), p["weight"], p["value"], p["length"],
                p["width"], p["height"], str(p["parcel_id"]))
    windows, reach = [], None
    for p in sorted(ps, key=when):
        if reach is None or ready(p) > reach:
            windows.append([])
            reach = math.floor(p["deadline"])
        windows[-1].append(p)
        reach = max(reach, math.floor(p["deadline"]))
    parts = []
    for w in windows:
        runs = -(-len(w) // MAX_LOCAL)
        cuts = [k * len(w) // runs for k in range(runs)] + [len(w)]
        parts += [w[cuts[k]:cuts[k + 1]] for k in range(runs)]
    return parts


def _greedy(ps, alone, catalog, services, policy, exact_max_copies=4):
    groups = [((j,), (alone[j], -1, ps[j]["ready"], None)) for j in range(len(ps))]
    while True:
        best = None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                idx = tuple(sorted(groups[a][0] + groups[b][0]))
                r = group_cost(ps, idx, catalog, services, policy, exact_max_copies)
                if r is None:
                    continue
                saving = groups[a][1][0] + groups[b][1][0] - r[0]
                if saving > 0 and (best is None or saving > best[0]):
                    best = (saving, a, b, idx, r)
        if best is None:
            return sorted(groups)
        _, a, b, idx, r = best
        groups = [g for i, g in enumerate(groups) if i not in (a, b)] + [(idx, r)]
