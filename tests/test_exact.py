"""The exact search: FIT and NO_FIT agree with a brute-force oracle of another method, every
FIT placement verifies, UNKNOWN only when the node budget runs out, and selection with the
search on never picks a dearer box than the heuristic alone."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartonize import Box, Catalog, Item, Packing, PackedBox, Placement, _core, pack, reference
from cartonize import verify
from cartonize.packing import item_rows
from cartonize.reference import exact_search as oracle
from cartonize.reference.extreme_points import Copy, turns_of

from strategies import catalogs

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def tiny_orders(draw, max_copies=4, max_side=8):
    items, copies = [], 0
    for k in range(draw(st.integers(1, max_copies))):
        q = draw(st.integers(1, max_copies - copies)) if copies < max_copies else 0
        copies += q
        items.append(Item(draw(st.integers(1, max_side)), draw(st.integers(1, max_side)),
                          draw(st.integers(1, max_side)), weight=draw(st.integers(0, 20)),
                          quantity=q, orientation=draw(st.sampled_from(["any", "upright",
                                                                         "fixed"]))))
    return [it for it in items if it.quantity]


def oracle_copies(items):
    return [Copy(i, q, (it.length, it.width, it.height), it.weight,
                 turns_of((it.length, it.width, it.height), it.orientation))
            for i, it in enumerate(items) for q in range(it.quantity)]


def as_packing(items, box, rows):
    return Packing((PackedBox(box, tuple(Placement(*r) for r in rows.tolist())),))


@SETTINGS
@given(tiny_orders(), st.integers(1, 12), st.integers(1, 12), st.integers(1, 12))
def test_fit_and_no_fit_agree_with_the_oracle(items, L, W, H):
    box = Box("B", L, W, H)
    status, rows, nodes = _core.exact_fit(L, W, H, item_rows(items), 10**7)
    truth = oracle.fit(box, oracle_copies(items))
    assert status == (0 if truth is not None else 1)
    if status == 0:
        verify(as_packing(items, box, rows), items, Catalog([box]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_orders(max_copies=8, max_side=6), st.integers(2, 10), st.integers(2, 10),
       st.integers(2, 10))
def test_unknown_only_when_the_budget_runs_out(items, L, W, H):
    rows = item_rows(items)
    budget = 20_000
    status, _, nodes = _core.exact_fit(L, W, H, rows, budget)
    if status == 2:
        assert nodes > budget  # it stopped because the budget ran out, not otherwise
        return
    assert nodes <= budget
    # The search is deterministic: with exactly the nodes it used it decides the same way,
    # with one node fewer it runs out and says UNKNOWN.
    assert _core.exact_fit(L, W, H, rows, nodes)[0] == status
    if nodes >= 1:  # 0: decided before any search (a copy fits no turn)
        assert _core.exact_fit(L, W, H, rows, nodes - 1)[0] == 2


@SETTINGS
@given(tiny_orders(), catalogs(max_boxes=5, max_side=12))
def test_selection_with_the_search_agrees_with_the_oracle_selection(items, catalog):
    core = pack(items, catalog, exact=True, node_limit=10**7)
    ref = reference.pack(items, catalog, exact=True)
    verify(core, items, catalog)
    assert core.box_ids == ref.box_ids
    assert core.proof == ref.proof
    assert core.lower_bound == ref.lower_bound
    if len(core.boxes) == 1:
        assert core.proof == "proven"


@SETTINGS
@given(tiny_orders(max_copies=6), catalogs(max_boxes=6, max_side=14))
def test_a_proven_box_is_never_dearer_than_the_heuristic_one(items, catalog):
    exact = pack(items, catalog, exact=True)
    heuristic = pack(items, catalog, exact=False)
    verify(exact, items, catalog)
    if exact.n_boxes == 1 and heuristic.n_boxes == 1:
        assert exact.cost <= heuristic.cost
    assert exact.n_boxes <= heuristic.n_boxes
    assert exact.lower_bound <= exact.n_boxes


# Found by a random scan: the heuristic fails on the tight box in both cases; in the first the
# search finds a packing, in the second it proves there is none.
HEURISTIC_MISSES = [(5, 4, 3), (4, 2, 1), (6, 6, 5), (2, 5, 6), (4, 1, 4)], (8, 8, 7)
TRULY_TOO_SMALL = [(5, 3, 5), (6, 1, 4), (3, 1, 1), (2, 2, 5)], (3, 6, 8)
# Found by random scans too: ruled out only by the bounds with the tight box as the only bin,
# and only by the search.
BOUNDS_PROVE = [(7, 3, 6), (4, 3, 5), (4, 4, 3), (3, 1, 3)], (9, 7, 5)
SEARCH_PROVES = [(4, 3, 4), (1, 7, 1), (3, 1, 7), (3, 3, 5)], (9, 5, 3)


def tight_or_roomy(case):
    sizes, tight = case
    items = [Item(*s) for s in sizes]
    return items, Catalog([Box("tight", *tight, cost=1.0), Box("roomy", 40, 40, 40, cost=9.0)])


def test_the_search_finds_what_the_heuristic_misses():
    items, cat = tight_or_roomy(HEURISTIC_MISSES)
    assert pack(items, cat, exact=False).box_ids == ("roomy",)
    p = pack(items, cat)  # the search is on by default
    verify(p, items, cat)
    assert p.box_ids == ("tight",) and p.proof == "proven"


def test_two_cubes_of_two_do_not_fit_three_cubed_proof():
    status, _, _ = _core.exact_fit(3, 3, 3, item_rows([Item(2, 2, 2, quantity=2)]), 10**6)
    assert status == 1


def test_proof_says_how_the_cheaper_box_was_ruled_out():
    # The cheap bounds alone: 6 x 1 x 4 and 5 x 3 x 5 can stand apart along no axis but z in
    # 3 x 6 x 8 (their least sides add up to more than the box on x and y), and 4 + 5 > 8.
    items, cat = tight_or_roomy(TRULY_TOO_SMALL)
    assert pack(items, cat).box_ids == ("roomy",)
    assert pack(items, cat, exact=False).proof == "proven"
    # The bounds with the tight box as the only bin (run where a proof is wanted), even with
    # too many copies to search.
    items, cat = tight_or_roomy(BOUNDS_PROVE)
    assert pack(items, cat).box_ids == ("roomy",)
    assert pack(items, cat, exact=False).proof == "heuristic"
    assert pack(items, cat, exact_max_copies=3).proof == "proven"
    assert reference.pack(items, cat, exact_max_copies=3).proof == "proven"
    # Only the search.
    items, cat = tight_or_roomy(SEARCH_PROVES)
    assert pack(items, cat).box_ids == ("roomy",)
    assert pack(items, cat).proof == "proven"
    assert pack(items, cat, exact=False).proof == "heuristic"
    assert pack(items, cat, exact_max_copies=3).proof == "heuristic"
    # Seven of these slabs stack in the tight box and the eighth fits beside none of them: the
    # Fekete-Schepers bound shows it once a side over half the bin (260 of 300) may count as
    # the whole bin, with no search at all.
    slabs, cat3 = [Item(260, 225, 32, quantity=8)], Catalog(
        [Box("tight", 300, 230, 240, cost=1.0), Box("roomy", 600, 600, 600, cost=9.0)])
    assert pack(slabs, cat3).box_ids == ("roomy",)
    assert pack(slabs, cat3, exact=False).proof == "heuristic"
    assert pack(slabs, cat3, exact_max_copies=3).proof == "proven"
    assert pack(slabs, cat3, node_limit=1).proof == "proven"
    # Ruled out by the cheap bounds alone is a proof too: two 6x6 tiles cannot share 10x10x1.
    cat2 = Catalog([Box("S", 10, 10, 1, cost=1.0), Box("L", 50, 50, 50, cost=9.0)])
    assert pack([Item(6, 6, 1, quantity=2)], cat2, exact=False).proof == "proven"


def test_lower_bound_of_a_split():
    cat = Catalog([Box("B", 20, 20, 20)])
    p = pack([Item(10, 10, 10, quantity=17)], cat)
    assert p.n_boxes == 3 and p.lower_bound == 3 and p.proof == "heuristic"


def test_pack_many_carries_proof_and_lower_bound():
    from cartonize import pack_many
    items, cat = tight_or_roomy(SEARCH_PROVES)
    cols = {"order_id": np.array([1] * len(items) + [2]),
            "length": np.array([it.length for it in items] + [1]),
            "width": np.array([it.width for it in items] + [1]),
            "height": np.array([it.height for it in items] + [1])}
    t = pack_many(cols, cat)
    assert list(t["proof"]) == ["proven", "proven"]
    assert list(t["lower_bound"]) == [1, 1]
    assert list(pack_many(cols, cat, exact=False)["proof"]) == ["heuristic", "proven"]


def test_exact_search_rejects_too_many_copies():
    with pytest.raises(ValueError, match="at most"):
        _core.exact_fit(9, 9, 9, item_rows([Item(1, 1, 1, quantity=40)]), 100)


@pytest.mark.parametrize("orientation", ["fixed", "any"])
def test_mpv_bound_counts_boxes_that_cannot_share_a_bin(orientation):
    # Three 6x6x6 cubes in 10x10x10 bins: no two share a bin (each is over half the bin on
    # every axis), which Martello-Pisinger-Vigo's L1 sees and volume (648 < 1000) does not.
    cat = Catalog([Box("bin", 10, 10, 10)])
    p = pack([Item(6, 6, 6, quantity=3, orientation=orientation)], cat)
    assert p.n_boxes == 3 and p.lower_bound == 3
    assert reference.pack([Item(6, 6, 6, quantity=3, orientation=orientation)], cat,
                          exact=False).lower_bound == 3


def test_fekete_schepers_from_the_identity_does_not_replace_its_grid():
    # Found in review: searching one axis at a time from the identity alone (without the grid
    # over u_e) gave 1 here, where the grid proves that two boxes are needed.
    order = [Item(22, 15, 4, quantity=7), Item(11, 26, 4, quantity=2, orientation="upright")]
    cat = Catalog([Box("B", 33, 34, 12, cost=1)])
    p = pack(order, cat)
    assert p.n_boxes == 2 and p.lower_bound == 2
    assert reference.pack(order, cat).lower_bound == 2


def test_lower_bounds_hold_on_random_bin_packing_instances():
    rng = np.random.default_rng(5)
    for _ in range(30):
        items = [Item(*map(int, rng.integers(1, 11, 3)), orientation="fixed")
                 for _ in range(int(rng.integers(5, 40)))]
        p = pack(items, Catalog([Box("bin", 10, 10, 10)]), exact=False)
        assert 1 <= p.lower_bound <= p.n_boxes


def test_flat_items_that_can_stand_apart_on_no_floor_axis_stack():
    # A BoxPacker order of flat items: in the flat box O2 (374 x 364 x 40) no two of them can
    # lie side by side (their least sides on x, and on y, add up to more than the box's), so
    # they stack: 4 x 6 + 2 x 5 + 15 + 5 = 54 mm > 40. The 234 x 182 and 210 x 148 items are
    # not more than half the box on both floor axes: the stacking bound counts them because
    # they can stand apart from none of the others. The cheap bounds prove it, before any
    # attempt and without the exact option; O3 is proven the cheapest.
    cat = Catalog([Box("O1", 300, 230, 240), Box("O2", 374, 364, 40), Box("O3", 305, 229, 520),
                   Box("O4", 260, 220, 15)])
    order = [Item(330, 230, 6, quantity=4), Item(297, 210, 5, quantity=2), Item(234, 182, 15),
             Item(210, 148, 5)]
    for p in (pack(order, cat, exact=False), reference.pack(order, cat, exact=False)):
        assert p.box_ids == ("O3",) and p.proof == "proven"
        verify(p, order, cat)
    # Without the two smaller items the big ones alone stack to 34 mm: no proof.
    big = order[:2]
    assert pack(big, cat, exact=False).box_ids == ("O2",)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 40), st.integers(1, 40),
                          st.sampled_from(["any", "upright", "fixed"])), min_size=1, max_size=6),
       st.tuples(st.integers(1, 60), st.integers(1, 60), st.integers(1, 60)), st.integers(0, 2))
def test_the_sums_copies_span_are_those_of_one_extent_or_none_each(dims, box, a):
    # The proof over a bag's thicknesses cuts each side of a box down to the most the copies'
    # extents along it add up to within it (Spans in csrc/lower_bounds.hpp, span_sums in the
    # reference): each copy giving one extent or none, in a turn that fits the box. Here every
    # such sum, against every choice for every copy, tried one by one.
    from itertools import product

    from cartonize.reference.lower_bounds import span_sums
    copies = [Copy(k, 0, d[:3], 0, turns_of(d[:3], d[3]), k) for k, d in enumerate(dims)]
    options = [[0] + sorted({t[a] for t in c.turns if all(t[x] <= box[x] for x in range(3))})
               for c in copies]
    sums = {s for s in map(sum, product(*options)) if s <= box[a]}
    assert span_sums(box, copies)[a] == sum(1 << s for s in sums)


def test_the_bound_counts_how_many_fit_across_an_axis():
    # Upright 285 x 80 x 70 columns in 300 x 230 x 240: two fit across y (80 of 230) and three
    # up z (70 of 240), one along x: six. Seven are refused by the bound with u^(k) (each
    # counts 1/2 on y and 1/3 on z), with no search; six fit.
    cat = Catalog([Box("tight", 300, 230, 240, cost=1.0), Box("roomy", 600, 600, 600, cost=9.0)])
    seven = [Item(285, 80, 70, quantity=7, orientation="upright")]
    six = [Item(285, 80, 70, quantity=6, orientation="upright")]
    assert pack(six, cat).box_ids == ("tight",)
    assert pack(seven, cat, exact=False).proof == "heuristic"
    p = pack(seven, cat, exact_max_copies=3)
    assert p.box_ids == ("roomy",) and p.proof == "proven"


def test_identical_copies_are_ordered_along_the_axis_they_stack_on():
    # Six 330 x 230 x 6 sheets stack up z in a 374 x 364 x 40 box (36 mm), and a 210 x 148 x 5
    # card fits beside none of them, nor on top (41 > 40). The search orders identical copies
    # along z here, where they can be apart, so it proves it in under 10,000 nodes (ordered
    # along x, where no two sheets can be apart, it took 651,571).
    rows = item_rows([Item(330, 230, 6, quantity=6), Item(210, 148, 5)])
    status, _, nodes = _core.exact_fit(374, 364, 40, rows, 10_000)
    assert status == 1 and nodes <= 10_000
    assert _core.exact_fit(374, 370, 40, rows, 10**6)[0] == 1  # still too small
    status, placed, _ = _core.exact_fit(374, 364, 41, rows, 10**6)
    assert status == 0  # one millimetre more and they fit


def test_a_side_by_side_that_cannot_fit_costs_the_search_no_node():
    # Sheets that overlap in plan in any turn can only be apart along z: the relations along
    # x and y fail at once, and are not counted against the budget. Three 297 x 210 flats
    # (16 mm) fill the floor of a 310 x 210 x 40 box; the three 190 x 135-136 x 14 cards need two
    # layers of 14 above them (44 > 40): proven within 10,000 nodes (it ran out of them when
    # those relations were counted).
    rows = item_rows([Item(297, 210, 4), Item(297, 210, 8), Item(295, 206, 4),
                      Item(190, 136, 14, quantity=2), Item(190, 135, 14)])
    status, _, nodes = _core.exact_fit(310, 210, 40, rows, 10_000)
    assert status == 1 and nodes <= 10_000
    # With 4 mm more the cards take their two layers: a fit, each copy inside and apart.
    status, placed, _ = _core.exact_fit(310, 210, 44, rows, 10**6)
    assert status == 0
    # rows: item, copy, x, y, z, length, width, height
    boxes = [(r[2], r[3], r[4], r[2] + r[5], r[3] + r[6], r[4] + r[7]) for r in placed.tolist()]
    assert len(boxes) == 6 and all(b[3] <= 310 and b[4] <= 210 and b[5] <= 44 for b in boxes)
    for a in range(6):
        for b in range(a):
            p, q = boxes[a], boxes[b]
            assert any(p[k + 3] <= q[k] or q[k + 3] <= p[k] for k in range(3))


@st.composite
def boxes_near_each_other(draw):
    L, W, H = (draw(st.integers(2, 10)) for _ in range(3))
    return [tuple(max(1, s + draw(st.integers(-2, 2))) for s in (L, W, H))
            for _ in range(draw(st.integers(2, 8)))]


@SETTINGS
@given(tiny_orders(max_side=6), boxes_near_each_other(), st.sampled_from([5, 10**7]))
def test_a_search_not_run_again_answers_as_the_oracle(items, boxes, node_limit):
    # As the walk searches, box after box: a search whose answer the last search without a
    # fit gives is not run. Every answer, run or not, is the search's alone (the oracle's
    # where it has the nodes); one not run costs no node, one run what it costs alone.
    rows = item_rows(items)
    copies = oracle_copies(items)
    for (L, W, H), (status, nodes) in zip(boxes, _core.exact_fit_each(boxes, rows, node_limit)):
        alone, _, alone_nodes = _core.exact_fit(L, W, H, rows, node_limit)
        assert status == alone and nodes in (0, alone_nodes)
        if status != 2:
            truth = oracle.fit(Box("B", L, W, H), copies)
            assert status == (0 if truth is not None else 1)


def test_a_mailer_s_neighbouring_thicknesses_repeat_a_search_that_is_not_run_again():
    # From the BoxPacker orders: A4 flats and a book in the 450 x 350 mailer. At 60, 59, 58
    # and 57 mm the search proves no fit in 4,796 nodes each (at 450 - h x 350 - h x h). The
    # first compares nothing between 390 and 445 mm along x or between 290 and 297 along y,
    # and along z a thinner box only cuts more: the next three are not run. At 54 mm the
    # book's twin axis follows the box's new proportions (21 / 54 against 148 / 396), so
    # the search there is another and is run; at 53 a fit, which is always searched.
    rows = item_rows([Item(330, 230, 6), Item(297, 210, 5), Item(297, 210, 13),
                      Item(297, 210, 6), Item(297, 210, 11), Item(297, 210, 4),
                      Item(210, 210, 2), Item(209, 148, 21)])
    boxes = [(450 - h, 350 - h, h) for h in (60, 59, 58, 57, 54, 53)]
    alone = [_core.exact_fit(*b, rows, 10_000) for b in boxes]
    assert [(a[0], a[2]) for a in alone] == [(1, 4796)] * 4 + [(1, 716), (0, 376)]
    assert _core.exact_fit_each(boxes, rows, 10_000) == [(1, 4796), (1, 0), (1, 0), (1, 0),
                                                         (1, 716), (0, 376)]
    # A search that ran out of nodes is not taken for a smaller box's, which finishes.
    assert _core.exact_fit_each([(390, 290, 60), (390, 290, 45)], rows, 1000) == [
        (2, 1001), _core.exact_fit(390, 290, 45, rows, 1000)[0::2]]
    assert _core.exact_fit(390, 290, 45, rows, 1000)[0] == 1
