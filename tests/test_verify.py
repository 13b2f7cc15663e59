"""The checker catches each kind of invalid packing."""

import pytest

from cartonize import Box, Catalog, Item, PackedBox, Packing, Placement, pack, verify

CAT = Catalog([Box("S", 10, 10, 10, max_weight=100), Box("L", 30, 30, 30)])
ITEMS = [Item(5, 5, 5, weight=30, quantity=2), Item(10, 4, 2, orientation="upright")]


def good():
    p = pack(ITEMS, CAT)
    verify(p, ITEMS, CAT)
    return p


def with_placements(p, placements, box=None):
    pb = PackedBox(box or p.boxes[0].box, tuple(placements))
    return Packing((pb,) + p.boxes[1:], p.unpacked)


def test_valid_packing_passes():
    good()


def test_an_order_is_verified_as_its_items_are():
    # Found by a review: pack takes an Order, verify refused it ('Order' is not iterable).
    from cartonize import Order
    order = Order(ITEMS)
    p = pack(order, CAT)
    verify(p, order, CAT)
    pl = list(p.boxes[0].placements)
    pl[1] = pl[1]._replace(x=pl[0].x, y=pl[0].y, z=pl[0].z)
    with pytest.raises(ValueError, match="overlaps"):
        verify(with_placements(p, pl), order, CAT)


@pytest.mark.parametrize("args, words", [
    (("x", ITEMS, CAT), "packing must be a Packing"),
    ((None, ITEMS, CAT), "packing must be a Packing"),
    (("packing", ITEMS, [Box("S", 10, 10, 10)]), "catalog must be a Catalog"),
    (("packing", [(5, 5, 5)], CAT), "items must be the order's Items"),
])
def test_what_is_not_a_packing_is_refused_by_its_name(args, words):
    # Found by a warehouse engineer's trial: verify("x", items, catalog) raised
    # AttributeError: 'str' object has no attribute 'boxes'.
    args = tuple(good() if a == "packing" else a for a in args)
    with pytest.raises(TypeError, match=words):
        verify(*args)


def test_overlap_is_caught():
    p = good()
    pl = list(p.boxes[0].placements)
    pl[1] = pl[1]._replace(x=pl[0].x, y=pl[0].y, z=pl[0].z)
    with pytest.raises(ValueError, match="overlaps"):
        verify(with_placements(p, pl), ITEMS, CAT)


def test_sticking_out_is_caught():
    p = good()
    pl = list(p.boxes[0].placements)
    pl[0] = pl[0]._replace(x=8)
    with pytest.raises(ValueError, match="sticks out"):
        verify(with_placements(p, pl), ITEMS, CAT)


def test_forbidden_turn_is_caught():
    p = good()
    pl = list(p.boxes[0].placements)
    k = next(i for i, q in enumerate(pl) if q.item == 1)
    # The upright item laid on its side.
    pl[k] = pl[k]._replace(length=10, width=2, height=4)
    with pytest.raises(ValueError, match="allowed turn"):
        verify(with_placements(p, pl), ITEMS, CAT)


def test_wrong_extent_is_caught():
    p = good()
    pl = list(p.boxes[0].placements)
    pl[0] = pl[0]._replace(length=4)
    with pytest.raises(ValueError, match="allowed turn"):
        verify(with_placements(p, pl), ITEMS, CAT)


def test_overweight_is_caught():
    items = [Item(5, 5, 5, weight=60, quantity=2)]
    pl = [Placement(0, 0, 0, 0, 0, 5, 5, 5), Placement(0, 1, 5, 0, 0, 5, 5, 5)]
    p = Packing((PackedBox(CAT[0], tuple(pl)),))
    with pytest.raises(ValueError, match="exceeds max_weight"):
        verify(p, items, CAT)


def test_missing_and_duplicate_copies_are_caught():
    p = good()
    pl = list(p.boxes[0].placements)
    with pytest.raises(ValueError, match="neither placed"):
        verify(with_placements(p, pl[:-1]), ITEMS, CAT)
    with pytest.raises(ValueError, match="placed twice"):
        verify(with_placements(p, pl + [pl[0]._replace(z=5)]), ITEMS, CAT)


def test_foreign_box_is_caught():
    p = good()
    with pytest.raises(ValueError, match="not a box of the catalog"):
        verify(with_placements(p, p.boxes[0].placements, Box("X", 30, 30, 30)), ITEMS, CAT)


def test_false_unpacked_reason_is_caught():
    items = [Item(5, 5, 5)]
    with pytest.raises(ValueError, match="said too large"):
        verify(Packing((), ((0, 0, "too_large"),)), items, CAT)
