"""The heuristic's attempts in plain Python: the item orderings and the (ordering, merit,
frame) lists tried in a fixed order; the definition csrc/attempts.cpp is held to."""

from __future__ import annotations

from .support import bearing


def orderings(copies: list) -> list:
    """The copies in each item ordering, tried in this fixed order, all descending and stable:
    by volume, by longest side, by area of the two longest sides; in each, the copies that
    are not stackable after the others (so that they end on top), and those with a load
    limit just before them, the strongest first (by what it may bear, support.bearing, plus
    weight: a copy that bears more goes lower). Each ordering's first key is multiplied by
    the copy's jitter (1024 but in improve's shakes)."""
    def longest(c):
        return sorted(c.dims)[2]

    def area(c):
        s = sorted(c.dims)
        return s[1] * s[2]

    def tier(c):  # 0 first: any load; 1: a load limit; 2: nothing may rest on it
        return 2 if not c.stackable else (0 if c.max_load is None else 1)

    def strength(c):  # within tier 1, descending
        return bearing(c.max_load) + c.weight if tier(c) == 1 else 0

    return [sorted(copies, key=lambda c: (tier(c), -strength(c), -c.volume * c.jitter,
                                          -longest(c))),
            sorted(copies, key=lambda c: (tier(c), -strength(c), -longest(c) * c.jitter,
                                          -c.volume)),
            sorted(copies, key=lambda c: (tier(c), -strength(c), -area(c) * c.jitter,
                                          -c.volume))]


# (ordering, merit, frame) in the fixed order they are tried: every ordering x merit x upright
# frame, then the frames on a side with the first ordering and merit.
ATTEMPTS = tuple((o, m, f) for o in range(3) for m in range(4) for f in (0, 1)) + tuple(
    (0, 0, f) for f in (2, 3, 4, 5))


# Filling a box in a split, and right-sizing a filled box, try fewer: ordering 0 with merits
# CORNER and ROW_FIT, ordering 2 with ROW_FIT, each in the upright frames.
SHORT_ATTEMPTS = ((0, 0, 0), (0, 0, 1), (0, 3, 0), (0, 3, 1), (2, 3, 0), (2, 3, 1))
# A bag's attempts after the first at each thickness, where the walk gives the full list: the
# short list with Volume / LowTop in the turned frame second.
BAG_ATTEMPTS = SHORT_ATTEMPTS[:1] + ((0, 1, 1),) + SHORT_ATTEMPTS[1:]


def bag_attempt_list(attempts: tuple) -> tuple:
    """A bag's list where the walk gives `attempts`: BAG_ATTEMPTS for a list longer than the
    short list, else the list itself."""
    return BAG_ATTEMPTS if len(attempts) > len(SHORT_ATTEMPTS) else attempts


# Sets of more copies than this try the short list when looking for one box too.
MANY_COPIES = 400


MANY_COPIES_FILL_ATTEMPTS = ((0, 0, 0), (2, 3, 0))


def walk_attempts(copies: list) -> tuple:
    return SHORT_ATTEMPTS if len(copies) > MANY_COPIES else ATTEMPTS


def fill_attempts(copies: list) -> tuple:
    return MANY_COPIES_FILL_ATTEMPTS if len(copies) > MANY_COPIES else SHORT_ATTEMPTS
