"""Void fill in the cost: Catalog(..., void_fill_cost=per_litre) counts the dunnage a box's
empty inner volume takes in its cost, so the walk and a split's right-sizing weigh the filler a
larger box needs; PackedBox.void (mm3) and PackedBox.void_fill (its cost), pack_many's void
(litres per box) and void_fill columns, the command line's --void-fill-cost and its totals.
The core is held to the reference with the price drawn at random; the figures below are worked
out by hand."""

import csv
import pickle

import numpy as np
import pytest
from cartonize import (
    Bag,
    Box,
    Catalog,
    Item,
    OnDemand,
    pack,
    pack_many,
    reference,
    verify,
)
from cartonize.batch import to_columns
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import items
from test_bags import two_parcels
from test_landed_cost import tariffs
from test_view import run, run_refused

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PRICES = st.sampled_from([0.0, 0.001, 0.02, 0.5, 3.0])


def with_void(catalog, price):
    return Catalog(catalog.boxes, void_fill_cost=price)


@st.composite
def box_catalogs(draw, max_entries=6, max_side=60, priced=False):
    """Boxes (void fill is not weighed against bags), some given no cost, some with a load
    limit, an empty weight and (priced) outer sides."""
    out = []
    for k in range(draw(st.integers(1, max_entries))):
        l, w, h = (draw(st.integers(1, max_side)) for _ in range(3))
        pad = draw(st.integers(0, 4)) if priced else 0
        out.append(Box(f"B{k}", l, w, h, max_weight=draw(st.one_of(st.none(),
                                                                    st.integers(0, 400))),
                       cost=draw(st.one_of(st.none(), st.integers(0, 20).map(lambda v: v / 8))),
                       empty_weight=draw(st.integers(0, 30)), outer=(l + pad, w + pad, h + pad)))
    return Catalog(out)


def voids_add_up(p, catalog):
    """Each box's void and its cost as a person works them out."""
    for pb in p.boxes:
        want = 0 if pb.box.kind == "bag" else pb.box.volume - sum(
            q.length * q.width * q.height for q in pb.placements)
        assert pb.void == want
        assert pb.void_fill == pytest.approx(want / 1e6 * catalog.void_fill_cost, abs=1e-6)


@SETTINGS
@given(items(max_lines=10), box_catalogs(), PRICES)
def test_core_equals_reference_with_void_fill(order, catalog, price):
    catalog = with_void(catalog, price)
    fast = pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact=False)
    voids_add_up(fast, catalog)


@SETTINGS
@given(items(max_lines=8, max_side=40), box_catalogs(max_entries=4, max_side=45), PRICES)
def test_core_equals_reference_when_void_fill_splits_orders(order, catalog, price):
    catalog = with_void(catalog, price)
    fast = pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact=False)


@SETTINGS
@given(items(max_lines=8), box_catalogs(priced=True), tariffs(),
       st.sampled_from(["boxes", "cost"]), PRICES)
def test_core_equals_reference_with_void_fill_and_tariffs(order, catalog, services, objective,
                                                          price):
    catalog = with_void(catalog, price)
    fast = pack(order, catalog, tariff=services, objective=objective, exact=False)
    verify(fast, order, catalog, tariff=services)
    assert fast == reference.pack(order, catalog, tariff=services, objective=objective,
                                  exact=False)
    voids_add_up(fast, catalog)
    for pb in fast.boxes:  # landed cost: material + void fill + shipping
        assert pb.cost == pytest.approx(pb.material + pb.void_fill + pb.shipping)


@SETTINGS
@given(st.lists(items(max_lines=5).filter(len), min_size=1, max_size=8),
       box_catalogs(max_entries=4, priced=True), PRICES, st.one_of(st.none(), tariffs()))
def test_pack_many_gives_each_box_its_void_as_pack_does(orders, catalog, price, services):
    catalog = with_void(catalog, price)
    kw = {"tariff": services} if services is not None else {}
    table = pack_many(to_columns({10 + o: x for o, x in enumerate(orders)}), catalog, **kw)
    for o, order in enumerate(orders):
        p = pack(order, catalog, **kw)
        assert table["box_ids"][o] == p.box_ids
        assert table["cost"][o] == pytest.approx(p.cost, abs=1e-9)
        assert table["void"][o] == tuple(pb.void / 1e6 for pb in p.boxes)
        assert table["void_fill"][o] == pytest.approx(sum(pb.void_fill for pb in p.boxes),
                                                      abs=1e-9)


S = Box("S", 200, 150, 100, cost=0.30)  # 3 L
M = Box("M", 300, 200, 150, cost=0.25)  # 9 L


def test_the_filler_a_larger_box_needs_can_make_the_smaller_box_cheaper():
    # 150 x 100 x 80 = 1.2 L. M costs 0.25 and leaves 7.8 L to fill, 0.156 at 0.02 a litre:
    # 0.406; S costs 0.30 and leaves 1.8 L, 0.036: 0.336. Without the price M is cheaper.
    order = [Item(150, 100, 80)]
    assert pack(order, Catalog([S, M])).box_ids == ("M",)
    p = pack(order, Catalog([S, M], void_fill_cost=0.02))
    assert p.box_ids == ("S",) and p.proof == "proven"
    assert p.boxes[0].void == 1_800_000 and p.boxes[0].void_fill == pytest.approx(0.036)
    assert p.cost == pytest.approx(0.336)
    # At 0.005 a litre M is still cheaper: 0.25 + 0.039 = 0.289 < 0.30 + 0.009.
    assert pack(order, Catalog([S, M], void_fill_cost=0.005)).box_ids == ("M",)


def test_a_split_right_sizes_the_last_box_to_the_filler_too():
    # Nine 200 mm cubes (8 L each): L (64 L) holds eight. The ninth alone: L costs 1.00 and
    # leaves 56 L, S 1.10 and leaves none. Without a filler price L again (2.00 in all); at
    # 0.02 a litre L would cost 1.00 + 1.12, S 1.10: L then S, 2.10 in all.
    big, small = Box("L", 400, 400, 400, cost=1.00), Box("S", 200, 200, 200, cost=1.10)
    order = [Item(200, 200, 200, quantity=9)]
    assert pack(order, Catalog([big, small])).box_ids == ("L", "L")
    p = pack(order, Catalog([big, small], void_fill_cost=0.02))
    assert sorted(p.box_ids) == ["L", "S"] and p.cost == pytest.approx(2.10)
    assert [pb.void for pb in p.boxes] == [0, 0]


def test_a_box_given_no_cost_counts_only_its_void_fill():
    # Without a cost a box's cost is its volume, which is not money: with a filler price it
    # counts no material (as with a tariff), only its void: S 1.8 L, M 7.8 L at 0.02.
    plain = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150)], void_fill_cost=0.02)
    p = pack([Item(150, 100, 80)], plain)
    assert p.box_ids == ("S",) and p.cost == 0.036 and p.boxes[0].material == 0
    table = pack_many(to_columns({"A": [Item(150, 100, 80)]}), plain)
    assert table["cost"][0] == 0.036 and table["void_fill"][0] == 0.036


def test_to_dict_gives_each_box_its_void_and_what_it_costs():
    d = pack([Item(150, 100, 80)], Catalog([S, M], void_fill_cost=0.02)).to_dict()
    assert d["boxes"][0]["void"] == 1_800_000 and d["boxes"][0]["void_fill"] == 0.036
    assert d["boxes"][0]["cost"] == d["cost"] == 0.336


def test_money_is_exact_in_micro_units():
    p = pack([Item(150, 100, 80)], Catalog([S, M], void_fill_cost=0.02))
    assert p.cost == 0.336 and p.boxes[0].cost == 0.336  # not 0.33599999999999997


@pytest.mark.parametrize("make, error, text", [
    (lambda: Catalog([S], void_fill_cost=-0.01), ValueError,
     "void_fill_cost = -0.01 must be finite and not negative"),
    (lambda: Catalog([S], void_fill_cost=float("inf")), ValueError, "void_fill_cost = inf"),
    (lambda: Catalog([S], void_fill_cost="0.02"), TypeError, "void_fill_cost must be a number"),
    (lambda: Catalog([S], void_fill_cost=np.True_), TypeError, "void_fill_cost must be a number"),
    (lambda: Catalog(["x"], void_fill_cost=0.01), TypeError, "catalog entry 0 is a str"),
    (lambda: Catalog([S, Bag("m", 350, 250)], void_fill_cost=0.02), ValueError,
     r"void_fill_cost is not yet weighed against bags \(here 'm'\)"),
    (lambda: Catalog([Box("B", 1000, 1000, 1000)], void_fill_cost=1e10), ValueError,
     r"filling box 'B' \(1000 L\) would cost 1e\+13, over the most the core counts"),
])
def test_a_bad_void_fill_cost_is_refused_with_what_is_wrong(make, error, text):
    with pytest.raises(error, match=text):
        make()


MACHINE = OnDemand(min=(100, 80, 20), max=(600, 400, 400), step=10, wall=3, board_cost=0.5,
                   cost=0.05)


def test_a_box_cut_to_size_is_weighed_with_its_void_fill():
    # The stocked box B (400 x 300 x 200, 24 L) costs 0.10; the machine cuts 160 x 110 x 90
    # (1,584,000 mm3, its 10 mm grid) for the 155 x 105 x 85 item (1,383,375 mm3) at its board
    # and fixed cost, more than 0.10: without a filler price B is kept. At 0.05 a litre B's
    # 22.616625 L of void add 1.13 and the cut box's 200,625 mm3 add 0.010031.
    stocked = Box("B", 400, 300, 200, cost=0.10)
    order = [Item(155, 105, 85)]
    cut_cost = MACHINE.material((160, 110, 90))
    assert cut_cost > 0.10
    assert pack(order, Catalog([stocked], on_demand=[MACHINE])).box_ids == ("B",)
    cat = Catalog([stocked], on_demand=[MACHINE], void_fill_cost=0.05)
    p = pack(order, cat)
    assert p.boxes[0].box.dims == (160, 110, 90) and p.boxes[0].size_bound is not None
    assert p.boxes[0].void == 200_625
    assert p.boxes[0].void_fill == pytest.approx(0.010031, abs=1e-9)
    assert p.cost == pytest.approx(cut_cost + 0.010031)
    verify(p, order, cat)
    assert reference.pack(order, cat) == p
    table = pack_many(to_columns({"A": order}), cat)
    assert table["box_ids"][0] == p.box_ids and table["cost"][0] == pytest.approx(p.cost)
    assert table["void"][0] == (0.200625,) and table["void_fill"][0] == pytest.approx(0.010031)


@SETTINGS
@given(st.lists(items(max_lines=4, max_copies=8).filter(len), min_size=1, max_size=4),
       box_catalogs(max_entries=3).map(lambda c: list(c.boxes)), PRICES,
       st.one_of(st.none(), tariffs()))
def test_cutting_to_size_with_void_fill_is_the_reference_s_and_pack_many_s(orders, stocked,
                                                                          price, services):
    cat = Catalog(stocked, on_demand=[MACHINE], void_fill_cost=price)
    kw = {"tariff": services} if services is not None else {}
    table = pack_many(to_columns(dict(enumerate(orders))), cat, exact=False, **kw)
    for k, order in enumerate(orders):
        p = pack(order, cat, exact=False, **kw)
        verify(p, order, cat, **kw)
        assert p == reference.pack(order, cat, exact=False, **kw)
        voids_add_up(p, cat)
        assert table["box_ids"][k] == p.box_ids
        assert table["cost"][k] == p.cost  # both in micro-units, cut boxes too
        assert table["void"][k] == tuple(pb.void / 1e6 for pb in p.boxes)
        assert table["void_fill"][k] == pytest.approx(sum(pb.void_fill for pb in p.boxes),
                                                      abs=1e-9)


def test_consolidation_refuses_a_void_fill_price_in_one_line():
    from cartonize import ConsolidationPolicy, Tariff, consolidate
    parcels = two_parcels()
    with pytest.raises(ValueError, match="consolidation does not weigh void_fill_cost yet"):
        consolidate(parcels, Catalog([S, M], void_fill_cost=0.01), Tariff(first_price=3.0),
                    ConsolidationPolicy())


def test_the_price_is_part_of_the_catalogue():
    cat = Catalog([S, M], void_fill_cost=0.02)
    assert cat != Catalog([S, M]) and cat == Catalog([S, M], void_fill_cost=0.02)
    assert pickle.loads(pickle.dumps(cat)) == cat
    assert repr(cat).endswith("void_fill_cost=0.02)") and cat.void_fill_cost == 0.02


# -- the command line --------------------------------------------------------------------------

@pytest.fixture
def files(tmp_path):
    (tmp_path / "orders.csv").write_text("order_id,item_id,length,width,height,weight,quantity\n"
                                         "A,book,150,100,80,100,1\nB,cube,100,100,100,100,2\n")
    (tmp_path / "boxes.csv").write_text("id,length,width,height,cost\nS,200,150,100,0.30\n"
                                        "M,300,200,150,0.25\n")
    return tmp_path


def rows_by_order(path):
    with open(path, newline="") as f:
        return {r["order_id"]: r for r in csv.DictReader(f)}


def test_void_fill_cost_on_the_command_line_gives_litres_and_money(files, capsys):
    code, out, err = run(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "-o", files / "out.csv", "--void-fill-cost", "0.02", "--report",
                          files / "r.html"], capsys)
    assert code == 0, err
    rows = rows_by_order(files / "out.csv")
    # A: S, 1.8 L void (0.036); B: two 1 L cubes in S, 1 L void (0.02).
    assert rows["A"]["box_ids"] == "S" and float(rows["A"]["void"]) == pytest.approx(1.8)
    assert float(rows["A"]["void_fill"]) == pytest.approx(0.036)
    assert float(rows["A"]["cost"]) == pytest.approx(0.336)
    assert rows["B"]["box_ids"] == "S" and float(rows["B"]["void_fill"]) == pytest.approx(0.02)
    assert "void fill            2.8 L, 0.06 (in the cost)" in out
    assert "box cost in all      0.66" in out
    assert "2.8 L, 0.06 (in the cost)" in (files / "r.html").read_text()


def test_with_a_tariff_the_totals_keep_material_and_void_fill_apart(files, capsys):
    (files / "t.toml").write_text("first_price = 3.0\n")
    code, out, err = run(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "-o", files / "out.csv", "--void-fill-cost", "0.02", "--tariff",
                          files / "t.toml"], capsys)
    assert code == 0, err
    # Both orders in S (0.30 each): material 0.60, void fill 2.8 L (0.056), shipping 6.00.
    assert "material             0.60" in out and "shipping             6.00" in out
    assert "void fill            2.8 L, 0.06 (in the cost)" in out
    assert "landed cost          6.66" in out


@pytest.mark.parametrize("extra, line", [
    (("--void-fill-cost", "-1"), "--void-fill-cost: '-1' must be finite and not negative"),
    (("--void-fill-cost", "cheap"), "--void-fill-cost: 'cheap' is not a number"),
])
def test_a_bad_void_fill_cost_is_one_line(files, capsys, extra, line):
    code, err = run_refused(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                             "-o", files / "out.csv", *extra], capsys)
    assert code != 0 and len(err.splitlines()) == 1 and line in err, err
    assert not (files / "out.csv").exists()


def test_void_fill_with_boxes_cut_to_size_on_the_command_line(files, capsys):
    (files / "m.toml").write_text("min = [100, 80, 20]\nmax = [600, 400, 400]\nstep = 10\n"
                                  "wall = 3\nboard_cost = 0.5\ncost = 0.05\n")
    code, out, err = run(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "-o", files / "out.csv", "--void-fill-cost", "0.05", "--on-demand",
                          files / "m.toml"], capsys)
    assert code == 0, err
    rows = rows_by_order(files / "out.csv")
    cat = Catalog([S, M], on_demand=[MACHINE], void_fill_cost=0.05)
    for oid, order in (("A", [Item(150, 100, 80, weight=100)]),
                       ("B", [Item(100, 100, 100, weight=100, quantity=2)])):
        p = pack(order, cat)
        assert rows[oid]["box_ids"] == "|".join(p.box_ids) or rows[oid]["box_ids"] == \
            p.box_ids[0], (rows[oid], p.box_ids)
        assert float(rows[oid]["cost"]) == pytest.approx(p.cost)
        assert float(rows[oid]["void_fill"]) == pytest.approx(p.boxes[0].void_fill)
