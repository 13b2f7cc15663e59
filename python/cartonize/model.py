"""Value types: what an order holds (Item) and what a warehouse stocks (Box); what packing
returns is in result.py.

Axes: length along x, width along y, height along z (up). Lengths are integers in the caller's
unit (mm by convention), weights integers (g by convention); floats snap as `_grid` documents.
"""

from __future__ import annotations

import inspect as _sig
import numbers
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Hashable, Optional

import numpy as np

from . import _core, _grid
from ._layout import ITEM, NO_RULES, RULES, item_tuple
from ._tables import is_blank
from ._typing import Orientation

_new_tuple = tuple.__new__
_MASKS = _grid.ORIENTATION_MASKS
_MAX_L, _MAX_W, _MAX_Q = _grid.MAX_LENGTH, _grid.MAX_WEIGHT, _grid.MAX_QUANTITY


def _hashable(v, what: str):
    """v, or a TypeError saying that `what` must be hashable (a label: text or a number)."""
    try:
        hash(v)
    except TypeError:
        raise TypeError(f"{what} must be a hashable label, got {type(v).__name__}") from None
    return v


def _check_label(name: str, field_name: str, v):
    """A group or category label: hashable; a blank string, NaN or pandas' NA is no label."""
    if v is None or is_blank(_hashable(v, f"{name}: {field_name}")):
        return None  # a blank string, NaN, pandas' NA: no label, as in pack_many's columns
    return v


def _item_from_fields(fields: tuple) -> "Item":
    # An Item pickled before a field was added lacks it: the defaults fill the rest.
    if len(fields) < len(ITEM):
        fields = tuple(fields) + NO_RULES[len(fields) - len(ITEM):]
    return _new_tuple(Item, fields)


class Item(tuple):
    """One order line: a cuboid, `quantity` copies of it, and the turns it allows.

    ``orientation`` is "any" (six rotations), "upright" (height stays vertical) or "fixed".
    Packing rules: copies with the same ``group`` go in one box (a kit; a blank string, NaN
    or pandas' NA is no group, as a blank cell in ``pack_many``'s columns);
    ``category`` is a label that ``pack(..., incompatible=[(a, b)])`` keeps apart;
    ``max_per_box``: at most this many copies of this line in one box; ``ships_alone``: each
    copy ships in its own packaging, in no box. ``stackable=False``: nothing may rest on a
    copy's top face (fragile, or a lid that must stay clear). ``max_load``: the weight (the
    unit of ``weight``, rounded up to a whole unit as weights are) a copy may carry above it: a copy rests on the
    copies whose top faces its base touches, and its weight and what it carries pass down to
    them in proportion to the area of contact; ``max_load=0`` is ``stackable=False``.

    Immutable and hashable. Its first six entries are the row the C++ core reads (length,
    width, height, weight, quantity, orientation mask), so a list of items goes to the core
    as it is; the checks of the common case (whole numbers, no rules) take a few comparisons.

    >>> Item(120, 80, 40, weight=350, quantity=2)
    Item(length=120, width=80, height=40, weight=350, quantity=2, orientation='any', id=None)
    """

    __slots__ = ()

    # The constructor is _core.item_new (below the class): C for the common case, which
    # falls back to this one for everything else.
    def __new__(cls, length: float, width: float, height: float, weight: float = 0,
                quantity: int = 1, orientation: Orientation = "any", id: Hashable = None,
                group: Hashable = None, category: Hashable = None,
                max_per_box: Optional[int] = None, ships_alone: bool = False,
                stackable: bool = True, max_load: Optional[float] = None) -> "Item":
        if (type(length) is int and type(width) is int and type(height) is int
                and type(weight) is int and type(quantity) is int
                and 0 < length <= _MAX_L and 0 < width <= _MAX_L and 0 < height <= _MAX_L
                and 0 <= weight <= _MAX_W and 0 <= quantity <= _MAX_Q
                and group is None and category is None and max_per_box is None
                and ships_alone is False and stackable is True and max_load is None
                and type(orientation) is str and (id is None or type(id) in (str, int))):
            mask = _MASKS.get(orientation)
            if mask is not None:
                return _new_tuple(cls, item_tuple(
                    length=length, width=width, height=height, weight=weight,
                    quantity=quantity, mask=mask, orientation=orientation, id=id, group=None,
                    category=None, max_per_box=None, ships_alone=False, stackable=True,
                    max_load=None))
        name = "item" if _hashable(id, "item id") is None else f"item {id!r}"  # an Item hashes
        group = _check_label(name, "group", group)
        category = _check_label(name, "category", category)
        if max_per_box is not None:
            m = max_per_box
            if _grid.not_a_number(m) or not isinstance(m, numbers.Integral):
                raise TypeError(f"{name}: max_per_box must be a whole number, got {m!r}")
            if m < 1:
                raise ValueError(f"{name}: max_per_box = {m} must be at least 1")
            max_per_box = int(m)
        for flag, value in (("ships_alone", ships_alone), ("stackable", stackable)):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name}: {flag} must be True or False, got {value!r}")
        if max_load is not None:
            max_load = _grid.load_limit(max_load, what=f"{name}: max_load")
            if max_load == 0:  # nothing may rest on it
                max_load, stackable = None, False
            elif not stackable:
                raise ValueError(f"{name}: stackable=False means max_load=0, got max_load = "
                                 f"{max_load}")
        length = _grid.length(length, up=True, what=f"{name}: length")
        width = _grid.length(width, up=True, what=f"{name}: width")
        height = _grid.length(height, up=True, what=f"{name}: height")
        weight = _grid.weight(weight, up=True, what=f"{name}: weight")
        quantity = _grid.quantity(quantity, what=f"{name}: quantity")
        _grid.orientation(orientation, what=f"{name}: orientation")
        return _new_tuple(cls, item_tuple(
            length=length, width=width, height=height, weight=weight, quantity=quantity,
            mask=_MASKS[orientation], orientation=orientation, id=id, group=group,
            category=category, max_per_box=max_per_box, ships_alone=bool(ships_alone),
            stackable=bool(stackable), max_load=max_load))

    # The fields, at the positions the core gives them (_layout); typed for checkers (an
    # itemgetter property reads as Any).
    if TYPE_CHECKING:
        length: int
        width: int
        height: int
        weight: int
        quantity: int
        orientation: Orientation
        id: Hashable
        group: Hashable
        category: Hashable
        max_per_box: Optional[int]
        ships_alone: bool
        stackable: bool
    else:
        length = property(itemgetter(ITEM["length"]), doc="side along x (caller's unit)")
        width = property(itemgetter(ITEM["width"]), doc="side along y")
        height = property(itemgetter(ITEM["height"]), doc="side along z (up)")
        weight = property(itemgetter(ITEM["weight"]), doc="weight of one copy")
        quantity = property(itemgetter(ITEM["quantity"]), doc="copies of this line")
        orientation = property(itemgetter(ITEM["orientation"]),
                               doc='"any", "upright" or "fixed"')
        id = property(itemgetter(ITEM["id"]), doc="the caller's label, or None")
        group = property(itemgetter(ITEM["group"]),
                         doc="kit label: copies of one group share a box")
        category = property(itemgetter(ITEM["category"]),
                            doc="label that incompatible pairs keep apart")
        max_per_box = property(itemgetter(ITEM["max_per_box"]),
                               doc="at most this many copies in one box")
        ships_alone = property(itemgetter(ITEM["ships_alone"]),
                               doc="each copy ships in its own packaging")
        stackable = property(itemgetter(ITEM["stackable"]), doc="False: nothing may rest on a copy")

    @property
    def max_load(self) -> Optional[int]:
        """The weight a copy may carry above it (None: any; 0: not stackable)."""
        return 0 if not self.stackable else self[ITEM["max_load"]]

    @property
    def _row(self) -> tuple:
        """The row the core takes: length, width, height, weight, quantity, mask."""
        return self[:ITEM["mask"] + 1]

    @property
    def has_rules(self) -> bool:
        return self[RULES] != NO_RULES

    @property
    def volume(self) -> int:
        return self.length * self.width * self.height

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
        # The rule fields when they say something: two unequal Items never print the same.
        rules = "".join(f", {name}={value!r}" for name, value, default in (
            ("group", self.group, None), ("category", self.category, None),
            ("max_per_box", self.max_per_box, None), ("ships_alone", self.ships_alone, False),
            ("stackable", self.stackable, True), ("max_load", self[ITEM["max_load"]], None))
            if value != default)
        return (f"Item(length={self.length!r}, width={self.width!r}, height={self.height!r}, "
                f"weight={self.weight!r}, quantity={self.quantity!r}, "
                f"orientation={self.orientation!r}, id={self.id!r}{rules})")


_item_new_python = Item.__new__  # every check, in Python; the C path's fallback
_core.set_item_fallback(_item_new_python)
Item.__new__ = staticmethod(_core.item_new)
_core.set_item_class(Item)  # Item(...) calls item_new directly, not through type.__call__
_params = list(_sig.signature(_item_new_python).parameters.values())[1:]  # help(Item), IDEs
Item.__signature__ = _sig.Signature(_params, return_annotation="Item")


def _check_stock_and_id(self, name: str) -> None:
    """A box's or bag's stock (a whole number >= 0, or None) and hashable id."""
    if self.stock is not None:
        v = self.stock
        if _grid.not_a_number(v) or not isinstance(v, numbers.Integral):
            raise TypeError(f"{name}: stock must be a whole number, got {v!r}")
        if v < 0:
            raise ValueError(f"{name}: stock = {v} must not be negative")
        object.__setattr__(self, "stock", int(v))
    if self.id is None:  # (every result names a box by its id)
        raise TypeError(f"{name.split()[0]} id must be given (a name or a number), got None")
    _hashable(self.id, f"{name.split()[0]} id")


def _check_max_fill(self, name: str) -> None:
    """max_fill: None, or a share of the inner volume in (0, 1], counted in parts per
    million (so 0.57 of 10,000 mm3 is 5,700 exactly)."""
    f = self.max_fill
    if f is None:
        return
    if _grid.not_a_number(f) or isinstance(f, str) or not (isinstance(f, numbers.Real)
                                                    or hasattr(f, "__float__")):
        raise TypeError(f"{name}: max_fill must be a number in (0, 1], got {f!r}")
    try:
        f = float(f)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: max_fill = {self.max_fill!r} is not a number") from None
    if not 0 < f <= 1:
        raise ValueError(f"{name}: max_fill = {self.max_fill!r} must be in (0, 1] (a share "
                         f"of the inner volume: 0.85 fills it to 85 %)")
    if _grid.fill_ppm(f) < 1:
        raise ValueError(f"{name}: max_fill = {self.max_fill!r} must be at least 0.000001 "
                         "(it is counted in parts per million)")
    object.__setattr__(self, "max_fill", None if _grid.fill_ppm(f) >= 10**6 else f)


# The most a box or bag may cost (currency units): a cost past it is a slip (a unit or an
# exponent), and costs are counted in millionths with a tariff, in 64-bit integers.
MAX_COST = 1e9


def _check_weights_and_cost(self, name: str, default_cost: float) -> None:
    """max_weight, empty_weight and cost (None: `default_cost`) of a box or bag."""
    if self.max_weight is not None:
        object.__setattr__(self, "max_weight", _grid.weight(
            self.max_weight, up=False, what=f"{name}: max_weight",
            limit=_grid.MAX_WEIGHT * _grid.MAX_COPIES))
    object.__setattr__(self, "empty_weight", _grid.weight(self.empty_weight, up=True,
                                                          what=f"{name}: empty_weight"))
    # Whether the caller priced it (with a tariff, an unpriced box costs no material).
    object.__setattr__(self, "_cost_given", self.cost is not None)
    if self.cost is None:
        object.__setattr__(self, "cost", float(default_cost))
    else:
        c = self.cost
        if _grid.not_a_number(c) or not isinstance(c, (int, float)) and \
                not hasattr(c, "__float__"):
            raise TypeError(f"{name}: cost must be a number, got {c!r}")
        c = float(c)
        if not (c >= 0 and c != float("inf")):
            raise ValueError(f"{name}: cost = {self.cost!r} must be finite and not negative")
        if c > MAX_COST:  # 1e300 was taken, and a report printed a total of 300 digits
            raise ValueError(f"{name}: cost = {self.cost!r} is more than {MAX_COST:,.0f}, past "
                             "what any box costs")
        object.__setattr__(self, "cost", c)


@dataclass(frozen=True)
class Box:
    """A box type the warehouse stocks.

    ``length``, ``width``, ``height`` are the inner dimensions. ``outer`` defaults to them;
    ``cost`` defaults to the inner volume (every box of a catalogue has a cost, or none: without
    a tariff a mix is refused); ``max_weight`` is the load the box may carry (the
    items, not its own ``empty_weight``), None for no limit. ``max_fill`` (in (0, 1], None
    for no limit) is the share of the inner volume the contents may take: a station that fills
    boxes only to 85 % gives 0.85.

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
    max_fill: Optional[float] = field(default=None, kw_only=True)

    def __post_init__(self):
        name = f"box {self.id!r}"
        _check_stock_and_id(self, name)
        _check_max_fill(self, name)
        for f in ("length", "width", "height"):
            object.__setattr__(self, f, _grid.length(getattr(self, f), up=False, what=f"{name}: {f}"))
        _check_weights_and_cost(self, name, self.volume)
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

    kind = "box"


@dataclass(frozen=True)
class Bag:
    """A flat bag or mailer the warehouse stocks.

    ``length`` x ``width`` is its inner flat size. It holds contents whose block l x w x h (h
    the thickness) has ``l + h <= length`` and ``w + h <= width`` (the thickness is taken from
    both flat sides), and ``h <= max_height`` when given (a padded mailer, an envelope). Filled,
    it ships at its block plus ``wall`` on each side (the film or padding: less than half its
    shorter flat side, or it would be more wall than bag). ``cost`` defaults to 0: where no costs
    are given (a box's cost is then its volume), a bag that holds an order comes before every
    box, as it ships at its filled block, and the smaller bag first. ``max_weight`` is the
    load it may carry, None for no limit. ``max_fill`` (in (0, 1], None for no limit) is the
    share the contents may take of its inner volume (length - t)(width - t)t at the roomiest
    thickness t that holds their block.

    >>> mailer = Bag("mailer-M", 350, 250, max_height=80, cost=0.12, wall=1)
    >>> mailer.thickness, mailer.volume
    (80, 3672000)
    """

    id: Hashable
    length: int
    width: int
    max_height: Optional[int] = field(default=None, kw_only=True)
    cost: Optional[float] = field(default=None, kw_only=True)
    max_weight: Optional[int] = field(default=None, kw_only=True)
    empty_weight: int = field(default=0, kw_only=True)
    wall: int = field(default=0, kw_only=True)
    stock: Optional[int] = field(default=None, repr=False, kw_only=True)
    max_fill: Optional[float] = field(default=None, kw_only=True)

    def __post_init__(self):
        name = f"bag {self.id!r}"
        _check_stock_and_id(self, name)
        _check_max_fill(self, name)
        for f in ("length", "width"):
            v = _grid.length(getattr(self, f), up=False, what=f"{name}: {f}")
            if v < 2:
                raise ValueError(f"{name}: {f} = {v} must be at least 2 (a bag of thickness 1 "
                                 f"needs a side of 2)")
            object.__setattr__(self, f, v)
        if self.max_height is not None:
            object.__setattr__(self, "max_height", _grid.length(
                self.max_height, up=False, what=f"{name}: max_height"))
        w = self.wall
        if _grid.not_a_number(w):
            raise TypeError(f"{name}: wall must be a number, got {w!r}")
        w = _grid.to_int(w, up=True, what=f"{name}: wall")
        if not 0 <= w <= _grid.MAX_LENGTH:
            raise ValueError(f"{name}: wall = {self.wall!r} must be in 0..{_grid.MAX_LENGTH}")
        if 2 * w >= min(self.length, self.width):  # a wall each side thicker than the bag
            raise ValueError(f"{name}: wall = {w} must be less than half its shorter side "
                             f"({min(self.length, self.width)})")
        object.__setattr__(self, "wall", w)
        _check_weights_and_cost(self, name, 0.0)

    kind = "bag"

    @property
    def thickness(self) -> int:
        """The greatest thickness it takes: max_height, or one less than its shorter side."""
        t = min(self.length, self.width) - 1
        return t if self.max_height is None else min(t, self.max_height)

    @property
    def volume(self) -> int:
        """The most it holds: (length - h) x (width - h) x h at its best thickness h."""
        return max(self.capacity(h) for h in _peak_candidates(self))

    def capacity(self, h: int) -> int:
        """The inner volume at thickness h: (length - h) x (width - h) x h."""
        return (self.length - h) * (self.width - h) * h

    def block_fits(self, block) -> bool:
        """Whether contents spanning the block (l, w, h) fit: l + h <= length, w + h <= width,
        h <= max_height."""
        l, w, h = block
        return l + h <= self.length and w + h <= self.width and h <= self.thickness

    def outer_of(self, block) -> tuple:
        """The size the bag ships at, filled to this block: the block plus its wall."""
        return tuple(int(v) + 2 * self.wall for v in block)


def _peak_candidates(bag: Bag) -> tuple:
    """Whole thicknesses next to where (L - h)(W - h)h peaks, within 1..thickness."""
    a, b = bag.length, bag.width
    root = ((a + b) - ((a * a - a * b + b * b) ** 0.5)) / 3
    return tuple({min(max(int(r), 1), bag.thickness)
                  for r in (root - 1, root, root + 1, root + 2)})


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
