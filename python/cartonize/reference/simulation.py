"""The rolling strategy of simulate() in plain Python: the definition sim_kernels.run_keys is
held to. It takes one key's parcels and its candidate groups (mask -> static cost: box and
shipping, as the enumeration priced them) and lives through the key's events; see
cartonize/consolidation/sim_kernels.py for the rules, written out here once more."""

from __future__ import annotations

from itertools import combinations

INF = 2 ** 62


def wave(t: int, every: int) -> int:
    return t if every <= 0 else -(-t // every) * every


def wait_u(rate: int, seconds: int) -> int:
    return (rate * seconds + 1800) // 3600


def run_key(parcels: list, candidates: dict, max_wait: int, rate: int, exact_limit: int,
            every: int) -> list:
    """parcels: dicts with known, eta, ready, deadline, alone (micro-units), in the key's
    order. Returns the shipments [(members tuple, ship time, cost_u)] in the order shipped."""
    n = len(parcels)
    limit = [min(p["deadline"], p["ready"] + max_wait) for p in parcels]
    shipped = [False] * n
    out = []
    t = wave(min(p["known"] for p in parcels), every)
    while not all(shipped):
        live = [j for j in range(n) if not shipped[j] and parcels[j]["known"] <= t]
        on_hand = {j: parcels[j]["ready"] <= t for j in live}
        est = {j: parcels[j]["ready"] if on_hand[j] else max(parcels[j]["eta"], t) for j in live}
        forced = {j: on_hand[j] and (limit[j] <= t if every <= 0 else limit[j] < t + every)
                  for j in live}

        def group(members):
            ship = wave(max([t] + [est[j] for j in members]), every)
            if len(members) == 1:
                j = members[0]
                return parcels[j]["alone"] + wait_u(rate, ship - est[j]), ship
            if any(forced[j] for j in members) and not all(on_hand[j] for j in members):
                return None, ship
            mask = sum(1 << j for j in members)
            if mask not in candidates:
                return None, ship
            cost = candidates[mask]
            for j in members:
                if ship > parcels[j]["deadline"] or ship - est[j] > max_wait:
                    return None, ship
                cost += wait_u(rate, ship - est[j])
            return cost, ship

        plan = _partition(live, group) if len(live) <= exact_limit else _greedy(live, group)
        nxt = INF
        for members in plan:
            cost, ship = group(members)
            if all(on_hand[j] for j in members) and ship <= t:
                for j in members:
                    shipped[j] = True
                out.append((tuple(members), t, cost))
            elif ship > t:
                nxt = min(nxt, ship)
        for j in range(n):
            if shipped[j]:
                continue
            p = parcels[j]
            if p["known"] > t:
                nxt = min(nxt, p["known"])
            elif p["ready"] > t:
                nxt = min(nxt, p["ready"])
            elif limit[j] > t:
                nxt = min(nxt, limit[j] if every <= 0 else limit[j] - every + 1)
        if every > 0:
            nxt = max(wave(nxt, every), t + every)
        t = nxt
    return out


def _partition(live: list, group) -> list:
    """The least-cost partition of `live` (each block a group that may ship), by a DP over
    subsets: the block holding the lowest member is chosen first, blocks by increasing
    subset."""
    m = len(live)
    cost = {}
    for s in range(1, 1 << m):
        members = [live[i] for i in range(m) if s >> i & 1]
        cost[s] = group(members)[0]
    dp, choice = {0: 0}, {}
    for mask in range(1, 1 << m):
        low = mask & -mask
        rest = mask ^ low
        best, pick = INF, 0
        s = rest
        while True:
            sub = s | low
            if cost[sub] is not None and dp.get(mask ^ sub, INF) < INF:
                v = cost[sub] + dp[mask ^ sub]
                if v < best:
                    best, pick = v, sub
            if s == 0:
                break
            s = (s - 1) & rest
        dp[mask], choice[mask] = best, pick
    plan, mask = [], (1 << m) - 1
    while mask:
        sub = choice[mask]
        plan.append([live[i] for i in range(m) if sub >> i & 1])
        mask ^= sub
    return plan


def _greedy(live: list, group) -> list:
    plan = [[j] for j in live]
    cost = [group(b)[0] for b in plan]
    while True:
        best = None
        for a, b in combinations(range(len(plan)), 2):
            c = group(sorted(plan[a] + plan[b]))[0]
            if c is not None and cost[a] + cost[b] - c > (0 if best is None else best[0]):
                best = (cost[a] + cost[b] - c, a, b, c)
        if best is None:
            return plan
        _, a, b, c = best
        plan[a] = sorted(plan[a] + plan[b])
        cost[a] = c
        plan[b], cost[b] = plan[-1], cost[-1]
        plan.pop()
        cost.pop()
