"""Landed cost in plain Python: the definition csrc/landed_cost.cpp and the priced Catalog of
csrc/catalog.cpp are held to.

A :class:`Shop` is a catalogue as selection sees it: each box as a :class:`BoxView` (inner
sides, the load limit that applies, the cost that orders the walk), which boxes are usable,
and, with carrier services, what each box ships for at a given load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .._grid import fill_hold
from ..tariff import MICRO, to_micro


@dataclass(frozen=True)
class BoxView:
    """One catalogue box as selection uses it (``max_weight``: after the services' limits)."""

    index: int
    box: object
    max_weight: Optional[int]
    void_cost: Optional[float] = None  # the void fill of the whole inner volume, if priced

    @property
    def is_bag(self) -> bool:
        return self.box.kind == "bag"

    @property
    def dims(self):
        """A box's inner sides; for a bag, the sides that hold every thickness it takes:
        (length - 1) x (width - 1) x its greatest thickness."""
        b = self.box
        return b.dims if b.kind == "box" else (b.length - 1, b.width - 1, b.thickness)

    @property
    def length(self):
        return self.dims[0]

    @property
    def width(self):
        return self.dims[1]

    @property
    def height(self):
        return self.dims[2]

    @property
    def volume(self):
        return self.box.volume

    @property
    def hold(self):
        """The content volume it may take: its volume, under a fill limit floor(volume x
        max_fill)."""
        return fill_hold(self.box.volume, self.box.max_fill)

    @property
    def cost(self):
        """What orders the walk: the box's cost; with void_fill_cost its own cost (none for a
        box given none) and the void fill of its whole inner volume (the contents' volume is
        the same whichever box holds them)."""
        if self.void_cost is None:
            return self.box.cost
        return (self.box.cost if self.box._cost_given else 0.0) + self.void_cost


def weight_cap(tariff, outer) -> Optional[tuple]:
    """(takes, cap): whether the service takes a package of these outer sides at all, and up
    to which gross weight (None: any)."""
    s = sorted(outer)
    if tariff.max_length is not None and s[2] > tariff.max_length:
        return False, None
    if tariff.max_girth is not None and s[2] + 2 * (s[0] + s[1]) > tariff.max_girth:
        return False, None
    cap = tariff.max_weight
    if tariff.brackets:
        last = tariff.brackets[-1][0]
        if -(-(s[0] * s[1] * s[2]) // tariff.divisor) > last:
            return False, None
        cap = last if cap is None else min(cap, last)
    return True, cap


def least_price_from(tariff, billable: int) -> int:
    if not tariff.brackets:
        return tariff.price_micro(billable)
    prices = [to_micro(p, "price") for up, p in tariff.brackets if up >= billable]
    return -1 if not prices else to_micro(tariff.per_parcel, "per_parcel") + min(prices)


class Shop:
    """A catalogue, optionally priced by carrier services (a tuple of Tariffs)."""

    def __init__(self, catalog, tariffs: tuple = (), incompatible=(), stock=None,
                 balance: bool = False):
        self.catalog, self.tariffs = catalog, tuple(tariffs)
        # Packing rules: per category code the codes it may not meet, stock per box (None:
        # any), weight balance; `used` counts the boxes of each type a split has taken.
        self.incompatible, self.stock, self.balance = tuple(incompatible), stock, balance
        self.used = [0] * len(catalog.boxes)
        self.ignore_stock = False
        self.min_support, self.support = 0.0, False  # stable placements (set by pack)
        self.loads = False  # some copy has a max_load (set by pack)
        self.grounded = False  # some copy has a max_load or is not stackable (set by pack)
        self.priced = bool(self.tariffs)
        views, usable, self.caps, self.least_landed = [], [], [], None
        self.has_bags = any(b.kind == "bag" for b in catalog.boxes)
        for k, b in enumerate(catalog.boxes):
            mw = b.max_weight
            caps = []
            if self.priced:
                ok, unlimited, cap = False, False, -1
                for t in self.tariffs:
                    takes, c = weight_cap(t, self.outer(b))
                    if not takes or (c is not None and c < b.empty_weight):
                        caps.append(False)
                        continue
                    caps.append(c)
                    ok = True
                    if c is None:
                        unlimited = True
                    else:
                        cap = max(cap, c)
                if ok and not unlimited:
                    net = cap - b.empty_weight
                    mw = net if mw is None else min(mw, net)
                usable.append(ok)
            else:
                usable.append(True)
            self.caps.append(caps)
            views.append(BoxView(k, b, mw, None if catalog.void_fill_cost is None
                                 else catalog._void_fill_u(b, b.volume) / MICRO))
        self.boxes, self.usable = views, usable
        self.by_cost = sorted((v for v in views if usable[v.index]),
                              key=lambda v: (v.cost, v.volume))
        self.rank = {v.index: r for r, v in enumerate(self.by_cost)}
        if self.priced:
            for v in self.by_cost:
                b = v.box
                for t, cap in zip(self.tariffs, self.caps[v.index]):
                    if cap is False:
                        continue
                    o = self.outer(b)
                    dim = -(-(o[0] * o[1] * o[2]) // t.divisor)
                    p = least_price_from(t, max(b.empty_weight, dim))
                    if p >= 0:
                        c = self.material(v) + p
                        self.least_landed = c if self.least_landed is None else min(
                            self.least_landed, c)
        self.least_landed = self.least_landed or 0

    def split_floor(self, load: int, volume: int) -> float:
        """At least what two or more packages of contents of `load` grams and `volume` mm3
        cost (micro-units), as the core's Catalog::split_floor computes it, in the same
        floating point: each package at least least_landed; and k packages at least k times
        the least material plus the least line intercept over the services, plus the least
        slope times their billable weight in all, at least max(load + k x the least empty
        weight, volume / the largest divisor), least at k = 2 when the intercept is not
        negative."""
        floor = 2.0 * float(self.least_landed)
        usable = list(self.by_cost)
        material = float(min(self.material(v) for v in usable)) if usable else 0.0
        empty = float(min(v.box.empty_weight for v in usable)) if usable else 0.0
        a = b = 0.0
        for k, t in enumerate(self.tariffs):
            per = to_micro(t.per_parcel, "per_parcel")
            if not t.brackets:
                bk = float(to_micro(t.step_price, "p")) / float(t.step_weight)
                ak = float(per + to_micro(t.first_price, "p")) - float(t.first_weight) * bk
            else:
                bk = 0.0
                ak = float(per + min(to_micro(p, "price") for _, p in t.brackets))
            a = ak if k == 0 else min(a, ak)
            b = bk if k == 0 else min(b, bk)
        package = material + a
        if package >= 0:
            divisor = max([1] + [t.divisor for t in self.tariffs])
            billable = max(float(load) + 2 * empty, float(volume) / float(divisor))
            floor = max(floor, 2 * package + b * billable)
        return floor * (1 - 1e-12)

    @staticmethod
    def outer(box) -> tuple:
        """A box's outer sides; a bag's least package (a block of 1 plus its wall)."""
        return box.outer if box.kind == "box" else (1 + 2 * box.wall,) * 3

    def available(self, view) -> bool:
        """Whether another box of this type may be used (stock)."""
        if self.ignore_stock or self.stock is None or self.stock[view.index] is None:
            return True
        return self.used[view.index] < self.stock[view.index]

    def material(self, view) -> int:
        """The material the walk counts (micro-units): the box's own, and the void fill of
        its whole inner volume."""
        return self.own_material(view) + self.catalog._void_fill_u(view.box, view.box.volume)

    def own_material(self, view) -> int:
        """The box's own cost as counted (0 for a box given none), micro-units."""
        b = view.box
        return to_micro(b.cost, "cost") if b._cost_given else 0

    def ship(self, view, load: int):
        """(service, price in micro-units, billable g) of the cheapest service, or None."""
        if not self.priced:
            return None
        b = view.box
        gross = load + b.empty_weight
        best = None
        for s, (t, cap) in enumerate(zip(self.tariffs, self.caps[view.index])):
            if cap is False or (cap is not None and gross > cap):
                continue
            o = self.outer(b)
            dim = -(-(o[0] * o[1] * o[2]) // t.divisor)
            billable = max(gross, dim)
            # A bag's block is not known here: the least it ships for from that weight on.
            price = least_price_from(t, billable) if view.is_bag else t.price_micro(billable)
            if price < 0:
                continue
            if best is None or price < best[1]:
                best = (s, price, billable)
        return best

    def landed(self, view, load: int):
        """Material + shipping (micro-units), None when no service takes it; for a bag, the
        least it ships for at that load, whatever its block."""
        s = self.ship(view, load)
        return None if s is None else self.material(view) + s[1]

    def ship_block(self, view, load: int, block: tuple):
        """How a bag filled to `block` ships: at the block plus its wall on each side."""
        if not self.priced:
            return None
        b = view.box
        outer = tuple(v + 2 * b.wall for v in block)
        offer = ship_u(self.tariffs, outer, load + b.empty_weight)
        if offer is None:
            return None
        price, s = offer
        billable = max(load + b.empty_weight,
                       -(-(outer[0] * outer[1] * outer[2]) // self.tariffs[s].divisor))
        return (s, price, billable)

    def ship_layout(self, view, layout: list):
        """How a packed box ships (a bag at the block its layout spans)."""
        from .bags import block_of
        w = sum(c.weight for c, _ in layout)
        return self.ship_block(view, w, block_of(layout)) if view.is_bag else self.ship(view, w)

    def landed_layout(self, view, layout: list):
        s = self.ship_layout(view, layout)
        return None if s is None else self.material(view) + s[1]

    def key(self, view, load: int) -> tuple:
        """What orders boxes for contents of `load` grams."""
        if self.priced:
            c = self.landed(view, load)
            return (c is None, c or 0, view.volume, view.index)
        return (self.rank.get(view.index, len(self.boxes)),)

    def walk(self, load: int) -> list:
        """Usable boxes in the order selection tries them for contents of `load` grams."""
        if not self.priced:
            return list(self.by_cost)
        return sorted((v for v in self.by_cost if self.landed(v, load) is not None),
                      key=lambda v: self.key(v, load))


def price_u(tariff, volume, weight):
    """One service's price in micro-units at this outer volume and gross weight (-1: above its
    last bracket); its size and weight limits are not checked here (see ship_u)."""
    billable = max(weight, -(-volume // tariff.divisor))
    per = to_micro(tariff.per_parcel, "per_parcel")
    if tariff.brackets:
        for up, price in tariff.brackets:
            if billable <= up:
                return per + to_micro(price, "price")
        return -1
    extra = billable - tariff.first_weight
    steps = 0 if extra <= 0 else -(-extra // tariff.step_weight)
    return per + to_micro(tariff.first_price, "p") + steps * to_micro(tariff.step_price, "p")


def ship_u(services, outer, gross):
    """(price, service index) of the cheapest service that takes a package of these outer
    sides at this gross weight, or None."""
    a, b, c = sorted(outer)
    best = None
    for k, t in enumerate(services):
        if t.max_weight is not None and gross > t.max_weight:
            continue
        if t.max_length is not None and c > t.max_length:
            continue
        if t.max_girth is not None and c + 2 * (a + b) > t.max_girth:
            continue
        p = price_u(t, a * b * c, gross)
        if p >= 0 and (best is None or p < best[0]):
            best = (p, k)
    return best
