"""Bounded time: time_limit returns the packing found so far (still valid) with proof
"unknown" and a message; Ctrl-C stops pack and pack_many; bad limits are named."""

import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from cartonize import Box, Catalog, Item, Order, pack, pack_many, verify

CATALOG = Catalog([Box("S", 200, 150, 100, max_weight=20_000), Box("M", 300, 200, 150),
                   Box("L", 400, 300, 250)])


def many_distinct(n, seed=0):
    rng = np.random.default_rng(seed)
    return [Item(*map(int, rng.integers(5, 61, 3)), weight=10, id=k) for k in range(n)]


def test_a_limit_that_is_reached_gives_a_valid_packing_marked_unknown():
    items = many_distinct(1500)
    p = pack(items, CATALOG, time_limit=1e-6)
    assert p.proof == "unknown"
    assert "time_limit of 1e-06 s reached" in p.message
    assert not p.unpacked and sum(len(b.placements) for b in p.boxes) == 1500
    verify(p, items, CATALOG)
    assert p.n_boxes >= p.lower_bound >= 1
    # Completed by filling the largest box, not one copy per box.
    assert p.n_boxes < 50


def test_a_limit_not_reached_changes_nothing():
    items = [Item(120, 80, 40, weight=350, quantity=3), Item(250, 30, 30, weight=90)]
    free = pack(items, CATALOG)
    limited = pack(items, CATALOG, time_limit=60)
    assert limited == free and limited.message == "" and free.message == ""
    assert pack(Order(items), CATALOG, time_limit=60) == free


@pytest.mark.parametrize("limit", [1e10, 2.0**63 / 1e9, 1e300, float("inf")])
def test_a_limit_past_what_the_clock_counts_is_no_limit(limit):
    # Found by a trial: from about 9.2e9 s (2**63 ns) the deadline wrapped into the past and
    # every call stopped at once, "time_limit of 1e+10 s reached".
    items = many_distinct(1500)
    free = pack(items, CATALOG)
    assert pack(items, CATALOG, time_limit=limit) == free and free.proof != "unknown"
    cols = {"order_id": np.zeros(len(items), np.int64), "length": [i.length for i in items],
            "width": [i.width for i in items], "height": [i.height for i in items]}
    table = pack_many(cols, CATALOG, time_limit=limit)
    assert list(table["message"]) == [""] and list(table["proof"]) == [free.proof]


def test_time_limit_keeps_kits_whole_and_categories_apart():
    items = many_distinct(600)
    items = [Item(it.length, it.width, it.height, weight=it.weight, id=it.id,
                  group=f"kit{k // 3}" if k < 30 else None,
                  category="food" if k % 7 == 0 else "chemical" if k % 7 == 1 else None)
             for k, it in enumerate(items)]
    pairs = [("food", "chemical")]
    p = pack(items, CATALOG, incompatible=pairs, time_limit=1e-6)
    assert p.proof == "unknown" and p.message
    verify(p, items, CATALOG, incompatible=pairs)


def test_pack_many_marks_the_orders_that_reached_the_limit():
    big = many_distinct(1200)
    small = [Item(120, 80, 40, quantity=2)]
    rows = [(oid, it) for oid, order in (("big", big), ("small", small)) for it in order]
    cols = {"order_id": np.array([o for o, _ in rows]),
            "length": np.array([it.length for _, it in rows]),
            "width": np.array([it.width for _, it in rows]),
            "height": np.array([it.height for _, it in rows]),
            "weight": np.array([it.weight for _, it in rows]),
            "quantity": np.array([it.quantity for _, it in rows])}
    table = pack_many(cols, CATALOG, time_limit=1e-6, threads=2)
    k = {o: i for i, o in enumerate(table["order_id"].tolist())}
    assert table["proof"][k["big"]] == "unknown"
    assert "time_limit" in table["message"][k["big"]]
    assert table["status"][k["big"]] == "packed"
    assert table["message"][k["small"]] == ""  # 2 copies: no check was reached
    assert table["box_ids"][k["small"]] == pack(small, CATALOG).box_ids


# Sixteen copies that no bound rules out of the 97 mm cube and the search cannot settle:
# hours at 10**12 nodes (about 25 ns a node).
HARD = [[38, 40, 50], [58, 21, 25], [52, 57, 29], [32, 54, 36], [30, 53, 30], [36, 45, 41],
        [23, 21, 54], [50, 53, 41], [52, 33, 38], [51, 24, 32], [24, 38, 59], [25, 35, 36],
        [56, 28, 40], [30, 20, 50], [22, 31, 39], [39, 24, 59]]
HARD_CATALOG = Catalog([Box("A", 97, 97, 97), Box("B", 1000, 1000, 1000)])

EXACT_LIMIT = textwrap.dedent("""
    import numpy as np
    from cartonize import Box, Catalog, Item, pack, pack_many, verify
    hard = {hard!r}
    cat = Catalog([Box("A", 97, 97, 97), Box("B", 1000, 1000, 1000)])
    items = [Item(*d) for d in hard]
    p = pack(items, cat, exact_max_copies=16, node_limit=10**12, time_limit=0.3)
    verify(p, items, cat)
    print(p.proof, p.box_ids, "time_limit" in p.message)
    rows = np.array(hard * 2)
    t = pack_many({{"order_id": np.repeat([1, 2], 16), "length": rows[:, 0],
                    "width": rows[:, 1], "height": rows[:, 2]}}, cat, exact_max_copies=16,
                  node_limit=10**12, time_limit=0.3, threads=1)
    print(list(t["proof"]), ["time_limit" in m for m in t["message"]])
""").format(hard=HARD)


def test_the_time_limit_stops_the_exact_search():
    # Before, the search's node loop never looked at the clock: this ran for hours. The
    # child is given ten minutes, far beyond the 0.9 s it needs, so that a machine under
    # load cannot fail it; a search that ignores the limit still cannot pass.
    out = subprocess.run([sys.executable, "-c", EXACT_LIMIT], capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["unknown ('B',) True",
                                       "['unknown', 'unknown'] [True, True]"]


def test_a_search_within_its_budget_is_unchanged_by_a_time_limit():
    items = [Item(*d) for d in HARD]
    free = pack(items, HARD_CATALOG, exact_max_copies=16, node_limit=20_000)
    assert free.proof == "unknown" and free.message == ""
    assert pack(items, HARD_CATALOG, exact_max_copies=16, node_limit=20_000,
                time_limit=600) == free


@pytest.mark.parametrize("bad,kind", [(0, ValueError), (-1, ValueError), (float("nan"), ValueError),
                                      ("1", TypeError), (True, TypeError)])
def test_bad_time_limits_are_named(bad, kind):
    with pytest.raises(kind, match="time_limit"):
        pack([Item(1, 1, 1)], CATALOG, time_limit=bad)
    with pytest.raises(kind, match="time_limit"):
        pack_many({"order_id": np.array([1]), "length": np.array([1]),
                   "width": np.array([1]), "height": np.array([1])}, CATALOG, time_limit=bad)


CTRL_C = textwrap.dedent("""
    import signal  # Ctrl-C raises here even where the tests' shell ignores it (a job run with &)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import sys, numpy as np
    from cartonize import Box, Catalog, Item, pack, pack_many
    rng = np.random.default_rng(0)
    cat = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150), Box("L", 400, 300, 250)])
    print("ready", flush=True)
    try:
        # Over a second uninterrupted (5,000 distinct copies an order: 1.4 s with the AVX-512
        # kernel on the 2-core CI machine, pack_many's eight orders on two threads 4 times that).
        if sys.argv[1] == "pack":
            pack([Item(*map(int, d)) for d in rng.integers(5, 61, (5000, 3))], cat)
        elif sys.argv[1] in ("effort", "asyncio"):  # sixty cubes, a budget of hours
            cubes = [Item(*map(int, d), orientation="fixed")
                     for d in rng.integers(1, 101, (60, 3))]
            def run():
                pack(cubes, Catalog([Box("bin", 100, 100, 100)]), effort=10**9)
            if sys.argv[1] == "asyncio":  # under asyncio's runner (its own SIGINT handler)
                import asyncio
                async def main():
                    run()
                asyncio.run(main())
            else:
                run()
        elif sys.argv[1] in ("hull", "hull_packings"):  # a cut size's search
            from cartonize import _core  # 5,000 copies: 6 s; four such sets on one thread: 26 s
            n = 5000 if sys.argv[1] == "hull" else 20000
            d = rng.integers(5, 61, (n, 3))
            rows = np.c_[d, np.full(n, 10), np.ones(n, int), np.full(n, 63)].astype(np.int64)
            if sys.argv[1] == "hull":
                _core.hull_pack(rows, 2000, 2000, 2000)
            else:
                _core.hull_packings(np.arange(0, n + 1, 5000), *(np.ascontiguousarray(rows[:, j])
                                    for j in range(5)), rows[:, 5].astype(np.uint8),
                                    2000, 2000, 2000, 1)
        elif sys.argv[1] == "exact":  # sixteen copies, a search of hours
            pack([Item(*d) for d in %r], Catalog([Box("A", 97, 97, 97)]),
                 exact_max_copies=16, node_limit=10**12)
        else:
            dims = rng.integers(5, 61, (40000, 3))
            pack_many({"order_id": np.arange(len(dims)) // 5000, "length": dims[:, 0],
                       "width": dims[:, 1], "height": dims[:, 2]}, cat, threads=2)
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    # The next call runs normally (300 copies: through the same handler).
    print(pack([Item(10, 10, 10, quantity=300)], cat).box_ids, flush=True)
""") % (HARD,)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
@pytest.mark.parametrize("call", ["pack", "pack_many", "exact", "effort", "asyncio", "hull",
                                  "hull_packings"])
def test_ctrl_c_stops_a_long_call(call):
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C, call], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.3)  # into the packing, which takes over four times as long uninterrupted
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("Ctrl-C did not stop the call")
    assert proc.returncode == 0, err
    assert out.split() == ["interrupted", "('S',)"]


STOCK_AFTER_CTRL_C = textwrap.dedent("""
    import signal  # Ctrl-C raises here even where the tests' shell ignores it (a job run with &)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import os, signal, threading
    from cartonize import Box, Catalog, Item, pack
    hard = {hard!r}
    # Ctrl-C while the kit's boxes are tried (stock aside, as kits are)...
    kit = [Item(*d, group="kit") for d in hard]
    cat = Catalog([Box("A", 97, 97, 97), Box("B", 1000, 1000, 1000, stock=5)])
    threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    try:
        pack(kit, cat, exact_max_copies=16, node_limit=10**12)
        print("finished")
    except KeyboardInterrupt:
        print("interrupted")
    # ... and the next order on the same thread keeps its box stock.
    two = [Item(90, 90, 90, quantity=2)]
    cheap_first = Catalog([Box("S", 100, 100, 100, cost=1.0, stock=1),
                           Box("M", 100, 100, 100, cost=2.0)])
    print(sorted(pack(two, cheap_first).box_ids))
""").format(hard=HARD)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to the process")
def test_stock_holds_after_an_order_cancelled_while_its_kits_were_tried():
    out = subprocess.run([sys.executable, "-c", STOCK_AFTER_CTRL_C], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["interrupted", "['M', 'S']"]  # not S twice


def test_weight_balance_cut_short_by_the_limit_is_said_unknown():
    # Found by a review: weight balance now stops at the time limit; the packing it leaves is
    # whole and valid, and, as every packing the limit cut short, said "unknown" with the
    # message (it kept "heuristic" beside a message saying the limit was reached).
    rng = np.random.default_rng(0)
    cat = Catalog([Box("S", 200, 150, 100, max_weight=20000),
                   Box("M", 300, 200, 150, max_weight=30000),
                   Box("L", 400, 300, 250, max_weight=40000)])
    items = [Item(*map(int, rng.integers(10, 61, 3)), weight=int(rng.integers(10, 500)),
                  orientation="upright", stackable=False) for _ in range(1000)]
    # Unlimited, this order takes about 3 s here (66 s before balance sorted its moves): a
    # limit far below that, so that a faster machine still meets it.
    p = pack(items, cat, time_limit=0.3, min_support=0.5, balance_weight=True)
    assert p.message and p.proof == "unknown"
    verify(p, items, cat, min_support=0.5)


def test_a_bag_filled_past_the_limit_still_ships():
    # Found by a review (older than this test): past the time limit the completion filled a
    # bag whose block no service takes (longer than max_length); verify refused it. A fill
    # that does not ship is not kept: the copies go on as the completion packs the rest.
    from cartonize import Bag, Tariff
    items = [Item(11, 12, 5, weight=21, quantity=5, orientation="fixed")]
    cat = Catalog([Bag("G0", 57, 59, max_height=11, cost=3.25, empty_weight=8, wall=2)])
    t = [Tariff(divisor=56, first_weight=48, first_price=7.75, step_weight=264,
                step_price=1.5, max_length=44)]
    p = pack(items, cat, tariff=t, time_limit=1e-9)
    assert p.proof == "unknown"
    verify(p, items, cat, tariff=t)


CTRL_C_AS_PYTHON_DELIVERS_IT = textwrap.dedent("""
    import os, signal, threading, time
    import numpy as np
    from cartonize import Box, Catalog, Item, pack
    rng = np.random.default_rng(0)
    cat = Catalog([Box("S", 200, 150, 100), Box("M", 300, 200, 150), Box("L", 400, 300, 250)])
    order = [Item(*map(int, d)) for d in rng.integers(5, 61, (5000, 3))]  # over a second
    ctrl_c = lambda: threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
    # An application's own handler (a server's graceful stop): each call runs to its end, and
    # the handler runs after it (packs go on until it has run, however fast the machine).
    got = []
    signal.signal(signal.SIGINT, lambda *a: got.append("graceful"))
    ctrl_c()
    for _ in range(1000):
        p = pack(order, cat)
        if got:
            break
    print("finished", got, p.n_boxes > 0, flush=True)
    # SIGTERM under a server's graceful stop: the same (found by a trial: the call raised
    # KeyboardInterrupt; the core takes SIGTERM under the command line's handler alone),
    # with Python's own Ctrl-C in place, as a server has it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *a: got.append("term"))
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM)).start()
    for _ in range(1000):
        q = pack(order, cat)
        if "term" in got:
            break
    print("term finished", got, q == p, flush=True)
    # Python's own handler, calls in another thread: the main thread is interrupted, as
    # Python interrupts it; the other thread's calls run to their end.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    stop, done = threading.Event(), {"error": None}
    def work():
        try:
            while not stop.is_set():
                done["p"] = pack(order, cat)
        except BaseException as e:
            done["error"] = repr(e)
    worker = threading.Thread(target=work)
    worker.start()
    ctrl_c()
    try:
        for _ in range(1200):
            time.sleep(0.05)
        print("not interrupted", flush=True)
    except KeyboardInterrupt:
        print("main interrupted", flush=True)
    stop.set()
    for _ in range(1200):  # (a join cut short by KeyboardInterrupt may end the next at once)
        if not worker.is_alive():
            break
        time.sleep(0.05)
    print("worker finished", done["p"].n_boxes > 0, done["error"], flush=True)
""")



@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to the process")
def test_ctrl_c_is_delivered_as_python_delivers_it():
    # Found by a service engineer's review: under a server's own SIGINT handler a long pack
    # raised KeyboardInterrupt all the same, and so did a pack in a worker thread.
    out = subprocess.run([sys.executable, "-c", CTRL_C_AS_PYTHON_DELIVERS_IT],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["finished ['graceful'] True",
                                       "term finished ['graceful', 'term'] True",
                                       "main interrupted", "worker finished True None"]


def _rows(n, seed=0):
    d = np.random.default_rng(seed).integers(5, 61, (n, 3))
    return np.c_[d, np.full(n, 10), np.ones(n, int), np.full(n, 63)].astype(np.int64)


def test_the_search_for_a_cut_size_stops_at_its_time_limit():
    # Boxes cut to size: the compact packing's search ran past any time_limit (3,000 copies
    # packed with a limit of 0.2 s took 0.74 s in all, with a rule 1.21 s). Stopped before any
    # attempt ends: none found, and said; a limit not reached changes nothing.
    from cartonize import _core
    rows = _rows(3000)
    assert _core.hull_pack(rows, 2000, 2000, 2000, time_limit=1e-9) == (None, None, True, None)
    small = _rows(40, seed=1)
    free = _core.hull_pack(small, 400, 300, 300)
    timed = _core.hull_pack(small, 400, 300, 300, time_limit=1e3)
    assert timed[0] == free[0] and (timed[1] == free[1]).all() and not timed[2] and not free[2]
    both = np.r_[small, rows]
    offsets = np.array([0, len(small), len(both)])
    cols = [np.ascontiguousarray(both[:, j]) for j in range(5)] + [both[:, 5].astype(np.uint8)]
    extents, _, _, stopped = _core.hull_packings(offsets, *cols, 2000, 2000, 2000, 1,
                                                 np.array([1e3, 1e-9]))
    assert tuple(extents[0]) != (0, 0, 0) and not extents[1].any()  # the large set stopped
    assert stopped.tolist() == [0, 1]
    extents, _, _, stopped = _core.hull_packings(offsets, *cols, 400, 300, 300, 1,
                                                 np.full(2, 1e3))
    assert tuple(extents[0]) == tuple(free[0]) and not stopped.any()
    with pytest.raises(ValueError, match="one number per set, 2 in all"):
        _core.hull_packings(offsets, *cols, 400, 300, 300, 1, np.full((2, 1), 1e3))


def _extent(placements):
    return [max(getattr(q, a) + getattr(q, s) for q in placements)
            for a, s in (("x", "length"), ("y", "width"), ("z", "height"))]


def test_past_the_limit_boxes_are_cut_around_their_copies_as_placed_and_it_is_said():
    from cartonize import OnDemand
    m = OnDemand(min=(50, 50, 20), max=(600, 400, 400), step=5, board_cost=0.8, cost=0.05)
    cat = Catalog([Box("M", 300, 200, 150, cost=0.6)], on_demand=[m])
    order = many_distinct(300)
    for support in (0.0, 0.5):
        p = pack(order, cat, time_limit=1e-9, min_support=support)
        verify(p, order, cat, min_support=support)
        assert p.proof == "unknown" and "time_limit of 1e-09 s reached" in p.message
        # No search found a packing in time: each box is cut around its copies where the
        # packing over the stocked boxes and the machine's largest put them (that packing
        # stops at its first look at the clock, the same copy every run).
        placed = pack(order, Catalog([Box("M", 300, 200, 150, cost=0.6), m.largest]),
                      time_limit=1e-9, min_support=support)
        assert [b.placements for b in p.boxes] == [b.placements for b in placed.boxes]
        for b in p.boxes:
            assert b.box.dims == m.box(m.size_for(_extent(b.placements))).dims
    # pack_many: no time left for the searches either (300 copies: stopped before any ends).
    cols = {"order_id": np.zeros(300, int), "length": np.array([it.length for it in order]),
            "width": np.array([it.width for it in order]),
            "height": np.array([it.height for it in order])}
    table, place = pack_many(cols, cat, time_limit=1e-9, placements=True)
    assert table["proof"][0] == "unknown" and "reached" in table["message"][0]
    _, placed = pack_many(cols, Catalog([Box("M", 300, 200, 150, cost=0.6), m.largest]),
                          time_limit=1e-9, placements=True)
    for c in ("box_index", "item_row", "x", "y", "z", "length", "width", "height"):
        assert (place[c] == placed[c]).all(), c
    for k, size in enumerate(table["box_sizes"][0]):
        mine = place["box_index"] == k
        extent = [int((place[a][mine] + place[s][mine]).max())
                  for a, s in (("x", "length"), ("y", "width"), ("z", "height"))]
        assert tuple(size) == m.box(m.size_for(extent)).dims


def test_a_limit_reached_only_in_the_search_for_cut_sizes_is_said_alike_by_pack_and_pack_many():
    # A review: the box packing ended in time but the searches for cut sizes did not, and the
    # result, dearer, said "heuristic" and no message; pack searched nothing past the
    # deadline where pack_many still searched (0.126 against 0.081). A few copies under a rule
    # (none may rest on one): the rule's weighing is skipped past the limit, in both.
    from cartonize import OnDemand
    m = OnDemand((100, 80, 20), (300, 250, 200), step=5, wall=3, board_cost=0.45, cost=0.05)
    cat = Catalog([Box("S", 200, 150, 100, cost=0.30)], on_demand=[m])
    order = [Item(123, 85, 7, quantity=3), Item(120, 80, 40, stackable=False)]
    free = pack(order, cat)
    assert free.proof != "unknown" and not free.message
    p = pack(order, cat, time_limit=1e-6)
    verify(p, order, cat)
    assert p.proof == "unknown" and "while sizing boxes to cut" in p.message
    cols = {"order_id": [1, 1], "length": [123, 120], "width": [85, 80], "height": [7, 40],
            "quantity": [3, 1], "stackable": [True, False]}
    table = pack_many(cols, cat, time_limit=1e-6)
    assert table["box_ids"][0] == p.box_ids and table["cost"][0] == pytest.approx(p.cost)
    assert table["proof"][0] == "unknown" and table["message"][0] == p.message
    # Without the rule nothing is skipped: the few copies' search ends before it reads the
    # clock, as it would without a limit, in both.
    plain = [Item(123, 85, 7, quantity=3), Item(120, 80, 40)]
    q = pack(plain, cat, time_limit=1e-6)
    assert q.box_ids == pack(plain, cat).box_ids and q.proof != "unknown"
    table = pack_many({**cols, "stackable": [True, True]}, cat, time_limit=1e-6)
    assert table["box_ids"][0] == q.box_ids and table["proof"][0] == q.proof
