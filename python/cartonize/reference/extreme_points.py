"""The extreme-point packer in plain Python, written to be read.

Crainic, Perboli & Tadei (2008), "Extreme point-based heuristics for three-dimensional bin
packing", INFORMS Journal on Computing 20(3). Copies go into one box one at a time, in a given
sequence; each goes to the extreme point and turn that minimise a merit, ties going to the
first point (in insertion order) and the first turn. This is the definition the C++ core in
csrc/extreme_points.cpp is held to, placement for placement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .._grid import ORIENTATION_MASKS as MASKS
from .._grid import fill_hold
from .support import carried_loads, overloaded

# Rotation r puts item dimension ROTATIONS[r][a] along axis a (x, y, z); an orientation rule
# is a mask over these six rotations (MASKS, as the core defines them).
ROTATIONS = ((0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 0, 1), (1, 2, 0), (2, 1, 0))

CORNER, LOW_TOP, BOUNDING_BOX, ROW_FIT, HULL = 0, 1, 2, 3, 4

# Frames: frame axis a is box axis FRAMES[f][a]. 0 the box as it is, 1 turned a quarter about
# z, 2-5 laid on a side. Every frame is valid for every orientation rule: a copy's allowed
# turns are mapped into the frame, and its placement mapped back.
FRAMES = ((0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 1, 0), (1, 2, 0), (2, 0, 1))


@dataclass
class Copy:
    """One physical copy of an order line."""

    item: int
    copy: int
    dims: tuple
    weight: int
    turns: list  # distinct allowed (l, w, h), in rotation order
    shape: int = 0  # the first order line with the same dimensions, orientation and rules
    group: int = -1  # copies of one group go in one box
    category: int = -1  # code of an incompatible category (-1: none)
    cap: int = 0  # at most this many copies of the line per box (0: any)
    stackable: bool = True  # False: nothing may rest on its top face
    max_load: Optional[int] = None  # the weight it may carry (None: any)
    # Its orderings' first key is multiplied by jitter / 1024 (improve's shakes draw it).
    jitter: int = field(default=1024, compare=False, repr=False)

    @property
    def volume(self) -> int:
        l, w, h = self.dims
        return l * w * h


def turns_of(dims: tuple, orientation: str) -> list:
    mask = MASKS[orientation]
    turns = []
    for r, perm in enumerate(ROTATIONS):
        if mask & (1 << r):
            t = tuple(dims[a] for a in perm)
            if t not in turns:
                turns.append(t)
    return turns


def fits(copy: Copy, box) -> bool:
    return any(l <= box.length and w <= box.width and h <= box.height for l, w, h in copy.turns)


def merit(kind: int, x, y, z, l, w, h, extent, size) -> tuple:
    """Smaller is better; ties go to the lower point (z, y, x), and at one point to the first
    turn. CORNER: lowest z, then y, then x. LOW_TOP: lowest top face, then far y, then far x.
    ROW_FIT: lowest z, then the least waste if the turn were repeated up to the x and y walls.
    BOUNDING_BOX: smallest bounding box of all placed, then lowest top. HULL: smallest
    bounding box, then the least sum of its sides, then the lowest top."""
    if kind == CORNER:
        key = (z, y, x)
    elif kind == LOW_TOP:
        key = (z + h, y + w, x + l)
    elif kind == ROW_FIT:
        key = (z, (size[0] - x) % l + (size[1] - y) % w, y)
    elif kind == HULL:
        bx, by, bz = max(extent[0], x + l), max(extent[1], y + w), max(extent[2], z + h)
        key = (bx * by * bz, bx + by + bz, z + h)
    else:
        ex, ey, ez = extent
        key = (max(ex, x + l) * max(ey, y + w) * max(ez, z + h), z + h, y + w)
    return key + (z, y, x)


def overlaps(a: tuple, b: tuple) -> bool:
    """Do two placed cuboids (x, y, z, l, w, h) share volume?"""
    ax, ay, az, al, aw, ah = a
    bx, by, bz, bl, bw, bh = b
    return (ax < bx + bl and bx < ax + al and ay < by + bw and by < ay + aw
            and az < bz + bh and bz < az + ah)


class ExtremePointPacker:
    """Packs into `box`, working in frame `frame` (see FRAMES); positions are reported in the
    box's own frame."""

    def __init__(self, box, frame: int = 0, incompatible=(), min_support: float = 0.0,
                 support: bool = False, loads: bool = False, grounded: bool = False):
        self.frame = FRAMES[frame]
        self.size = tuple(box.dims[a] for a in self.frame)
        self.max_weight = box.max_weight
        # The content volume the fill limit leaves (a catalogue Box: its max_fill).
        self.hold = box.hold if hasattr(box, "hold") else fill_hold(
            box.volume, getattr(box, "max_fill", None))  # (an order hull's box has none)
        self.incompatible = incompatible  # per category code, the codes it may not meet
        # Stable placements (only in frames that keep z up, `support`): a copy off the floor
        # needs min_support of its base on top faces directly below (among equal merits the
        # better supported point wins, when min_support > 0) and may not rest on one that is
        # not stackable, nor carry one if it is not stackable itself.
        self.min_support, self.support = min_support, support
        self.weigh = min_support > 0
        # Load bearing (support on): no copy may carry more than its max_load. With `grounded`
        # (a copy not stackable or with a limit in the order), no copy rests on nothing.
        self.loads, self.grounded = loads, grounded

    def supported(self, x, y, z, l, w):
        """(area of the base on top faces at height z, rests on an unstackable copy?)."""
        area, blocked = 0, False
        for q, stackable in zip(self.placed, self.stackable):
            if q[2] + q[5] != z:
                continue
            dx = min(x + l, q[0] + q[3]) - max(x, q[0])
            dy = min(y + w, q[1] + q[4]) - max(y, q[1])
            if dx > 0 and dy > 0:
                area += dx * dy
                blocked = blocked or not stackable
        return area, blocked

    def allowed(self, pos, c) -> bool:
        """Whether copy c may go at `pos` by what rests on what: on no copy that is not
        stackable (checked with the support when that is weighed), on some copy when the order
        has load limits or a copy not stackable, carrying none if it is not stackable itself, overloading no copy."""
        x, y, z, l, w, h = pos
        if z > 0 and not self.weigh:
            area, blocked = self.supported(x, y, z, l, w)
            if blocked or (self.grounded and area == 0):
                return False
        if not c.stackable and self.carries(x, y, z + h, l, w):
            return False
        return not self.loads or self.loads_hold(pos, c)

    def loads_hold(self, pos, c) -> bool:
        """Whether copy c at `pos` (in the frame) leaves every copy within its max_load."""
        carried = carried_loads(self.placed + [pos], self.weights + [c.weight])
        return not any(overloaded(v, lim) for v, lim in zip(carried, self.limits + [c.max_load]))

    def carries(self, x, y, top, l, w):
        """Whether a copy with its top face at `top` would have a placed copy resting on it."""
        return any(q[2] == top and min(x + l, q[0] + q[3]) > max(x, q[0])
                   and min(y + w, q[1] + q[4]) > max(y, q[1]) for q in self.placed)

    def project(self, point: tuple, axis: int) -> int:
        """Slide `point` back along `axis` to the nearest far face behind it, or the wall."""
        best = 0
        for c in self.placed:
            lo = (c[0], c[1], c[2])
            hi = (c[0] + c[3], c[1] + c[4], c[2] + c[5])
            others = [a for a in range(3) if a != axis]
            if all(lo[a] <= point[a] < hi[a] for a in others) and hi[axis] <= point[axis]:
                best = max(best, hi[axis])
        return best

    def add_point(self, p: tuple) -> None:
        if p[0] >= self.size[0] or p[1] >= self.size[1] or p[2] >= self.size[2]:
            return
        if p in self.points:
            return
        if any(overlaps((p[0], p[1], p[2], 1, 1, 1), c) for c in self.placed):
            return
        self.points.append(p)

    def place(self, x, y, z, l, w, h) -> None:
        self.placed.append((x, y, z, l, w, h))
        self.extent = (max(self.extent[0], x + l), max(self.extent[1], y + w),
                       max(self.extent[2], z + h))
        self.points = [p for p in self.points
                       if not (x <= p[0] < x + l and y <= p[1] < y + w and z <= p[2] < z + h)]
        # The three far corners, each followed by its projections along the two other axes.
        for corner, axes in (((x + l, y, z), (1, 2)), ((x, y + w, z), (0, 2)),
                             ((x, y, z + h), (0, 1))):
            self.add_point(corner)
            for axis in axes:
                p = list(corner)
                p[axis] = self.project(corner, axis)
                self.add_point(tuple(p))

    def pack(self, copies: list, kind: int, fill: bool):
        """Place `copies` in order. Returns (all placed?, [(copy, (x, y, z, l, w, h)), ...])."""
        L, W, H = self.size
        self.placed, self.points, self.extent = [], [(0, 0, 0)], (0, 0, 0)
        self.stackable, self.weights, self.limits = [], [], []
        result, load, volume = [], 0, 0
        present, count = 0, {}  # categories in the box (bits), copies of each line
        for c in copies:
            # Rules first: a category that meets an incompatible one, or a line that has its
            # cap of copies in the box, has no place.
            if (c.category >= 0 and c.category < len(self.incompatible)
                    and self.incompatible[c.category] & present) or (
                        c.cap and count.get(c.item, 0) >= c.cap):
                if fill:
                    continue
                return False, result
            if self.max_weight is not None and load + c.weight > self.max_weight:
                if fill:
                    continue
                return False, result
            if self.hold is not None and volume + c.volume > self.hold:
                if fill:
                    continue
                return False, result
            best = None
            for (x, y, z) in self.points:
                for turn in c.turns:
                    l, w, h = (turn[a] for a in self.frame)
                    if x + l > L or y + w > W or z + h > H:
                        continue
                    if any(overlaps((x, y, z, l, w, h), q) for q in self.placed):
                        continue
                    key = merit(kind, x, y, z, l, w, h, self.extent, self.size)
                    if kind != HULL and (not c.stackable or c.max_load is not None):
                        # Nothing, or a limited load, may rest on it: first the room it leaves
                        # above it (footprint times height to the lid), then the merit (not
                        # in a hull search, inside a box far larger than the order).
                        key = (l * w * (H - z - h), key[0], key[1]) + key[3:]
                    held = 0
                    if self.weigh:
                        area = l * w
                        if z > 0:
                            area, blocked = self.supported(x, y, z, l, w)
                            if blocked or area < self.min_support * (l * w):
                                continue
                        held = -((area << 20) // (l * w))
                    key = key[:3] + (held,) + key[3:]
                    if best is None or key < best[0]:
                        if self.support and not self.allowed((x, y, z, l, w, h), c):
                            continue
                        best = (key, (x, y, z, l, w, h))
            if best is None:
                if fill:
                    continue
                return False, result
            self.place(*best[1])
            self.stackable.append(c.stackable)
            self.weights.append(c.weight)
            self.limits.append(c.max_load)
            pos, ext = [0, 0, 0], [0, 0, 0]
            for a, axis in enumerate(self.frame):
                pos[axis], ext[axis] = best[1][a], best[1][3 + a]
            result.append((c, tuple(pos) + tuple(ext)))
            load += c.weight
            volume += c.volume
            if c.category >= 0:
                present |= 1 << c.category
            count[c.item] = count.get(c.item, 0) + 1
        return True, result


def load(copies) -> int:
    """The weight of some copies."""
    return sum(c.weight for c in copies)


def packer_for(shop, box, frame: int) -> ExtremePointPacker:
    """The packer for `box` in `frame`, with the order's rules and support as `shop` holds
    them."""
    return ExtremePointPacker(box, frame, shop.incompatible, shop.min_support, shop.support,
                              shop.loads, shop.grounded)


def grid_layout(box, copies: list, fill: bool = False):
    """Copies of one shape that may stack freely (stackable, no load limit) laid in a box
    (not a bag) as a grid: one turn repeated along each axis from the corner, copies in order
    along x, then y, then z. Without `fill`, all of them in the first turn that has room for
    all (the attempts' points can miss such a layout); with `fill`, as many as the turn with
    the most room takes, within the box's load and fill limits and the line's cap (a kit only
    whole). The layout, or None."""
    if not copies or box.is_bag or any(c.shape != copies[0].shape or not c.stackable
                                       or c.max_load is not None for c in copies):
        return None
    c, n = copies[0], len(copies)
    most = n
    if fill:
        most = min(most, box.hold // c.volume)
        if box.max_weight is not None and c.weight > 0:
            most = min(most, box.max_weight // c.weight)
        if c.cap:
            most = min(most, c.cap)
    L, W, H = box.dims
    rooms = [(L // l) * (W // w) * (H // h) for l, w, h in c.turns]
    if fill:
        best = max(range(len(rooms)), key=lambda r: (rooms[r], -r), default=None)
    else:
        best = next((r for r, k in enumerate(rooms) if k >= n), None)
    m = 0 if best is None else min(most, rooms[best])
    if m <= 0 or (c.group >= 0 and m < n):
        return None
    l, w, h = c.turns[best]
    nx, ny = L // l, W // w
    return [(copies[k], (k % nx * l, k // nx % ny * w, k // (nx * ny) * h, l, w, h))
            for k in range(m)]
