"""What packing returns: where each copy went (Placement), each box and its contents
(PackedBox), and the packing of one order (Packing), which decodes the core's arrays only when
its Python objects are first read."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Hashable, NamedTuple, Optional

import numpy as np

from . import _core
from ._cells import json_plain
from ._layout import order_result
from .model import Bag, Box  # noqa: F401 (Box: doctest)
from .tariff import MICRO, money

_new_tuple = tuple.__new__


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

    Packed with a tariff: ``service`` (the name of the service it ships by; an unnamed one's
    position as text, "0", among several; None for a lone unnamed service), ``shipping`` (its
    price), ``billable_weight`` (g), and ``material`` (the
    box's cost as counted: 0 for a box given no cost). ``cost`` is material + shipping.

    ``void`` is the empty inner volume (mm3; 0 for a bag, sealed around its contents);
    ``void_fill`` what filling it costs when the catalogue has a ``void_fill_cost``, counted
    in ``cost``.
    """

    box: Box | Bag
    placements: tuple[Placement, ...] = field(default_factory=tuple)
    load: int = 0
    service: Optional[Hashable] = None
    shipping: float = 0.0
    billable_weight: int = 0
    material: Optional[float] = None
    size_bound: Optional[int] = None
    void_fill: float = 0.0

    @property
    def gross_weight(self) -> int:
        return self.load + self.box.empty_weight

    @property
    def cost(self) -> float:
        if self.material is not None or self.void_fill:  # money: exact in micro-units
            return (round((self.box.cost if self.material is None else self.material) * MICRO)
                    + round(self.void_fill * MICRO) + round(self.shipping * MICRO)) / MICRO
        return (self.box.cost if self.material is None else self.material) + self.shipping

    @property
    def void(self) -> int:
        """The empty inner volume (mm3): a box's inner volume less its contents; 0 for a bag."""
        return 0 if self.box.kind == "bag" else self.box.volume - self.item_volume

    @property
    def item_volume(self) -> int:
        return sum(p.length * p.width * p.height for p in self.placements)

    @property
    def block(self) -> tuple:
        """(l, w, h): the extent of the contents from the box's corner (a bag's filled size)."""
        return (max((p.x + p.length for p in self.placements), default=0),
                max((p.y + p.width for p in self.placements), default=0),
                max((p.z + p.height for p in self.placements), default=0))

    @property
    def inner(self) -> tuple:
        """The space the contents fill: a box's inner size, a bag's filled block."""
        return self.box.dims if self.box.kind == "box" else self.block

    @property
    def outer(self) -> tuple:
        """The size the package ships at: a box's outer size, a bag's filled block plus its
        wall on each side."""
        return self.box.outer if self.box.kind == "box" else self.box.outer_of(self.block)

    @property
    def utilisation(self) -> float:
        """The contents' share of the box's inner volume (of a bag's filled block)."""
        l, w, h = self.inner
        return self.item_volume / (l * w * h) if l * w * h else 0.0

    def carried(self, items) -> tuple:
        """The weight each placement bears above it, in placement order, given the order's
        items (their weights): a copy rests on the copies whose top faces its base touches,
        and its weight and what it bears pass down to them in proportion to the area of
        contact (see ``Item.max_load``).

        >>> from cartonize import Item, Placement
        >>> pb = PackedBox(Box("X", 200, 100, 100), (
        ...     Placement(0, 0, 0, 0, 0, 100, 100, 50), Placement(0, 1, 100, 0, 0, 100, 100, 50),
        ...     Placement(1, 0, 0, 0, 50, 200, 100, 50)))
        >>> pb.carried([Item(100, 100, 50, weight=10, quantity=2), Item(200, 100, 50, weight=300)])
        (150.0, 150.0, 0.0)
        """
        if hasattr(items, "items") and not isinstance(items, (list, tuple, dict)):
            items = items.items  # an Order
        items = tuple(items)
        if any(not 0 <= p.item < len(items) for p in self.placements):
            raise ValueError(f"items must be the order's {1 + max(p.item for p in self.placements)}"
                             f" or more items the placements name, got {len(items)}")
        weights = [items[p.item].weight for p in self.placements]
        return tuple(float(v) for v in carried_exact(self.placements, weights))


def bases(xyz, stackable=None) -> tuple:
    """Per copy (rows of x, y, z, length, width, height): the area of its base on the tops
    of the copies right under it, and whether one of those is not `stackable` (per copy;
    none without it). In blocks of rows: a box of 2,000 copies takes a few MB."""
    x, y, z, l, w, h = np.asarray(xyz, dtype=np.int64).reshape(-1, 6).T
    area, on_unstackable = np.zeros(len(x), dtype=np.int64), np.zeros(len(x), dtype=bool)
    for r in range(0, len(x), 256):
        s = slice(r, r + 256)
        dx = np.minimum(x + l, (x + l)[s, None]) - np.maximum(x, x[s, None])
        dy = np.minimum(y + w, (y + w)[s, None]) - np.maximum(y, y[s, None])
        touch = ((z + h)[None, :] == z[s, None]) & (dx > 0) & (dy > 0)  # [copy, under it]
        area[s] = np.where(touch, dx * dy, 0).sum(axis=1)
        if stackable is not None:
            on_unstackable[s] = (touch & ~np.asarray(stackable, dtype=bool)[None, :]).any(axis=1)
    return area, on_unstackable


def carried_exact(placements, weights, exact: bool = True) -> list:
    """The load each placement bears, as exact fractions (PackedBox.carried; verify); with
    exact=False as floats (a first look, some 1e-12 off)."""
    from fractions import Fraction
    share = Fraction if exact else (lambda a, area: a / area)
    carried = [share(0, 1)] * len(placements)
    for i in sorted(range(len(placements)), key=lambda j: -placements[j].z):
        p = placements[i]
        if p.z == 0:
            continue
        touch = []
        for j, q in enumerate(placements):
            if q.z + q.height != p.z:
                continue
            dx = min(p.x + p.length, q.x + q.length) - max(p.x, q.x)
            dy = min(p.y + p.width, q.y + q.width) - max(p.y, q.y)
            if dx > 0 and dy > 0:
                touch.append((j, dx * dy))
        area = sum(a for _, a in touch)
        for j, a in touch:
            carried[j] += (weights[i] + carried[i]) * share(a, area)
    return carried


# The fields of the core's result of one order: those a Packing keeps to decode when read
# (after the catalogue, in _core), and those it reads at once.
_KEPT = order_result(("boxes", "placements", "unpacked", "shipping"))
_EAGER = order_result(("proof", "lower_bound", "alone", "timed_out"))

# Names of the core's codes (codes.hpp), by code.
UNPACKED_REASONS = dict(enumerate(_core.REASON_NAMES))
PROOF_NAMES = dict(enumerate(_core.PROOF_NAMES))


def with_void_fill(pb: PackedBox, catalog) -> PackedBox:
    """The packed box with what its void fill costs under the catalogue's void_fill_cost (and
    without a tariff its own material: none for a box given no cost)."""
    material = pb.material if pb.material is not None else catalog._own_material(pb.box)
    return dataclasses.replace(pb, material=material,
                               void_fill=catalog._void_fill_u(pb.box, pb.void) / MICRO)


class Packing:
    """The boxes one order ships in.

    ``boxes`` is a tuple of :class:`PackedBox`; ``unpacked`` lists ``(item index, copy,
    reason)`` for copies no box can hold, with reason "too_large" (fits no box in any allowed
    turn), "too_heavy" (too heavy for every box it fits), and with rules and tariffs
    "group_too_large", "no_stock" or "unshippable". ``proof`` says whether the single box
    chosen is proven the cheapest: "proven" (every cheaper box proven unable to hold the
    order, by a lower bound or by the exact search), "heuristic" (a cheaper box was only
    failed by the heuristic: ``exact=False``, or an order past ``exact_max_copies`` that no
    bound settled; and always for a split over several boxes, even one of ``lower_bound``
    boxes) or "unknown" (the search ran out of nodes on a cheaper box, or ``time_limit`` was
    reached); '' when no copy could be packed ("heuristic" where a kit left out as
    "group_too_large" was not proven to fit no box), and "proven" for an order of no copies
    (no box). It speaks of the copies packed: those in ``unpacked`` are left out of it.
    ``lower_bound`` is a number of boxes, not a cost: no packing of the order uses fewer (1
    for one box, 0 for nothing to pack); for a split it shows how far the box count can be
    from the fewest. An order of which no copy could be packed (each too large, say) has
    proof "": nothing was packed, so nothing is proven.
    ``message``: empty, or why the packing may be far from the best (``time_limit`` reached).
    Immutable (its fields read-only). A packing made by the
    core holds its arrays and builds the Python objects only when they are first read, so a
    caller that needs only ``box_ids`` or ``cost`` pays for no more.
    """

    __slots__ = ("_boxes", "_unpacked", "_core", "_proof", "_lower_bound", "_items", "_tariffs",
                 "_alone", "_alone_shipping", "_message")

    # Read-only: a packing is a value (hashed, compared, cached, shared across threads).
    proof = property(lambda self: self._proof,
                     doc="proven, heuristic, unknown or '' (see the class for what each means).")
    lower_bound = property(lambda self: self._lower_bound,
                           doc="A number of boxes: no packing of the order uses fewer.")
    alone = property(lambda self: self._alone,
                     doc="(item index, copy) of each copy shipped in its own packaging.")
    alone_shipping = property(lambda self: self._alone_shipping,
                              doc="What each copy in ``alone`` ships for (with a tariff).")
    message = property(lambda self: self._message,
                       doc="Empty, or why the packing may be far from the best.")

    def __init__(self, boxes=(), unpacked=(), proof: str = "proven", lower_bound=None,
                 alone=(), alone_shipping=(), message: str = ""):
        self._message = str(message)
        self._boxes = tuple(boxes)
        self._unpacked = tuple(unpacked)
        self._core = None
        self._items = None
        self._tariffs = ()
        self._alone = tuple(alone)
        self._alone_shipping = tuple(alone_shipping)
        self._proof = proof
        self._lower_bound = (min(1, len(self._boxes)) if lower_bound is None
                             else int(lower_bound))

    @classmethod
    def _from_core(cls, catalog, items, tariffs, result: tuple,
                   timed_out_message: str = "") -> "Packing":
        """The packing the core returned for one order (its fields as _layout names them),
        decoded lazily: the Python objects are built when first read."""
        p = cls.__new__(cls)
        p._core = (catalog, *_KEPT(result))
        proof, p._lower_bound, alone, timed_out = _EAGER(result)
        p._message = timed_out_message if timed_out else ""
        p._boxes = p._unpacked = None
        # The order as it was packed (a caller's list may change after the call).
        p._items = tuple(items) if type(items) is list else items
        p._tariffs = tariffs
        if alone is None:
            p._alone = p._alone_shipping = ()
        else:
            rows = alone.tolist()
            p._alone = tuple((r[0], r[1]) for r in rows)
            p._alone_shipping = tuple(r[3] / MICRO for r in rows) if tariffs else ()
        # Every copy left out: nothing proven; a kit left out on the heuristic's word said.
        nothing = len(p._core[1]) == 0 and p._core[3] is not None
        p._proof = "" if nothing and proof == 0 else PROOF_NAMES[proof]
        return p

    @property
    def boxes(self) -> tuple[PackedBox, ...]:
        if self._boxes is None:
            catalog, packed, placements, _, shipping = self._core
            rows = placements.tolist()
            packed = packed.tolist()  # per box: catalogue index, end of its placements, load
            starts = [0] + [end for _, end, _ in packed]
            boxes = catalog.boxes
            if not self._tariffs:
                self._boxes = tuple(
                    PackedBox(boxes[b], tuple(_new_tuple(Placement, r)
                                              for r in rows[starts[k]:end]), load)
                    for k, (b, end, load) in enumerate(packed))
                if catalog.void_fill_cost is not None:
                    self._boxes = tuple(with_void_fill(pb, catalog) for pb in self._boxes)
            else:
                from .tariff import service_names, to_micro
                names = service_names(self._tariffs)
                material = {b: to_micro(boxes[b].cost, "cost") / MICRO
                            if boxes[b]._cost_given else 0.0 for b, _, _ in packed}
                self._boxes = tuple(
                    PackedBox(boxes[b], tuple(_new_tuple(Placement, r)
                                              for r in rows[starts[k]:end]),
                              load, names[s], price / MICRO, billable, material[b])
                    for k, ((b, end, load), (s, price, billable)) in enumerate(
                        zip(packed, shipping.tolist())))
                if catalog.void_fill_cost is not None:
                    self._boxes = tuple(with_void_fill(pb, catalog) for pb in self._boxes)
        return self._boxes

    @property
    def placement_array(self) -> np.ndarray:
        """Every placed copy as one row of an (n, 9) int32 array, without building Python
        objects: box index (in ``boxes``), item, copy, x, y, z, length, width, height."""
        if self._boxes is None:
            packed, placements = self._core[1], self._core[2]
            out = np.empty((len(placements), 9), dtype=np.int32)
            out[:, 1:] = placements
            # Each row's box: the first whose end (packed[:, 1], running counts) is past it.
            # (np.diff(..., prepend=0) and np.repeat took 20 us of a 3-copy order's 24.)
            ends = packed[:, 1]
            out[:, 0] = 0 if len(ends) == 1 else \
                np.searchsorted(ends, np.arange(len(placements)), side="right")
            return out
        rows = [(k, *pl) for k, b in enumerate(self._boxes) for pl in b.placements]
        return np.array(rows, dtype=np.int32).reshape(len(rows), 9)

    @property
    def unpacked(self) -> tuple[tuple[int, int, str], ...]:
        if self._unpacked is None:
            rows = self._core[3]  # None: no copy unpacked
            self._unpacked = () if rows is None else tuple(
                (i, c, UNPACKED_REASONS[r]) for i, c, r in rows.tolist())
        return self._unpacked

    @property
    def box_ids(self) -> tuple[Hashable, ...]:
        """The ids of the boxes, in order."""
        if self._boxes is None:
            catalog, packed = self._core[0], self._core[1]
            return tuple(catalog.boxes[b].id for b in packed[:, 0].tolist())
        return tuple(b.box.id for b in self._boxes)

    @property
    def cost(self) -> float:
        """What the boxes cost: their cost, or with a tariff material + shipping."""
        if self._boxes is None and not self._tariffs and self._core[0].void_fill_cost is None:
            catalog, packed = self._core[0], self._core[1]
            return money(sum(catalog.boxes[b].cost for b in packed[:, 0].tolist()))
        if (any(b.service is not None or b.void_fill for b in self.boxes)
                or self.alone_shipping):
            # money: exact in micro-units
            return (sum(round(b.cost * MICRO) for b in self.boxes)
                    + sum(round(s * MICRO) for s in self.alone_shipping)) / MICRO
        # Added in box order, as the fast path above and pack_many add them, then to the
        # billionth (money): ten boxes of 0.1 cost 1.0 whether or not .boxes was read first
        # (fsum here gave 1.0 where they gave 0.9999999999999999).
        return money(sum(b.cost for b in self.boxes))

    @property
    def shipping(self) -> float:
        """The shipping of all boxes and of the copies shipped alone (0 without a tariff)."""
        return (sum(round(b.shipping * MICRO) for b in self.boxes)
                + sum(round(s * MICRO) for s in self.alone_shipping)) / MICRO

    @property
    def n_packages(self) -> int:
        """Boxes, and copies shipped in their own packaging."""
        return self.n_boxes + len(self.alone)

    @property
    def n_boxes(self) -> int:
        return len(self._core[1]) if self._boxes is None else len(self._boxes)

    @property
    def utilisation(self) -> float:
        """Item volume over the inner volume of all boxes, a bag's being its filled block (0
        for an empty packing)."""
        total = sum(math.prod(b.inner) for b in self.boxes)
        return sum(b.item_volume for b in self.boxes) / total if total else 0.0

    def to_dict(self, items=None) -> dict:
        """The packing as plain values (for JSON): cost, shipping, proof, lower_bound,
        n_packages and message; per box its id, kind (box or bag), inner size (a bag's: its
        filled block) and outer size (the size it ships at), load and gross weight (g), shipping, cost, void (mm3) and void fill, and
        the placements, each naming its item by its index in the order (``item``) and by its
        ``id`` (``item_id``: None where it has none, or where the items are not known); the
        copies shipped in their own packaging (``alone``, with what each ships for, None
        without a tariff) and those no box holds (``unpacked``, with the reason) likewise:
        every copy of the order is in one of the three. ``items``: the order, when the
        packing was not made by :func:`pack` from it.

        >>> p = Packing((PackedBox(Box("S", 10, 10, 10), (Placement(0, 0, 0, 0, 0, 5, 5, 5),),
        ...                        load=200),))
        >>> p.to_dict()["boxes"][0]["gross_weight"]
        200
        """
        items = self._items if items is None else items
        if items is not None and hasattr(items, "items") and not isinstance(items, (list, tuple)):
            items = items.items  # an Order
        # (numpy scalars as Python's: json takes no int64)
        ids = None if items is None else [json_plain(it.id) for it in items]

        def name(i):  # an index and an id are two fields: an id 1 and the item at 1 differ
            return {"item": i, "item_id": None if ids is None or i >= len(ids) else ids[i]}
        shipping = self.alone_shipping or (None,) * len(self.alone)
        return {
            "cost": self.cost, "proof": self.proof, "lower_bound": self.lower_bound,
            "shipping": self.shipping, "n_packages": self.n_packages, "message": self.message,
            "boxes": [{"box_id": json_plain(b.box.id), "kind": b.box.kind, "inner": list(b.inner),
                       "outer": list(b.outer),
                       "load": b.load, "gross_weight": b.gross_weight,
                       "service": json_plain(b.service), "shipping": b.shipping,
                       "billable_weight": b.billable_weight, "cost": b.cost, "void": b.void,
                       "void_fill": b.void_fill,
                       "placements": [{**name(p.item), "copy": p.copy, "x": p.x,
                                       "y": p.y, "z": p.z, "length": p.length,
                                       "width": p.width, "height": p.height}
                                      for p in b.placements]} for b in self.boxes],
            "alone": [{**name(i), "copy": c, "shipping": f}
                      for (i, c), f in zip(self.alone, shipping)],
            "unpacked": [{**name(i), "copy": c, "reason": r} for i, c, r in self.unpacked],
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

    def _repr_html_(self) -> str | None:
        """The interactive view (:func:`cartonize.view.html`) inline in Jupyter, in a frame of
        its own so that its scripts stay apart from the notebook's."""
        import html
        from .view import html as view_html
        try:
            page = view_html(self, title=f"{self.n_boxes} box{'es' if self.n_boxes != 1 else ''}")
        except ModuleNotFoundError:  # no [viz]: Jupyter shows the text repr instead
            return None
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%; '
                f'height:640px; border:1px solid #ddd" title="packing view"></iframe>')

    def __reduce__(self):  # the order it packed goes too: its ids, its tariffs
        return (Packing, (self.boxes, self.unpacked, self.proof, self.lower_bound, self.alone,
                          self.alone_shipping, self.message),
                {"_items": self._items, "_tariffs": self._tariffs})

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
