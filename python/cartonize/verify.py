"""An independent checker of packings. It shares no code with the packers it checks."""

from __future__ import annotations

import math
from itertools import permutations
from typing import Iterable, Sequence

from ._typing import HasItems, Pairs, Tariffs
from .catalog import Catalog
from .model import Item
from .result import Packing
from .tariff import MICRO, service_names


def allowed_turns(item: Item) -> set:
    """Every (l, w, h) extent along (x, y, z) the item's orientation rule permits."""
    dims = (item.length, item.width, item.height)
    if item.orientation == "fixed":
        return {dims}
    if item.orientation == "upright":
        return {dims, (item.width, item.length, item.height)}
    return set(permutations(dims))


def _bag_hold(bag, block) -> int:
    """The most content volume the bag takes with its contents spanning `block` (l, w, h):
    over the thicknesses t it can be filled at (h <= t, l + t <= length, w + t <= width,
    t <= its thickness), its inner volume (length - t)(width - t)t under its max_fill; -1
    when there is no such t."""
    l, w, h = block
    up = min(bag.thickness, bag.length - l, bag.width - w)
    if h > up:
        return -1
    # (length - t)(width - t)t rises, then falls: its most over h..up is at an end or next to
    # where its derivative vanishes.
    a, b = bag.length, bag.width
    root = ((a + b) - math.sqrt(a * a - a * b + b * b)) / 3.0
    ts = {h, up} | {min(max(int(r), h), up) for r in (math.floor(root) - 1, math.floor(root),
                                                      math.ceil(root), math.ceil(root) + 1)}
    return max(_hold(bag.capacity(t), bag.max_fill) for t in ts)


def _hold(volume: int, max_fill) -> int:
    """What a space of `volume` takes under a fill limit (None: all of it): the limit is
    counted in whole parts per million, rounded down (past a float's last digit), and so is
    what it takes of the volume."""
    ppm = math.floor(max_fill * 1e6 + 1e-6) if max_fill is not None else 0
    return volume if max_fill is None else volume * ppm // 1_000_000


def _bag_turns(item: Item, bag) -> list:
    """The turns of the item a bag holds it in alone: l + h <= length, w + h <= width and h
    at most its thickness, within its fill limit at some such thickness."""
    volume = item.length * item.width * item.height
    return [(l, w, h) for l, w, h in allowed_turns(item) if _bag_hold(bag, (l, w, h)) >= volume]


def _fits_some_turn(item: Item, box) -> bool:
    if box.kind == "bag":
        return bool(_bag_turns(item, box))
    if item.length * item.width * item.height > _hold(box.volume, box.max_fill):
        return False
    return any(l <= box.length and w <= box.width and h <= box.height
               for l, w, h in allowed_turns(item))


def _check_fill(k: int, pb, contents: int) -> None:
    """The contents' volume is within the box's max_fill share of its inner volume (a bag's:
    at the thickness it is filled to that holds the most)."""
    box = pb.box
    if box.max_fill is None:
        return
    if box.kind == "bag":
        block = tuple(max(getattr(p, a) + getattr(p, s) for p in pb.placements)
                      for a, s in (("x", "length"), ("y", "width"), ("z", "height")))
        hold, inner = _bag_hold(box, block), f"its inner volume at the best thickness for " \
            f"the block {block[0]} x {block[1]} x {block[2]}"
    else:
        hold, inner = _hold(box.volume, box.max_fill), f"{box.volume} mm3 inside"
    if contents > hold:
        raise ValueError(f"box {k} ({box.id!r}): contents {contents} mm3 exceed max_fill "
                         f"{box.max_fill:g} of {inner} (at most {hold} mm3)")


def _check_bag(k: int, pb) -> None:
    """A bag holds the block its copies span: l + h <= length, w + h <= width, h <= its
    thickness (max_height)."""
    bag = pb.box
    l = max(p.x + p.length for p in pb.placements)
    w = max(p.y + p.width for p in pb.placements)
    h = max(p.z + p.height for p in pb.placements)
    where = f"box {k} (bag {bag.id!r}, filled to {l} x {w} x {h})"
    if l + h > bag.length:
        raise ValueError(f"{where}: l + h = {l + h} > {bag.length}, its length")
    if w + h > bag.width:
        raise ValueError(f"{where}: w + h = {w + h} > {bag.width}, its width")
    if h > bag.thickness:
        raise ValueError(f"{where}: h = {h} > {bag.thickness}, its greatest thickness")


def _price_u(tariff, billable: int):
    """The service's price of `billable` grams in micro-units (None: above its brackets),
    written again here from the rate card's definition."""
    per = round(tariff.per_parcel * MICRO)
    if tariff.brackets:
        for up, price in tariff.brackets:
            if billable <= up:
                return per + round(price * MICRO)
        return None
    steps = max(0, -(-(billable - tariff.first_weight) // tariff.step_weight))
    return per + round(tariff.first_price * MICRO) + steps * round(tariff.step_price * MICRO)


def _offer(tariff, outer, gross: int):
    """(price in micro-units, billable g) of shipping a package of these outer sides at
    `gross` by `tariff`, or None when the service does not take it."""
    a, b, c = sorted(outer)
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
    names = service_names(tariffs)
    where = f"box {k} ({pb.box.id!r})"
    offers = [(_offer(t, pb.outer, pb.gross_weight), i) for i, t in enumerate(tariffs)]
    offers = [(o, i) for o, i in offers if o is not None]
    if not offers:
        raise ValueError(f"{where}: no service takes it at {pb.gross_weight} g gross")
    if pb.service not in names:
        raise ValueError(f"{where}: ships by {pb.service!r}, which is not a service given")
    mine = min((o for o, i in offers if names[i] == pb.service), default=None)
    if mine is None:
        raise ValueError(f"{where}: service {pb.service!r} does not take it (outer "
                         f"{pb.outer}, {pb.gross_weight} g gross)")
    cheapest = min(o[0] for o, _ in offers)
    if mine[0] != cheapest:
        raise ValueError(f"{where}: ships by {pb.service!r} at {mine[0] / 1e6}, but a service "
                         f"takes it at {cheapest / 1e6}")
    if round(pb.shipping * MICRO) != mine[0] or pb.billable_weight != mine[1]:
        raise ValueError(f"{where}: shipping {pb.shipping} for {pb.billable_weight} g "
                         f"billable, the rate card says {mine[0] / 1e6} for {mine[1]} g")


def _check_rules(packing: Packing, items: tuple, catalog: Catalog, pairs) -> None:
    """Packing rules: groups whole in one box (a member that ships alone aside), no
    incompatible categories together, no line over its max_per_box in a box, ships-alone
    copies in no box, box stock kept."""
    group_box = {}
    for k, pb in enumerate(packing.boxes):
        lines, cats = {}, set()
        for p in pb.placements:
            it = items[p.item]
            where = f"box {k} ({pb.box.id!r}), item {p.item} copy {p.copy}"
            if it.ships_alone:
                raise ValueError(f"{where}: ships alone, but is in a box (rule ships_alone)")
            if it.group is not None:
                if group_box.setdefault(it.group, k) != k:
                    raise ValueError(f"{where}: group {it.group!r} is split over boxes "
                                     f"{group_box[it.group]} and {k} (rule group)")
            lines[p.item] = lines.get(p.item, 0) + 1
            if it.max_per_box is not None and lines[p.item] > it.max_per_box:
                raise ValueError(f"box {k} ({pb.box.id!r}): item {p.item} has "
                                 f"{lines[p.item]} copies, max_per_box is {it.max_per_box} "
                                 "(rule max_per_box)")
            if it.category is not None:
                cats.add(it.category)
        for a, b in pairs:
            if a in cats and b in cats:
                raise ValueError(f"box {k} ({pb.box.id!r}): holds {a!r} and {b!r}, which are "
                                 "incompatible (rule incompatible)")
    # Every member of a group placed somewhere is in its group's box (labels matched as
    # dict keys, as the packers code them: never compared with == across types).
    in_box = {}
    for i, it in enumerate(items):
        k = None if it.group is None or it.ships_alone else group_box.get(it.group)
        if k is None:
            continue
        if k not in in_box:
            in_box[k] = {(p.item, p.copy) for p in packing.boxes[k].placements}
        for c in range(it.quantity):
            if (i, c) not in in_box[k]:
                raise ValueError(f"group {it.group!r}: item {i} copy {c} is not in box {k} "
                                 "with the rest of the group (rule group)")
    used = {}
    for pb in packing.boxes:
        used[pb.box.id] = used.get(pb.box.id, 0) + 1
    for box in catalog.boxes:
        if box.stock is not None and used.get(box.id, 0) > box.stock:
            raise ValueError(f"box {box.id!r} is used {used[box.id]} times, its stock is "
                             f"{box.stock} (rule stock)")
    for i, c in packing.alone:
        if not 0 <= i < len(items) or not 0 <= c < items[i].quantity:
            raise ValueError(f"alone item {i} copy {c}: no such copy in the order")
        if not items[i].ships_alone:
            raise ValueError(f"item {i} copy {c}: listed as shipping alone, but the item does "
                             "not (rule ships_alone)")


def _check_support(packing: Packing, items: tuple, min_support: float) -> None:
    """Every copy off the floor rests on at least min_support of its base; nothing rests on
    a copy that is not stackable."""
    for k, pb in enumerate(packing.boxes):
        for p in pb.placements:
            if p.z == 0:
                continue
            area = 0
            for q in pb.placements:
                if q.z + q.height != p.z:
                    continue
                dx = min(p.x + p.length, q.x + q.length) - max(p.x, q.x)
                dy = min(p.y + p.width, q.y + q.width) - max(p.y, q.y)
                if dx <= 0 or dy <= 0:
                    continue
                area += dx * dy
                if not items[q.item].stackable:
                    raise ValueError(f"box {k} ({pb.box.id!r}), item {p.item} copy {p.copy}: "
                                     f"rests on item {q.item} copy {q.copy}, which is not "
                                     "stackable")
            share = area / (p.length * p.width)
            if area < min_support * (p.length * p.width):
                raise ValueError(f"box {k} ({pb.box.id!r}), item {p.item} copy {p.copy}: "
                                 f"{share:.1%} of its base is supported, min_support is "
                                 f"{min_support:.1%}")


def _check_loads(packing: Packing, items: tuple) -> None:
    """No copy carries more than its item's max_load: each copy's weight and what it carries
    pass down to the copies whose top faces its base touches, in proportion to the area of
    contact, counted exactly (fractions; the core's rounding room of 1e-9 of the limit and a
    nanogram allowed). In a box holding a copy that is not stackable or whose limit the
    order's other copies could pass, every copy off the floor rests on some copy (one that
    touched nothing would settle onto what lies below it)."""
    total = sum(it.weight * it.quantity for it in items)
    binding = [not it.stackable or (it.max_load is not None and it.max_load < total - it.weight)
               for it in items]
    if not any(binding):
        return
    from fractions import Fraction

    from .result import carried_exact
    for k, pb in enumerate(packing.boxes):
        ps = pb.placements
        if not any(binding[p.item] for p in ps):
            continue
        for p in ps:
            if p.z > 0 and not any(
                    q.z + q.height == p.z
                    and min(p.x + p.length, q.x + q.length) > max(p.x, q.x)
                    and min(p.y + p.width, q.y + q.width) > max(p.y, q.y) for q in ps):
                raise ValueError(f"box {k} ({pb.box.id!r}), item {p.item} copy {p.copy}: "
                                 f"rests on nothing below it (at z = {p.z}); with a load "
                                 "limit or a copy that is not stackable in the box every copy "
                                 "off the floor rests on another")
        carried = carried_exact(ps, [items[p.item].weight for p in ps])
        for j, q in enumerate(ps):
            limit = items[q.item].max_load
            if limit is None or not items[q.item].stackable:
                continue
            if carried[j] > limit + Fraction(limit + 1, 10**9):
                raise ValueError(f"box {k} ({pb.box.id!r}), item {q.item} copy {q.copy}: "
                                 f"carries {float(carried[j]):.12g} above it, over its "
                                 f"max_load {limit}")


def verify(packing: Packing, items: Sequence[Item] | HasItems, catalog: Catalog, *,
           tariff: Tariffs = None, incompatible: Pairs = None,
           min_support: float = 0.0) -> None:
    """Check that `packing` is a valid packing of `items` (Items, or the Order packed) with
    boxes of `catalog`.

    Every box is a catalogue box; every placement lies inside its box, in a turn its item
    allows, and overlaps no other; each box's load is within its max_weight; every copy of
    every item is placed or listed as unpacked exactly once, and an unpacked copy really fits
    no box. With ``tariff`` (a Tariff or a sequence of them), each box ships by a service that
    takes its outer size and gross weight, the cheapest that does, at the rate card's price;
    a copy said "unshippable" fits a box no service takes. Packing rules are checked too (the
    items' group, category with ``incompatible``, max_per_box, ships_alone, and the boxes'
    stock), naming the rule violated. Raises ValueError naming the first violation; returns
    None when all holds. Stable placements: every copy off the floor has at least
    ``min_support`` of its base on top faces directly below, and nothing rests on an item that
    is not stackable (named with the share found). Load bearing: no copy carries more than its
    item's ``max_load`` (named with the load found), counted as ``Item`` says.
    """
    from ._rules import check_incompatible, check_support
    if not isinstance(packing, Packing):
        raise TypeError(f"packing must be a Packing (what pack returns), got "
                        f"{type(packing).__name__}")
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
    # An Order gives its Items (the checker imports nothing of the packer's)
    given = items.items if isinstance(getattr(items, "items", None), tuple) else items
    items = tuple(given) if isinstance(given, Iterable) else None
    if items is None or not all(isinstance(i, Item) for i in items):
        bad = type(given).__name__ if items is None else next(
            type(i).__name__ for i in items if not isinstance(i, Item))
        raise TypeError(f"items must be the order's Items (or an Order), got {bad}")
    for k, pb in enumerate(packing.boxes):  # every placement's item first: the rules read it
        for p in pb.placements:
            if not 0 <= p.item < len(items):
                raise ValueError(f"box {k} ({pb.box.id!r}), item {p.item} copy {p.copy}: no "
                                 f"such item in the order (it has {len(items)})")
    _check_rules(packing, items, catalog, check_incompatible(incompatible))
    tariffs = () if tariff is None else (
        (tariff,) if not isinstance(tariff, (list, tuple)) else tuple(tariff))
    seen = {}
    for k, pb in enumerate(packing.boxes):
        box = pb.box
        if box not in catalog.boxes and not any(m.makes(box) for m in catalog.on_demand):
            raise ValueError(f"box {k}: {box.id!r} is not a box of the catalog"
                             + (" nor one its machines make" if catalog.on_demand else ""))
        load = 0
        placed = []
        for p in pb.placements:
            where = f"box {k} ({box.id!r}), item {p.item} copy {p.copy}"
            it = items[p.item]  # in range: checked above, before the rules
            if not 0 <= p.copy < it.quantity:
                raise ValueError(f"{where}: the item has only {it.quantity} copies")
            if (p.item, p.copy) in seen:
                raise ValueError(f"{where}: placed twice (also in box {seen[p.item, p.copy]})")
            seen[p.item, p.copy] = k
            if (p.length, p.width, p.height) not in allowed_turns(it):
                raise ValueError(f"{where}: extent {(p.length, p.width, p.height)} is not an "
                                 f"allowed turn of {(it.length, it.width, it.height)} "
                                 f"({it.orientation})")
            if p.x < 0 or p.y < 0 or p.z < 0 or box.kind == "box" and (
                    p.x + p.length > box.length or p.y + p.width > box.width
                    or p.z + p.height > box.height):
                raise ValueError(f"{where}: sticks out of the box")
            for q in placed:
                if (p.x < q.x + q.length and q.x < p.x + p.length
                        and p.y < q.y + q.width and q.y < p.y + p.width
                        and p.z < q.z + q.height and q.z < p.z + p.height):
                    raise ValueError(f"{where}: overlaps item {q.item} copy {q.copy}")
            placed.append(p)
            load += it.weight
        if box.kind == "bag" and placed:
            _check_bag(k, pb)
        _check_fill(k, pb, sum(p.length * p.width * p.height for p in placed))
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
        holds = [b for b in catalog.boxes + tuple(m.largest for m in catalog.on_demand)
                 if _fits_some_turn(it, b)]
        if reason == "too_large" and holds:
            raise ValueError(f"{where}: said too large, but fits box {holds[0].id!r}")
        if reason == "too_heavy":
            if not holds:
                raise ValueError(f"{where}: said too heavy, but fits no box by size")
            light = [b for b in holds if b.max_weight is None or it.weight <= b.max_weight]
            if light:
                raise ValueError(f"{where}: said too heavy, but box {light[0].id!r} holds it")
        if reason == "unshippable" and it.ships_alone:
            own = (it.length, it.width, it.height)
            if not tariffs:
                raise ValueError(f"{where}: said unshippable, but no tariff was given")
            if any(_offer(t, own, it.weight) for t in tariffs):
                raise ValueError(f"{where}: said unshippable, but a service takes it in its "
                                 "own packaging")
        elif reason == "unshippable":
            held = [b for b in holds if b.max_weight is None or it.weight <= b.max_weight]
            if not tariffs:
                raise ValueError(f"{where}: said unshippable, but no tariff was given")
            if not held:
                raise ValueError(f"{where}: said unshippable, but no box holds it")
            for b in held:
                # A bag holding the copy alone ships at the copy's turn plus its wall.
                outers = ([b.outer] if b.kind == "box" else
                          [b.outer_of(turn) for turn in _bag_turns(it, b)])
                if any(_offer(t, o, it.weight + b.empty_weight) for t in tariffs
                       for o in outers):
                    raise ValueError(f"{where}: said unshippable, but box {b.id!r} holds it "
                                     "and a service takes that box")
        if reason == "group_too_large" and it.group is None:
            raise ValueError(f"{where}: said group_too_large, but the item is in no group")
        if reason == "no_stock":
            if not [b for b in holds if b.max_weight is None or it.weight <= b.max_weight]:
                raise ValueError(f"{where}: said no_stock, but no box holds it at all")
            if all(b.stock is None for b in catalog.boxes):
                raise ValueError(f"{where}: said no_stock, but no box has a stock")
        if reason not in ("too_large", "too_heavy", "unshippable", "group_too_large",
                          "no_stock"):
            raise ValueError(f"{where}: unknown reason {reason!r}")
    _check_support(packing, items, check_support(min_support))
    _check_loads(packing, items)
    for i, c in packing.alone:
        if (i, c) in seen:
            raise ValueError(f"item {i} copy {c}: ships alone, but is also {seen[i, c]!r}")
        seen[i, c] = "alone"
    for i, it in enumerate(items):
        for c in range(it.quantity):
            if (i, c) not in seen:
                raise ValueError(f"item {i} copy {c}: neither placed, shipped alone nor listed "
                                 "as unpacked")
