"""Item's constructor: the C fast path (whole numbers, no rules) builds exactly what the
Python constructor builds, and hands everything else to it; items are immutable, hashable
and pickle; placement_array holds what boxes hold."""

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartonize import Box, Catalog, Item, Order, Packing, pack
from cartonize.model import _item_new_python

MAX = 1_000_000
common = st.fixed_dictionaries(
    {"length": st.integers(1, MAX), "width": st.integers(1, MAX), "height": st.integers(1, MAX)},
    optional={"weight": st.integers(0, 10**12), "quantity": st.integers(0, 1_000_000),
              "orientation": st.sampled_from(["any", "upright", "fixed"]),
              "id": st.one_of(st.none(), st.integers(), st.text(max_size=3))})


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(common, st.booleans())
def test_fast_path_equals_the_python_constructor(kwargs, positional):
    if positional:
        args = [kwargs.pop(k) for k in ("length", "width", "height")]
        fast = Item(*args, **kwargs)
        slow = _item_new_python(Item, *args, **kwargs)
    else:
        fast, slow = Item(**kwargs), _item_new_python(Item, **kwargs)
    assert type(fast) is Item and fast == slow and tuple(fast) == tuple(slow)
    assert hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert fast.volume == fast.length * fast.width * fast.height
    assert pickle.loads(pickle.dumps(fast)) == fast


@pytest.mark.parametrize("args,kwargs,error,words", [
    ((0, 1, 1), {}, ValueError, "length = 0 must be positive"),
    ((1, 1, MAX + 1), {}, ValueError, "height = 1000001 exceeds"),
    ((1, 1, 1), {"weight": -1}, ValueError, "weight = -1 must not be negative"),
    ((1, 1, 1), {"quantity": 2.5}, TypeError, "quantity must be a whole number"),
    ((True, 1, 1), {}, TypeError, "length must be a number"),
    ((1, 1, 1), {"orientation": "sideways"}, ValueError, "'sideways' is unknown"),
    ((1, 1, 1), {"orientation": 3}, TypeError, "orientation must be one of"),
    ((1, 1, 1), {"colour": "red"}, TypeError, "unexpected keyword argument 'colour'"),
    ((1, 1, 1), {"length": 2}, TypeError, "multiple values for argument 'length'"),
    ((1, 1), {}, TypeError, "missing 1 required positional argument"),
])
def test_bad_items_are_named_by_the_python_constructor(args, kwargs, error, words):
    with pytest.raises(error, match=words):
        Item(*args, **kwargs)


def test_subclasses_and_explicit_new_build_the_same_items():
    # Item(...) goes straight to the C constructor; a subclass is called the usual way
    # (through Item.__new__) and still gets its own type, for both paths.
    class Labelled(Item):
        __slots__ = ()

    for args, kwargs in (((1, 2, 3), {"weight": 4}), ((1.5, 2, 3), {"group": "kit"})):
        base, sub = Item(*args, **kwargs), Labelled(*args, **kwargs)
        assert type(base) is Item and type(sub) is Labelled
        assert tuple(sub) == tuple(base) == tuple(Item.__new__(Item, *args, **kwargs))
        assert tuple(Item.__new__(Labelled, *args, **kwargs)) == tuple(base)
    with pytest.raises(TypeError):
        Item.__new__(int, 1, 2, 3)  # not an Item: refused as tuple.__new__ refuses it


def test_items_with_floats_or_rules_take_the_checked_path():
    it = Item(10.2, 5, 5, weight=1.5, group="kit", stackable=False)
    assert (it.length, it.weight, it.group, it.stackable) == (11, 2, "kit", False)
    assert it.has_rules and not Item(1, 2, 3).has_rules
    assert Item(1, 2, 3, group="  ") == Item(1, 2, 3)  # a blank label is no label


def test_items_are_immutable_and_not_equal_to_plain_tuples():
    it = Item(1, 2, 3)
    with pytest.raises(AttributeError):
        it.length = 5
    assert it != tuple(it) and len({it, Item(1, 2, 3)}) == 1


def test_placement_array_holds_what_boxes_hold():
    cat = Catalog([Box("S", 100, 100, 100)])
    items = [Item(60, 60, 60, quantity=3), Item(30, 30, 30, quantity=4)]
    for p in (pack(items, cat), pack(Order(items), cat)):
        want = [(k, *pl) for k, b in enumerate(p.boxes) for pl in b.placements]
        fresh = pack(items, cat)  # placements not yet built as objects
        assert fresh.placement_array.tolist() == [list(r) for r in want]
        assert Packing(p.boxes).placement_array.tolist() == [list(r) for r in want]
    assert Packing().placement_array.shape == (0, 9)
    # One box, several, none (an order of nothing, or of a copy no box holds): each row's box
    # counted from the core's running ends, as the objects say.
    for order in ([Item(60, 60, 60)], [Item(60, 60, 60, quantity=9)], [],
                  [Item(500, 5, 5), Item(60, 60, 60, quantity=2)]):
        want = [[k, *pl] for k, b in enumerate(pack(order, cat).boxes) for pl in b.placements]
        assert pack(order, cat).placement_array.tolist() == want
