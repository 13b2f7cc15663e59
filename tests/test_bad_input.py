"""Bad input raises a clear ValueError/TypeError naming what is wrong, never a crash."""

import math
import pickle
import re

import numpy as np
import pytest

from cartonize import Box, Catalog, Item, pack, verify

CAT = Catalog([Box("S", 20, 20, 20)])


@pytest.mark.parametrize("field", ["length", "width", "height"])
@pytest.mark.parametrize("value, error, words", [
    (-1, ValueError, "must be positive"),
    (0, ValueError, "must be positive"),
    (math.nan, ValueError, "finite"),
    (math.inf, ValueError, "finite"),
    ("12", TypeError, "must be a number"),
    (None, TypeError, "must be a number"),
    (True, TypeError, "must be a number"),
    (10**7, ValueError, "exceeds"),
    (1e20, ValueError, "too large"),
])
def test_bad_item_length_names_the_field(field, value, error, words):
    kwargs = dict(length=5, width=5, height=5, id="mug")
    kwargs[field] = value
    with pytest.raises(error, match=words) as e:
        Item(**kwargs)
    assert field in str(e.value) and "'mug'" in str(e.value)


def test_a_bad_side_or_weight_is_said_as_written():
    # A CSV's -260 is read as -260.0: the message said "width = -260.0 must be positive (at
    # least 1 after snapping)"; a side under 1 is rounded down to none, said so.
    with pytest.raises(ValueError, match=r"^box 'B': width = -260 must be positive$"):
        Box("B", 100, -260.0, 10)
    with pytest.raises(ValueError, match=r"^box 'B': width = 0.4 rounds down to 0: it must be "
                                         r"at least 1$"):
        Box("B", 100, 0.4, 10)
    with pytest.raises(ValueError, match=r"^box 'B': width = -2.5 must be positive$"):
        Box("B", 100, -2.5, 10)
    # Weights alike.
    with pytest.raises(ValueError, match=r"^item: weight = -3 must not be negative$"):
        Item(10, 10, 10, weight=-3.0)
    with pytest.raises(ValueError, match=r"^box 'B': max_weight = -2 must not be negative$"):
        Box("B", 10, 10, 10, max_weight=-2.0)


def test_a_weight_just_below_zero_is_refused_and_not_read_as_zero():
    # Found by a hunt: weights were rounded up before their sign was read, so -0.9 g passed
    # as 0 g (Item, a box's own weight, pack_many's rows, a parcel's weight and value), where
    # max_load = -0.9 was refused. Any weight below 0 is refused, as max_load is.
    import pandas as pd
    from cartonize import Bag, ConsolidationPolicy, Tariff, consolidate, datasets, pack_many
    for make, said in ((lambda: Item(10, 10, 10, weight=-0.9), "item: weight = -0.9"),
                       (lambda: Box("B", 10, 10, 10, empty_weight=-0.5),
                        "box 'B': empty_weight = -0.5"),
                       (lambda: Bag("m", 300, 200, empty_weight=-0.5),
                        "bag 'm': empty_weight = -0.5")):
        with pytest.raises(ValueError, match=f"^{re.escape(said)} must not be negative$"):
            make()
    assert Item(10, 10, 10, weight=-0.0).weight == 0
    lines = pd.DataFrame({"order_id": [1, 2, 3], "length": [10] * 3, "width": [10] * 3,
                          "height": [10] * 3, "weight": [-0.9, -0.0, -1e-9]})
    got = pack_many(lines, Catalog([Box("S", 20, 20, 20)]))
    assert list(got["status"]) == ["error", "packed", "error"]
    assert got["message"][0] == "row 0: weight = -0.9 must not be negative"
    parcels = pd.DataFrame(datasets.cross_border_parcels(6, seed=1)).astype(
        {"weight": float, "value": float})
    for column in ("weight", "value"):
        bad = parcels.copy()
        bad.loc[3, column] = -0.5
        with pytest.raises(ValueError, match=f"row 3: {column} = -0.5 must not be negative"):
            consolidate(bad, datasets.consolidation_catalog(), Tariff(first_price=3.0),
                        ConsolidationPolicy())


def test_durations_and_dates_are_not_numbers():
    # Found by a hunt: a column of durations in nanoseconds (numpy's, Arrow's) was packed as
    # millimetres (250 ns a 250 mm copy), where one in seconds was refused; an Item took a
    # numpy duration as its length, and a box's cost a date failed inside float().
    import datetime

    import pandas as pd
    import pyarrow as pa
    from cartonize import OnDemand, Tariff, pack_many
    cat = Catalog([Box("S", 200, 150, 100)])
    lines = {"order_id": np.array([1, 2]), "length": np.array([100, 250], dtype="m8[ns]"),
             "width": np.array([50, 50]), "height": np.array([20, 20])}
    got = pack_many(lines, cat)
    assert list(got["status"]) == ["error", "error"]
    assert got["message"][1] == "row 1: length = '250 nanoseconds' is a duration, not a number"
    arrow = pa.table({"order_id": [1], "length": pa.array([100], pa.duration("ns")),
                      "width": [50], "height": [20]})
    assert pack_many(arrow, cat)["status"].to_pylist() == ["error"]
    dated = pd.DataFrame({"order_id": [1], "length": [100], "width": [50], "height": [20],
                          "weight": pd.to_datetime(["2020-01-01"])})
    assert pack_many(dated, cat)["message"][0].endswith("is a date, not a number")
    cells = {**lines, "length": np.array([datetime.timedelta(seconds=3), 100], dtype=object)}
    assert pack_many(cells, cat)["message"][0] == \
        "row 0: length = datetime.timedelta(seconds=3) is not a number"
    for make, words in ((lambda: Item(np.timedelta64(250, "ns"), 50, 20), "item: length"),
                        (lambda: Item(10, 10, 10, quantity=np.timedelta64(2)), "item: quantity"),
                        (lambda: Item(10, 10, 10, weight=pd.Timedelta(5)), "item: weight"),
                        (lambda: Item(10, 10, 10, max_load=np.timedelta64(5)), "item: max_load"),
                        (lambda: Box("B", 10, 10, 10, cost=np.datetime64("2020-01-01")),
                         "box 'B': cost"),
                        (lambda: Box("B", 10, 10, 10, stock=np.timedelta64(5)), "box 'B': stock"),
                        (lambda: Tariff(first_price=np.timedelta64(3)), "first_price"),
                        (lambda: OnDemand(cost=np.timedelta64(3)), "OnDemand: cost")):
        with pytest.raises(TypeError, match=f"^{re.escape(words)} must be"):
            make()


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(quantity=-1), ValueError, "quantity"),
    (dict(quantity=1.5), TypeError, "quantity"),
    (dict(weight=-3), ValueError, "weight"),
    (dict(weight=math.nan), ValueError, "weight"),
    (dict(orientation="sideways"), ValueError, "orientation"),
    (dict(orientation=3), TypeError, "orientation"),
])
def test_bad_item_fields(kwargs, error, words):
    with pytest.raises(error, match=words):
        Item(5, 5, 5, **kwargs)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(length=0), ValueError, "length"),
    (dict(height=0.5), ValueError, "height"),
    (dict(width=math.inf), ValueError, "width"),
    (dict(max_weight=-1), ValueError, "max_weight"),
    (dict(cost=-1.0), ValueError, "cost"),
    (dict(cost=math.nan), ValueError, "cost"),
    (dict(cost="cheap"), TypeError, "cost"),
    (dict(outer=(5, 5)), ValueError, "outer"),
    (dict(outer=(9, 20, 20)), ValueError, "outer"),
])
def test_bad_box_fields_name_the_box(kwargs, error, words):
    args = dict(id="X", length=10, width=10, height=10)
    args.update(kwargs)
    with pytest.raises(error, match=words) as e:
        Box(**args)
    assert "'X'" in str(e.value)


def test_empty_catalog_is_refused():
    with pytest.raises(ValueError, match="empty"):
        Catalog([])


def test_duplicate_box_ids_are_refused():
    with pytest.raises(ValueError, match="twice"):
        Catalog([Box("A", 1, 1, 1), Box("A", 2, 2, 2)])


def test_catalog_entries_must_be_boxes():
    with pytest.raises(TypeError, match="entry 1"):
        Catalog([Box("A", 1, 1, 1), (2, 2, 2)])


def test_items_must_be_items():
    with pytest.raises(TypeError, match="item 1"):
        pack([Item(1, 1, 1), (1, 1, 1)], CAT)
    with pytest.raises(TypeError):
        pack(Item(1, 1, 1), CAT)
    with pytest.raises(TypeError, match="catalog"):
        pack([Item(1, 1, 1)], [Box("S", 2, 2, 2)])


def test_too_many_copies_are_refused_not_hung():
    with pytest.raises(ValueError, match="copies"):
        pack([Item(1, 1, 1, quantity=500_000)], CAT)


def test_core_rejects_malformed_arrays_without_crashing():
    import numpy as np

    from cartonize import _core
    ones = np.ones(2, dtype=np.int64)
    rows = np.ones((2, 6), dtype=np.int64)
    with pytest.raises(ValueError, match=r"\(n, 6\)"):
        _core.pack_order(CAT._core, rows[:, :5])
    bad = rows.copy()
    bad[1, 0] = -5
    with pytest.raises(ValueError, match="item 1: length"):
        _core.pack_order(CAT._core, bad)
    bad = rows.copy()
    bad[1, 5] = 64
    with pytest.raises(ValueError, match="item 1: orientation"):
        _core.pack_order(CAT._core, bad)
    with pytest.raises(ValueError, match="offsets"):
        _core.pack_batch(CAT._core, np.array([0, 3]), ones, ones, ones, ones, ones,
                         np.ones(2, np.uint8))


def test_core_names_a_rule_column_out_of_range():
    # The core checks every column in one pass before naming the bad one: a value out of range
    # in a rule column must still be found, beside columns that are all in range.
    import numpy as np

    from cartonize import _core
    rows = np.array([[10, 10, 10, 100, 1, 63], [10, 10, 10, 100, 2, 63]], dtype=np.int64)
    good = dict(max_load=np.array([-1, 50], np.int64), stackable=np.array([1, 1], np.uint8),
                group=np.array([-1, 0], np.int32), category=np.array([-1, 3], np.int32))
    assert len(_core.pack_order(CAT._core, rows, **good)[0]) >= 1  # in range: packs
    for name, value, dtype in (("max_load", -7, np.int64), ("stackable", 2, np.uint8),
                               ("group", -2, np.int32), ("category", 64, np.int32)):
        col = good[name].astype(dtype).copy()
        col[1] = value
        with pytest.raises(ValueError, match=f"item 1: {name} = {value} is outside"):
            _core.pack_order(CAT._core, rows, **{**good, name: col})


def test_catalog_pickles_and_still_packs():
    cat = pickle.loads(pickle.dumps(CAT))
    assert cat == CAT
    assert pack([Item(5, 5, 5)], cat) == pack([Item(5, 5, 5)], CAT)


def test_row_tuples_entry_point_rejects_malformed_rows():
    from cartonize import _core
    with pytest.raises(TypeError, match="item 0"):
        _core.pack_rows(CAT._core, [(1, 2, 3)])
    with pytest.raises(TypeError, match="item 1"):
        _core.pack_rows(CAT._core, [(1, 1, 1, 0, 1, 63), (1, 1, 1, 0, 1, "x")])
    with pytest.raises(ValueError, match="out of range"):
        _core.pack_rows(CAT._core, [(10**30, 1, 1, 0, 1, 63)])
    with pytest.raises(ValueError, match="item 0: length"):
        _core.pack_rows(CAT._core, [(-1, 1, 1, 0, 1, 63)])
    with pytest.raises(ValueError, match="orientation"):
        _core.pack_rows(CAT._core, [(1, 1, 1, 0, 1, 0)])


@pytest.mark.parametrize("value", ["no", "false", 1, None, np.array([1, 2])])
def test_balance_weight_is_true_or_false(value):
    # A string such as "no" counted as true and balanced the boxes; an array leaked numpy's
    # "truth value is ambiguous" (found in review).
    from cartonize import pack_many, reference
    from cartonize.batch import to_columns
    order, cat = [Item(20, 20, 20, weight=900), Item(20, 20, 20)], Catalog([Box("S", 40, 20, 20)])
    for call in (lambda: pack(order, cat, balance_weight=value),
                 lambda: reference.pack(order, cat, balance_weight=value),
                 lambda: pack_many(to_columns([order]), cat, balance_weight=value)):
        with pytest.raises(TypeError, match="balance_weight must be True or False"):
            call()
    assert pack(order, cat, balance_weight=np.bool_(True)).n_boxes == 1


@pytest.mark.parametrize("value", [5, 2.5, object()])
def test_incompatible_that_is_no_sequence_is_named(value):
    with pytest.raises(TypeError, match="incompatible must be a sequence of"):
        pack([Item(1, 1, 1)], Catalog([Box("S", 2, 2, 2)]), incompatible=value)


def test_masked_values_are_missing_and_a_scalar_is_no_column():
    # Found by a service engineer's trial: np.asarray dropped a masked array's mask, so a
    # masked length was packed at the value under it (20); and Order.from_arrays(10, 10, 10)
    # said "len() of unsized object".
    from cartonize import Order, pack_many
    masked = np.ma.array([10, 20], mask=[False, True])
    with pytest.raises(ValueError, match=r"^row 1: length is blank$"):
        Order.from_arrays(masked, [10, 10], [10, 10])
    table = pack_many({"order_id": [1, 2], "length": masked, "width": [10, 10],
                       "height": [10, 10]}, CAT)
    assert list(table["status"]) == ["packed", "error"]
    assert list(table["message"]) == ["", "row 1: length is blank"]
    # Nothing masked: as the plain array.
    assert pack(Order.from_arrays(np.ma.array([10, 20]), [10, 10], [10, 10]), CAT) == \
        pack(Order.from_arrays([10, 20], [10, 10], [10, 10]), CAT)
    with pytest.raises(ValueError, match=r"column 'length' must be one-dimensional, got shape"):
        Order.from_arrays(10, 10, 10)


@pytest.mark.parametrize("field", ["cost", "wall"])
def test_a_numpy_bool_is_no_number(field):
    # cost=True was refused and np.bool_(True) taken as a cost of 1.
    from cartonize import Bag
    with pytest.raises(TypeError, match=f"{field} must be a number"):
        (Box("B", 10, 10, 10, cost=np.bool_(True)) if field == "cost" else
         Bag("M", 300, 200, wall=np.bool_(True)))


# Found by a review of the API as a service engineer: each said something else (numpy's
# SeedSequence, "'NoneType' object is not iterable", "'Box' object is not iterable", "some
# item ... fits no candidate size" without the item) or took the value.
@pytest.mark.parametrize("call, error, words", [
    (lambda: Box(None, 10, 10, 10), TypeError, "box id must be given"),
    (lambda: Catalog(Box("S", 1, 2, 3)), TypeError,
     r"got one Box \('S'\): put it in a list, Catalog\(\[box\]\)"),
    (lambda: Catalog(5), TypeError, "Catalog takes an iterable of Box and Bag, got int"),
    (lambda: verify(pack([Item(1, 1, 1)], CAT), None, CAT), TypeError,
     r"items must be the order's Items \(or an Order\), got NoneType"),
    (lambda: verify(pack([Item(1, 1, 1)], CAT), [Item(1, 1, 1), 3], CAT), TypeError,
     "got int"),
])
def test_a_wrong_value_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_design_names_a_bad_seed_and_the_item_no_candidate_holds():
    pytest.importorskip("numba")
    from cartonize import design_catalog
    orders = {"order_id": [1, 2], "length": [30, 300], "width": [20, 200], "height": [10, 50],
              "weight": [5, 700]}
    with pytest.raises(TypeError, match="seed must be a whole number"):
        design_catalog(orders, 1, seed="a")
    with pytest.raises(ValueError, match="an item of 300 x 200 x 50 mm, 700 g, fits no "
                                         "candidate size"):
        design_catalog(orders, 1, candidates=[(40, 30, 20), (100, 100, 100)], holdout=0)
