"""Value types: what an order holds, what a warehouse stocks, and what packing returns.

Axes: length along x, width along y, height along z (up). Lengths are integers in the caller's
unit (mm by convention), weights integers (g by convention); floats snap as `_grid` documents.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Hashable, NamedTuple, Optional

import numpy as np

from . import _core, _grid


_new_tuple = tuple.__new__
_MASKS = _grid.ORIENTATION_MASKS
_MAX_L, _MAX_W, _MAX_Q = _grid.MAX_LENGTH, _grid.MAX_WEIGHT, _grid.MAX_QUANTITY


def _check_label(name: str, field_name: str, v):
    """A group or category label: hashable; an empty or blank string is no label."""
    if v is None:
        return None
    try:
        hash(v)
    except TypeError:
        raise TypeError(f"{name}: {field_name} must be a hashable label, got "
                        f"{type(v).__name__}") from None
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _item_from_fields(fields: tuple) -> "Item":
    return _new_tuple(Item, fields)


class Item(tuple):
    """One order line: a cuboid, `quantity` copies of it, and the turns it allows.

    ``orientation`` is "any" (six rotations), "upright" (height stays vertical) or "fixed".
    Packing rules: copies with the same non-empty ``group`` go in one box (a kit);
    ``category`` is a label that ``pack(..., incompatible=[(a, b)])`` keeps apart;
    ``max_per_box``: at most this many copies of this line in one box; ``ships_alone``: each
    copy ships in its own packaging, in no box. ``stackable=False``: nothing may rest on a
    copy's top face (fragile, or a lid that must stay clear).

    Immutable and hashable. Its first six entries are the row the C++ core reads (length,
    width, height, weight, quantity, orientation mask), so a list of items goes to the core
    as it is; the checks of the common case (whole numbers, no rules) take a few comparisons.

    >>> Item(120, 80, 40, weight=350, quantity=2)
    Item(length=120, width=80, height=40, weight=350, quantity=2, orientation='any', id=None)
    """

    __slots__ = ()

    # The constructor is _core.item_new (below the class): C for the common case, which
    # falls back to this one for everything else.
    def __new__(cls, length, width, height, weight=0, quantity=1, orientation="any", id=None,
                group=None, category=None, max_per_box=None, ships_alone=False,
                stackable=True):
        if (type(length) is int and type(width) is int and type(height) is int
                and type(weight) is int and type(quantity) is int
                and 0 < length <= _MAX_L and 0 < width <= _MAX_L and 0 < height <= _MAX_L
                and 0 <= weight <= _MAX_W and 0 <= quantity <= _MAX_Q
                and group is None and category is None and max_per_box is None
                and ships_alone is False and stackable is True and type(orientation) is str):
            mask = _MASKS.get(orientation)
            if mask is not None:
                return _new_tuple(cls, (length, width, height, weight, quantity, mask,
                                        orientation, id, None, None, None, False, True))
        name = "item" if id is None else f"item {id!r}"
        group = _check_label(name, "group", group)
        category = _check_label(name, "category", category)
        if max_per_box is not None:
            m = max_per_box
            if isinstance(m, bool) or not isinstance(m, numbers.Integral):
                raise TypeError(f"{name}: max_per_box must be a whole number, got {m!r}")
            if m < 1:
                raise ValueError(f"{name}: max_per_box = {m} must be at least 1")
            max_per_box = int(m)
        if not isinstance(ships_alone, (bool, np.bool_)):
            raise TypeError(f"{name}: ships_alone must be True or False, got {ships_alone!r}")
        if not isinstance(stackable, (bool, np.bool_)):
            raise TypeError(f"{name}: stackable must be True or False, got {stackable!r}")
        length = _grid.length(length, up=True, what=f"{name}: length")
        width = _grid.length(width, up=True, what=f"{name}: width")
        height = _grid.length(height, up=True, what=f"{name}: height")
        weight = _grid.weight(weight, up=True, what=f"{name}: weight")
        quantity = _grid.quantity(quantity, what=f"{name}: quantity")
        _grid.orientation(orientation, what=f"{name}: orientation")
        return _new_tuple(cls, (length, width, height, weight, quantity, _MASKS[orientation],
                                orientation, id, group, category, max_per_box,
                                bool(ships_alone), bool(stackable)))

    length = property(itemgetter(0), doc="side along x (caller's unit)")
    width = property(itemgetter(1), doc="side along y")
    height = property(itemgetter(2), doc="side along z (up)")
    weight = property(itemgetter(3), doc="weight of one copy")
    quantity = property(itemgetter(4), doc="copies of this line")
    orientation = property(itemgetter(6), doc='"any", "upright" or "fixed"')
    id = property(itemgetter(7), doc="the caller's label, or None")
    group = property(itemgetter(8), doc="kit label: copies of one group share a box")
    category = property(itemgetter(9), doc="label that incompatible pairs keep apart")
    max_per_box = property(itemgetter(10), doc="at most this many copies in one box")
    ships_alone = property(itemgetter(11), doc="each copy ships in its own packaging")
    stackable = property(itemgetter(12), doc="False: nothing may rest on a copy")

    @property
    def _row(self) -> tuple:
        """The row the core takes: length, width, height, weight, quantity, mask."""
        return self[:6]

    @property
    def has_rules(self) -> bool:
        return (self[8] is not None or self[9] is not None or self[10] is not None
                or self[11] or not self[12])

    @property
    def volume(self) -> int:
        return self[0] * self[1] * self[2]

    def __eq__(self, other):
        if type(other) is not Item:
            return False if isinstance(other, tuple) else NotImplemented
        return tuple.__eq__(self, other)

    def __ne__(self, other):
        if type(other) is not Item:
            return True if isinstance(other, tuple) else NotImplemented
        return tuple.__ne__(self, other)

    __hash__ = tuple.__hash__

    def __reduce__(self):
        return (_item_from_fields, (tuple(self),))

    def __repr__(self) -> str:
        return (f"Item(length={self[0]!r}, width={self[1]!r}, height={self[2]!r}, "
                f"weight={self[3]!r}, quantity={self[4]!r}, orientation={self[6]!r}, "
                f"id={self[7]!r})")


_item_new_python = Item.__new__  # every check, in Python; the C path's fallback
_core.set_item_fallback(_item_new_python)
Item.__new__ = staticmethod(_core.item_new)
_core.set_item_class(Item)  # Item(...) calls item_new directly, not through type.__call__


@dataclass(frozen=True)
class Box:
    """A box type the warehouse stocks.

    ``length``, ``width``, ``height`` are the inner dimensions. ``outer`` defaults to them;
    ``cost`` defaults to the inner volume; ``max_weight`` is the load the box may carry (the
    items, not its own ``empty_weight``), None for no limit.

    >>> Box("M", 300, 200, 150, max_weight=10_000, cost=0.45).volume
    9000000
    """

    id: Hashable
    length: int
    width: int
    height: int
    max_weight: Optional[int] = None
    cost: Optional[float] = None
    outer: Optional[tuple] = None
    empty_weight: int = 0
    stock: Optional[int] = field(default=None, repr=False)

    def __post_init__(self):
        name = f"box {self.id!r}"
        if self.stock is not None:
            v = self.stock
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                raise TypeError(f"{name}: stock must be a whole number, got {v!r}")
            if v < 0:
                raise ValueError(f"{name}: stock = {v} must not be negative")
            object.__setattr__(self, "stock", int(v))
        try:
            hash(self.id)
        except TypeError:
            raise TypeError(f"box id must be hashable, got {type(self.id).__name__}") from None
        for f in ("length", "width", "height"):
            object.__setattr__(self, f, _grid.length(getattr(self, f), up=False, what=f"{name}: {f}"))
        if self.max_weight is not None:
            object.__setattr__(self, "max_weight", _grid.weight(
                self.max_weight, up=False, what=f"{name}: max_weight",
                limit=_grid.MAX_WEIGHT * _grid.MAX_COPIES))
        object.__setattr__(self, "empty_weight", _grid.weight(self.empty_weight, up=True,
                                                              what=f"{name}: empty_weight"))
        # Whether the caller priced the box (with a tariff, an unpriced box costs no material).
        object.__setattr__(self, "_cost_given", self.cost is not None)
        if self.cost is None:
            object.__setattr__(self, "cost", float(self.volume))
        else:
            c = self.cost
            if isinstance(c, bool) or not isinstance(c, (int, float)) and not hasattr(c, "__float__"):
                raise TypeError(f"{name}: cost must be a number, got {c!r}")
            c = float(c)
            if not (c >= 0 and c != float("inf")):
                raise ValueError(f"{name}: cost = {self.cost!r} must be finite and not negative")
            object.__setattr__(self, "cost", c)
        if self.outer is None:
            object.__setattr__(self, "outer", (self.length, self.width, self.height))
        else:
            try:
                outer = tuple(self.outer)
            except TypeError:
                raise TypeError(f"{name}: outer must be (length, width, height)") from None
            if len(outer) != 3:
                raise ValueError(f"{name}: outer must have 3 dimensions, got {len(outer)}")
            outer = tuple(_grid.length(v, up=True, what=f"{name}: outer[{k}]")
                          for k, v in enumerate(outer))
            for k, (o, i) in enumerate(zip(outer, (self.length, self.width, self.height))):
                if o < i:
                    raise ValueError(f"{name}: outer[{k}] = {o} is smaller than the inner "
                                     f"dimension {i}")
            object.__setattr__(self, "outer", outer)

    @property
    def volume(self) -> int:
        return self.length * self.width * self.height

    @property
    def dims(self) -> tuple:
        return (self.length, self.width, self.height)


class Placement(NamedTuple):
    """Where one copy of one item went: its corner and its extent along x, y, z. A named
    tuple: a packing of many copies builds its placements quickly (or see
    ``Packing.placement_array``)."""

    item: int
    copy: int
    x: int
    y: int
    z: int
    length: int
    width: int
    height: int


@dataclass(frozen=True)
class PackedBox:
    """One box of a packing and the copies in it, in the order they were placed. ``load``:
    the weight of those copies; ``gross_weight`` adds the box's own ``empty_weight``.

    A box cut to size by a machine (:class:`cartonize.OnDemand`) has ``size_bound``: an inner
    volume no box holding these copies goes below (their total volume, and the box of each
    axis' longest least side), to show how far the cut size is from the best possible.

    Packed with a tariff: ``service`` (the name of the service it ships by, or its position
    as text, "0", when unnamed), ``shipping`` (its price), ``billable_weight`` (g), and ``material`` (the
    box's cost as counted: 0 for a box given no cost). ``cost`` is material + shipping.
    """

    box: Box
    placements: tuple = field(default_factory=tuple)
    load: int = 0
    service: Optional[Hashable] = None
    shipping: float = 0.0
    billable_weight: int = 0
    material: Optional[float] = None
    size_bound: Optional[int] = None

    @property
    def gross_weight(self) -> int:
        return self.load + self.box.empty_weight

    @property
    def cost(self) -> float:
        return (self.box.cost if self.material is None else self.material) + self.shipping

    @property
    def item_volume(self) -> int:
        return sum(p.length * p.width * p.height for p in self.placements)

    @property
    def utilisation(self) -> float:
        return self.item_volume / self.box.volume


# Names of the core's codes (codes.hpp), by code.
UNPACKED_REASONS = dict(enumerate(_core.REASON_NAMES))
PROOF_NAMES = dict(enumerate(_core.PROOF_NAMES))


def check_items(items) -> tuple:
    """The order as a tuple of Item, or a TypeError naming the entry that is not one."""
    if isinstance(items, (str, bytes, Item)):
        raise TypeError("items must be a sequence of Item")
    try:
        items = tuple(items)
    except TypeError:
        raise TypeError(f"items must be a sequence of Item, got {type(items).__name__}") from None
    for k, it in enumerate(items):
        if not isinstance(it, Item):
            raise TypeError(f"item {k} is a {type(it).__name__}, expected Item")
    total = sum(it.quantity for it in items)
    if total > _grid.MAX_COPIES:
        raise ValueError(f"order has {total} item copies; at most {_grid.MAX_COPIES} are supported")
    return items


class Packing:
    """The boxes one order ships in.

    ``boxes`` is a tuple of :class:`PackedBox`; ``unpacked`` lists ``(item index, copy,
    reason)`` for copies no box can hold, with reason "too_large" (fits no box in any allowed
    turn) or "too_heavy" (too heavy for every box it fits). ``proof`` says whether the single
    box chosen is proven the cheapest: "proven" (every cheaper box proven unable to hold the
    order), "heuristic" (a cheaper box was only failed by the heuristic: exact search off,
    order too large for it, or a split over several boxes) or "unknown" (the search ran out of
    nodes on a cheaper box). ``lower_bound``: no packing uses fewer boxes (1 for one box, 0 for
    nothing to pack); for a split it shows how far the box count can be from optimal.
    ``message``: empty, or why the packing may be far from the best (``time_limit`` reached).
    Immutable. A packing made by the
    core holds its arrays and builds the Python objects only when they are first read, so a
    caller that needs only ``box_ids`` or ``cost`` pays for no more.
    """

    __slots__ = ("_boxes", "_unpacked", "_core", "proof", "lower_bound", "_items", "_tariffs",
                 "alone", "alone_shipping", "message")

    def __init__(self, boxes=(), unpacked=(), proof: str = "proven", lower_bound=None,
                 alone=(), alone_shipping=(), message: str = ""):
        self.message = str(message)
        self._boxes = tuple(boxes)
        self._unpacked = tuple(unpacked)
        self._core = None
        self._items = None
        self._tariffs = ()
        self.alone = tuple(alone)
        self.alone_shipping = tuple(alone_shipping)
        self.proof = proof
        self.lower_bound = (min(1, len(self._boxes)) if lower_bound is None else int(lower_bound))

    @classmethod
    def _from_core(cls, catalog, items, tariffs, box_ids, offsets, placements, unpacked, proof,
                   lower_bound, loads, shipping, alone, timed_out=False,
                   timed_out_message: str = "") -> "Packing":
        p = cls.__new__(cls)
        p.message = timed_out_message if timed_out else ""
        p._boxes = p._unpacked = None
        p._core = (catalog, box_ids, offsets, placements, unpacked, loads, shipping)
        p._items = items
        p._tariffs = tariffs
        if len(alone):
            rows = alone.tolist()
            p.alone = tuple((r[0], r[1]) for r in rows)
            p.alone_shipping = tuple(r[3] / 1_000_000 for r in rows) if tariffs else ()
        else:
            p.alone, p.alone_shipping = (), ()
        p.proof = PROOF_NAMES[proof]
        p.lower_bound = int(lower_bound)
        return p

    @property
    def boxes(self) -> tuple:
        if self._boxes is None:
            catalog, box_ids, offsets, placements, _, loads, shipping = self._core
            rows = placements.tolist()
            bounds = offsets.tolist()
            boxes = catalog.boxes
            if not self._tariffs:
                self._boxes = tuple(
                    PackedBox(boxes[b], tuple(_new_tuple(Placement, r)
                                              for r in rows[bounds[k]:bounds[k + 1]]), load)
                    for k, (b, load) in enumerate(zip(box_ids.tolist(), loads.tolist())))
            else:
                from .tariff import MICRO, service_names, to_micro
                names = service_names(self._tariffs)
                material = {b: to_micro(boxes[b].cost, "cost") / MICRO
                            if boxes[b]._cost_given else 0.0 for b in set(box_ids.tolist())}
                self._boxes = tuple(
                    PackedBox(boxes[b], tuple(_new_tuple(Placement, r)
                                              for r in rows[bounds[k]:bounds[k + 1]]),
                              load, names[s], price / MICRO, billable, material[b])
                    for k, (b, load, (s, price, billable)) in enumerate(
                        zip(box_ids.tolist(), loads.tolist(), shipping.tolist())))
        return self._boxes

    @property
    def placement_array(self) -> np.ndarray:
        """Every placed copy as one row of an (n, 9) int32 array, without building Python
        objects: box index (in ``boxes``), item, copy, x, y, z, length, width, height."""
        if self._boxes is None:
            bounds, placements = self._core[2].tolist(), self._core[3]
            out = np.empty((len(placements), 9), dtype=np.int32)
            out[:, 1:] = placements
            for k in range(len(bounds) - 1):
                out[bounds[k]:bounds[k + 1], 0] = k
            return out
        rows = [(k, *pl) for k, b in enumerate(self._boxes) for pl in b.placements]
        return np.array(rows, dtype=np.int32).reshape(len(rows), 9)

    @property
    def unpacked(self) -> tuple:
        if self._unpacked is None:
            self._unpacked = tuple((i, c, UNPACKED_REASONS[r])
                                   for i, c, r in self._core[4].tolist())
        return self._unpacked

    @property
    def box_ids(self) -> tuple:
        """The ids of the boxes, in order."""
        if self._boxes is None:
            catalog, box_ids = self._core[0], self._core[1]
            return tuple(catalog.boxes[b].id for b in box_ids.tolist())
        return tuple(b.box.id for b in self._boxes)

    @property
    def cost(self) -> float:
        """What the boxes cost: their cost, or with a tariff material + shipping."""
        if self._boxes is None and not self._tariffs:
            catalog, box_ids = self._core[0], self._core[1]
            return float(sum(catalog.boxes[b].cost for b in box_ids.tolist()))
        if any(b.service is not None for b in self.boxes) or self.alone_shipping:
            # money: exact in micro-units
            return (sum(round(b.cost * 1_000_000) for b in self.boxes)
                    + sum(round(s * 1_000_000) for s in self.alone_shipping)) / 1_000_000
        return float(math.fsum(b.cost for b in self.boxes))

    @property
    def shipping(self) -> float:
        """The shipping of all boxes and of the copies shipped alone (0 without a tariff)."""
        return (sum(round(b.shipping * 1_000_000) for b in self.boxes)
                + sum(round(s * 1_000_000) for s in self.alone_shipping)) / 1_000_000

    @property
    def n_packages(self) -> int:
        """Boxes, and copies shipped in their own packaging."""
        return self.n_boxes + len(self.alone)

    @property
    def n_boxes(self) -> int:
        return len(self._core[1]) if self._boxes is None else len(self._boxes)

    @property
    def utilisation(self) -> float:
        """Item volume over the inner volume of all boxes (0 for an empty packing)."""
        total = sum(b.box.volume for b in self.boxes)
        return sum(b.item_volume for b in self.boxes) / total if total else 0.0

    def to_dict(self, items=None) -> dict:
        """The packing as plain values (for JSON): cost, proof, lower_bound, and per box its
        id, load and gross weight (g) and the placements, each naming the item by its ``id``
        (its index in the order when it has none). ``items``: the order, when the packing was
        not made by :func:`pack` from it.

        >>> p = Packing((PackedBox(Box("S", 10, 10, 10), (Placement(0, 0, 0, 0, 0, 5, 5, 5),),
        ...                        load=200),))
        >>> p.to_dict()["boxes"][0]["gross_weight"]
        200
        """
        items = self._items if items is None else items
        if items is not None and hasattr(items, "items") and not isinstance(items, (list, tuple)):
            items = items.items  # an Order
        ids = None if items is None else [k if it.id is None else it.id
                                          for k, it in enumerate(items)]

        def name(i):
            return i if ids is None else ids[i]
        return {
            "cost": self.cost, "proof": self.proof, "lower_bound": self.lower_bound,
            "shipping": self.shipping,
            "boxes": [{"box_id": b.box.id, "load": b.load, "gross_weight": b.gross_weight,
                       "service": b.service, "shipping": b.shipping,
                       "billable_weight": b.billable_weight,
                       "placements": [{"item": name(p.item), "copy": p.copy, "x": p.x,
                                       "y": p.y, "z": p.z, "length": p.length,
                                       "width": p.width, "height": p.height}
                                      for p in b.placements]} for b in self.boxes],
            "unpacked": [{"item": name(i), "copy": c, "reason": r} for i, c, r in self.unpacked],
        }

    def __eq__(self, other) -> bool:
        if not isinstance(other, Packing):
            return NotImplemented
        return (self.boxes == other.boxes and self.unpacked == other.unpacked
                and self.proof == other.proof and self.lower_bound == other.lower_bound
                and self.alone == other.alone
                and tuple(self.alone_shipping) == tuple(other.alone_shipping))

    def __hash__(self) -> int:
        return hash((self.boxes, self.unpacked, self.proof, self.lower_bound, self.alone))

    def __repr__(self) -> str:
        alone = f", alone={self.alone!r}" if self.alone else ""
        return (f"Packing(boxes={self.boxes!r}, unpacked={self.unpacked!r}, "
                f"proof={self.proof!r}, lower_bound={self.lower_bound}{alone})")

    def __reduce__(self):
        return (Packing, (self.boxes, self.unpacked, self.proof, self.lower_bound, self.alone,
                          self.alone_shipping))
