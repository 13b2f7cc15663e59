"""Bags and mailers beside boxes. A bag of flat size L x W holds contents whose block l x w x h
has l + h <= L, w + h <= W and h <= its max_height. The core is held to the reference with bags
and boxes drawn at random (with and without tariffs, placement for placement); every packing
passes verify, which names the side a bag's block breaks; the figures a packer and a planner
read (the filled size, what it ships at) are worked out by hand here."""

from pathlib import Path

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
    Tariff,
    pack,
    reference,
    verify,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import items
from test_landed_cost import tariffs

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mixed_catalogs(draw, max_entries=6, max_side=60, priced=False):
    """Boxes and bags (at least one bag), some with a max_height, wall and load limit."""
    n = draw(st.integers(1, max_entries))
    out = []
    # Without a tariff (not `priced`) every entry has a cost or none: a mix is refused.
    every = None if priced else draw(st.booleans())
    for k in range(n):
        money = st.integers(0, 20).map(lambda v: v / 8)
        cost = draw(st.one_of(st.none(), money) if every is None else
                    money if every else st.none())
        limit = draw(st.one_of(st.none(), st.integers(0, 400)))
        empty = draw(st.integers(0, 30))
        if k == 0 or draw(st.booleans()):
            bl, bw = draw(st.integers(2, max_side)), draw(st.integers(2, max_side))
            out.append(Bag(f"G{k}", bl, bw,
                           max_height=draw(st.one_of(st.none(), st.integers(1, max_side // 2))),
                           cost=cost, max_weight=limit, empty_weight=empty,
                           wall=draw(st.integers(0, min(3, (min(bl, bw) - 1) // 2)))))
        else:
            l, w, h = (draw(st.integers(1, max_side)) for _ in range(3))
            pad = draw(st.integers(0, 4)) if priced else 0
            out.append(Box(f"B{k}", l, w, h, max_weight=limit, cost=cost, empty_weight=empty,
                           outer=(l + pad, w + pad, h + pad)))
    return Catalog(draw(st.permutations(out)))


@SETTINGS
@given(items(max_lines=10), mixed_catalogs())
# Four 5 x 21 plates and a stick of 21 in a mailer 2 thick: the fuller stacking bound over
# the box that holds every thickness proves no bag holds them (the reference used it, the
# core only at each thickness, and gave a lower bound of 1 where the reference gave 2).
@example([Item(1, 1, 21, weight=0), Item(5, 21, 2, weight=0, quantity=4)],
         Catalog([Bag("G0", 21, 25, max_height=2, cost=0.0), Box("B1", 1, 1, 3, cost=3.0)]))
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


@st.composite
def orders_near_a_bag(draw):
    """One to four lines of flat copies sized from a bag's flat size (or small blocks), in any
    orientation, some not to be stacked on, in a bag (and sometimes a second) beside a box:
    most draws are for the proof over the bag's thicknesses to settle."""
    L, W = draw(st.integers(6, 40)), draw(st.integers(6, 40))
    money = st.integers(0, 20).map(lambda v: v / 8)
    out = [Bag("G", L, W, max_height=draw(st.one_of(st.none(), st.integers(1, 20))),
               cost=draw(money), max_weight=draw(st.one_of(st.none(), st.integers(0, 300))),
               wall=draw(st.integers(0, 2 if min(L, W) > 6 else 0)))]
    if draw(st.booleans()):
        out.append(Bag("G2", draw(st.integers(6, 40)), draw(st.integers(6, 40)),
                       max_height=draw(st.one_of(st.none(), st.integers(1, 20))), cost=draw(money)))
    out.append(Box("B", *(draw(st.integers(5, 50)) for _ in range(3)), cost=draw(money)))
    flat = draw(st.booleans())
    order = []
    for k in range(draw(st.integers(1, 4))):
        size = ((draw(st.integers(L // 4 + 1, max(L // 4 + 1, L - 1))),
                 draw(st.integers(W // 4 + 1, max(W // 4 + 1, W - 1))), draw(st.integers(1, 6)))
                if flat else tuple(draw(st.integers(1, 20)) for _ in range(3)))
        order.append(Item(*size, weight=draw(st.integers(0, 60)), quantity=draw(st.integers(1, 3)),
                          orientation=draw(st.sampled_from(["any", "upright", "fixed"])),
                          stackable=draw(st.integers(0, 9)) > 0))
    return order, Catalog(draw(st.permutations(out)))


@settings(SETTINGS, max_examples=1000)
@given(orders_near_a_bag(), st.one_of(st.none(), tariffs()), st.sampled_from([0.0, 0.6]))
# Found in review (random orders): the heuristic at the open thickness of G's proof must try
# the first two attempts there too, as that thickness is not among those tried first.
@example(([Item(7, 8, 1, weight=36, quantity=2, orientation="upright", stackable=False),
           Item(20, 19, 4, weight=53, quantity=2, orientation="upright"),
           Item(15, 8, 3, weight=37, quantity=2)],
          Catalog([Box("B", 7, 7, 38, cost=4.75), Bag("G2", 18, 20, cost=1.0),
                   Bag("G", 21, 20, cost=1.25, empty_weight=6)])), None, 0.0)
def test_core_equals_reference_in_the_proof_over_thicknesses(case, services, support):
    # With the search on but taking no order (exact_max_copies=0), a bag no attempt fills
    # goes through the proof over its thicknesses, where both settle each thickness by the
    # bounds and the heuristic alone: placement for placement the same, with and without a
    # tariff and support (the tests above turn the search off, which skips the proof).
    order, catalog = case
    kw = dict(tariff=services, objective="cost") if services else {}
    fast = pack(order, catalog, exact_max_copies=0, min_support=support, **kw)
    verify(fast, order, catalog, **({"tariff": services} if services else {}))
    assert fast == reference.pack(order, catalog, exact_max_copies=0, min_support=support, **kw)


@st.composite
def piles_of_a_few_sizes(draw, sides=(20, 60), thickest=24):
    """Copies of one to three flat sizes, each side between a third of the bag's and its
    whole, up to fifteen of each: on the sides of the bag's boxes, their sums leave gaps,
    which the proof over the thicknesses can take as a proof (Spans in
    csrc/lower_bounds.hpp). `sides`: the bag's length and width, in mm."""
    L, W = draw(st.integers(*sides)), draw(st.integers(*sides))
    thick = draw(st.one_of(st.none(), st.integers(2, thickest)))
    bag = Bag("G", L, W, max_height=thick, cost=0.5, wall=draw(st.integers(0, 3)))
    box = Box("B", *(draw(st.integers(10, 5 * sides[1] // 4)) for _ in range(3)), cost=1.0)
    # As many copies as fill the bag at its roomiest thickness to about a half to the whole:
    # most such orders go through the proof.
    room = max((L - h) * (W - h) * h for h in range(1, min(L, W, thick or min(L, W))))
    sizes = [(draw(st.integers(L // 3 + 1, L)), draw(st.integers(W // 3 + 1, W)),
              draw(st.integers(1, thickest // 4))) for _ in range(draw(st.integers(1, 3)))]
    fill = draw(st.integers(5, 11)) / 10
    order = [Item(*d, weight=1, orientation=draw(st.sampled_from(["any", "upright", "fixed"])),
                  quantity=max(1, min(15, round(fill * room / len(sizes) / (d[0] * d[1] * d[2])))))
             for d in sizes]
    return order, Catalog([bag, box])


@settings(SETTINGS, max_examples=500)
@given(piles_of_a_few_sizes())
# Found among 20,000 such draws (7 of them proven with these sums, none without). Eleven
# 24 x 14 x 3 copies, upright: the sums rule out thicknesses no other bound settles, where
# the proof stopped before (the first thickness left open ends it) and the box shipped,
# unproven; it now goes on to 12 mm, where the bag holds them. Five 18 x 11 x 2 copies lie
# flat at every thickness the bag can take (2 to 4 mm) and span at most 11 + 11 = 22 mm of
# the 25 to 27 mm of its length left there: proven out of the bag.
@example(([Item(24, 14, 3, weight=1, quantity=11, orientation="upright")],
          Catalog([Bag("G", 55, 38, cost=0.5), Box("B", 78, 23, 42, cost=1.0)])))
@example(([Item(18, 11, 2, weight=1, quantity=5)],
          Catalog([Bag("G", 29, 32, max_height=4, cost=0.5), Box("B", 25, 11, 77, cost=1.0)])))
def test_core_equals_reference_where_the_copies_span_less_than_the_bag(case):
    # With the search taking no order, the proof over the bag's thicknesses rests on the
    # bounds: the core's and the reference's, with the sums the copies span, agree placement
    # for placement and proof for proof.
    order, catalog = case
    fast = pack(order, catalog, exact_max_copies=0)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact_max_copies=0)


@settings(SETTINGS, max_examples=300)
@given(piles_of_a_few_sizes(sides=(60, 400), thickest=80), st.sampled_from([0.0, 0.6]))
def test_core_equals_reference_where_the_sums_span_many_words(case, support):
    # The same on sides of 60 to 400 mm: the core keeps the sums in 64-bit words, and a sum
    # carried from one word into the next (or the largest sum found across words) is held to
    # the reference's; with and without support.
    order, catalog = case
    fast = pack(order, catalog, exact_max_copies=0, min_support=support)
    verify(fast, order, catalog)
    assert fast == reference.pack(order, catalog, exact_max_copies=0, min_support=support)


@SETTINGS
@given(items(max_lines=8), mixed_catalogs(priced=True), tariffs())
def test_weight_balance_keeps_each_bag_within_a_service(order, catalog, services):
    fast = pack(order, catalog, tariff=services, balance_weight=True, exact=False)
    verify(fast, order, catalog, tariff=services)
    assert fast == reference.pack(order, catalog, tariff=services, balance_weight=True,
                                  exact=False)


def in_a_fresh_thread(call):
    """call() in a thread of its own: the core's per-thread state, as a new one starts it."""
    import threading
    out = []
    t = threading.Thread(target=lambda: out.append(call()))
    t.start()
    t.join()
    return out[0]


def test_a_packing_does_not_depend_on_what_the_thread_packed_before():
    # Found by a warehouse engineer's trial (one in about 700,000 random orders): after any
    # earlier call with a bag of no greatest thickness, weight balance filled this mailer to
    # 39 mm where it takes 38, and verify refused it. A bag no thickness of which holds the
    # copies tried the thicknesses the last bag left behind.
    items = [Item(44, 39, 15, weight=161, quantity=3, category="a", max_per_box=2,
                  stackable=False),
             Item(6, 41, 33, weight=164, quantity=2, orientation="fixed", category="b",
                  stackable=False),
             Item(21, 24, 30, weight=174, quantity=2, orientation="upright", stackable=False)]
    catalog = Catalog([Box("B0", 97, 89, 48, cost=0.57),
                       Bag("G0", 139, 66, max_height=38, cost=0.49, wall=2)])
    rules = dict(incompatible=[("a", "b")])
    fresh = in_a_fresh_thread(lambda: pack(items, catalog, balance_weight=True, **rules))
    pack([Item(10, 10, 10)], Catalog([Bag("other", 121, 112)]))
    after = pack(items, catalog, balance_weight=True, **rules)
    verify(after, items, catalog, **rules)
    assert after == fresh


@SETTINGS
@given(items(max_lines=6), mixed_catalogs(max_entries=4), items(max_lines=4),
       mixed_catalogs(max_entries=3))
def test_a_packing_equals_the_one_a_fresh_thread_makes(order, catalog, before, other):
    # What one call leaves in the thread's workspace changes nothing in the next: weight
    # balance (the moves' fits into bags) and rules, after a call with other bags.
    def run():
        return pack(order, catalog, balance_weight=True, exact=False)
    pack(before, other, balance_weight=True, exact=False)
    after = run()
    verify(after, order, catalog)
    assert after == in_a_fresh_thread(run)


def test_weight_balance_does_not_grow_a_bag_past_the_longest_side_shipped():
    # Found by a review: weight balance priced a bag by the least it ships for and packed a
    # copy into it whose block then passed the service's max_length (191 mm here), which
    # verify refused ("no service takes it"). The move is priced at the block it makes now.
    order = [Item(71, 133, 25, weight=625, quantity=2), Item(101, 43, 22, weight=398, quantity=3),
             Item(116, 30, 3, weight=609)]
    catalog = Catalog([Bag("M", 161, 259, cost=0.3)])
    service = Tariff(divisor=5000, first_weight=1000, first_price=5, step_weight=500,
                     step_price=1, max_length=191)
    p = pack(order, catalog, tariff=service, balance_weight=True)
    verify(p, order, catalog, tariff=service)
    assert all(max(b.outer) <= 191 for b in p.boxes)
    assert p.n_boxes == pack(order, catalog, tariff=service).n_boxes


@SETTINGS
@given(items(max_lines=4, max_copies=6), mixed_catalogs(max_entries=4))
def test_with_the_search_every_packing_verifies(order, catalog):
    p = pack(order, catalog)
    verify(p, order, catalog)


@st.composite
def flats_in_a_mailer(draw):
    """Two to four flats each over a third of a mailer's flat size, and a box that holds
    anything at three times the price: whether the mailer holds them is often for the
    search to settle (in about one draw in ten the heuristic alone decides otherwise)."""
    L, W = draw(st.integers(8, 24)), draw(st.integers(8, 24))
    bag = Bag("G", L, W, max_height=draw(st.one_of(st.none(), st.integers(2, 8))), cost=1.0)
    order = [Item(draw(st.integers(L // 3, L - 1)), draw(st.integers(W // 3, W - 1)),
                  draw(st.integers(1, 5)), orientation=draw(st.sampled_from(["any", "upright"])))
             for _ in range(draw(st.integers(2, 4)))]
    return order, Catalog([bag, Box("B", 40, 40, 40, cost=3.0)])


@SETTINGS
@given(flats_in_a_mailer())
def test_with_the_search_the_core_chooses_and_proves_as_the_reference(case):
    # The core's search (with a budget it does not reach here) and the reference's
    # brute-force oracle settle every thickness the bounds leave open, so they choose, prove
    # and bound alike. (The order of the halves changes none of that without a budget: the
    # two example tests below pin what the order does.)
    order, catalog = case
    core = pack(order, catalog, node_limit=10**7, exact_max_copies=4)
    slow = reference.pack(order, catalog, exact_max_copies=4)
    verify(core, order, catalog)
    assert core.box_ids == slow.box_ids
    assert core.proof == slow.proof
    assert core.lower_bound == slow.lower_bound


def test_a_mailer_holds_a_pile_of_flats_its_search_finds_at_a_thick_fill():
    # From the BoxPacker orders: the heuristic fails, and the search, thinnest first, ran out
    # of its 10,000 nodes at 52 mm of a 60 mm mailer, so the carton at three times the price
    # was chosen, unproven. With the most room first the search finds a fill at 60 mm in a
    # few hundred nodes (the block it fills is 58 mm thick).
    cat = Catalog([Bag("poly-M", 450, 350, max_height=60, cost=0.09),
                   Box("carton", 400, 300, 200, cost=0.26)])
    order = [Item(297, 210, 9), Item(235, 182, 6, quantity=2), Item(213, 225, 16, quantity=2),
             Item(210, 148, 32), Item(209, 148, 21)]
    p = pack(order, cat)
    verify(p, order, cat)
    assert p.box_ids == ("poly-M",) and p.proof == "proven"


def test_the_heuristic_stands_a_pile_of_flats_beside_a_thick_one_in_a_mailer():
    # From the BoxPacker orders: five A4 flats (32 mm in all) and an A5 book 32 mm thick fit
    # a 450 x 350 mailer only with the A5 across (148 along the length) beside the pile of A4
    # turned lengthwise. The heuristic's attempts laid the A4 across and put a box at three
    # times the price; Volume / LowTop in the turned frame finds the mailer.
    cat = Catalog([Bag("poly-M", 450, 350, max_height=60, cost=0.09),
                   Box("carton", 600, 600, 600, cost=0.26)])
    order = [Item(297, 210, 8), Item(297, 210, 11), Item(297, 210, 3), Item(297, 210, 6),
             Item(297, 210, 4), Item(210, 148, 32), Item(210, 210, 2)]
    for exact in (False, True):
        p = pack(order, cat, exact=exact)
        verify(p, order, cat)
        assert p.box_ids == ("poly-M",)
    assert reference.pack(order, cat, exact=False) == pack(order, cat, exact=False)


def packed_as_the_reference(items, cat, box_ids, proof="proven"):
    """pack(items, cat), verified, in `box_ids` with `proof`, and the reference's packing
    placement for placement (the cases below come from the BoxPacker orders)."""
    p = pack(items, cat)
    verify(p, items, cat)
    assert p.box_ids == box_ids and p.proof == proof
    assert p == reference.pack(items, cat)
    return p


def test_the_proof_over_thicknesses_finds_a_narrow_window_the_first_tries_miss():
    # From the BoxPacker orders: 18 reams of A4 (4 mm each) stand in two piles of nine in a
    # 450 x 350 mailer only 36 to 38 mm thick (two piles across need 412 of its 450 - h mm,
    # nine reams 36 mm). The heuristic's first thicknesses miss that window, and the search
    # does not take 18 copies: a carton at 2.8 times the price was chosen, unproven. The
    # heuristic at each single thickness the proof leaves open finds the window, in the core
    # and in the reference, and the smaller mailer is proven too small.
    cat = Catalog([Box("carton", 300, 230, 240, cost=0.2559),
                   Bag("poly-S", 350, 250, max_height=40, cost=0.06),
                   Bag("poly-M", 450, 350, max_height=60, cost=0.09)])
    reams = [Item(295, 206, 4, weight=217, quantity=18)]
    p = packed_as_the_reference(reams, cat, ("poly-M",))
    assert 36 <= p.boxes[0].outer[2] <= 38


def test_a_bag_only_a_later_attempt_fills_is_chosen_when_the_proof_is_lost():
    # From the BoxPacker orders: 16 flat A4 things and two 285 x 80 x 70 boxes (18 copies) in
    # the padded mailer. The first two attempts fill it at no thickness tried; the third
    # attempt on waits until the proof over the thicknesses is lost (the search does not take
    # 18 copies), and then fills it. Not tried there, the carton would be chosen, unproven.
    items = [Item(330, 230, 6, weight=320, quantity=4), Item(298, 210, 4, weight=208, quantity=8),
             Item(297, 210, 4, weight=208, quantity=4), Item(285, 80, 70, weight=199, quantity=2)]
    cat = Catalog([Bag("padded-L", 500, 400, max_height=80, cost=0.28, wall=3, empty_weight=40),
                   Box("carton", 400, 300, 200, cost=0.38)])
    packed_as_the_reference(items, cat, ("padded-L",))


def test_after_a_lost_proof_the_later_attempts_skip_only_the_thicknesses_ruled_out():
    # Found among random piles of flat sizes, the search off: the first attempts fill the
    # 35 x 55 bag at none of the thicknesses tried (14, 11, 8, 5 mm); the proof then rules
    # out 14 mm, and is lost at 15 mm, where the heuristic's whole list fails. The attempts
    # after it skip 14 and 15 mm and fill the bag at 11 mm, as the reference does trying them
    # all. Skipping every thickness once any was ruled out put the order in two bags.
    cat = Catalog([Bag("G", 35, 55, cost=0.5), Box("B", 16, 25, 43, cost=1.0)])
    items = [Item(21, 20, 1, weight=1, quantity=6, orientation="upright"),
             Item(15, 31, 1, weight=1, quantity=5),
             Item(14, 24, 1, weight=1, quantity=7, orientation="upright")]
    p = pack(items, cat, exact_max_copies=0)
    verify(p, items, cat)
    assert p.box_ids == ("G",) and p.proof == "proven" and p.boxes[0].outer[2] == 11
    assert p == reference.pack(items, cat, exact_max_copies=0)


def test_the_proof_settles_two_thicknesses_at_once_and_ends_before_its_cap():
    # From the BoxPacker orders: five 210 x 148 x 32 books fit neither mailer, but settled one
    # thickness at a time, the proof over the 450 x 350 mailer's thicknesses (up to 60 mm)
    # reached its cap of ranges, and the carton was left "heuristic". The costlier bounds over
    # the box of two neighbouring thicknesses settle both at once, and the proof ends.
    books = [Item(210, 148, 32, quantity=5)]
    cat = Catalog([Box("carton", 300, 230, 240, cost=0.26),
                   Bag("poly-M", 450, 350, max_height=60, cost=0.09),
                   Bag("padded-L", 500, 400, max_height=80, cost=0.28, wall=3)])
    packed_as_the_reference(books, cat, ("carton",))


def test_flat_copies_span_less_of_a_side_than_it_has():
    # From the BoxPacker orders: 21 A5 booklets (210 x 148 mm, seven of them 5 to 32 mm
    # thick, three of each). At every thickness the 450 x 350 mailer can take they lie flat,
    # and 210 + 148 = 358 mm is the most they span of its length, 2 x 148 = 296 of its width
    # (where it is at least 296 mm wide) or 210 (where it is narrower): the volume they have
    # does not fit what is left of the bag at any thickness (Spans in csrc/lower_bounds.hpp).
    # Proven without the search (more than 8 copies); by the other bounds alone, neither here
    # nor in the reference.
    items = [Item(210, 148, 5, weight=129, quantity=3), Item(210, 148, 5, weight=155, quantity=3),
             Item(210, 148, 5, weight=138, quantity=3), Item(210, 148, 6, weight=139, quantity=3),
             Item(210, 148, 5, weight=146, quantity=3), Item(210, 148, 6, weight=173, quantity=3),
             Item(210, 148, 32, weight=880, quantity=3)]
    cat = Catalog([Bag("poly-M", 450, 350, max_height=60, cost=0.09),
                   Box("carton", 300, 230, 240, cost=0.26)])
    packed_as_the_reference(items, cat, ("carton",))


def test_with_a_tariff_the_search_fills_a_bag_before_the_heuristic_tries_again():
    # Priced finely by size, four copies in a bag: the search's fill at 88 mm is a pile of
    # four, 168 x 88 x 88, which ships for the least the bag can; the heuristic's fill at that
    # thickness spans 168 x 110 x 88 and ships for more, which would leave the choice
    # unproven. So with a tariff the search goes first at a single thickness.
    fine = [Tariff(name="fine", divisor=1000, first_weight=0, first_price=1.0,
                   step_weight=10, step_price=0.01, per_parcel=0.5)]
    items = [Item(168, 88, 22, weight=386, quantity=4)]
    cat = Catalog([Bag("g", 285, 199, max_height=93, cost=0.1),
                   Box("c", 900, 900, 900, cost=9.0)])
    for objective in ("cost", "boxes"):
        p = pack(items, cat, tariff=fine, objective=objective)
        verify(p, items, cat, tariff=fine)
        assert p.box_ids == ("g",) and p.proof == "proven"
        assert p.boxes[0].inner == (168, 88, 88) and round(p.cost, 2) == 3.15
        assert p == reference.pack(items, cat, tariff=fine, objective=objective)


def test_a_priced_bag_fill_that_ships_nowhere_does_not_hide_the_next_attempt():
    # Found in review: with Volume / LowTop second among a bag's attempts, its fill of G1
    # shipped at no service and ended the thickness, hiding the next attempt's fill that
    # ships; the split then skipped right-sizing its last bag (the walk's attempts were no
    # longer a superset of the right-sizing ones), so the core sent G0 where the reference
    # sent G1. And a bag the walk held was left to the split, no longer proven.
    order = [Item(13, 4, 3, quantity=4)]
    cat = Catalog([Bag("G1", 54, 50, cost=0.0, wall=2), Bag("G0", 9, 35, cost=1.75)])
    tar = [Tariff(divisor=13, first_weight=346, first_price=3.25, step_weight=4,
                  step_price=2.0, per_parcel=2.0, max_girth=59)]
    p = pack(order, cat, exact=False, tariff=tar)
    verify(p, order, cat, tariff=tar)
    assert p == reference.pack(order, cat, exact=False, tariff=tar)
    assert p.box_ids == ("G1", "G1")
    flat = [Tariff(divisor=1, first_weight=0, first_price=0, step_weight=1, step_price=0,
                   max_girth=12)]
    one = Catalog([Bag("G0", 12, 12, cost=0.0)])
    for exact in (False, True):
        q = pack([Item(4, 1, 1, quantity=3)], one, tariff=flat, exact=exact)
        assert q.box_ids == ("G0",) and q.proof == "proven"


MAILER = Bag("mailer-M", 350, 250, max_height=80, cost=0.12, empty_weight=20, wall=1)
BOX_M = Box("M", 350, 260, 100, cost=0.40, outer=(360, 270, 110), empty_weight=150)
SHIRT = Item(300, 210, 20, weight=200, id="shirt")


def shirts(n):
    return [Item(300, 210, 20, weight=200, quantity=n, id="shirt")]


def test_a_bag_holds_a_block_whose_sides_leave_room_for_its_thickness():
    cat = Catalog([BOX_M, MAILER])
    p = pack(shirts(2), cat)
    assert p.box_ids == ("mailer-M",) and p.proof == "proven"
    # Two shirts flat: 300 x 210 x 40, and 300 + 40 <= 350, 210 + 40 <= 250.
    assert p.boxes[0].block == (300, 210, 40) and p.boxes[0].inner == (300, 210, 40)
    assert p.boxes[0].outer == (302, 212, 42)  # the block plus 1 mm of wall a side
    assert BOX_M.kind == "box" and pack(shirts(2), Catalog([BOX_M])).boxes[0].outer == \
        (360, 270, 110)
    # Three are 60 thick: 210 + 60 > 250, and no other way fits; the bag is proven too small
    # (the most it holds, 270 x 170 x 80, is less than three shirts), so the box is the
    # proven cheapest.
    p = pack(shirts(3), cat)
    assert p.box_ids == ("M",) and p.proof == "proven"


def test_a_bag_is_billed_at_its_filled_size():
    from cartonize import Tariff
    ground = Tariff(name="ground", divisor=5000, first_weight=500, first_price=3.0,
                    step_weight=500, step_price=1.0)
    p = pack(shirts(2), Catalog([BOX_M, MAILER]), tariff=ground, objective="cost")
    bag = p.boxes[0]
    # Outer 302 x 212 x 42 = 2,688,948 mm3 / 5000 = 538 g > 420 g gross (400 + 20 empty):
    # one 500 g step past the first: 3.00 + 1.00; with the bag's 0.12, 4.12. At its greatest
    # thickness (352 x 252 x 82 outer) it would bill 1,455 g: 5.00.
    assert bag.box.id == "mailer-M" and bag.gross_weight == 420
    assert bag.billable_weight == 538 and bag.shipping == pytest.approx(4.0)
    assert p.cost == pytest.approx(4.12)
    # The box M: 360 x 270 x 110 = 10,692,000 mm3 -> 2,139 g: 3.00 + 4 steps + 0.40 = 7.40.
    box = pack(shirts(2), Catalog([BOX_M]), tariff=ground)
    assert box.cost == pytest.approx(7.40)
    verify(p, shirts(2), Catalog([BOX_M, MAILER]), tariff=ground)


@pytest.mark.parametrize("height, words", [
    (62, "l + h = 362 > 350, its length"),
])
def test_verify_names_the_side_a_bag_block_breaks(height, words):
    item = Item(300, 210, height, id="parcel")
    bad = Packing((PackedBox(MAILER, (Placement(0, 0, 0, 0, 0, 300, 210, height),)),))
    with pytest.raises(ValueError, match=rf"bag 'mailer-M', filled to 300 x 210 x {height}\): "
                                         + words.replace("+", r"\+")):
        verify(bad, [item], Catalog([MAILER]))


def test_verify_names_the_width_and_the_thickness_too():
    wide = Packing((PackedBox(MAILER, (Placement(0, 0, 0, 0, 0, 200, 230, 30),)),))
    with pytest.raises(ValueError, match=r"w \+ h = 260 > 250, its width"):
        verify(wide, [Item(200, 230, 30)], Catalog([MAILER]))
    thick = Packing((PackedBox(MAILER, (Placement(0, 0, 0, 0, 0, 100, 100, 90),)),))
    with pytest.raises(ValueError, match=r"h = 90 > 80, its greatest thickness"):
        verify(thick, [Item(100, 100, 90)], Catalog([MAILER]))


def test_pack_many_gives_each_package_its_kind_and_filled_size():
    import numpy as np
    from cartonize import pack_many
    cat = Catalog([BOX_M, MAILER])
    orders = {"A": shirts(2), "B": shirts(3), "C": [Item(120, 80, 90, id="mug")],
              "D": shirts(5)}
    cols = {"order_id": np.array(["A", "B", "C", "D"]),
            "length": np.array([300, 300, 120, 300]), "width": np.array([210, 210, 80, 210]),
            "height": np.array([20, 20, 90, 20]), "weight": np.array([200, 200, 0, 200]),
            "quantity": np.array([2, 3, 1, 5])}
    out = pack_many(cols, cat, threads=2)
    for k, order in enumerate(orders.values()):
        p = pack(order, cat)
        assert out["box_ids"][k] == p.box_ids
        assert out["kinds"][k] == tuple(b.box.kind for b in p.boxes)
        assert out["box_sizes"][k] == tuple(b.inner for b in p.boxes)
    assert out["kinds"][0] == ("bag",) and out["box_sizes"][0] == ((300, 210, 40),)
    assert out["kinds"][1] == ("box",) and out["box_sizes"][1] == ((350, 260, 100),)
    # Utilisation of a bag is of the block it is filled to: two shirts fill it whole.
    assert out["utilisation"][0] == pytest.approx(1.0)


def test_bags_count_stock_like_boxes():
    one = Bag("mailer-M", 350, 250, max_height=80, cost=0.12, stock=1)
    p = pack(shirts(2) + [Item(300, 210, 20, weight=200, quantity=2, id="other")],
             Catalog([BOX_M, one]))
    verify(p, shirts(2) + [Item(300, 210, 20, weight=200, quantity=2, id="other")],
           Catalog([BOX_M, one]))
    assert sum(b.box.kind == "bag" for b in p.boxes) <= 1


@pytest.mark.parametrize("make, error, text", [
    (lambda: Bag("x", 1, 100), ValueError, "bag 'x': length = 1 must be at least 2"),
    (lambda: Bag("x", 100, 100, wall=-1), ValueError, "bag 'x': wall = -1 must be in"),
    (lambda: Bag("x", 100, 100, max_height=0), ValueError, "bag 'x': max_height = 0 must be"),
    (lambda: Bag("x", 100, 100, stock=1.5), TypeError, "bag 'x': stock must be a whole"),
    (lambda: Bag(["x"], 100, 100), TypeError, "bag id must be a hashable label"),
    (lambda: Catalog([MAILER, MAILER]), ValueError, "id 'mailer-M' appears twice"),
    (lambda: Catalog([MAILER], on_demand=_machine()), ValueError,
     "a catalogue with bags .* takes no on_demand machines"),
])
def test_a_bad_bag_is_refused_with_what_is_wrong(make, error, text):
    with pytest.raises(error, match=text):
        make()


def _machine():
    from cartonize import OnDemand
    return OnDemand(min=(100, 80, 20), max=(600, 400, 400))


def two_parcels():
    """One consumer's two parcels (consolidation needs pandas and numba: skipped without)."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("numba")
    return pd.DataFrame({"parcel_id": ["p1", "p2"], "consumer_id": ["c1", "c1"],
                         "ready": [0, 3600], "deadline": [200_000, 200_000],
                         "length": [100, 120], "width": [80, 90], "height": [50, 40],
                         "weight": [400, 500], "value": [1000, 1200]})


def test_consolidation_refuses_bags_in_one_line():
    from cartonize import ConsolidationPolicy, Tariff, consolidate
    parcels = two_parcels()
    with pytest.raises(ValueError, match="bag 'mailer-M' cannot hold a consolidated package"):
        consolidate(parcels, Catalog([BOX_M, MAILER]), Tariff(first_price=3.0),
                    ConsolidationPolicy())


# -- the command line, the view and the sheet ------------------------------------------------

from test_view import (OPENED, browser, close_pages, open_page, pdf_pages,  # noqa: F401
                       run)  # (browser and close_pages: fixtures)

BAG_BOXES = ("id,kind,length,width,height,max_height,wall,cost\n"
             "M,box,350,260,100,,,0.40\nmailer-M,bag,350,250,,80,1,0.12\n")
BAG_ORDERS = "order_id,item_id,length,width,height,weight,quantity\nA,shirt,300,210,20,200,2\n" \
             "B,shirt,300,210,20,200,3\n"


@pytest.fixture
def bag_files(tmp_path):
    (tmp_path / "orders.csv").write_text(BAG_ORDERS)
    (tmp_path / "boxes.csv").write_text(BAG_BOXES)
    return tmp_path


def test_the_boxes_file_takes_bags(bag_files, capsys):
    code, out, err = run(["pack", bag_files / "orders.csv", "--boxes", bag_files / "boxes.csv",
                          "-o", bag_files / "out.csv"], capsys)
    assert code == 0, err
    import csv
    with open(bag_files / "out.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["order_id"], r["box_ids"], r["kinds"], r["box_sizes"]) for r in rows] == [
        ("A", "mailer-M", "bag", "300x210x40"), ("B", "M", "box", "350x260x100")]


def test_the_summary_and_report_count_bags_and_say_how_their_fill_is_measured(
        bag_files, capsys, browser):  # noqa: F811
    # Found by a planner: the report said "boxes 2", listed the mailer among the boxes, and
    # its fills of 100 % went unexplained.
    code, out, err = run(["pack", bag_files / "orders.csv", "--boxes", bag_files / "boxes.csv",
                          "-o", bag_files / "out.csv", "--report", bag_files / "r.html"], capsys)
    assert code == 0, err
    assert "packages             2 (1.000 per order; 1 bag)" in out
    assert "package cost in all  0.52" in out and "box cost" not in out  # mailer 0.12 + M 0.40
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    OPENED.append(page)
    page.goto((bag_files / "r.html").as_uri())
    text = page.inner_text("body")
    assert "Packages used" in text and "Boxes used" not in text
    rows = page.eval_on_selector_all("h2 + table tr", "rs => rs.map(r => r.innerText)")
    assert "packages\t2 (1 bag)" in rows
    assert "mailer-M\tbag\t1" in rows and "M\tbox\t1" in rows
    assert "A bag's fill is its contents over the block it is filled to" in text


def test_filled_sizes_come_back_in_the_unit_read(bag_files, capsys):
    # Found by a hunt: with --unit cm the placements were in cm and box_sizes in mm.
    (bag_files / "cm.csv").write_text("order_id,length,width,height,weight,quantity\n"
                                      "A,30,21,2,200,2\n")
    (bag_files / "boxes_cm.csv").write_text("id,kind,length,width,height,max_height,cost\n"
                                            "M,box,35,26,10,,0.40\n"
                                            "mailer-M,bag,35,25,,8,0.12\n")
    code, out, err = run(["pack", bag_files / "cm.csv", "--boxes", bag_files / "boxes_cm.csv",
                          "--unit", "cm", "-o", bag_files / "out.csv", "--placements",
                          bag_files / "p.csv"], capsys)
    assert code == 0, err
    import csv
    with open(bag_files / "out.csv", newline="") as f:
        row = next(csv.DictReader(f))
    assert (row["box_ids"], row["box_sizes"]) == ("mailer-M", "30x21x4")  # as the mm run's
    code, out, err = run(["pack", bag_files / "cm.csv", "--boxes", bag_files / "boxes_cm.csv",
                          "--unit", "cm", "-o", bag_files / "out.jsonl", "--placements"], capsys)
    assert code == 0, err
    import json
    record = json.loads((bag_files / "out.jsonl").read_text().splitlines()[0])
    assert record["box_sizes"] == ["30x21x4"] and record["unit"] == "cm"
    with open(bag_files / "p.csv", newline="") as f:
        tops = [float(r["z"]) + float(r["height"]) for r in csv.DictReader(f)]
    assert max(tops) == 4.0


@pytest.mark.parametrize("option, words", [
    (["--on-demand", "machine.toml"], "a catalogue with bags (here 'mailer-M') takes no "
                                      "on_demand machines"),
    (["--void-fill-cost", "0.01"], "void_fill_cost is not yet weighed against bags")])
@pytest.mark.parametrize("bags_in", ["--boxes", "--current"])
def test_a_station_option_refused_beside_bags_names_itself_and_the_file(
        bag_files, capsys, option, words, bags_in):
    # Found by a hunt: --on-demand's refusal named --void-fill-cost, and neither said the
    # bag was in the --current file.
    (bag_files / "machine.toml").write_text("min = [100, 80, 20]\nmax = [600, 400, 400]\n"
                                           "step = 5\nwall = 3\ncost = 0.05\n")
    (bag_files / "plain.csv").write_text("id,length,width,height,cost\nM,350,260,100,0.40\n")
    files = {"--boxes": "plain.csv", "--current": "plain.csv", bags_in: "boxes.csv"}
    option = [option[0], bag_files / option[1]] if option[0] == "--on-demand" else option
    code, out, err = run(["pack", bag_files / "orders.csv", "--boxes",
                          bag_files / files["--boxes"], "--current",
                          bag_files / files["--current"], "-o", bag_files / "out.csv"]
                         + option, capsys)
    assert code == 2 and len(err.splitlines()) == 1, err
    assert err.startswith(f"cartonize: {option[0]} with {bag_files / 'boxes.csv'}: {words}"), err
    assert not (bag_files / "out.csv").exists()


def test_pack_against_current_boxes_that_hold_bags(bag_files, capsys):
    # Found in review: --current with a bag in either file failed ("'tuple' object has no
    # attribute 'split'"), and the line said "boxes there" of packages that are bags.
    (bag_files / "free.csv").write_text("id,length,width,height\nM,350,260,100\n")
    for boxes, current, there in (
            ("free.csv", "boxes.csv", "2 packages with --current, 2 here; these boxes have"),
            ("boxes.csv", "free.csv", "2 packages with --current, 2 here; --current's boxes")):
        code, out, err = run(["pack", bag_files / "orders.csv", "--boxes", bag_files / boxes,
                              "--current", bag_files / current, "-o", bag_files / "out.csv"],
                             capsys)
        assert code == 0, err
        line = next(x for x in out.splitlines() if "--current" in x)
        assert there in line and line.endswith("have no cost)"), line
    # The mailer holds order A at its filled block, 300 x 210 x 40: 2.52 L; M is 9.1 L.
    assert line.startswith("saved vs --current   0.007 m3 of box volume")


@pytest.mark.parametrize("boxes, line", [
    ("id,kind,length,width,height,max_height\nS,box,200,150,,\n",
     "boxes.csv: row 1: height is blank: a box needs one (a bag says kind bag)"),
    ("id,kind,length,width,height,max_height\nB,bag,350,250,30,\n",
     "boxes.csv: row 1: height = 30 is given for a bag"),
    ("id,kind,length,width,height\nS,box,200,150,100\nB,crate,350,250,30\n",
     "boxes.csv: row 2: kind = 'crate' must be box or bag"),
    ("id,length,width,height,max_height\nS,200,150,100,40\n",
     "boxes.csv: row 1: max_height = 40 is for a bag (kind bag), and this is a box"),
    ("id,kind,length,width,outer_length,outer_width,outer_height\nB,bag,350,250,360,260,50\n",
     "boxes.csv: row 1: outer_length is given for a bag"),
    ("id,kind,length,width,max_height\nB,bag,1,250,40\n",
     "boxes.csv: row 1: bag 'B': length = 1 must be at least 2"),
    ("id,kind,length,width,max_height,wall\nB,bag,350,250,40,125\n",
     "boxes.csv: row 1: bag 'B': wall = 125 must be less than half its shorter side (250)"),
    ("id,kind,length,width,height\nM,box,300,200,150\nM,bag,350,250,\n",
     "boxes.csv: row 2: id = 'M' repeats row 1"),
])
def test_a_bad_bag_row_is_one_line_naming_the_row(bag_files, capsys, boxes, line):
    (bag_files / "boxes.csv").write_text(boxes)
    code, out, err = run(["pack", bag_files / "orders.csv", "--boxes", bag_files / "boxes.csv",
                          "-o", bag_files / "out.csv"], capsys)
    assert code != 0 and len(err.splitlines()) == 1 and line in err, err
    assert not (bag_files / "out.csv").exists()


def test_the_view_draws_a_bag_as_its_block_and_says_bag(bag_files, capsys, browser):  # noqa: F811
    code, out, err = run(["view", bag_files / "orders.csv", "--boxes", bag_files / "boxes.csv",
                          "--order", "A", "-o", bag_files / "v.html"], capsys)
    assert code == 0, err
    page, errors = open_page(browser, (bag_files / "v.html").read_text(), bag_files, "a.html")
    cv = "window.cartonizeView"
    assert page.evaluate(f"{cv}.boxCount()") == 1 and errors == []
    assert page.evaluate(f"{cv}.stepCount(0)") == 2
    page.evaluate(f"{cv}.setStep(0, 2)")
    assert len(page.evaluate(f"{cv}.visibleCopies()")) == 2
    text = page.inner_text("body")
    assert "bag mailer-M" in text and "filled to 300x210x40 mm (flat 350x250)" in text
    code, out, err = run(["view", bag_files / "orders.csv", "--boxes", bag_files / "boxes.csv",
                          "--order", "A", "-o", bag_files / "v.pdf"], capsys)
    assert code == 0, err
    pages = pdf_pages((bag_files / "v.pdf").read_bytes(), bag_files)
    assert len(pages) == 1
    assert "Bag 1 of 1: bag mailer-M, filled to 300x210x40 mm (flat 350x250), 2 copies" in pages[0]


# -- box-set design with bags ------------------------------------------------------------------

def test_design_chooses_bags_beside_boxes_and_they_lower_the_landed_cost():
    pytest.importorskip("numba")
    pytest.importorskip("pandas")
    from cartonize import Tariff, datasets, design_catalog
    ground = Tariff(name="ground", divisor=5000, first_weight=500, first_price=3.2,
                    step_weight=500, step_price=0.9)
    orders, current = datasets.sample_orders(), datasets.sample_catalog()
    common = dict(current=current, objective="cost", tariff=ground, seed=1)
    boxes_only = design_catalog(orders, k=3, **common)
    d = design_catalog(orders, k=3, bags=2, bag_max_height=60, bag_wall=1, film_cost=0.4,
                       **common)
    kinds = [b.kind for b in d.catalog]
    assert kinds == ["box"] * 3 + ["bag"] * 2 and [b.id for b in d.catalog][3:] == ["G1", "G2"]
    for bag in d.catalog.boxes[3:]:
        assert bag.max_height == 60 and bag.wall == 1
        # Film on both faces at 0.4 a square metre.
        assert bag.cost == pytest.approx(round(0.4 * 2 * bag.length * bag.width / 1e6, 6))
    rows = d.report.set_index(["split", "catalog"])
    before = boxes_only.report.set_index(["split", "catalog"])
    for split in ("train", "holdout"):
        assert rows.loc[(split, "designed"), "orders_not_packed"] == 0
        assert rows.loc[(split, "designed"), "bags"] > 0
        assert rows.loc[(split, "designed"), "landed_cost"] < \
            before.loc[(split, "designed"), "landed_cost"]
    assert list(d.usage["kind"]) == kinds


def test_designed_boxes_and_bags_take_the_limits_of_the_current_boxes_and_bags():
    # Found by a planner: with bags (no weight limit) beside the current boxes, the designed
    # boxes lost the boxes' limit, and the designed bags took no thickness limit where every
    # current bag has one.
    pytest.importorskip("numba")
    from cartonize import datasets, design_catalog
    orders = datasets.sample_orders()
    current = Catalog([Box("A", 300, 230, 240, max_weight=14_000),
                       Box("B", 374, 364, 40, max_weight=9_000),
                       Bag("S", 350, 250, max_height=40), Bag("L", 500, 400, max_height=80,
                                                                wall=3)])
    d = design_catalog(orders, k=2, current=current, bags=1, seed=1)
    boxes = [b for b in d.catalog if b.kind == "box"]
    bags = [b for b in d.catalog if b.kind == "bag"]
    assert len(boxes) == 2 and len(bags) == 1
    assert all(b.max_weight == 14_000 for b in boxes)
    assert bags[0].max_weight is None and bags[0].max_height == 80
    # Given, they stand; a current bag with no thickness limit leaves the designed ones none.
    d = design_catalog(orders, k=2, current=current, bags=1, seed=1, max_weight=5_000,
                       bag_max_height=30)
    assert all(b.max_weight == 5_000 for b in d.catalog)
    assert [b.max_height for b in d.catalog if b.kind == "bag"] == [30]
    d = design_catalog(orders, k=2, current=Catalog(list(current) + [Bag("E", 300, 200)]),
                       bags=1, seed=1)
    assert [b.max_height for b in d.catalog if b.kind == "bag"] == [None]


def test_a_bag_filled_dearer_than_it_could_ship_leaves_the_choice_unproven():
    # Found in review: the walk took the bag's first filling, which shipped dearer than the
    # box, and said the box "proven" at 3.23, yet the same four items turned fill the bag to
    # a block that ships at 3.11 (a packing verify accepts for the first order too).
    T = Tariff(divisor=5000, first_weight=500, first_price=2.38, step_weight=500,
               step_price=0.73)
    cat = Catalog([Box("Bx", 100, 60, 20, cost=0.85), Bag("G2", 377, 162, wall=57)])
    order, turned = [Item(49, 29, 18, quantity=4)], [Item(29, 49, 18, quantity=4)]
    p, q = pack(order, cat, tariff=T), pack(turned, cat, tariff=T)
    assert p.box_ids == ("Bx",) and q.box_ids == ("G2",) and q.cost < p.cost
    verify(q, order, cat, tariff=T)  # the bag holds the first order for less
    assert p.proof != "proven" and q.proof != "proven"
    for drawn in (order, turned):
        assert reference.pack(drawn, cat, tariff=T).proof == pack(drawn, cat, tariff=T).proof
    # Where every filling ships at the bag's least (no tariff by size), proofs stand.
    flat = Tariff(first_weight=30_000, first_price=2.38)
    assert pack(order, cat, tariff=flat).proof == "proven"


def test_a_bag_fit_the_search_finds_unstable_leaves_the_proof_unknown_in_both():
    # Found in review: the core said "unknown" (its search's fit proves nothing), the
    # reference "heuristic" for the same walk. Three 7 x 8 x 2 copies nothing may rest on, in
    # a 16 x 16 bag: the search's fit puts one on another. (Stood on edge side by side they
    # do fit it, 8 x 6 x 7, which the heuristic misses: the box chosen is then no proof.)
    items = [Item(7, 8, 2, weight=2, quantity=3, stackable=False)]
    cat = Catalog([Bag("G", 16, 16), Box("Big", 500, 500, 500)])
    p, r = pack(items, cat), reference.pack(items, cat)
    assert p.box_ids == r.box_ids and p.proof == r.proof
    assert p.box_ids == ("G",) or p.proof == "unknown"
    # The review's own instance is now a proof in both: two 11 x 11 x 1 cards fit the 13 x 13
    # bag only lying flat (at most 2 mm thick, 11 + 11 > 12), so one would rest on the other.
    items = [Item(11, 1, 11, quantity=2, stackable=False)]
    cat = Catalog([Bag("G", 13, 13), Box("Big", 500, 500, 500)])
    p, r = pack(items, cat), reference.pack(items, cat)
    assert p.box_ids == r.box_ids == ("Big",)
    assert p.proof == r.proof == "proven"


def test_a_designed_catalogue_with_bags_packs_its_own_orders_by_every_objective():
    # Found in review: by board the boxes cost their board and the bags none given, by volume
    # with a film cost the bags cost money and the boxes none: pack_many refused the mix.
    pytest.importorskip("numba")
    from cartonize import design_catalog, pack_many
    from cartonize.batch import to_columns
    orders = to_columns([[Item(100, 80, 10)], [Item(200, 150, 100)], [Item(300, 200, 150)]])
    # (By board without a price per m2 neither costs anything: board in mm2 is no money.)
    for kw, costs in ((dict(objective="board", board_cost=0.45), "box board, bag film"),
                      (dict(objective="board", board_cost=0.45, film_cost=0.2),
                       "box board, bag film"),
                      (dict(objective="board"), "none"),
                      (dict(objective="volume", film_cost=0.1), "none"),
                      (dict(objective="volume"), "none")):
        d = design_catalog(orders, k=1, bags=1, holdout=0, **kw)
        box, bag = d.catalog.boxes
        if costs == "none":
            assert not box._cost_given and not bag._cost_given
        else:  # a bag takes no board, but its film is money beside the boxes' (a review)
            film = kw.get("film_cost", 0.0) * (bag.length * bag.width * 2) / 1e6
            assert box._cost_given and bag._cost_given
            assert bag.cost == pytest.approx(film, rel=0.05), (bag, film)
        t = pack_many(orders, d.catalog)  # packs: no mix of costs and none
        assert list(t["status"]) == ["packed"] * 3


def test_design_bags_on_the_command_line_round_trip_as_a_boxes_file(tmp_path, capsys):
    pytest.importorskip("numba")
    from cartonize import datasets
    data = Path(datasets.__file__).parent / "data"
    code, out, err = run(["design", data / "sample_orders.csv", "--k", "2", "--bags", "1",
                          "--bag-max-height", "50", "--out", tmp_path / "d.csv"], capsys)
    assert code == 0, err
    import csv
    with open(tmp_path / "d.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["kind"] for r in rows] == ["box", "box", "bag"]
    assert rows[2]["height"] == "" and rows[2]["max_height"] == "50"  # whole, as written
    assert all(r["length"].isdigit() and r["width"].isdigit() for r in rows)
    assert all(r["cost"] == "" for r in rows)  # no money was given: none is made up
    code, out, err = run(["pack", data / "sample_orders.csv", "--boxes", tmp_path / "d.csv",
                          "-o", tmp_path / "o.csv"], capsys)
    assert code == 0, err
    assert "box cost" not in out and "box volume" not in out
    assert "\npackage volume       " in out  # the bags' filled blocks are in it


def test_a_split_fills_a_mailer_at_the_thickest_its_copies_fit():
    # Found by a warehouse engineer's trial: shirts of 300 x 210 x 20 fit this mailer up to
    # 40 mm, two to a mailer; a split filled it at its fullest thickness (63 mm: none fit)
    # and at 20 mm (one): four shirts took three mailers, nine took eight, and with stock
    # short, copies were left out for want of stock where the packages in stock held all.
    mailer = Bag("m", 350, 250, max_height=80, cost=0.12)
    for n, bags in ((4, 2), (9, 5)):
        shirts = [Item(300, 210, 20, quantity=n, id="shirt")]
        p = pack(shirts, Catalog([mailer]))
        verify(p, shirts, Catalog([mailer]))
        assert p.n_boxes == bags  # two to a mailer (three do not fit: 360 mm > 350)
        assert p == reference.pack(shirts, Catalog([mailer]))
    short = Catalog([Box("M", 350, 260, 100, cost=0.4, stock=1),
                     Bag("m", 350, 250, max_height=80, cost=0.12, stock=2)])
    shirts = [Item(300, 210, 20, quantity=9, id="shirt")]
    p = pack(shirts, short)
    assert p.unpacked == () and sorted(len(b.placements) for b in p.boxes) == [2, 2, 5]
    verify(p, shirts, short)
