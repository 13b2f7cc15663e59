"""Bags in the walk, in plain Python: a bag holds a set of copies when one of its thicknesses
does; the heuristic tries a few, and a proof that none can hold them bounds ranges of
thicknesses down to single ones. The definition csrc/bag_fit.cpp is held to."""

from __future__ import annotations

from . import exact_search as oracle
from .attempts import bag_attempt_list
from .bags import bag_box, capacity, first_tries, peak, thickness_range, thicknesses
from .extreme_points import packer_for
from .landed_cost import Shop
from .lower_bounds import (bounds_allow, one_box_bounds_allow, piles_allow, span_sums,
                           spans_allow)
from .support import supported


# Ranges of thicknesses bounded before a proof over a bag's thicknesses is given up.
MAX_PROOF_RANGES = 31


def ships(shop: Shop, view, layout) -> bool:
    """Whether a priced bag ships filled to the block of `layout` (a fill that ships at no
    service is no fill); always, unpriced."""
    return not shop.priced or shop.ship_layout(view, layout) is not None


def attempts_pack(shop: Shop, space, copies: list, sequences, attempts, ships=None):
    """The layout of the first attempt that packs every copy into `space` (and, with `ships`,
    passes it: a priced bag's fill may ship at no service), or None."""
    for o, kind, frame in attempts:
        if shop.support and frame >= 2:
            continue
        ok, layout = packer_for(shop, space, frame).pack(sequences[o], kind, fill=False)
        if ok and (ships is None or ships(layout)):
            return layout
    return None


def bag_attempts(shop: Shop, view, copies: list, sequences, attempts, check_ship=True,
                 tries=slice(None)):
    """A layout of `copies` in the bag at one of the thicknesses bags.thicknesses gives (with
    `check_ship`, a priced bag shipping at the block filled), or None. The thicknesses in
    the order bags.first_tries gives, those the bounds allow; the bag's attempts (BAG_ATTEMPTS
    when the list is longer than the short list) one by one, each at every thickness before
    the next. `tries`: which of these passes."""
    r = thickness_range(view.box, copies)
    if r is None:
        return None
    thick = [h for h in first_tries(view.box, thicknesses(view.box, copies, *r), copies)
             if bounds_allow(bag_box(view, h), copies)]

    test = (lambda lay: ships(shop, view, lay)) if check_ship else None
    # A fill that ships at no service does not end the thickness: the attempts after it may
    # fill the bag to a block that ships.
    for tried in [[a] for a in bag_attempt_list(attempts)][tries]:
        for h in thick:
            layout = attempts_pack(shop, bag_box(view, h), copies, sequences, tried, test)
            if layout is not None:
                return layout
    return None


def bag_step(shop: Shop, view, copies: list, sequences, attempts, exact: bool,
             can_search: bool, want_proof: bool = True):
    """The walk's step for a bag: ("fit", layout), ("no_fit", None) (proven: the bounds over
    ranges of thicknesses, each bounded by the box that holds all of them, down to single
    thicknesses the costlier bounds, the heuristic again and the oracle settle), ("searched",
    None) (the oracle's fit is not stable or does not ship: no proof either way), or
    ("unknown", None). Without the search, no proof is tried once a cheaper box was left
    unproven (`want_proof`). The heuristic's third attempt on waits until the proof is lost:
    a proof that ends rules out what it could fill."""
    from .bags import Space
    r = thickness_range(view.box, copies)
    if r is None:
        return "no_fit", None
    # Where a proof is tried, unpriced, the heuristic's third attempt on waits until the
    # proof is lost; priced, the fill decides what the bag ships for, and all go first.
    proof = exact and (can_search or want_proof)
    defer = proof and not shop.priced

    def lost(status):  # the proof is lost: the heuristic's other attempts
        layout = (bag_attempts(shop, view, copies, sequences, attempts, tries=slice(2, None))
                  if defer else None)
        return ("fit", layout) if layout is not None else (status, None)
    layout = bag_attempts(shop, view, copies, sequences, attempts,
                          tries=slice(0, 2) if defer else slice(None))
    if layout is not None:
        return "fit", layout
    if not proof:
        return "unknown", None
    bag, ranges, sums = view.box, [r], None

    def most_room(a, c):  # the capacity is unimodal in the thickness, highest at the peak
        return capacity(bag, min(max(peak(bag), a), c))
    for k in range(MAX_PROOF_RANGES + 1):
        if not ranges:
            return "no_fit", None
        if k == MAX_PROOF_RANGES:
            return lost("unknown")
        a, c = ranges.pop()
        space = Space(bag.length - a, bag.width - a, c, view.max_weight, bag.max_fill)
        if not bounds_allow(space, copies):
            continue
        if sums is None:  # made once, in the box of the whole range, when first needed
            sums = span_sums((bag.length - r[0], bag.width - r[0], r[1]), copies)
        if not spans_allow(sums, space.dims, copies):
            continue
        if c <= a + 1 and not (piles_allow(sums, space.dims, copies)
                               and one_box_bounds_allow(space, copies)):
            continue  # the costlier bounds settle one thickness, and most pairs at once
        if a < c:
            # Halved; the half with the most room is settled first (popped last-in), the
            # thinner half when a tariff prices the bag (a thinner block ships more readily).
            m = a + (c - a) // 2
            halves = [(a, m), (m + 1, c)]
            roomier_first = not shop.priced and most_room(m + 1, c) > most_room(a, m)
            ranges += halves if roomier_first else halves[::-1]
            continue
        # The heuristic (the bag's list) and the oracle: without a tariff the heuristic
        # first; priced, the oracle first (its fill may ship cheaper), and the heuristic where
        # the thickness stays open. The first thickness left open ends the step.
        def heuristic():
            return attempts_pack(shop, bag_box(view, a), copies, sequences,
                                 bag_attempt_list(attempts), lambda lay: ships(shop, view, lay))
        layout = None if shop.priced else heuristic()
        if layout is not None:
            return "fit", layout
        if can_search:
            layout = oracle.fit(space, copies)
            if layout is None:
                continue  # proven at this thickness
            # A fit that is not stable, or does not ship, proves nothing: "searched", as the
            # core's search out of its budget (the walk's proof is then "unknown").
            if not (shop.support and not supported(layout, shop.min_support)) and ships(
                    shop, view, layout):
                return "fit", layout
        layout = heuristic() if shop.priced else None
        if layout is not None:
            return "fit", layout
        return lost("searched" if can_search else "unknown")
