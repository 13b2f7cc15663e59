"""With the exact search off, the C++ core and the plain-Python reference give the same
packing, placement for placement (and the same proof and lower bound); every packing either
produces passes the independent checker. With the search on, tests/test_exact.py holds the
core to a brute-force oracle instead."""

from hypothesis import HealthCheck, given, settings

from cartonize import Order, pack, reference, verify

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
