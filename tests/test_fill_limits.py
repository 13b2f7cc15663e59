"""Fill limits: Box(max_fill=0.85) and Bag(max_fill=...) let the contents take at most that
share of the inner volume (a bag's: at the thickness it is filled to). The core is held to the
reference with limits drawn at random (boxes, bags, splits, tariffs), every packing passes
verify, which names the box, its contents and its limit; the figures below are worked out by
hand."""

import dataclasses
from decimal import Decimal

import numpy as np
import pytest
from cartonize import (
    Bag,
    Box,
    Catalog,
    Item,
    Order,
    PackedBox,
    Packing,
    Placement,
    pack,
    pack_many,
    reference,
    verify,
)
from cartonize.batch import to_columns
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import items
from test_bags import mixed_catalogs
from test_landed_cost import tariffs
from test_pack_many import check_against_pack
from test_view import run, run_refused

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def filled(draw, catalogs):
    """A catalogue of `catalogs` with a max_fill drawn for some of its boxes and bags."""
    cat = draw(catalogs)
    fills = st.one_of(st.none(), st.sampled_from([0.3, 0.5, 0.65, 0.8, 0.9, 1.0]),
                      st.floats(0.05, 1.0))
    return Catalog([dataclasses.replace(b, max_fill=draw(fills)) for b in cat])


@SETTINGS
@given(items(max_lines=10), filled(mixed_catalogs()))
def test_core_equals_reference_with_fill_limits(order, catalog):
    fast = pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact=False)
    assert pack(Order(order), catalog, exact=False) == fast


@SETTINGS
@given(items(max_lines=8, max_side=40), filled(mixed_catalogs(max_entries=4, max_side=45)))
def test_core_equals_reference_when_fill_limits_split_orders(order, catalog):
    fast = pack(order, catalog, exact=False)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact=False)


@SETTINGS
@given(items(max_lines=8), filled(mixed_catalogs(priced=True)), tariffs(),
       st.sampled_from(["boxes", "cost"]))
def test_core_equals_reference_with_fill_limits_and_tariffs(order, catalog, services, objective):
    fast = pack(order, catalog, tariff=services, objective=objective, exact=False)
    verify(fast, order, catalog, tariff=services)
    assert fast == reference.pack(order, catalog, tariff=services, objective=objective,
                                  exact=False)


@SETTINGS
@given(items(max_lines=4, max_copies=6), filled(mixed_catalogs(max_entries=4)))
def test_with_the_search_every_packing_keeps_its_fill_limits(order, catalog):
    # (The core's search and the reference's brute-force oracle may place a fit they both
    # find differently: verify is the judge here.)
    p = pack(order, catalog)
    verify(p, order, catalog)


@SETTINGS
@given(st.lists(items(max_lines=5).filter(len), min_size=1, max_size=8),
       filled(mixed_catalogs(max_entries=4)), st.sampled_from([1, 2]))
def test_pack_many_keeps_fill_limits_as_pack_does(orders, catalog, threads):
    table, placements = pack_many(to_columns({10 + o: x for o, x in enumerate(orders)}),
                                  catalog, threads=threads, placements=True)
    check_against_pack(orders, catalog, table, placements)


CUBE = Item(50, 50, 50, id="cube")  # 125,000 mm3


def test_a_box_filled_to_half_takes_four_cubes_of_the_eight_that_fit():
    # 100^3 = 1,000,000 mm3; at max_fill 0.5 it takes 500,000: four 50 mm cubes, though
    # eight fit. Nine cubes: 4 + 4 + 1 in three boxes, and the volume bound says 3.
    half = Box("A", 100, 100, 100, max_fill=0.5)
    order = [Item(50, 50, 50, quantity=9, id="cube")]
    p = pack(order, Catalog([half]))
    assert p.box_ids == ("A", "A", "A") and p.lower_bound == 3
    assert sorted(len(b.placements) for b in p.boxes) == [1, 4, 4]
    verify(p, order, Catalog([half]))
    # Without the limit, eight go in one box.
    assert pack(order, Catalog([Box("A", 100, 100, 100)])).n_boxes == 2


@pytest.mark.parametrize("limit, cubes", [(0.5, 4), (0.4999999, 3), (0.57, 4), (0.375, 3)])
def test_a_fill_limit_holds_to_its_last_digit(limit, cubes):
    # Found by a warehouse engineer's trial: the limit went to the nearest part per million,
    # so 0.4999999 took the 500,000 mm3 of four 50 mm cubes. Rounded down now, past a
    # float's last digit only (0.000249 x 10^6 is 248.99999999999997: 249 ppm).
    box = Box("A", 100, 100, 100, max_fill=limit)
    order = [Item(50, 50, 50, quantity=4)]
    p = pack(order, Catalog([box]))
    assert len(p.boxes[0].placements) == cubes
    verify(p, order, Catalog([box]))
    assert reference.pack(order, Catalog([box])) == p
    # verify counts the limit as the packer does: four cubes over 0.4999999 are refused.
    four = Packing((PackedBox(box, tuple(Placement(0, k, 50 * (k % 2), 50 * (k // 2), 0,
                                                   50, 50, 50) for k in range(4))),))
    if cubes < 4:
        with pytest.raises(ValueError, match="max_fill"):
            verify(four, order, Catalog([box]))
    else:
        verify(four, order, Catalog([box]))
    from cartonize import _grid
    assert _grid.fill_ppm(0.000249) == 249 and _grid.fill_ppm(0.9999995) == 999_999


def test_the_cheaper_box_over_its_limit_is_passed_over_with_a_proof():
    # S: 200 x 150 x 100 = 3,000,000 mm3, at 0.8 takes 2,400,000; the item is 190 x 140 x 95
    # = 2,527,000: it fits S by size, not by fill, so M is chosen, and that is proven.
    cat = Catalog([Box("S", 200, 150, 100, cost=1, max_fill=0.8), Box("M", 300, 200, 150, cost=2)])
    p = pack([Item(190, 140, 95)], cat)
    assert p.box_ids == ("M",) and p.proof == "proven"
    assert pack([Item(190, 140, 90)], cat).box_ids == ("S",)  # 2,394,000: within the 80 %


def test_a_copy_over_every_limit_is_too_large():
    half = Catalog([Box("A", 100, 100, 100, max_fill=0.5)])
    p = pack([Item(90, 90, 90), Item(10, 10, 10)], half)  # 729,000 > 500,000
    assert p.unpacked == ((0, 0, "too_large"),) and p.box_ids == ("A",)
    verify(p, [Item(90, 90, 90), Item(10, 10, 10)], half)


def test_a_bag_is_limited_at_the_thickness_it_is_filled_to():
    # The mailer 350 x 250 takes at thickness h the box (350 - h) x (250 - h) x h. Three
    # shirts 300 x 210 x 20 (1,260,000 mm3 each, 3,780,000) lie in a pile 60 thick: at
    # h = 60, 290 x 190 x 60 is too small for them; they fit at h <= 40 only two a pile.
    # Two shirts (2,520,000) at h = 40: 310 x 210 x 40 = 2,604,000; 2,520,000 is 96.8 % of
    # it. At max_fill 0.95 no thickness that holds the pile has room: it goes in the box.
    box = Box("M", 350, 260, 100, cost=0.40)
    shirts = [Item(300, 210, 20, quantity=2, id="shirt")]
    assert pack(shirts, Catalog([box, Bag("m", 350, 250, cost=0.1)])).box_ids == ("m",)
    tight = Catalog([box, Bag("m", 350, 250, cost=0.1, max_fill=0.95)])
    p = pack(shirts, tight)
    assert p.box_ids == ("M",) and p.proof == "proven"
    # At max_fill 0.97 the bag at 40 takes 2,525,880 >= 2,520,000: the bag again.
    assert pack(shirts, Catalog([box, Bag("m", 350, 250, cost=0.1, max_fill=0.97)])
                ).box_ids == ("m",)


def test_verify_names_the_box_its_contents_and_its_limit():
    half = Box("A", 100, 100, 100, max_fill=0.5)
    five = Packing((PackedBox(half, tuple(Placement(0, c, 50 * (c % 2), 50 * (c // 2 % 2),
                                                    50 * (c // 4), 50, 50, 50)
                                          for c in range(5))),))
    with pytest.raises(ValueError, match=r"box 0 \('A'\): contents 625000 mm3 exceed max_fill "
                                         r"0.5 of 1000000 mm3 inside \(at most 500000 mm3\)"):
        verify(five, [Item(50, 50, 50, quantity=5)], Catalog([half]))
    bag = Bag("m", 350, 250, max_fill=0.9)
    two = Packing((PackedBox(bag, (Placement(0, 0, 0, 0, 0, 300, 210, 20),
                                   Placement(0, 1, 0, 0, 20, 300, 210, 20))),))
    with pytest.raises(ValueError, match=r"box 0 \('m'\): contents 2520000 mm3 exceed max_fill "
                                         r"0.9 of its inner volume at the best thickness for "
                                         r"the block 300 x 210 x 40 \(at most 2343600 mm3\)"):
        verify(two, [Item(300, 210, 20, quantity=2)], Catalog([bag]))


@pytest.mark.parametrize("make, error, text", [
    (lambda: Box("x", 10, 10, 10, max_fill=0), ValueError, r"box 'x': max_fill = 0 must be in"),
    (lambda: Box("x", 10, 10, 10, max_fill=1.2), ValueError, r"max_fill = 1.2 must be in \(0, 1\]"),
    (lambda: Box("x", 10, 10, 10, max_fill="0.8"), TypeError, "max_fill must be a number"),
    (lambda: Box("x", 10, 10, 10, max_fill=float("nan")), ValueError, "max_fill = nan"),
    (lambda: Bag("x", 100, 100, max_fill=True), TypeError, "bag 'x': max_fill must be a number"),
    (lambda: Box("x", 10, 10, 10, max_fill=np.True_), TypeError, "max_fill must be a number"),
    (lambda: Box("x", 10, 10, 10, max_fill=Decimal("sNaN")), ValueError,
     "box 'x': max_fill = Decimal"),
    (lambda: Box("x", 10, 10, 10, max_fill=1e-7), ValueError, "must be at least 0.000001"),
])
def test_a_bad_fill_limit_is_refused_with_what_is_wrong(make, error, text):
    with pytest.raises(error, match=text):
        make()


def test_a_fill_limit_of_one_is_no_limit():
    assert Box("x", 10, 10, 10, max_fill=1).max_fill is None
    assert Box("x", 10, 10, 10, max_fill=1) == Box("x", 10, 10, 10)


# -- the command line --------------------------------------------------------------------------

ORDERS = ("order_id,item_id,length,width,height,weight,quantity\n"
          "A,book,190,140,95,100,1\nB,cube,100,100,100,100,2\n")


@pytest.fixture
def files(tmp_path):
    (tmp_path / "orders.csv").write_text(ORDERS)
    return tmp_path


def _boxes_of(tmp, capsys, boxes, *extra):
    (tmp / "boxes.csv").write_text(boxes)
    code, out, err = run(["pack", tmp / "orders.csv", "--boxes", tmp / "boxes.csv",
                          "-o", tmp / "out.csv", "--quiet", *extra], capsys)
    assert code == 0, err
    import csv
    with open(tmp / "out.csv", newline="") as f:
        return [(r["order_id"], r["box_ids"]) for r in csv.DictReader(f)]


def test_the_boxes_file_takes_max_fill_and_the_option_fills_in_the_rest(files, capsys):
    # S 200 x 150 x 100 = 3,000,000; M 300 x 200 x 150 = 9,000,000. A's book is 2,527,000,
    # B's two cubes 2,000,000.
    plain = "id,length,width,height,max_fill\nS,200,150,100,\nM,300,200,150,\n"
    assert _boxes_of(files, capsys, plain) == [("A", "S"), ("B", "S")]
    # S at 0.8 takes 2,400,000: B only.
    assert _boxes_of(files, capsys, "id,length,width,height,max_fill\nS,200,150,100,0.8\n"
                                    "M,300,200,150,\n") == [("A", "M"), ("B", "S")]
    # --max-fill 0.6 for the rows without one: S takes 1,800,000, neither.
    assert _boxes_of(files, capsys, plain, "--max-fill", "0.6") == [("A", "M"), ("B", "M")]
    # A row's own max_fill wins over the option.
    assert _boxes_of(files, capsys, "id,length,width,height,max_fill\nS,200,150,100,1\n"
                                    "M,300,200,150,\n", "--max-fill", "0.5") == [("A", "S"),
                                                                                 ("B", "S")]


def test_max_fill_with_a_cutting_machine_is_one_line(files, capsys):
    (files / "boxes.csv").write_text("id,length,width,height\nS,200,150,100\n")
    (files / "m.toml").write_text("min = [100, 80, 20]\nmax = [600, 400, 400]\n")
    code, err = run_refused(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                             "-o", files / "out.csv", "--max-fill", "0.8", "--on-demand",
                             files / "m.toml"], capsys)
    assert code != 0 and len(err.splitlines()) == 1, err
    assert "--max-fill does not go with --on-demand" in err
    assert not (files / "out.csv").exists()


@pytest.mark.parametrize("boxes, extra, line", [
    ("id,length,width,height,max_fill\nS,200,150,100,0\n", (),
     "boxes.csv: row 1: box 'S': max_fill = 0.0 must be in (0, 1]"),
    ("id,length,width,height,max_fill\nS,200,150,100,85\n", (),
     "boxes.csv: row 1: box 'S': max_fill = 85.0 must be in (0, 1]"),
    ("id,length,width,height,max_fill\nS,200,150,100,lots\n", (),
     "boxes.csv: row 1: max_fill = 'lots' is not a number"),
    ("id,length,width,height\nS,200,150,100\n", ("--max-fill", "1.5"),
     "--max-fill: '1.5' must be in [0.000001, 1]"),
    ("id,length,width,height\nS,200,150,100\n", ("--max-fill", "1e-7"),
     "--max-fill: '1e-7' must be in [0.000001, 1]"),
    ("id,length,width,height\nS,200,150,100\n", ("--max-fill", "most"),
     "--max-fill: 'most' is not a number"),
])
def test_a_bad_fill_limit_is_one_line_naming_where(files, capsys, boxes, extra, line):
    (files / "boxes.csv").write_text(boxes)
    code, err = run_refused(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                             "-o", files / "out.csv", *extra], capsys)
    assert code != 0 and len(err.splitlines()) == 1 and line in err, err
    assert not (files / "out.csv").exists()


def test_the_saving_against_current_boxes_says_when_fewer_orders_are_packed(files, capsys):
    # At --max-fill 0.5, M (9 L) takes 4.5 L: the book (2.527 L) goes in M, the big item
    # (280 x 190 x 140, 7.448 L) in no box, while the current boxes (their own max_fill 1
    # wins over the option) take both. The saving says the new boxes leave one more order.
    (files / "orders.csv").write_text("order_id,item_id,length,width,height,weight,quantity\n"
                                      "A,book,190,140,95,100,1\nC,big,280,190,140,100,1\n")
    (files / "boxes.csv").write_text("id,length,width,height,cost\nS,200,150,100,0.30\n"
                                     "M,300,200,150,0.45\n")
    (files / "current.csv").write_text("id,length,width,height,cost,max_fill\n"
                                       "M,300,200,150,0.45,1\n")
    code, out, err = run(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "-o", files / "out.csv", "--max-fill", "0.5", "--current",
                          files / "current.csv"], capsys)
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("saved vs --current"))
    assert line.endswith("; but 1 more order not fully packed here, whose copies in no box "
                         "count nothing)"), line
