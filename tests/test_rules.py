"""Packing rules: kits (group), do-not-mix (category + incompatible), per-box limits
(max_per_box), ships-alone, box stock and weight balance. The core is held to the reference
with rules drawn at random; verify checks every rule and names the one violated."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cartonize import Box, Catalog, Item, Order, PackedBox, Packing, Placement, Tariff, pack
from cartonize import reference, verify

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CATEGORIES = ("food", "chemical", "battery", None)
STOCK_EXAMPLES = 60
PAIRS = [("food", "chemical"), ("battery", "food")]


@st.composite
def ruled_items(draw, max_lines=8):
    out = []
    for k in range(draw(st.integers(0, max_lines))):
        out.append(Item(draw(st.integers(1, 30)), draw(st.integers(1, 30)),
                        draw(st.integers(1, 30)), weight=draw(st.integers(0, 60)),
                        quantity=draw(st.integers(0, 4)),
                        orientation=draw(st.sampled_from(("any", "upright", "fixed"))), id=k,
                        group=draw(st.sampled_from([None, None, "kit1", "kit2"])),
                        category=draw(st.sampled_from(CATEGORIES)),
                        max_per_box=draw(st.sampled_from([None, None, 1, 2])),
                        ships_alone=draw(st.booleans()) and draw(st.booleans())))
    return out


@st.composite
def stocked_catalogs(draw):
    boxes = []
    priced = draw(st.booleans())  # every box a cost, or none (a mix is refused)
    for k in range(draw(st.integers(1, 5))):
        boxes.append(Box(f"B{k}", draw(st.integers(5, 60)), draw(st.integers(5, 60)),
                         draw(st.integers(5, 60)),
                         max_weight=draw(st.one_of(st.none(), st.integers(20, 300))),
                         cost=draw(st.integers(1, 50).map(float)) if priced else None,
                         stock=draw(st.sampled_from([None, None, 0, 1, 2]))))
    return Catalog(boxes)


@SETTINGS
@given(ruled_items(), stocked_catalogs(), st.sampled_from([None, PAIRS[:1], PAIRS]),
       st.booleans())
# A kit of food the split left for want of stock (the one B0 it fits), packed after by the
# walk, beside a chemical: no copy is left, so the walk's proof that no one box holds both
# stands (lower bound 2). The reference counted the copies left before that walk (1).
@example([Item(1, 1, 1, id=0, category="chemical"),
          Item(1, 1, 1, id=3, group="kit1", category="food"),
          Item(4, 5, 5, quantity=2, id=4, group="kit1", category="battery")],
         Catalog([Box("B0", 5, 5, 9, cost=1.0, stock=1), Box("B1", 8, 5, 5, cost=1.0)]),
         PAIRS[:1], False)
def test_core_equals_reference_with_rules(order, catalog, pairs, balance):
    fast = pack(order, catalog, incompatible=pairs, balance_weight=balance, exact=False)
    slow = reference.pack(order, catalog, incompatible=pairs, balance_weight=balance,
                          exact=False)
    verify(fast, order, catalog, incompatible=pairs)
    assert fast == slow
    assert pack(Order(order), catalog, incompatible=pairs, balance_weight=balance,
                exact=False) == fast


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ruled_items(max_lines=5), stocked_catalogs(), st.sampled_from([None, PAIRS]))
def test_rules_with_the_search_and_a_tariff_still_verify(order, catalog, pairs):
    tariff = Tariff(first_price=1.0, step_price=0.5, per_parcel=0.25, divisor=50)
    p = pack(order, catalog, incompatible=pairs, tariff=tariff)
    verify(p, order, catalog, incompatible=pairs, tariff=tariff)
    assert p.n_packages == len(p.boxes) + len(p.alone)
    assert p == reference.pack(order, catalog, incompatible=pairs, tariff=tariff, exact=False) \
        or p.proof != "heuristic" or any(len(b.placements) <= 4 for b in p.boxes)


CAT = Catalog([Box("S", 100, 100, 100, cost=1.0), Box("L", 300, 300, 300, cost=5.0)])


def test_a_kit_ships_in_one_box():
    order = [Item(90, 90, 90, group="kit"), Item(90, 90, 90, group="kit"), Item(50, 50, 50)]
    p = pack(order, CAT)
    verify(p, order, CAT)
    boxes = {pl.item: k for k, b in enumerate(p.boxes) for pl in b.placements}
    assert boxes[0] == boxes[1]


def test_a_kit_no_box_holds_is_unpacked_as_group_too_large():
    order = [Item(290, 290, 290, group="kit", quantity=2), Item(50, 50, 50)]
    p = pack(order, CAT)
    verify(p, order, CAT)
    assert sorted(p.unpacked) == [(0, 0, "group_too_large"), (0, 1, "group_too_large")]
    assert p.box_ids == ("S",)


def test_a_kit_left_out_on_the_heuristics_word_leaves_the_packing_unproven():
    # Found in review: the kit was unpacked as group_too_large with proof "proven", yet the
    # kit packs into one B0 and the rest into another (a packing verify accepts). The
    # heuristic's failure is no proof: the packing is "heuristic". A kit no box can hold
    # (bounds) still leaves it proven.
    cat = Catalog([Box("B0", 388, 777, 719)])
    items = [Item(361, 312, 307, quantity=4, group="k1", max_load=1),
             Item(104, 337, 325, weight=470, quantity=3), Item(60, 8, 282, weight=931)]
    p = pack(items, cat, min_support=1.0)
    assert [r for _, _, r in p.unpacked] == ["group_too_large"] * 4 and p.proof == "heuristic"
    assert reference.pack(items, cat, min_support=1.0, exact=False).proof == "heuristic"
    kit = pack(items[:1], cat, min_support=1.0)  # the kit alone fits one box
    assert kit.box_ids == ("B0",) and not kit.unpacked
    alone = pack(items[:1] + items[2:], cat, min_support=1.0)  # nothing else to pack but one
    assert alone.proof == "heuristic"
    too_big = [Item(290, 290, 290, group="kit", quantity=2), Item(50, 50, 50)]
    assert pack(too_big, CAT).proof == "proven"


def test_an_order_of_a_kit_alone_left_out_on_the_heuristics_word_says_so():
    # A review: this kit fits box T (a placement by hand keeps min_support=0.6; verify takes
    # it), but neither the heuristic nor the exact search (which ignores support; the fit it
    # finds is not stable) finds one: it is left out as group_too_large, and with nothing
    # packed the proof read "", as for a kit no box can hold. It reads "heuristic": the
    # claim is the heuristic's; a kit no box can hold still reads "".
    from cartonize.batch import to_columns
    from cartonize import pack_many
    cat = Catalog([Box("T", 33, 58, 50, cost=1.0)])
    kit = [Item(11, 58, 12, weight=232, orientation="upright", group="g"),
           Item(14, 25, 26, weight=477, orientation="upright", group="g"),
           Item(24, 41, 33, weight=112, group="g"), Item(19, 17, 24, weight=298, group="g"),
           Item(58, 11, 14, weight=43, group="g")]
    hand = Packing((PackedBox(cat[0], (
        Placement(2, 0, 0, 0, 0, 33, 41, 24), Placement(3, 0, 0, 41, 0, 19, 17, 24),
        Placement(0, 0, 0, 0, 24, 11, 58, 12), Placement(4, 0, 0, 0, 36, 11, 58, 14),
        Placement(1, 0, 19, 0, 24, 14, 25, 26)), load=1162),))
    verify(hand, kit, cat, min_support=0.6)  # it fits
    for p in (pack(kit, cat, min_support=0.6), reference.pack(kit, cat, min_support=0.6)):
        assert [r for _, _, r in p.unpacked] == ["group_too_large"] * 5
        assert p.boxes == () and p.proof == "heuristic"
    table = pack_many(to_columns({"k": kit}), cat, min_support=0.6)
    assert table["proof"].tolist() == ["heuristic"] and table["status"][0] == "partial"
    too_big = [Item(290, 290, 290, group="kit", quantity=2)]
    assert pack(too_big, CAT).proof == "" == pack_many(to_columns([too_big]), CAT)["proof"][0]
    assert reference.pack(too_big, CAT).proof == ""


def test_incompatible_categories_never_share_a_box():
    order = [Item(10, 10, 10, category="food"), Item(10, 10, 10, category="chemical")]
    together = pack(order, CAT)
    apart = pack(order, CAT, incompatible=[("food", "chemical")])
    assert together.box_ids == ("S",) and apart.box_ids == ("S", "S")
    verify(apart, order, CAT, incompatible=[("food", "chemical")])
    with pytest.raises(ValueError, match="rule incompatible"):
        verify(together, order, CAT, incompatible=[("food", "chemical")])


def test_max_per_box_and_ships_alone():
    order = [Item(10, 10, 10, quantity=5, max_per_box=2), Item(5, 5, 5, ships_alone=True)]
    p = pack(order, CAT)
    assert sorted(len(b.placements) for b in p.boxes) == [1, 2, 2]
    assert p.alone == ((1, 0),) and p.n_packages == 4
    verify(p, order, CAT)
    bad = Packing((PackedBox(CAT[0], tuple(Placement(0, c, 10 * c, 0, 0, 10, 10, 10)
                                           for c in range(3))),
                   PackedBox(CAT[0], tuple(Placement(0, c, 10 * c, 0, 0, 10, 10, 10)
                                           for c in range(3, 5)))), alone=((1, 0),))
    with pytest.raises(ValueError, match="rule max_per_box"):
        verify(bad, order, CAT)


def test_ships_alone_pays_its_own_shipping():
    tariff = Tariff(divisor=5000, first_weight=500, first_price=3.2, step_weight=500,
                    step_price=1.1, per_parcel=0.8)
    order = [Item(100, 100, 100, weight=1200, ships_alone=True)]
    p = pack(order, CAT, tariff=tariff)
    # Its own 100 mm cube: 200 g dimensional, 1,200 g billable: 0.8 + 3.2 + 2 x 1.1.
    assert p.boxes == () and p.alone == ((0, 0),)
    assert p.shipping == pytest.approx(6.2) and p.cost == pytest.approx(6.2)


def test_stock_limits_the_boxes_of_one_order():
    catalog = Catalog([Box("S", 100, 100, 100, cost=1.0, stock=2),
                       Box("L", 300, 300, 300, cost=5.0, stock=0)])
    order = [Item(90, 90, 90, quantity=3)]
    assert pack(order, Catalog([Box("L", 300, 300, 300)])).box_ids == ("L",)
    p = pack(order, catalog)  # L would hold all three, but there is none left
    verify(p, order, catalog)
    assert p.box_ids == ("S", "S") and p.unpacked == ((0, 2, "no_stock"),)
    nothing = Catalog([Box("S", 100, 100, 100, stock=0)])
    q = pack([Item(10, 10, 10)], nothing)
    assert q.unpacked == ((0, 0, "no_stock"),)
    # One copy needs one box, in stock or not (it said 2: the walk had proven that no box in
    # stock holds it, which says nothing of the box out of stock)
    assert q.lower_bound == 1
    assert p.lower_bound == 1  # a copy left: L, out of stock, would hold all three
    # Where the boxes in stock take every copy, the walk's proof stands: no box in stock
    # holds the three, so at least two
    three = pack(order, Catalog([Box("S", 100, 100, 100, stock=3),
                                 Box("L", 300, 300, 300, stock=0)]))
    assert three.box_ids == ("S", "S", "S") and three.lower_bound == 2


def test_balance_weight_moves_copies_to_the_lighter_box():
    catalog = Catalog([Box("S", 100, 100, 100, max_weight=10_000)])
    order = [Item(50, 50, 50, weight=1000, quantity=9)]
    plain = pack(order, catalog)
    even = pack(order, catalog, balance_weight=True)
    loads = lambda p: sorted(b.load for b in p.boxes)  # noqa: E731
    assert loads(plain) == [1000, 8000]
    assert loads(even) == [4000, 5000] and len(even.boxes) == len(plain.boxes)
    verify(even, order, catalog)


@pytest.mark.parametrize("kwargs, words", [
    (dict(max_per_box=0), "max_per_box = 0 must be at least 1"),
    (dict(max_per_box=1.5), "max_per_box must be a whole number"),
    (dict(ships_alone="yes"), "ships_alone must be True or False"),
    (dict(group=[1]), "group must be a hashable label"),
])
def test_bad_rule_fields_are_named(kwargs, words):
    with pytest.raises((ValueError, TypeError), match=words):
        Item(1, 1, 1, **kwargs)


def test_bad_incompatible_pairs_and_stock():
    with pytest.raises(ValueError, match="same category twice"):
        pack([Item(1, 1, 1)], CAT, incompatible=[("food", "food")])
    with pytest.raises(ValueError, match="must be a pair"):
        pack([Item(1, 1, 1)], CAT, incompatible=[("food",)])
    with pytest.raises(ValueError, match="stock = -1 must not be negative"):
        Box("X", 1, 1, 1, stock=-1)


@settings(max_examples=STOCK_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(ruled_items(max_lines=5), min_size=1, max_size=6), stocked_catalogs(),
       st.sampled_from([None, PAIRS]), st.sampled_from([1, 2]))
def test_pack_many_consumes_stock_in_input_order(orders, catalog, pairs, threads):
    from cartonize import pack_many
    from cartonize.batch import to_columns
    table = pack_many(to_columns({k: o for k, o in enumerate(orders)}), catalog,
                      incompatible=pairs, threads=threads, exact=False)
    row = {oid: k for k, oid in enumerate(table["order_id"].tolist())}
    left = {b.id: b.stock for b in catalog}
    for o, order in enumerate(orders):
        if o not in row:
            continue
        # The same order packed alone, with the stock the earlier orders left.
        now = Catalog([Box(b.id, *b.dims, max_weight=b.max_weight, cost=b.cost,
                           stock=left[b.id]) for b in catalog])
        p = pack(order, now, incompatible=pairs, exact=False)
        k = row[o]
        assert table["box_ids"][k] == p.box_ids
        assert table["n_unpacked"][k] == len(p.unpacked)
        assert table["n_alone"][k] == len(p.alone)
        assert table["status"][k] == ("partial" if p.unpacked else
                                      "packed" if p.boxes or p.alone else "empty")
        for b in p.box_ids:
            if left[b] is not None:
                left[b] -= 1


def test_command_line_reads_rules_from_files(tmp_path, capsys):
    pd = pytest.importorskip("pandas")
    from cartonize.cli import main
    orders = tmp_path / "o.csv"
    pd.DataFrame({"order_id": ["A"] * 4, "length": [90, 90, 10, 10], "width": [90, 90, 10, 10],
                  "height": [90, 90, 10, 10], "group": ["kit", "kit", "", ""],
                  "category": ["", "", "food", "chemical"], "max_per_box": ["", "", "", ""],
                  "ships_alone": ["no", "no", "no", "yes"]}).to_csv(orders, index=False)
    boxes = tmp_path / "b.csv"
    pd.DataFrame({"id": ["S", "L"], "length": [100, 300], "width": [100, 300],
                  "height": [100, 300], "cost": [1.0, 5.0], "stock": [5, ""]}).to_csv(
        boxes, index=False)
    out = tmp_path / "out.csv"
    assert main(["pack", str(orders), "--boxes", str(boxes), "-o", str(out), "--quiet",
                 "--incompatible", "food:chemical"]) == 0
    got = pd.read_csv(out)
    # the kit fits only L together; the food item goes with it; the chemical ships alone
    assert got.loc[0, "box_ids"] == "L" and got.loc[0, "n_alone"] == 1
    bad = [("max_per_box", "0", "row 1: max_per_box = 0 must be at least 1"),
           ("ships_alone", "maybe", "row 1: ships_alone = 'maybe' is not true or false")]
    for column, value, line in bad:
        f = tmp_path / f"bad_{column}.csv"
        pd.DataFrame({"order_id": ["A"], "length": [1], "width": [1], "height": [1],
                      column: [value]}).to_csv(f, index=False)
        assert main(["pack", str(f), "--boxes", str(boxes), "--quiet"]) == 2
        assert capsys.readouterr().err.strip() == f"cartonize: {f}: {line}"
    neg = tmp_path / "neg.csv"
    pd.DataFrame({"id": ["S"], "length": [1], "width": [1], "height": [1],
                  "stock": [-2]}).to_csv(neg, index=False)
    assert main(["pack", str(orders), "--boxes", str(neg), "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"cartonize: {neg}: row 1: box 'S': stock = -2 must not be negative")
    assert main(["pack", str(orders), "--boxes", str(boxes), "--incompatible", "food"]) == 2
    assert "--incompatible: 'food' is not of the form food:chemical" in capsys.readouterr().err


@st.composite
def items_with_every_rule(draw):
    """Items drawing every rule field, group labels of several types (1, 1.0 and True are one
    label, as in a dict), categories in and out of the pairs, caps past any order."""
    out = []
    for k in range(draw(st.integers(1, 6))):
        stackable = draw(st.booleans())
        out.append(Item(draw(st.integers(1, 40)), draw(st.integers(1, 40)),
                        draw(st.integers(1, 40)), weight=draw(st.integers(0, 60)),
                        quantity=draw(st.integers(0, 4)), id=k,
                        group=draw(st.sampled_from([None, None, 1, 1.0, True, "kit", (2, 3)])),
                        category=draw(st.sampled_from(CATEGORIES + ("paper",))),
                        max_per_box=draw(st.sampled_from([None, 1, 3, 2**70])),
                        ships_alone=draw(st.booleans()) and draw(st.booleans()),
                        stackable=stackable,
                        max_load=draw(st.sampled_from([None, 5, 100])) if stackable else None))
    return out


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(items_with_every_rule(), st.sampled_from([None, PAIRS]))
def test_the_rules_read_from_items_are_the_columns_pack_many_reads(order, pairs):
    # pack reads the rule fields from the Items in the core (pack_items); pack_many codes
    # the same fields from columns in Python (batch.py): the same packing, and it verifies.
    from cartonize import pack_many
    from cartonize.batch import to_columns
    catalog = Catalog([Box("S", 40, 40, 40, cost=1.0), Box("L", 60, 60, 60, cost=2.0)])
    p = pack(order, catalog, incompatible=pairs, exact=False)
    verify(p, order, catalog, incompatible=pairs)
    assert pack(Order(order), catalog, incompatible=pairs, exact=False) == p
    # The defaults' fast path (pairs None, exact on) and the checked path (a node limit not
    # the default's) read them alike.
    assert pack(order, catalog) == pack(order, catalog, node_limit=10_001)
    table, place = pack_many(to_columns({0: order}), catalog, incompatible=pairs, exact=False,
                             placements=True)
    assert table["box_ids"][0] == p.box_ids
    assert table["n_unpacked"][0] == len(p.unpacked) and table["n_alone"][0] == len(p.alone)
    mine = sorted(zip(place["box_index"].tolist(), place["item_row"].tolist(),
                      place["x"].tolist(), place["y"].tolist(), place["z"].tolist()))
    assert mine == sorted((b, q.item, q.x, q.y, q.z) for b, pb in enumerate(p.boxes)
                          for q in pb.placements)


def test_a_label_whose_hash_runs_code_cannot_reach_the_order_being_read():
    # Coding a group label runs its __hash__: one that empties the caller's list, or packs
    # another order on the same thread, must leave this order's packing as it should be.
    cat = Catalog([Box("S", 40, 40, 40, cost=1.0)])
    items = []

    class Clearing:
        def __hash__(self):
            items.clear()
            return 1

    for options in ({}, {"node_limit": 10_001}):  # the fast path, the checked path
        items[:] = [Item(5, 5, 5, id="a", group=Clearing()), Item(6, 6, 6, id="b", group="k")]
        p = pack(items, cat, **options)
        assert sorted((q.item, q.length) for q in p.boxes[0].placements) == [(0, 5), (1, 6)]
        assert sorted(q["item_id"] for q in p.to_dict()["boxes"][0]["placements"]) == ["a", "b"]

    class Packing_(object):
        def __hash__(self):
            pack([Item(1, 1, 1, quantity=300)], cat)
            return 1

    p = pack([Item(30, 30, 30, group=Packing_())], cat)
    assert [(q.length, q.width, q.height) for q in p.boxes[0].placements] == [(30, 30, 30)]


def test_an_item_subclass_is_packed_as_its_properties_read():
    cat = Catalog([Box("S", 40, 40, 40, cost=1.0), Box("L", 60, 60, 60, cost=2.0)])

    class Fragile(Item):
        @property
        def stackable(self):
            return False
    order = [Fragile(30, 30, 5, quantity=2, orientation="fixed")]
    for packed in (order, Order(order)):
        p = pack(packed, cat, exact=False)
        verify(p, order, cat)
        assert p == reference.pack(order, cat, exact=False)
        assert p.box_ids == ("L",)  # side by side: neither may carry the other


def test_a_packing_names_the_items_it_packed_after_the_caller_changes_the_list():
    cat = Catalog([Box("S", 40, 40, 40, cost=1.0)])
    for items in ([Item(5, 5, 5, id="a")], [Item(5, 5, 5, id="a", group="k")]):
        p = pack(items, cat)
        items.clear()
        assert p.to_dict()["boxes"][0]["placements"][0]["item_id"] == "a"


def test_blank_labels_are_no_labels_as_in_pack_many():
    import math
    pd = pytest.importorskip("pandas")
    cat = Catalog([Box("S", 50, 50, 50, cost=1.0), Box("L", 60, 60, 60, cost=2.0)])
    for blank in (math.nan, pd.NA, "  "):
        it = Item(50, 50, 50, quantity=2, group=blank, category=blank)
        assert it.group is None and it.category is None
        assert pack([it], cat).box_ids == ("S", "S")


def test_verify_matches_group_labels_of_any_type():
    import numpy as np
    cat = Catalog([Box("S", 40, 40, 40, cost=1.0)])
    order = [Item(5, 5, 5, group=np.int64(1)), Item(5, 5, 5, group=(2, 3)),
             Item(5, 5, 5, group=1)]
    p = pack(order, cat)
    verify(p, order, cat)
    # the group 1 (np.int64(1) == 1) split over two boxes is named
    split = Packing((PackedBox(cat.boxes[0], (Placement(0, 0, 0, 0, 0, 5, 5, 5),
                                              Placement(1, 0, 5, 0, 0, 5, 5, 5))),
                     PackedBox(cat.boxes[0], (Placement(2, 0, 0, 0, 0, 5, 5, 5),))))
    with pytest.raises(ValueError, match="rule group"):
        verify(split, order, cat)


def test_a_crafted_item_whose_flag_will_not_say_is_an_exception_not_a_crash():
    # Items made past the constructor (tuple.__new__) with a ships_alone that raises on
    # bool(): the error comes back as itself.
    from cartonize._layout import ITEM

    class Unsure:
        def __bool__(self):
            raise RuntimeError("cannot say")
    fields = list(Item(5, 5, 5, group="k"))
    fields[ITEM["ships_alone"]] = Unsure()
    crafted = tuple.__new__(Item, fields)
    with pytest.raises(RuntimeError, match="cannot say"):
        pack([crafted], Catalog([Box("S", 40, 40, 40, cost=1.0)]))
