"""With the exact search off, the C++ core and the plain-Python reference give the same
packing, placement for placement (and the same proof and lower bound); every packing either
produces passes the independent checker. With the search on, tests/test_exact.py holds the
core to a brute-force oracle instead."""

import pytest
from hypothesis import HealthCheck, given, settings

from cartonize import Bag, Box, Catalog, Item, Order, pack, reference, verify

from strategies import catalogs, items

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(items(), catalogs())
def test_core_equals_reference_on_generated_orders(order, catalog):
    fast = pack(order, catalog, exact=False)
    slow = reference.pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    verify(slow, order, catalog)
    assert fast == slow


@SETTINGS
@given(items(max_lines=8, max_side=40), catalogs(max_boxes=5, max_side=45))
def test_core_equals_reference_when_orders_must_split(order, catalog):
    # Big items in few small boxes: most of these orders need several boxes.
    fast = pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact=False)


@SETTINGS
@given(items(max_lines=6), items(max_lines=6), catalogs(max_boxes=6))
def test_order_path_equals_list_path_with_another_order_in_between(order, other, catalog):
    # The per-thread workspace is reused across calls: packing another order in between must
    # leave nothing behind, and the prepared Order path must equal the list-of-Item path.
    first = pack(Order(order), catalog)
    pack(other, catalog)
    pack(Order(other), catalog)
    assert pack(order, catalog) == first
    assert reference.pack(order, catalog, exact=False) == pack(Order(order), catalog, exact=False)


# Orders of more than 400 copies (attempts.hpp's kManyCopies) fill each box of a split with two
# attempts, Volume / Corner and Area / RowFit, and Hypothesis draws no order that large. The
# core once skipped Area / RowFit whenever the Area ordering equalled the Volume one (always,
# for copies of one item), taking it for a repeat of an attempt the list does not hold: it
# then used 12 boxes where the reference uses 11 (the first case), and filled the boxes
# and the bag of the second otherwise.
@pytest.mark.parametrize("items, catalog, n_boxes", [
    ([Item(72, 49, 63, quantity=411)], Catalog([Box("B", 164, 293, 233, cost=1.0)]), 11),
    ([Item(40, 29, 45, quantity=401)],
     Catalog([Box("B", 162, 168, 287, cost=1.0), Bag("G", 274, 293, max_height=77, cost=0.3)]),
     4),
])
def test_core_equals_reference_on_orders_of_many_copies(items, catalog, n_boxes):
    fast = pack(items, catalog, exact=False)
    verify(fast, items, catalog)
    assert len(fast.boxes) == n_boxes
    assert fast == reference.pack(items, catalog, exact=False)
