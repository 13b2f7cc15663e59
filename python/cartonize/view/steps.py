"""A packing as the steps a packer follows: for each box, each copy in the order it goes in,
with where it goes, its size as placed and the turn in words ("on its side, 300 mm edge along
the box's length"). The interactive page and the printed sheet both draw from here, so they
say the same thing.

>>> from cartonize import Box, Catalog, Item, pack
>>> items = [Item(300, 200, 50, id="tray"), Item(100, 100, 100, id="cube")]
>>> order = order_steps(pack(items, Catalog([Box("B", 300, 200, 200)])), items)
>>> [(s.label, s.turn) for s in order.boxes[0].steps]
[('tray #1', "flat, 300 mm edge along the box's length"), ('cube #1', 'as it comes')]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from itertools import permutations
from typing import Hashable, Optional, Sequence

from .._units import Units
from ..result import bases

# Why a copy is in no box, in a packer's words (Packing.unpacked's reasons).
REASONS = {"too_large": "larger than every box", "too_heavy": "heavier than every box takes",
           "unshippable": "no service ships it", "group_too_large": "its kit fits no box",
           "no_stock": "no box that holds it is in stock"}

# One colour per order line: 20 that stay apart on screen and on paper, then again.
PALETTE = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb",
           "#e67e22", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#1f78b4",
           "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#8dd3c7", "#bc80bd")


@dataclass(frozen=True)
class Line:
    """An order line as the view shows it."""

    index: int
    label: str            # the item's id, or "line N" (from 1)
    colour: str
    orientation: str      # "any", "upright", "fixed" ("" when the items are not known)
    group: Optional[Hashable] = None
    category: Optional[Hashable] = None
    stackable: bool = True
    dims: Optional[tuple] = None
    max_load: Optional[int] = None  # the weight a copy may bear (None: any)
    first_copy: int = 0   # copies of earlier lines of the same label: numbered on from them

    def copy_label(self, copy: int) -> str:
        """One copy's name, unique in its order: "mug #3" (two lines of one id count on)."""
        return f"{self.label} #{self.first_copy + copy + 1}"

    @property
    def this_side_up(self) -> bool:
        return self.orientation in ("upright", "fixed")

    def notes(self, units: Units, load: Optional[str] = None) -> list:
        """What a packer must heed with its copies: this side up, nothing on top, what a copy
        may bear (`load`: said instead, of a copy at that limit), the kit, the category."""
        out = []
        if self.this_side_up:
            out.append("this side up")
        if not self.stackable:
            out.append("nothing on top")
        elif self.max_load:
            out.append(load or f"bears at most {units.mass(self.max_load)}")
        if self.group is not None:
            out.append(f"kit {self.group}")
        if self.category is not None:
            out.append(f"category {self.category}")
        return out


@dataclass(frozen=True)
class Step:
    """One copy as it goes into its box."""

    number: int           # from 1 within its box
    item: int
    copy: int
    x: int
    y: int
    z: int
    length: int
    width: int
    height: int
    line: Line
    turn: str             # the turn in words
    carried: float = 0.0  # the weight on it once its box is packed (load bearing)
    units: Units = Units()  # what its figures are written in
    supported: float = 1.0  # the share of its base on the tops of copies right under it
    gap: int = 0            # resting on nothing off the floor: the air under it, up to a top

    # A copy resting on less than this share of its base is marked: a packer steadies it.
    LOOSE = 0.5

    # A copy bearing this share of its max_load or more is marked "at its load limit".
    AT_LIMIT = 0.9

    @property
    def at_load_limit(self) -> bool:
        limit = self.line.max_load
        return bool(limit) and self.carried >= self.AT_LIMIT * limit

    @property
    def label(self) -> str:
        return self.line.copy_label(self.copy)

    @property
    def where(self) -> str:
        """Where it goes: "at (120, 0, 60) mm"."""
        u = self.units
        return f"at ({u.number(self.x)}, {u.number(self.y)}, {u.number(self.z)}) {u.length}"

    def dims(self, sep: str = " × ") -> str:
        """Its sides as placed, without the unit: "120 × 80 × 40"."""
        return sep.join(self.units.number(v) for v in (self.length, self.width, self.height))

    @property
    def notes(self) -> list:
        """What a packer must heed: this side up, nothing on top, what it may bear (and when
        it is at that limit, what it bears once the box is packed), the kit, the category."""
        u = self.units
        notes = self.line.notes(u, f"at load limit: {u.mass(self.carried, False)} of "
                                   f"{u.mass(self.line.max_load)}" if self.at_load_limit
                                else None)
        if self.gap > 0:  # (packed without min_support: it stands on a packer's filler)
            notes.append(f"nothing under it: fill the {u.number(self.gap)} {u.length} gap "
                         "below first")
        elif self.supported < self.LOOSE:  # a share shown as 0 % is still some
            notes.append(f"rests on {max(1, int(self.supported * 100))}% of its base: "
                         "steady it")
        return notes


@dataclass(frozen=True)
class BoxSteps:
    """One box of a packing and its steps."""

    index: int            # from 0 within the order
    box_id: Hashable
    inner: tuple          # (length, width, height): a bag's, the block it is filled to
    kind: str             # "box" or "bag"
    service: Optional[Hashable]
    cost: Optional[float]     # None when the box has no cost of its own (cost = volume)
    load: int
    steps: tuple = field(default_factory=tuple)
    flat: Optional[tuple] = None  # a bag's flat length and width
    shipping: Optional[float] = None      # packed with a tariff: its price to ship
    billable_weight: Optional[int] = None  # and the weight it is billed at (g)
    empty_weight: int = 0  # the box's or bag's own weight (g)
    weighed: bool = True   # every copy in it has a weight (or the items are not known)
    units: Units = Units()  # what its figures are written in

    @property
    def cost_text(self) -> Optional[str]:
        """What the box costs, as the sheet and the page say it: "cost 0.45", or packed with
        a tariff "landed cost 4.42 (shipping 4.30, billed at 400 g)"; None without a cost."""
        if self.cost is None:
            return None
        if self.shipping is None:
            return f"cost {self.cost:,.2f}"
        return (f"landed cost {self.cost:,.2f} (shipping {self.shipping:,.2f}, billed at "
                f"{self.units.mass(self.billable_weight)})")

    @property
    def contents(self) -> tuple:
        """(label, copies) of each item id in the box (of each line, for lines without an
        id), in the order its first copy goes in: what to pick for it."""
        counts = {}  # two lines of one id are one item to pick
        for s in self.steps:
            counts[s.line.label] = counts.get(s.line.label, 0) + 1
        return tuple(counts.items())

    @property
    def contents_text(self) -> str:
        """What to pick for the box: "4 × mug, 2 × shoes, 1 × poster"."""
        return ", ".join(f"{n} × {label}" for label, n in self.contents)

    @property
    def weight_text(self) -> Optional[str]:
        """What the package should weigh once packed, for a check on the scale: "weighs
        1,250 g packed (contents 1,070 g, box 180 g)", or "contents weigh 1,070 g (box weight
        not given)" where the box's own weight is 0. None where some copy in it has no
        weight (a figure short of it would fail the check)."""
        if self.load <= 0 or not self.weighed:
            return None
        if self.empty_weight <= 0:
            return f"contents weigh {self.units.mass(self.load)} ({self.kind} weight not given)"
        gross, load, empty = self.units.masses(self.load, self.empty_weight)  # adding up
        return f"weighs {gross} packed (contents {load}, {self.kind} {empty})"

    @property
    def size_text(self) -> str:
        """"inner 300x200x150 mm", or for a bag "filled to 300x210x40 mm (flat 350x250)"."""
        u = self.units
        if self.flat is None:
            return f"inner {u.size(self.inner)}"
        flat = "x".join(u.number(v) for v in self.flat)
        return f"filled to {u.size(self.inner)} (flat {flat})"


@dataclass(frozen=True)
class OrderSteps:
    """A packing as steps: its boxes, the copies no box takes, the copies shipped alone."""

    title: str
    boxes: tuple
    lines: tuple
    unpacked: tuple       # (label, reason)
    alone: tuple          # labels
    cost: float
    priced: bool
    units: Units = Units()  # what its figures are written in

    @property
    def noun(self) -> str:
        """What its packages are called when counted: "box", "bag", or "package" where an
        order ships in both ("package 2 of 2: bag mailer-M", not "box 2 of 2: bag")."""
        return package_noun(b.kind for b in self.boxes)


def package_noun(kinds) -> str:
    """"box", "bag", or "package" where both kinds ship (no package at all: "box")."""
    kinds = set(kinds)
    return kinds.pop() if len(kinds) == 1 else "package" if kinds else "box"


def order_line(order_id, packing) -> str:
    """What `view` and `render` print of an order packed: its boxes, and the copies in no box
    and why, in words ("order S4: L; 1 copy in no box (larger than every box)")."""
    line = f"order {order_id}: {', '.join(map(str, packing.box_ids)) or 'no box'}"
    if packing.unpacked:
        why = sorted({REASONS.get(r, r) for _, _, r in packing.unpacked})
        n = len(packing.unpacked)
        line += f"; {n} cop{'y' if n == 1 else 'ies'} in no box ({', '.join(why)})"
    return line


def turn_in_words(original: Sequence[int], placed: Sequence[int], container: str = "box",
                  units: Units = Units()) -> str:
    """How a copy of sides (length, width, height) lies when placed as (x, y, z) extents: which
    side stands vertical and where its longer lying side points (along the `container`'s
    length, or across it). Its own height up, it is "flat" where that is its shortest side,
    else "upright" (a mug as it stands: never "on its side", beside "this side up"); another
    side up, "flat" (the shortest), "on its side" (the middle one) or "on its end" (the
    longest)."""
    l, w, h = original
    px, py, pz = placed
    if len(set(original)) == 1:
        return "as it comes"
    # The turn that maps the original sides onto the placed extents, the least turned first.
    mapping = next((p for p in permutations(range(3))
                    if (original[p[0]], original[p[1]], original[p[2]]) == (px, py, pz)),
                   (0, 1, 2))
    up = mapping[2]  # which original side stands vertical
    sides = sorted(original)
    if original[up] == sides[0]:
        pose = "flat"
    elif up == 2:
        pose = "upright"
    elif original[up] == sides[2]:
        pose = "on its end"
    else:
        pose = "on its side"
    if px == py:
        return pose
    # The longer of the two sides it lies on, by its length in mm: "long edge" alone was
    # read as the item's longest side, which may stand up.
    along = f"along the {container}'s length" if px > py else f"across the {container}"
    return f"{pose}, {units.distance(max(px, py))} edge {along}"


def order_steps(packing, items=None, title: Optional[str] = None, unit: str = "mm",
                weight_unit: str = "g") -> OrderSteps:
    """The steps of a packing (its items: the order as packed, when the packing was not made
    by :func:`cartonize.pack` from them), its figures written in `unit` (mm, cm, m, in) and
    `weight_unit` (g, kg, lb)."""
    units = Units(unit, weight_unit)
    items = _items_of(packing, items)
    n_lines = 1 + max([p.item for b in packing.boxes for p in b.placements]
                      + [i for i, _, _ in packing.unpacked] + [i for i, _ in packing.alone]
                      + [len(items) - 1 if items else -1])
    lines, counted = [], {}
    for k in range(max(0, n_lines)):
        line = _line(k, items[k] if items is not None and k < len(items) else None)
        lines.append(dataclasses.replace(line, first_copy=counted.get(line.label, 0)))
        if items is not None and k < len(items):
            counted[line.label] = counted.get(line.label, 0) + int(items[k].quantity)
    lines = tuple(lines)
    boxes = []
    for b, pb in enumerate(packing.boxes):
        carried = _loads(pb, items, lines)
        bag = pb.box.kind == "bag"
        placed = pb.placements
        held = support_shares(placed)
        gaps = [gap_below(placed, k) if held[k] == 0 else 0 for k in range(len(placed))]
        steps = tuple(
            Step(n + 1, p.item, p.copy, p.x, p.y, p.z, p.length, p.width, p.height,
                 lines[p.item], turn_in_words(lines[p.item].dims or (p.length, p.width,
                                                                     p.height),
                                              (p.length, p.width, p.height),
                                              pb.box.kind, units), carried[k], units,
                 held[k], gaps[k])
            for n, (k, p) in enumerate((k, placed[k]) for k in build_order(placed)))
        shipped = pb.service is not None or pb.billable_weight > 0  # packed with a tariff
        money = (shipped or getattr(pb.box, "_cost_given", True)
                 or pb.material is not None)  # void fill priced: material and filler
        # Every copy weighs something (or the items are not known: the load is all there is).
        weighed = items is None or all(p.item < len(items) and items[p.item].weight > 0
                                       for p in pb.placements)
        boxes.append(BoxSteps(b, pb.box.id, tuple(pb.inner), pb.box.kind, pb.service,
                              float(pb.cost) if money else None, int(pb.load), steps,
                              (pb.box.length, pb.box.width) if bag else None,
                              float(pb.shipping) if shipped else None,
                              int(pb.billable_weight) if shipped else None,
                              int(pb.box.empty_weight), weighed, units))
    unpacked = tuple((lines[i].copy_label(c), REASONS.get(reason, reason))
                     for i, c, reason in packing.unpacked)
    alone = tuple(lines[i].copy_label(c) for i, c in packing.alone)
    priced = any(b.shipping is not None for b in boxes) or bool(packing.alone_shipping)
    return OrderSteps(title or "packing", tuple(boxes), lines, unpacked, alone,
                      float(packing.cost), priced, units)


def build_order(placements) -> list:
    """The placements' indices in an order a packer can follow: from the floor up (a copy
    goes in after every copy under it, and never under one already in), the packing's own
    order among copies at one height. The packing's order may fill a gap under a copy placed
    before (a flat item laid across, then smaller ones slid beneath it)."""
    return sorted(range(len(placements)), key=lambda k: placements[k].z)


# Boxes of more copies than this are not weighed for support (the count is quadratic): their
# copies are taken as held.
MAX_SUPPORT_CHECKED = 2000


def support_shares(placements) -> list:
    """Per placement, the share of its base on the tops of the copies right under it (1 on
    the floor; every copy 1 in a box of more than MAX_SUPPORT_CHECKED copies)."""
    n = len(placements)
    if n == 0 or n > MAX_SUPPORT_CHECKED:
        return [1.0] * n
    xyz = [p[2:] for p in placements]
    area, _ = bases(xyz)
    return [1.0 if z == 0 else a / (l * w) for (_, _, z, l, w, _), a in zip(xyz, area.tolist())]


def gap_below(placements, k: int) -> int:
    """The height of air under copy k: from its base down to the highest top of a copy under
    its footprint, or to the floor."""
    p = placements[k]
    tops = [q.z + q.height for q in placements
            if q.z + q.height <= p.z and q.x < p.x + p.length and p.x < q.x + q.length
            and q.y < p.y + p.width and p.y < q.y + q.width]
    return p.z - max(tops, default=0)


def loosely_held(placements, share: float = Step.LOOSE) -> int:
    """How many copies off the floor rest on less than `share` of their base (on the tops of
    the copies right under them): a packer cannot build those as drawn without care."""
    return sum(s < share for s in support_shares(placements))


def _loads(pb, items, lines) -> list:
    """The weight each copy of a packed box bears (zeros unless some line has a max_load)."""
    if items is None or not any(line.max_load for line in lines):
        return [0.0] * len(pb.placements)
    return pb.carried(items)


def _items_of(packing, items):
    if items is None:
        items = getattr(packing, "_items", None)
    if items is not None and hasattr(items, "items") and not isinstance(items, (list, tuple)):
        items = items.items  # an Order
    if items is None:
        return None
    items = tuple(items)
    _check_items(packing, items)
    return items


def _check_items(packing, items: tuple) -> None:
    """The items must be the packing's: every line it names one of them, every copy within
    its quantity, placed in a turn of its sides (instructions drawn from other items would
    send a packer for the wrong thing, or name two copies alike)."""
    def refuse(what):
        raise ValueError(f"items do not match the packing: {what}; give the items it was "
                         "packed from")

    def named(where, k, copy):
        if not 0 <= k < len(items):
            refuse(f"{where} item {k} copy {copy}, and the items have {len(items)} "
                   f"line{'s' * (len(items) != 1)}")
        if not 0 <= copy < items[k].quantity:
            refuse(f"{where} item {k} copy {copy}, and item {k} has quantity "
                   f"{items[k].quantity}")
        return items[k]
    for b, pb in enumerate(packing.boxes):
        for p in pb.placements:
            it = named(f"box {b + 1} holds", p.item, p.copy)
            if sorted((p.length, p.width, p.height)) != sorted((it.length, it.width,
                                                                it.height)):
                refuse(f"box {b + 1} holds item {p.item} copy {p.copy} as {p.length} x "
                       f"{p.width} x {p.height}, no turn of its {it.length} x {it.width} x "
                       f"{it.height}")
    for k, copy, *_ in tuple(packing.unpacked) + tuple(packing.alone):
        named("the packing leaves out", k, copy)


def _line(k: int, item) -> Line:
    colour = PALETTE[k % len(PALETTE)]
    if item is None:
        return Line(k, f"line {k + 1}", colour, "")
    label = f"line {k + 1}" if item.id is None else str(item.id)
    return Line(k, label, colour, item.orientation, item.group, item.category,
                item.stackable, (item.length, item.width, item.height),
                item.max_load if item.stackable else None)
