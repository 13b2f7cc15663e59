"""An independent checker of packings. It shares no code with the packers it checks."""

from __future__ import annotations

from itertools import permutations
from typing import Sequence

from .catalog import Catalog
from .model import Item, Packing


def allowed_turns(item: Item) -> set:
    """Every (l, w, h) extent along (x, y, z) the item's orientation rule permits."""
    dims = (item.length, item.width, item.height)
    if item.orientation == "fixed":
        return {dims}
    if item.orientation == "upright":
        return {dims, (item.width, item.length, item.height)}
    return set(permutations(dims))


def _fits_some_turn(item: Item, box) -> bool:
    return any(l <= box.length and w <= box.width and h <= box.height
               for l, w, h in allowed_turns(item))


def _price_u(tariff, billable: int):
    """The service's price of `billable` grams in micro-units (None: above its brackets),
    written again here from the rate card's definition."""
    per = round(tariff.per_parcel * 1_000_000)
    if tariff.brackets:
        for up, price in tariff.brackets:
            if billable <= up:
                return per + round(price * 1_000_000)
        return None
    steps = max(0, -(-(billable - tariff.first_weight) // tariff.step_weight))
    return per + round(tariff.first_price * 1_000_000) + steps * round(tariff.step_price * 1_000_000)


def _offer(tariff, box, gross: int):
    """(price in micro-units, billable g) of shipping `box` at `gross` by `tariff`, or None
    when the service does not take it."""
    a, b, c = sorted(box.outer)
    if tariff.max_weight is not None and gross > tariff.max_weight:
        return None
    if tariff.max_length is not None and c > tariff.max_length:
        return None
    if tariff.max_girth is not None and c + 2 * (a + b) > tariff.max_girth:
        return None
    billable = max(gross, -(-(a * b * c) // tariff.divisor))
    price = _price_u(tariff, billable)
    return None if price is None else (price, billable)


def _check_shipping(k: int, pb, tariffs: tuple) -> None:
    names = [t.name if t.name is not None else str(i) for i, t in enumerate(tariffs)]
    where = f"box {k} ({pb.box.id!r})"
    offers = [(_offer(t, pb.box, pb.gross_weight), i) for i, t in enumerate(tariffs)]
    offers = [(o, i) for o, i in offers if o is not None]
    if not offers:
        raise ValueError(f"{where}: no service takes it at {pb.gross_weight} g gross")
    if pb.service not in names:
        raise ValueError(f"{where}: ships by {pb.service!r}, which is not a service given")
    mine = {names[i]: o for o, i in offers}.get(pb.service)
    if mine is None:
        raise ValueError(f"{where}: service {pb.service!r} does not take it (outer "
                         f"{pb.box.outer}, {pb.gross_weight} g gross)")
    cheapest = min(o[0] for o, _ in offers)
    if mine[0] != cheapest:
        raise ValueError(f"{where}: ships by {pb.service!r} at {mine[0] / 1e6}, but a service "
                         f"takes it at {cheapest / 1e6}")
    if round(pb.shipping * 1_000_000) != mine[0] or pb.billable_weight != mine[1]:
        raise ValueError(f"{where}: shipping {pb.shipping} for {pb.billable_weight} g "
                         f"billable, the rate card says {mine[0] / 1e6} for {mine[1]} g")


def verify(packing: Packing, items: Sequence[Item], catalog: Catalog, *, tariff=None) -> None:
    """Check that `packing` is a valid packing of `items` with boxes of `catalog`.

    Every box is a catalogue box; every placement lies inside its box, in a turn its item
    allows, and overlaps no other; each box's load is within its max_weight; every copy of
    every item is placed or listed as unpacked exactly once, and an unpacked copy really fits
    no box. With ``tariff`` (a Tariff or a sequence of them), each box ships by a service that
    takes its outer size and gross weight, the cheapest that does, at the rate card's price;
    a copy said "unshippable" fits a box no service takes. Raises ValueError naming the first
    violation; returns None when all holds.
    """
    items = tuple(items)
    tariffs = () if tariff is None else (
        (tariff,) if not isinstance(tariff, (list, tuple)) else tuple(tariff))
    seen = {}
    for k, pb in enumerate(packing.boxes):
        box = pb.box
        if box not in catalog.boxes:
            raise ValueError(f"box {k}: {box.id!r} is not a box of the catalog")
        load = 0
        placed = []
        for p in pb.placements:
            where = f"box {k} ({box.id!r}), item {p.item} copy {p.copy}"
            if not 0 <= p.item < len(items):
                raise ValueError(f"{where}: no such item in the order")
            it = items[p.item]
            if not 0 <= p.copy < it.quantity:
                raise ValueError(f"{where}: the item has only {it.quantity} copies")
            if (p.item, p.copy) in seen:
                raise ValueError(f"{where}: placed twice (also in box {seen[p.item, p.copy]})")
            seen[p.item, p.copy] = k
            if (p.length, p.width, p.height) not in allowed_turns(it):
                raise ValueError(f"{where}: extent {(p.length, p.width, p.height)} is not an "
                                 f"allowed turn of {(it.length, it.width, it.height)} "
                                 f"({it.orientation})")
            if (p.x < 0 or p.y < 0 or p.z < 0 or p.x + p.length > box.length
                    or p.y + p.width > box.width or p.z + p.height > box.height):
                raise ValueError(f"{where}: sticks out of the box")
            for q in placed:
                if (p.x < q.x + q.length and q.x < p.x + p.length
                        and p.y < q.y + q.width and q.y < p.y + p.width
                        and p.z < q.z + q.height and q.z < p.z + p.height):
                    raise ValueError(f"{where}: overlaps item {q.item} copy {q.copy}")
            placed.append(p)
            load += it.weight
        if box.max_weight is not None and load > box.max_weight:
            raise ValueError(f"box {k} ({box.id!r}): load {load} exceeds max_weight "
                             f"{box.max_weight}")
        if pb.load != load and (pb.load or pb.service is not None):
            raise ValueError(f"box {k} ({box.id!r}): says load {pb.load}, its copies weigh "
                             f"{load}")
        if tariffs:
            _check_shipping(k, pb, tariffs)
    for i, c, reason in packing.unpacked:
        where = f"unpacked item {i} copy {c}"
        if not 0 <= i < len(items) or not 0 <= c < items[i].quantity:
            raise ValueError(f"{where}: no such copy in the order")
        if (i, c) in seen:
            raise ValueError(f"{where}: also placed in box {seen[i, c]}")
        seen[i, c] = "unpacked"
        it = items[i]
        holds = [b for b in catalog.boxes if _fits_some_turn(it, b)]
        if reason == "too_large" and holds:
            raise ValueError(f"{where}: said too large, but fits box {holds[0].id!r}")
        if reason == "too_heavy":
            if not holds:
                raise ValueError(f"{where}: said too heavy, but fits no box by size")
            light = [b for b in holds if b.max_weight is None or it.weight <= b.max_weight]
            if light:
                raise ValueError(f"{where}: said too heavy, but box {light[0].id!r} holds it")
        if reason == "unshippable":
            held = [b for b in holds if b.max_weight is None or it.weight <= b.max_weight]
            if not tariffs:
                raise ValueError(f"{where}: said unshippable, but no tariff was given")
            if not held:
                raise ValueError(f"{where}: said unshippable, but no box holds it")
            for b in held:
                if any(_offer(t, b, it.weight + b.empty_weight) for t in tariffs):
                    raise ValueError(f"{where}: said unshippable, but box {b.id!r} holds it "
                                     "and a service takes that box")
        if reason not in ("too_large", "too_heavy", "unshippable"):
            raise ValueError(f"{where}: unknown reason {reason!r}")
    for i, it in enumerate(items):
        for c in range(it.quantity):
            if (i, c) not in seen:
                raise ValueError(f"item {i} copy {c}: neither placed nor listed as unpacked")
