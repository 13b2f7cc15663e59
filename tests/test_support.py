"""Placements a packer can follow: min_support (share of a copy's base resting on copies
directly below) and stackable=False (nothing rests on it). The core is held to the reference;
verify checks both."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartonize import Box, Catalog, Item, Order, PackedBox, Packing, Placement, pack, reference
from cartonize import verify

from strategies import catalogs, items


@st.composite
def fragile_items(draw):
    order = draw(items(max_lines=10))
    return [Item(it.length, it.width, it.height, weight=it.weight, quantity=it.quantity,
                 orientation=it.orientation, id=it.id, stackable=draw(st.booleans()) or True
                 if k % 3 else draw(st.booleans())) for k, it in enumerate(order)]


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fragile_items(), catalogs(max_boxes=8), st.sampled_from([0.0, 0.5, 0.75, 1.0]))
def test_core_equals_reference_with_support(order, catalog, min_support):
    fast = pack(order, catalog, min_support=min_support, exact=False)
    slow = reference.pack(order, catalog, min_support=min_support, exact=False)
    verify(fast, order, catalog, min_support=min_support)
    assert fast == slow
    assert pack(Order(order), catalog, min_support=min_support, exact=False) == fast


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fragile_items(), catalogs(max_boxes=6), st.sampled_from([0.5, 1.0]))
def test_with_the_search_every_packing_is_stable(order, catalog, min_support):
    p = pack(order, catalog, min_support=min_support)
    verify(p, order, catalog, min_support=min_support)


def test_a_tower_of_shrinking_boxes_is_accepted_at_full_support():
    box = Catalog([Box("T", 40, 40, 90)])
    order = [Item(40, 40, 30, orientation="fixed"), Item(30, 30, 30, orientation="fixed"),
             Item(20, 20, 30, orientation="fixed")]
    p = pack(order, box, min_support=1.0)
    assert p.box_ids == ("T",)
    verify(p, order, box, min_support=1.0)


def test_a_bridge_over_a_gap_needs_half_support():
    # Two posts of 10 x 40 at x = 0 and x = 30, and a plank of 40 x 40 on top: half its base
    # rests on the posts.
    catalog = Catalog([Box("B", 40, 40, 20)])
    order = [Item(10, 40, 10, quantity=2, orientation="fixed"),
             Item(40, 40, 10, orientation="fixed")]
    bridge = Packing((PackedBox(catalog[0], (Placement(0, 0, 0, 0, 0, 10, 40, 10),
                                             Placement(0, 1, 30, 0, 0, 10, 40, 10),
                                             Placement(1, 0, 0, 0, 10, 40, 40, 10))),))
    verify(bridge, order, catalog, min_support=0.5)
    with pytest.raises(ValueError, match="50.0% of its base is supported, min_support is 100.0%"):
        verify(bridge, order, catalog, min_support=1.0)
    # pack finds the stable way: the plank below, the posts on it.
    full = pack(order, catalog, min_support=1.0)
    assert full.n_boxes == 1
    verify(full, order, catalog, min_support=1.0)
    assert {pl.item: pl.z for pl in full.boxes[0].placements}[1] == 0


@pytest.mark.parametrize("post, plank", [((3, 16), (3, 160)), ((16, 3), (160, 3))])
def test_exactly_the_minimum_share_is_supported_whichever_way_the_base_lies(post, plank):
    # A plank on a post under a tenth of its base (48 of 480 mm2) at min_support 0.1. As
    # 0.1 * 3 * 160 the threshold is 48.00000000000001, as 0.1 * 160 * 3 it is 48.0: verify
    # and the packer once multiplied the sides in different orders and disagreed on a copy
    # supported by exactly the share asked. The share now multiplies the area, exactly.
    catalog = Catalog([Box("B", 160, 160, 20)])
    order = [Item(*post, 10, orientation="fixed"), Item(*plank, 10, orientation="fixed")]
    layout = Packing((PackedBox(catalog[0], (Placement(0, 0, 0, 0, 0, *post, 10),
                                             Placement(1, 0, 0, 0, 10, *plank, 10))),))
    verify(layout, order, catalog, min_support=0.1)
    with pytest.raises(ValueError, match="10.0% of its base is supported"):
        verify(layout, order, catalog, min_support=0.1001)
    from cartonize.reference.support import supported_in
    below = [(order[0], (0, 0, 0, *post, 10))]
    assert supported_in((0, 0, 10, *plank, 10), below, 0.1)
    assert not supported_in((0, 0, 10, *plank, 10), below, 0.1001)


def test_a_fragile_item_ends_on_top_or_alone_in_its_layer():
    catalog = Catalog([Box("B", 40, 40, 40)])
    order = [Item(40, 40, 20, orientation="fixed", stackable=False, id="eggs"),
             Item(40, 40, 20, orientation="fixed", id="books")]
    p = pack(order, catalog)
    assert p.n_boxes == 1
    verify(p, order, catalog)
    eggs = next(pl for pl in p.boxes[0].placements if pl.item == 0)
    assert eggs.z == 20  # on top: nothing rests on the eggs
    on_eggs = Packing((PackedBox(catalog[0], (Placement(0, 0, 0, 0, 0, 40, 40, 20),
                                              Placement(1, 0, 0, 0, 20, 40, 40, 20))),))
    with pytest.raises(ValueError, match="which is not stackable"):
        verify(on_eggs, order, catalog)


def test_bad_min_support():
    with pytest.raises(ValueError, match="min_support"):
        pack([Item(1, 1, 1)], Catalog([Box("A", 2, 2, 2)]), min_support=1.5)
    with pytest.raises(TypeError, match="stackable"):
        Item(1, 1, 1, stackable="no")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(fragile_items(), min_size=1, max_size=5), catalogs(max_boxes=6),
       st.sampled_from([0.0, 0.75]), st.sampled_from([1, 2]))
def test_pack_many_matches_pack_with_support(orders, catalog, min_support, threads):
    from cartonize import pack_many
    from cartonize.batch import to_columns
    table, rows = pack_many(to_columns({k: o for k, o in enumerate(orders)}), catalog,
                            threads=threads, placements=True, min_support=min_support,
                            exact=False)
    for k, oid in enumerate(table["order_id"].tolist()):
        p = pack(orders[oid], catalog, min_support=min_support, exact=False)
        assert table["box_ids"][k] == p.box_ids
        got = sorted((int(b), int(x), int(y), int(z)) for o, b, x, y, z in zip(
            rows["order_id"], rows["box_index"], rows["x"], rows["y"], rows["z"]) if o == oid)
        assert got == sorted((b, pl.x, pl.y, pl.z) for b, box in enumerate(p.boxes)
                             for pl in box.placements)


def test_command_line_min_support_and_stackable_column(tmp_path, capsys):
    pytest.importorskip("pandas")
    from cartonize.cli import main
    orders = tmp_path / "o.csv"
    orders.write_text("order_id,length,width,height,orientation,stackable\n"
                      "00123,40,40,20,fixed,no\n00123,40,40,20,fixed,\n")
    boxes = tmp_path / "b.csv"
    boxes.write_text("id,length,width,height\nB,40,40,40\n")
    out = tmp_path / "out.csv"
    place = tmp_path / "place.csv"
    assert main(["pack", str(orders), "--boxes", str(boxes), "-o", str(out),
                 "--placements", str(place), "--min-support", "1"]) == 0
    import pandas as pd
    rows = pd.read_csv(place, dtype={"order_id": str})
    assert set(rows["order_id"]) == {"00123"}
    # The copy that nothing may rest on (data row 1) is on top.
    assert rows.set_index("item_row").loc[1, "z"] == 20
    assert main(["pack", str(orders), "--boxes", str(boxes), "--min-support", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--min-support" in err[0] and "0..1" in err[0]


@st.composite
def kits_on_fragile_items(draw):
    """Orders with kits (a few groups over the lines) and lines nothing may rest on: the
    passes that move copies after the packer (kits kept whole in a split, weight balance)
    must leave every copy supported."""
    order = draw(items(max_lines=10, max_side=40))
    return [Item(it.length, it.width, it.height, weight=it.weight, quantity=it.quantity,
                 orientation=it.orientation, id=it.id,
                 group=draw(st.sampled_from([None, None, "kit-a", "kit-b"])),
                 stackable=draw(st.sampled_from([True, True, True, False])))
            for it in order]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(kits_on_fragile_items(), catalogs(max_boxes=5, max_side=70),
       st.sampled_from([0.5, 0.75, 1.0]), st.booleans())
def test_kits_and_balance_keep_every_copy_supported(order, catalog, min_support, balance):
    fast = pack(order, catalog, min_support=min_support, balance_weight=balance, exact=False)
    verify(fast, order, catalog, min_support=min_support)
    assert fast == reference.pack(order, catalog, min_support=min_support,
                                  balance_weight=balance, exact=False)


def test_a_kit_split_off_takes_nothing_that_rested_on_it():
    # Found by a reliability probe: the first box's fill holds part of kit "a", and copies
    # of the last line rest on it; the kit goes to another box, and they may not stay
    # floating where it was (before: 0 % of a base supported under min_support 0.5).
    catalog = Catalog([Box("B0", 60, 38, 58, cost=7.0)])
    order = [Item(29, 12, 15, weight=35, quantity=3, orientation="fixed", group="a"),
             Item(34, 35, 23, weight=27, orientation="upright", group="a"),
             Item(29, 22, 16, weight=29, quantity=2, orientation="fixed")]
    p = pack(order, catalog, min_support=0.5, exact=False)
    assert p.n_boxes >= 2
    verify(p, order, catalog, min_support=0.5)
    assert p == reference.pack(order, catalog, min_support=0.5, exact=False)


def test_balancing_weight_leaves_no_copy_on_air():
    # Found by a reliability probe: the move that lightens the heaviest box takes a copy
    # out from under another (before: 15 % of a base supported under min_support 0.5). The
    # box left behind is packed anew, or the move is not made.
    catalog = Catalog([Box("B0", 57, 51, 63, cost=8.0)])
    order = [Item(38, 32, 9, weight=2, quantity=3, orientation="upright"),
             Item(32, 39, 14, weight=30, quantity=3, orientation="upright", group="b"),
             Item(27, 17, 25, weight=59, quantity=3)]
    plain = pack(order, catalog, min_support=0.5, exact=False)
    p = pack(order, catalog, min_support=0.5, balance_weight=True, exact=False)
    assert p.n_boxes == plain.n_boxes >= 2
    assert max(b.load for b in p.boxes) <= max(b.load for b in plain.boxes)
    verify(p, order, catalog, min_support=0.5)
    assert p == reference.pack(order, catalog, min_support=0.5, balance_weight=True,
                               exact=False)
