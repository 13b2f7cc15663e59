"""Bags and mailers in plain Python: which thicknesses a set of copies can take in a bag, which
the heuristic tries, and the box a bag is at one thickness; the definition csrc/bags.cpp is
held to.

A flat bag of inner size L x W holds contents whose block l x w x h has l + h <= L,
w + h <= W and h <= its thickness; at thickness h it is the box (L - h) x (W - h) x h.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from .._grid import fill_hold

MAX_THICKNESSES = 4  # tried by the heuristic, per bag and set of copies


@dataclass(frozen=True)
class Space:
    """A rigid box to pack into: a bag at one thickness, or the box that holds every
    thickness of a range."""

    length: int
    width: int
    height: int
    max_weight: Optional[int]
    max_fill: Optional[float] = None  # the bag's

    @property
    def dims(self) -> tuple:
        return (self.length, self.width, self.height)

    @property
    def volume(self) -> int:
        return self.length * self.width * self.height

    @property
    def hold(self) -> int:
        """The content volume it may take under the bag's fill limit."""
        return fill_hold(self.volume, self.max_fill)


def capacity(bag, h: int) -> int:
    return (bag.length - h) * (bag.width - h) * h


def peak(bag) -> int:
    """The thickness in 1..thickness at which the bag holds the most (the first of equals
    among the whole numbers next to where (L - h)(W - h)h peaks, as the core tries them)."""
    a, b = bag.length, bag.width
    root = ((a + b) - math.sqrt(a * a - a * b + b * b)) / 3.0
    best = 1
    for r in (math.floor(root) - 1, math.floor(root), math.ceil(root), math.ceil(root) + 1):
        h = int(min(max(r, 1), bag.thickness))
        if capacity(bag, h) > capacity(bag, best):
            best = h
    return best


def bag_box(view, h: int) -> Space:
    """The bag at thickness h as a box."""
    return Space(view.box.length - h, view.box.width - h, h, view.max_weight, view.box.max_fill)


def turn_holds(bag, t: tuple, volume: int) -> bool:
    """Whether contents of `volume` spanning the block t = (l, w, h) fit the bag at some
    thickness: t lies in the bag at that thickness, and the volume is within its fill limit
    there (capacity is unimodal in the thickness: its most over the range is at the peak,
    clamped)."""
    up = min(bag.thickness, bag.length - t[0], bag.width - t[1])
    if t[2] > up:
        return False
    if bag.max_fill is None:
        return True
    return fill_hold(capacity(bag, min(max(peak(bag), t[2]), up)), bag.max_fill) >= volume


def copy_range(copy, bag):
    """(lo, hi): the thicknesses the copy can take alone in the bag lie in [lo, hi], lo the
    thinnest it lies; None when it fits no way."""
    lo, hi = None, None
    for l, w, h in copy.turns:
        up = min(bag.thickness, bag.length - l, bag.width - w)
        if h > up:
            continue
        lo = h if lo is None else min(lo, h)
        hi = up if hi is None else max(hi, up)
    return None if lo is None else (lo, hi)


def thickness_range(bag, copies: list):
    """(lo, hi): the thicknesses every copy fits at and at which the bag holds their volume
    lie in [lo, hi]; None (a proof that the bag cannot hold them) when none do."""
    lo, hi = 1, bag.thickness
    for c in copies:
        r = copy_range(c, bag)
        if r is None:
            return None
        lo, hi = max(lo, r[0]), min(hi, r[1])
    if lo > hi:
        return None
    volume = sum(c.volume for c in copies)
    p = peak(bag)

    def holds(h):  # what the bag takes at h, under its fill limit
        return fill_hold(capacity(bag, h), bag.max_fill) >= volume
    if not holds(p):
        return None
    # capacity rises to the peak, then falls: the thinnest and thickest that hold the volume
    a = next(h for h in range(1, p + 1) if holds(h))
    b = next(h for h in range(bag.thickness, p - 1, -1) if holds(h))
    lo, hi = max(lo, a), min(hi, b)
    return (lo, hi) if lo <= hi else None


def thicknesses(bag, copies: list, lo: int, hi: int) -> list:
    """The thicknesses to try, thinnest first: lo, the heights of the copies piled on their
    thinnest sides largest first, and the one that holds the most; at most MAX_THICKNESSES
    (the thinnest, the one that holds the most, and picks spread between)."""
    out = [lo]
    pile = sorted(((_area(c), copy_range(c, bag)[0]) for c in copies), key=lambda x: -x[0])
    height = 0
    for _, t in pile:
        height += t
        if height > hi:
            break
        if height > lo:
            out.append(height)
    p = min(max(peak(bag), lo), hi)
    out = sorted(set(out + [p]))
    if len(out) > MAX_THICKNESSES:
        between = MAX_THICKNESSES - 2
        picks = [out[0]] + [out[k * (len(out) - 1) // (between + 1)]
                            for k in range(1, between + 1)] + [p]
        out = sorted(set(picks))
    return out


def _area(c) -> int:
    """The area of a copy's two longest sides."""
    s = sorted(c.dims)
    return s[1] * s[2]


def fill_thicknesses(bag, copies: list) -> list:
    """The thicknesses a split fills the bag at: the one that holds the most, alone when every
    copy that fits the bag fits it there; else also the one at which every copy that fits the
    bag can lie on its thinnest side (thinnest first), and last the one nearest the fullest
    at which every such copy still fits, where there is one and it is neither of those."""
    p = peak(bag)
    flat, common, all_at_peak = 1, None, True
    for c in copies:
        r = copy_range(c, bag)
        if r is not None:
            flat = max(flat, r[0])
            common = r[1] if common is None else min(common, r[1])
            all_at_peak = all_at_peak and any(
                l <= bag.length - p and w <= bag.width - p and h <= p for l, w, h in c.turns)
    if all_at_peak:
        return [p]
    a, b = min(flat, p), max(flat, p)
    out = [a] if a == b else [a, b]
    if common is not None and flat <= common:
        c = min(max(p, flat), common)
        if c not in out:
            out.append(c)
    return out


def first_tries(bag, thick: list, copies: list) -> list:
    """The thicknesses in the order the heuristic tries them: the thinnest at which the copies
    fill at most half the bag first, then the thicker ones, then the thinner ones,
    thickest first."""
    volume = sum(c.volume for c in copies)
    first = 0
    while first + 1 < len(thick) and capacity(bag, thick[first]) < volume * 2:
        first += 1
    return thick[first:] + thick[:first][::-1]


def block_of(layout: list) -> tuple:
    """The block a layout spans from the origin."""
    return (max((x + l for _, (x, y, z, l, w, h) in layout), default=0),
            max((y + w for _, (x, y, z, l, w, h) in layout), default=0),
            max((z + h for _, (x, y, z, l, w, h) in layout), default=0))
