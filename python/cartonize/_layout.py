"""Where each field sits in what crosses the boundary with the core: an Item's tuple, a
carrier service, the result of packing one order, a placement row. The core names each layout
once (csrc/bindings/layouts.hpp) and exports the names; Python reads the positions from there
instead of repeating numbers."""

from __future__ import annotations

from operator import itemgetter

from . import _core

ITEM_FIELDS = tuple(_core.ITEM_FIELDS)
ITEM = {name: k for k, name in enumerate(ITEM_FIELDS)}
SERVICE_FIELDS = tuple(_core.SERVICE_FIELDS)
ORDER_RESULT_FIELDS = tuple(_core.ORDER_RESULT_FIELDS)
PLACEMENT_FIELDS = tuple(_core.PLACEMENT_FIELDS)
BATCH_PLACEMENT = {name: k for k, name in enumerate(_core.BATCH_PLACEMENT_FIELDS)}

# An Item's rule fields sit side by side: whether an item has any rule is one slice compared
# with the defaults (the hot path of pack checks it per item).
RULE_FIELDS = ("group", "category", "max_per_box", "ships_alone", "stackable", "max_load")
RULES = slice(ITEM[RULE_FIELDS[0]], ITEM[RULE_FIELDS[-1]] + 1)
assert ITEM_FIELDS[RULES] == RULE_FIELDS, "the rule fields must be adjacent, in this order"
NO_RULES = (None, None, None, False, True, None)


def item_tuple(**fields) -> tuple:
    """An Item's fields in the core's order."""
    return tuple(fields[name] for name in ITEM_FIELDS)


def order_result(names):
    """A getter of the named fields of the core's result of one order, in that order."""
    return itemgetter(*(ORDER_RESULT_FIELDS.index(n) for n in names))
