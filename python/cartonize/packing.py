"""Packing one order: Python converts once, the C++ core decides, Python wraps the result."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from . import _core, _grid
from ._typing import Objective, Pairs, Tariffs
from ._layout import NO_RULES, RULES
from ._options import EXACT_MAX_COPIES, NODE_LIMIT, check_effort, check_flag, check_search
from ._tables import column_array, prepare_lines
from .catalog import Catalog, check_catalog
from .model import Box, Item, check_items  # noqa: F401 (Box: doctest)
from .result import Packing
from ._rules import (catalog_stock, categories, check_incompatible, check_support,
                     check_time_limit, core_rules, time_limit_message)
from .tariff import check_objective, check_tariffs


def item_rows(items: Sequence[Item]) -> np.ndarray:
    """The (n, 6) int64 rows the core takes: length, width, height, weight, quantity, mask."""
    if not items:
        return np.empty((0, 6), dtype=np.int64)
    return np.array([it._row for it in items], dtype=np.int64)


def as_item(it: Item) -> Item:
    """A plain Item of what an Item's fields say, read through its properties: a subclass
    that overrides one (a ``stackable`` that is always False, say) is packed as it reads, as
    the reference and verify read it. A plain Item is itself."""
    if type(it) is Item:
        return it
    return Item(it.length, it.width, it.height, weight=it.weight, quantity=it.quantity,
                orientation=it.orientation, id=it.id, group=it.group, category=it.category,
                max_per_box=it.max_per_box, ships_alone=it.ships_alone,
                stackable=it.stackable, max_load=it.max_load if it.stackable else None)


class Order:
    """An order prepared once, for hot paths and repeated packing.

    ``Order(items)`` takes a sequence of :class:`Item`; ``Order.from_arrays(length, width,
    height, weight=None, quantity=None, orientation=None)`` takes numpy arrays (floats snap
    as for Item; ``orientation`` is strings or None for "any") and validates them at once,
    naming the first bad row. ``pack(order, catalog)`` then skips all conversion.

    >>> order = Order.from_arrays([120, 250], [80, 30], [40, 30], weight=[350, 90])
    >>> len(order), order.items[1].length
    (2, 250)
    """

    __slots__ = ("_rows", "_items", "_listed", "_tuples")

    def __init__(self, items: Sequence[Item]):
        self._items = check_items(items)
        self._rows = item_rows(self._items)
        # What pack hands the core: the Items as a list (their rows and rules read from
        # them; a subclass's as it reads); without rules, the row tuples of the fast path.
        self._listed = [as_item(it) for it in self._items]
        self._tuples = (None if any(it.has_rules for it in self._listed) else self._listed)

    @classmethod
    def from_arrays(cls, length, width, height, weight=None, quantity=None,
                    orientation=None) -> "Order":
        cols = {name: column_array(v, name) for name, v in (
            ("length", length), ("width", width), ("height", height), ("weight", weight),
            ("quantity", quantity), ("orientation", orientation))
            if v is not None or name in ("length", "width", "height")}
        n = len(cols["length"])
        for name, v in cols.items():
            if len(v) != n:
                raise ValueError(f"{name} must be a 1-D array of {n} values")
        arrays, errors = prepare_lines(cols, n)
        if errors:
            raise ValueError(str(errors.first()))
        total = int(arrays["quantity"].sum())
        if total > _grid.MAX_COPIES:
            raise ValueError(f"order has {total} item copies; at most {_grid.MAX_COPIES} "
                             "are supported")
        self = cls.__new__(cls)
        self._items = self._listed = None
        self._rows = np.stack([arrays[k] for k in ("length", "width", "height", "weight",
                                                   "quantity")] + [arrays["mask"].astype(np.int64)],
                              axis=1)
        self._tuples = [tuple(r) for r in self._rows.tolist()]
        return self

    @property
    def items(self) -> tuple:
        """The order as Items (built on first use for an order made from arrays)."""
        if self._items is None:
            names = _grid.ORIENTATION_NAMES
            self._items = tuple(Item(l, w, h, weight=wt, quantity=q, orientation=names[m])
                                for l, w, h, wt, q, m in self._rows.tolist())
        return self._items

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"Order({list(self.items)!r})"

    def __eq__(self, other):  # a value, as its Items are (and through pickling)
        return self.items == other.items if isinstance(other, Order) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.items)


def pack(items: "Sequence[Item] | Order", catalog: Catalog, *, tariff: Tariffs = None,
         objective: Objective = "boxes", incompatible: Pairs = None,
         balance_weight: bool = False, min_support: float = 0.0, exact: bool = True,
         node_limit: int = 10_000, exact_max_copies: int = 8,
         time_limit: Optional[float] = None, effort: int = 0) -> Packing:
    """Pack one order into the cheapest box that holds it, or over several boxes.

    ``items`` is a sequence of :class:`Item` or a prepared :class:`Order` (the fast path for
    services: no conversion on the call). Walks the catalogue by ascending cost and returns
    the first box the extreme-point heuristic packs. When no single box holds the order,
    fills the box that takes the most volume of what remains until the rest fits one box,
    then moves each box's contents to the cheapest box that still holds them. Copies that fit
    no box at all are listed in ``Packing.unpacked`` with the reason; the rest is still packed.

    With ``exact`` (the default), a box the heuristic fails on is settled by the lower bounds
    with that box as the only bin (flat copies that pile up past its height, say), then by a
    complete search (orders of at most ``exact_max_copies`` copies, ``node_limit`` search nodes
    per box); where they settle every cheaper box, the box chosen is proven the cheapest: see
    ``Packing.proof`` and ``Packing.lower_bound``. ``exact=False`` takes the heuristic's word
    (only the cheap bounds, every copy fits, volume, weight and stacking, still prove).

    ``tariff``: a :class:`Tariff` or a sequence of them (carrier services). Each box then
    ships by the cheapest service that takes it at its outer size and gross weight, and
    boxes are chosen by landed cost (material + shipping; a box given no cost counts no
    material). ``objective="boxes"`` (default): fewest boxes, then least cost;
    ``objective="cost"``: least landed cost, even with more boxes (a split is then tried
    when two packages could ship for less than the best single box: heuristic, see the
    landed-cost guide);
    it needs a tariff (a ValueError without one).

    Packing rules: the items' ``group``, ``category``, ``max_per_box`` and ``ships_alone``
    (see :class:`Item`), ``incompatible=[("food", "chemical"), ...]`` (copies of two such
    categories never share a box), the boxes' ``stock`` (at most that many of a box in this
    order), and ``balance_weight`` (a split moves copies between its boxes so that the
    heaviest is as light as it can be without more boxes or a costlier set). Ships-alone
    copies are in ``Packing.alone``; copies no box of a group's can hold together are unpacked
    as "group_too_large", copies no box in stock can take as "no_stock".

    Stable placements: with ``min_support`` (0..1) every copy not on the box floor has at
    least that share of its base on the top faces of copies directly below it (touching at
    its z), and nothing rests on an item with ``stackable=False``; no copy carries more than
    its item's ``max_load`` (and, with a load limit, none floats: every copy off the floor
    rests on another); the packer then keeps the box upright (no frames on a side), prefers
    better supported points among equals when ``min_support`` is given, and a fit the exact
    search finds that breaks any of this counts as "unknown".

    ``time_limit`` (seconds, default None: no limit): past it the packing found so far is
    completed quickly (what is left filled into the largest box in stock, then each copy
    still left, with the rest of its kit, in its own cheapest box), and returned with
    ``proof="unknown"`` and a ``Packing.message`` saying so; it still passes :func:`verify`.
    With box-on-demand machines, the searches for cut sizes stop at it too (a box is then cut
    to the best size found by then, or around its copies as placed where none was).
    Ctrl-C stops a long call within milliseconds, the exact search and ``effort`` included
    (KeyboardInterrupt), where Python would: in the main thread, under its own handler.

    ``effort`` (default 0: none): after a split, up to that many moves of an improvement
    search. First a local search: each move packs the copies of two or three of the split's
    boxes anew (the weakest box first) and keeps a set of fewer boxes, or as many at a lower
    cost (the objective's cost). Once that converges (or after 1,000 moves), shakes: three
    to five boxes, the weakest among them, packed anew with their copies' orderings jittered
    (draws from a fixed seed), kept when no worse; the best packing seen is returned.
    Counted in moves, not seconds: the same packing on every run, machine and thread count,
    and more effort never returns more boxes; ``time_limit`` still stops it (the best
    packing found by then, with proof "unknown"). It stops early once the boxes reach
    ``lower_bound``. Every rule holds in what it returns, as in the split; orders that fit
    one box are not touched.

    >>> cat = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150)])
    >>> p = pack([Item(120, 80, 40, quantity=2)], cat)
    >>> p.boxes[0].box.id, len(p.boxes[0].placements)
    ('S', 2)
    """
    # The hot path (a service's call with the defaults): no check that the defaults pass.
    if (tariff is None and incompatible is None and time_limit is None
            and balance_weight is False and type(catalog) is Catalog and catalog._fast
            and objective == "boxes" and type(min_support) in (float, int) and min_support == 0
            and (exact is True or exact is False) and type(node_limit) is int
            and node_limit == NODE_LIMIT and type(exact_max_copies) is int
            and exact_max_copies == EXACT_MAX_COPIES and type(effort) is int and effort == 0):
        # The hot path: nothing to check but the items. Items without rules go as rows;
        # with rules, the core reads those from the Items too.
        rows = ruled = None
        if type(items) is Order:
            rows, ruled = items._tuples, items._listed
        elif type(items) is list:
            rows = ruled = items
            for it in items:
                if type(it) is not Item:
                    rows = ruled = None
                    break
                if rows is not None and it[RULES] != NO_RULES:
                    rows = None
        if rows is not None:
            if not rows:
                return Packing()
            return Packing._from_core(catalog, items, (), _core.pack_rows(
                catalog._core, rows, exact, NODE_LIMIT, EXACT_MAX_COPIES, 0, 0.0))
        if ruled:
            # The order as packed, taken before the core codes the labels (whose __hash__
            # could change the caller's list): the core reads it and the Packing keeps it.
            order = items if type(items) is Order else tuple(ruled)
            return Packing._from_core(catalog, order, (), _core.pack_items(
                catalog._core, ruled if type(items) is Order else order, None, exact,
                NODE_LIMIT, EXACT_MAX_COPIES, 0, None, 0.0, 0.0, 0))
    if type(catalog) is not Catalog:
        check_catalog(catalog)
    exact, node_limit, exact_max_copies = check_search(exact, node_limit, exact_max_copies)
    effort = check_effort(effort)
    if catalog._machines:
        return _pack_on_demand(items, catalog, tariff=tariff, objective=objective,
                               incompatible=incompatible, balance_weight=balance_weight,
                               min_support=min_support, exact=exact, node_limit=node_limit,
                               exact_max_copies=exact_max_copies, time_limit=time_limit,
                               effort=effort)
    if tariff is None and objective == "boxes":
        core, tariffs, goal = catalog._priced(()), (), 0
    else:
        tariffs = check_tariffs(tariff)
        goal = check_objective(objective, tariffs)
        core = catalog._priced(tariffs)
    pairs = check_incompatible(incompatible)
    rules = core_rules(pairs, catalog_stock(catalog),
                       check_flag(balance_weight, "balance_weight"))
    support = check_support(min_support)
    limit = check_time_limit(time_limit)
    said = time_limit_message(limit) if limit else ""
    if type(items) is Order:
        if rules is None and not support and not effort and items._tuples is not None:
            if not items._tuples:
                return Packing()
            return Packing._from_core(catalog, items, tariffs, _core.pack_rows(
                core, items._tuples, exact, node_limit, exact_max_copies, goal,
                limit), said)
        if not len(items._rows):
            return Packing()
        if items._listed is None:  # made from arrays: rows without rules
            return Packing._from_core(catalog, items, tariffs, _core.pack_order(
                core, items._rows, exact, node_limit, exact_max_copies, goal, rules,
                min_support=support, time_limit=limit, effort=effort), said)
        listed = items._listed
    else:
        if isinstance(items, (str, bytes, Item)):
            raise TypeError("items must be a sequence of Item")
        # Each Item is a tuple that starts with the row the core reads.
        listed = items if type(items) is list else None
        if listed is None:
            try:
                listed = list(items)
            except TypeError:
                raise TypeError(f"items must be a sequence of Item, got "
                                f"{type(items).__name__}") from None
            items = listed
        plain = True
        for it in listed:
            if type(it) is not Item:
                # Names the entry that is not an Item; a subclass is packed as it reads.
                items = check_items(listed)
                listed = [as_item(it) for it in items]
                plain = False
                break
            if it[RULES] != NO_RULES:
                plain = False
        if not listed:
            return Packing()
        if rules is None and not support and not effort and plain:
            # The hot path: the core reads the row tuples directly and checks the total.
            return Packing._from_core(catalog, items, tariffs, _core.pack_rows(
                core, listed, exact, node_limit, exact_max_copies, goal, limit),
                said)
    # Every entry is an Item (checked above): the core reads their rows and rules from them
    # (the order taken before, as on the hot path).
    order = items if type(items) is Order else tuple(listed)
    return Packing._from_core(catalog, order, tariffs, _core.pack_items(
        core, listed if type(items) is Order else order, categories(pairs) if pairs else None,
        exact, node_limit, exact_max_copies, goal, rules, min_support=support,
        time_limit=limit, effort=effort), said)


def _pack_on_demand(items, catalog: Catalog, **options) -> Packing:
    """pack with box-on-demand machines (``_on_demand.pack_and_cut``)."""
    from ._on_demand import core_hull, pack_and_cut
    if type(items) is Order:
        return pack_and_cut(pack, items, tuple(items.items), catalog, options, core_hull)
    listed = check_items(items)  # a tuple: a generator is read once, here
    return pack_and_cut(pack, listed, listed, catalog, options, core_hull)
