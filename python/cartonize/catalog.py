"""The boxes a warehouse stocks, validated once and held in the core."""

from __future__ import annotations

from typing import Iterable

import numpy as np

from . import _core
from ._grid import fill_ppm, not_a_number
from .model import Bag, Box


class Catalog:
    """An immutable list of :class:`Box` and :class:`Bag` types.

    Validated once and converted to the C++ core's form once, so repeated packing calls pay
    nothing for it. Selection walks the boxes by ascending cost, ties to the smaller inner
    volume, then to the earlier box. Pickles by its boxes; the core state is rebuilt on load.

    >>> cat = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150)])
    >>> [b.id for b in cat]
    ['S', 'M']
    """

    __slots__ = ("_boxes", "_core", "_index", "_priced_cache", "_stocked", "_fast", "_machines",
                 "_expanded_cache", "_bags", "_void_fill_cost", "_void_u", "_unpriced")

    def __init__(self, boxes: Iterable[Box | Bag] = (), on_demand=(), *,
                 void_fill_cost: float | None = None):
        if isinstance(boxes, (str, bytes)):
            raise TypeError("Catalog takes an iterable of Box, not a string")
        if isinstance(boxes, (Box, Bag)):
            raise TypeError(f"Catalog takes an iterable of Box and Bag, got one "
                            f"{type(boxes).__name__} ({boxes.id!r}): put it in a list, "
                            f"Catalog([{type(boxes).__name__.lower()}])")
        if not isinstance(boxes, Iterable):
            raise TypeError(f"Catalog takes an iterable of Box and Bag, got "
                            f"{type(boxes).__name__}")
        boxes = tuple(boxes)
        from .on_demand import OnDemand
        machines = (on_demand,) if isinstance(on_demand, OnDemand) else tuple(on_demand)
        for k, m in enumerate(machines):
            if not isinstance(m, OnDemand):
                raise TypeError(f"on_demand entry {k} is a {type(m).__name__}, expected OnDemand")
        if len({m.id for m in machines}) != len(machines):
            raise ValueError("on_demand: two machines share an id")
        self._machines = machines
        self._expanded_cache = None
        if not boxes and not machines:
            raise ValueError("catalog is empty: give at least one Box or an OnDemand machine")
        index = {}
        for k, b in enumerate(boxes):
            if not isinstance(b, (Box, Bag)):
                raise TypeError(f"catalog entry {k} is a {type(b).__name__}, expected Box or "
                                "Bag")
            if b.id in index:
                raise ValueError(f"catalog: id {b.id!r} appears twice (entries "
                                 f"{index[b.id]} and {k}, counted from 0)")
            index[b.id] = k
        self._void_fill_cost, self._void_u = _check_void_fill_cost(
            void_fill_cost, boxes + tuple(m.largest for m in machines))
        bags = [b.id for b in boxes if b.kind == "bag"]
        if bags and machines:
            raise ValueError(f"a catalogue with bags (here {bags[0]!r}) takes no on_demand "
                             "machines: cutting boxes to size is weighed against boxes only")
        self._boxes = boxes
        self._index = index
        self._unpriced = unpriced(boxes, machines, void_fill_cost)
        self._priced_cache = {}
        self._stocked = any(b.stock is not None for b in boxes)
        # pack's fast path needs none of these (nor boxes to refuse, _check_costs)
        self._fast = not self._stocked and not machines and not self._unpriced
        if not boxes:  # machines only: packing goes through _expanded()
            self._bags = False
            self._core = None
            return
        self._bags = any(b.kind == "bag" for b in boxes)
        self._core = _core.Catalog(
            np.array([b.length for b in boxes], dtype=np.int64),
            np.array([b.width for b in boxes], dtype=np.int64),
            np.array([b.height if b.kind == "box" else
                      -1 if b.max_height is None else b.max_height for b in boxes],
                     dtype=np.int64),
            np.array([-1 if b.max_weight is None else b.max_weight for b in boxes], dtype=np.int64),
            # Void fill counts in the walk as the whole inner volume filled: the contents'
            # volume is the same for every box it could go in (see void_fill_cost).
            np.array([self._walk_cost(b) for b in boxes], dtype=np.float64),
            np.array([b.wall if b.kind == "bag" else -1 for b in boxes], dtype=np.int64)
            if self._bags else None,
            np.array([fill_ppm(b.max_fill) for b in boxes], dtype=np.int64)
            if any(b.max_fill is not None for b in boxes) else None,
            void_u=self._void_u,
        )

    def _with_stock_used(self, used: dict) -> "Catalog":
        """This catalogue with `used` (box id -> count) taken from the stock of the boxes that
        have one (the command line packs a file block by block: stock spans the file)."""
        import dataclasses
        if not self._stocked or not used:
            return self
        boxes = [b if b.stock is None or not used.get(b.id) else dataclasses.replace(
            b, stock=max(0, b.stock - used[b.id]), cost=b.cost if b._cost_given else None)
            for b in self._boxes]
        return Catalog(boxes, self._machines, void_fill_cost=self._void_fill_cost)

    @property
    def boxes(self) -> tuple:
        return self._boxes

    @property
    def void_fill_cost(self) -> float | None:
        """What void fill (dunnage) costs per litre of a box's empty inner volume, or None.

        With it, each box's cost counts the filler its empty space takes, so a larger box
        weighs what it costs to fill: a packing's ``PackedBox.void`` (mm3) and
        ``PackedBox.void_fill`` (that cost, in ``PackedBox.cost``). A box given no cost counts no
        material then (its default cost, the volume, is not money). Not yet weighed against
        bags: a catalogue with bags and a void_fill_cost is refused.

        M costs less than S, but its 7.8 L of void fill cost 0.156 more than S's 1.8 L:

        >>> from cartonize import Item, pack
        >>> boxes = [Box("S", 200, 150, 100, cost=0.30), Box("M", 300, 200, 150, cost=0.25)]
        >>> pack([Item(150, 100, 80)], Catalog(boxes)).box_ids
        ('M',)
        >>> p = pack([Item(150, 100, 80)], Catalog(boxes, void_fill_cost=0.02))
        >>> p.box_ids, p.boxes[0].void, round(p.boxes[0].void_fill, 6), round(p.cost, 6)
        (('S',), 1800000, 0.036, 0.336)
        """
        return self._void_fill_cost

    def _walk_cost(self, box) -> float:
        """What orders the walk without a tariff: the box's cost; with void_fill_cost, its own
        cost (none for a box given none: its default, the volume, is not money) and the void
        fill of its whole inner volume."""
        if self._void_fill_cost is None:
            return box.cost
        return (box.cost if box._cost_given else 0.0) + self._void_fill_u(box, box.volume) / 1e6

    def _own_material(self, box) -> float | None:
        """The material a packed box reports without a tariff: None (its cost) unless void
        fill is priced, then its own cost, 0 for a box given none."""
        if self._void_fill_cost is None:
            return None
        return box.cost if box._cost_given else 0.0

    def _void_fill_u(self, box, void: int) -> int:
        """The void fill of `void` mm3 in `box`, in micro-units (0 for a bag, or without
        void_fill_cost): rounded half to even, as pack_many rounds it."""
        if box.kind == "bag":
            return 0
        return self._void_of(void)

    def _void_of(self, void: int) -> int:
        """The void fill of `void` mm3 of a box's empty space, in micro-units."""
        if not self._void_u:
            return 0
        return int(np.rint(float(self._void_u) * float(void) / 1e6))

    def index(self, box_id) -> int:
        """Position of the box with this id."""
        try:
            return self._index[box_id]
        except KeyError:
            raise KeyError(f"no box with id {box_id!r} in the catalog") from None

    def _priced(self, tariffs: tuple):
        """The core catalogue priced by these services (made once per tuple of tariffs): a
        box with no cost of its own counts no material."""
        if not tariffs:
            self._check_costs()
            return self._core
        core = self._priced_cache.get(tariffs)
        if core is None:
            from .tariff import to_micro
            boxes = self._boxes
            core = self._core.priced(
                # A bag ships at its block plus its wall, known once it is filled.
                np.array([b.outer if b.kind == "box" else (1, 1, 1) for b in boxes],
                         dtype=np.int64).reshape(-1, 3),
                np.array([b.empty_weight for b in boxes], dtype=np.int64),
                np.array([(to_micro(b.cost, f"box {b.id!r}: cost") if b._cost_given else 0)
                          + self._void_fill_u(b, b.volume) for b in boxes], dtype=np.int64),
                [t._service() for t in tariffs])
            if len(self._priced_cache) > 16:
                self._priced_cache.clear()
            self._priced_cache[tariffs] = core
        return core

    def _check_costs(self) -> None:
        """Without a tariff every box needs a cost, or none: a box without one beside boxes
        with one would be priced at its volume (mm3), never chosen, its cost reported as
        money. (With a tariff, or void fill, such a box counts no material.)"""
        if self._unpriced:
            blank = self._unpriced
            n, kinds = len(blank), {b.kind for b in blank}
            one, many = {"box": ("box", "boxes"), "bag": ("bag", "bags"),
                         "machine": ("machine", "machines")}.get(
                kinds.pop() if len(kinds) == 1 else "", ("entry", "entries"))
            what = one if n == 1 else many
            ids = ", ".join(repr(b.id) for b in blank[:3]) + (
                f" and {n - 3} more" if n > 3 else "")
            raise ValueError(
                f"{what} {ids} {'has' if n == 1 else 'have'} no cost while other entries (or "
                "the machines' boxes) have one: without a tariff give every box, bag and "
                "machine a cost (a machine: board_cost or cost), or none (a box's volume then "
                "stands in, a bag costs nothing)")

    def by_cost(self) -> list:
        """Box positions in the order selection walks them."""
        return list(self._core.by_cost)

    def __len__(self) -> int:
        return len(self._boxes)

    def __iter__(self):
        return iter(self._boxes)

    def __getitem__(self, k) -> Box:
        return self._boxes[k]

    @property
    def on_demand(self) -> tuple:
        """The box-on-demand machines (:class:`cartonize.OnDemand`), () for none."""
        return self._machines

    def _expanded(self, tariffs: tuple = ()) -> "Catalog":
        """The stocked boxes and each machine's largest box (and, for a service of these that
        does not take it, the largest it makes within that service's limits: OnDemand._shipped):
        what pack fills before it cuts each box of a machine, or one it beats on cost, to size
        (see _on_demand). The same for every order of a batch."""
        made = tuple(b for m in self._machines for b in m._shipped(tariffs))
        cache = self._expanded_cache if self._expanded_cache is not None else {}
        cat = cache.get(made)
        if cat is None:
            cat = Catalog(self._boxes + made, void_fill_cost=self._void_fill_cost)
            # Held to this catalogue's rule: a machine without costs (its boxes at 0.00)
            # beside stock boxes without one is not a mix; one whose boxes cost money is.
            cat._unpriced = self._unpriced
            cat._fast = not cat._stocked and not cat._unpriced
            self._expanded_cache = {**cache, made: cat} if len(cache) < 16 else {made: cat}
        return cat

    def __eq__(self, other) -> bool:
        return (isinstance(other, Catalog) and self._boxes == other._boxes
                and self._machines == other._machines
                and self._void_fill_cost == other._void_fill_cost)

    def __hash__(self) -> int:
        return hash((self._boxes, self._machines, self._void_fill_cost))

    def __reduce__(self):
        if self._void_fill_cost is None:
            return (Catalog, (self._boxes, self._machines))
        return (_catalog, (self._boxes, self._machines, self._void_fill_cost))

    def __repr__(self) -> str:
        machines = f", on_demand={list(self._machines)!r}" if self._machines else ""
        void = (f", void_fill_cost={self._void_fill_cost!r}"
                if self._void_fill_cost is not None else "")
        return f"Catalog({list(self._boxes)!r}{machines}{void})"


def unpriced(boxes, machines=(), void_fill_cost=None) -> tuple:
    """The boxes, bags and machines given no cost (a machine: neither board_cost nor cost)
    that would be weighed against money: beside entries given one; none with void fill
    (which counts them no material). Without a tariff their volume, in mm3, would stand in
    as money (a tariff prices them at 0 material instead: Catalog._check_costs asks only
    then)."""
    entries = tuple(boxes) + tuple(machines)
    given = [b._cost_given for b in boxes] + [m.priced for m in machines]
    if void_fill_cost is not None or all(given) or not any(given):
        return ()
    return tuple(e for e, g in zip(entries, given) if not g)


def _catalog(boxes, machines, void_fill_cost) -> Catalog:
    """Unpickles a Catalog with void_fill_cost (a keyword)."""
    return Catalog(boxes, machines, void_fill_cost=void_fill_cost)


def _check_void_fill_cost(v, boxes) -> tuple:
    """(the price per litre or None, in micro-units per litre). Refused with bags (not yet
    weighed against them) and where filling a whole box would cost more than the money the
    core counts."""
    if v is None:
        return None, 0
    if not_a_number(v) or not isinstance(v, (int, float)) and not hasattr(
            v, "__float__"):
        raise TypeError(f"void_fill_cost must be a number (per litre), got {v!r}")
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"void_fill_cost = {v!r} is not a number") from None
    if not (f >= 0 and f != float("inf")):
        raise ValueError(f"void_fill_cost = {v!r} must be finite and not negative")
    f += 0.0  # -0.0 is 0
    bags = [b.id for b in boxes if b.kind == "bag"]
    if bags:
        raise ValueError(f"void_fill_cost is not yet weighed against bags (here {bags[0]!r}): "
                         "give it to a catalogue of boxes")
    from .tariff import MAX_MONEY, to_micro
    for b in boxes:
        if f * b.volume / 1e6 > MAX_MONEY:
            raise ValueError(f"void_fill_cost = {v!r}: filling box {b.id!r} ({b.volume / 1e6:g} "
                             f"L) would cost {f * b.volume / 1e6:.3g}, over the most the core "
                             f"counts ({MAX_MONEY:.0e})")
    return f, to_micro(f, "void_fill_cost")


def check_catalog(catalog) -> Catalog:
    """The catalog itself, or a TypeError saying what was passed instead."""
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
    return catalog
