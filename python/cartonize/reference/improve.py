"""The improvement search after a split (pack's ``effort``) in plain Python: the same moves in
the same order, and the same draws, as csrc/improve.cpp, which is held to it."""

from __future__ import annotations

from .attempts import SHORT_ATTEMPTS
from .landed_cost import Shop
from .split import split

MASK64 = (1 << 64) - 1
LOCAL_MOVES = 1000  # the local search's moves before the shakes start
SHAKE_LEAST, SHAKE_SIZES = 3, 3  # a shake empties 3 to 5 boxes
SHAKE_SCALE, SHAKE_SLACK = 20480, 512  # a step aside keeps (20480 - slack) / 20480, slack < 512
JITTER_SCALE, JITTER = 1024, 256  # first keys times (1024 - 256 .. 1024 + 256) / 1024


class SplitMix64:
    """splitmix64 (Steele, Lea & Flood 2014) from a fixed seed: the shakes' draws."""

    def __init__(self, state: int = 0):
        self.state = state

    def __call__(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def improve(shop: Shop, chosen: list, copies: list, lower_bound: int, effort: int,
            least_cost: bool, single, fit_in, reported_cost) -> tuple:
    """The boxes `chosen` ([(box, layout), ...]) improved by at most `effort` moves: for each
    box w by packed volume ascending (ties to the earlier), each copy of w (of no kit, the
    largest first) into each other box (the fullest first; the box packed anew by the
    attempts, what stays in w to the cheapest box in stock that holds it), then w with each
    other box, then with each pair of others, their copies split anew (the first strategy);
    the first move that improves is taken (its boxes after the others) and the search starts
    over, until a pass improves nothing or it has made LOCAL_MOVES moves. Then shakes: k of
    3 to 5 boxes (the weakest, or one of the three weakest, and others drawn) split anew with
    each copy's first ordering key jittered, taken when no worse or, as a step aside, when
    their sum of squared volumes keeps (20480 - slack) / 20480 of theirs; the best packing
    seen is kept. Everything stops at `effort` moves, or once the boxes reach `lower_bound`.
    `single`, `fit_in` and `reported_cost` are selection's, passed in. Returns (the boxes,
    the moves that improved)."""
    boxes = list(chosen)
    index = {(c.item, c.copy): k for k, c in enumerate(copies)}
    strategy = 2 if least_cost else 0

    def volume(layout):
        return sum(c.volume for c, _ in layout)

    def used_by(taken):
        used = [0] * len(shop.boxes)
        for box, _ in taken:
            used[box.index] += 1
        return used

    def squares(boxes_):
        return sum(volume(layout) ** 2 for _, layout in boxes_)

    def ships(boxes_) -> bool:
        return not shop.priced or all(shop.ship_layout(box, layout) is not None
                                      for box, layout in boxes_)

    def better(after, before) -> bool:
        if not ships(after):
            return False
        a, b = reported_cost(shop, after), reported_cost(shop, before)
        if (a < b) if least_cost else len(after) < len(before):
            return True
        if (a != b) if least_cost else len(after) != len(before):
            return False
        if not least_cost and a < b:
            return True
        return not a > b and squares(after) > squares(before)

    def split_out(positions):
        kept = [b for k, b in enumerate(boxes) if k not in positions]
        return kept, [boxes[k] for k in sorted(positions)]

    def insert(w, c, j):
        kept, before = split_out({w, j})
        box_j, layout_j = boxes[j]
        moved = sorted([x for x, _ in layout_j] + [c], key=lambda x: index[x.item, x.copy])
        layout = fit_in(shop, box_j, moved)
        if layout is None:
            return None
        trial = [(box_j, layout)]
        rest = sorted((x for x, _ in boxes[w][1] if (x.item, x.copy) != (c.item, c.copy)),
                      key=lambda x: index[x.item, x.copy])
        if rest:
            shop.used = used_by(boxes[:w] + boxes[w + 1:])
            found = single(shop, rest, SHORT_ATTEMPTS)
            if found is None:
                return None
            trial.append(found)
        return kept + trial if better(trial, before) else None

    draw = SplitMix64()

    def split_set(positions, jittered=False):
        """(the others, the boxes at `positions`, their copies split anew), or None when some
        copy is left out; `jittered`: each copy first draws its orderings' jitter."""
        kept, before = split_out(positions)
        pool = sorted((x for _, layout in before for x, _ in layout),
                      key=lambda x: index[x.item, x.copy])
        if jittered:
            for x in pool:
                x.jitter = JITTER_SCALE - JITTER + draw() % (2 * JITTER + 1)
        left = []
        try:
            trial = split(shop, pool, strategy, single, leftover=left, used=used_by(kept))
        finally:
            for x in pool:
                x.jitter = JITTER_SCALE
        return None if not trial or left else (kept, before, trial)

    def resplit(positions):
        found = split_set(positions)
        if found is None or not better(found[2], found[1]):
            return None
        return found[0] + found[2]

    def shake(positions, slack):
        found = split_set(positions, jittered=True)
        if found is None or not ships(found[2]):
            return None
        kept, before, trial = found
        a, b = reported_cost(shop, trial), reported_cost(shop, before)
        if (a < b) if least_cost else len(trial) < len(before):
            return kept + trial
        if (a > b) if least_cost else (len(trial) > len(before) or a > b):
            return None
        if squares(trial) * SHAKE_SCALE >= squares(before) * (SHAKE_SCALE - slack):
            return kept + trial
        return None

    work = taken = 0
    local = min(effort, LOCAL_MOVES)
    while work < local and len(boxes) > lower_bound:
        found = None
        order = sorted(range(len(boxes)), key=lambda k: volume(boxes[k][1]))
        for w in order:
            others = [k for k in order if k != w]
            mine = sorted((c for c, _ in boxes[w][1] if c.group < 0), key=lambda c: -c.volume)
            moves = ([lambda c=c, j=j: insert(w, c, j) for c in mine for j in reversed(others)]
                     + [lambda j=j: resplit({w, j}) for j in others]
                     + [lambda a=a, b=b: resplit({w, others[a], others[b]})
                        for a in range(len(others)) for b in range(a + 1, len(others))])
            for move in moves:
                if work >= local:
                    break
                work += 1
                found = move()
                if found is not None:
                    break
            if found is not None or work >= local:
                break
        if found is None:
            break
        boxes, taken = found, taken + 1

    if work < effort and len(boxes) > lower_bound and len(boxes) >= 2:
        best = boxes
        while work < effort and len(best) > lower_bound:
            work += 1
            n = len(boxes)
            k = min(n, SHAKE_LEAST + draw() % SHAKE_SIZES)
            order = sorted(range(n), key=lambda j: volume(boxes[j][1]))
            w = order[0] if draw() & 1 else order[draw() % min(3, n)]
            others = [j for j in range(n) if j != w]
            for a in range(k - 1):
                b = a + draw() % (len(others) - a)
                others[a], others[b] = others[b], others[a]
            found = shake(set(others[:k - 1]) | {w}, draw() % SHAKE_SLACK)
            if found is None:
                continue
            boxes = found
            a, b = reported_cost(shop, boxes), reported_cost(shop, best)
            if a < b if least_cost else (len(boxes), a) < (len(best), b):
                best, taken = boxes, taken + 1
        boxes = best
    shop.used = used_by(boxes)
    return boxes, taken
