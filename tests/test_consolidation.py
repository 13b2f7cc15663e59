"""Consolidation: the kernels against the plain-Python reference, feasibility of every group,
savings never negative, the tariff forms, and bad input."""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartonize import (Box, Catalog, ConsolidationPolicy, Tariff, consolidate, datasets,
                       pack, pair_scores, verify, Item)
from cartonize.reference import consolidation as ref

from strategies import columns, parcels

CAT = Catalog([
    Box("S", 300, 200, 150, max_weight=10_000, cost=0.30, outer=(310, 210, 160), empty_weight=150),
    Box("M", 400, 300, 250, max_weight=20_000, cost=0.45, outer=(410, 310, 260), empty_weight=250),
])
TARIFF = Tariff(divisor=5000, first_weight=500, first_price=3.20, step_weight=500,
                step_price=1.10, per_parcel=0.80)
POLICY = ConsolidationPolicy(max_weight=30_000, max_value=15_000, max_parcels=4,
                             max_wait=48 * 3600, wait_cost_per_hour=0.02)


def kernel_groups(result):
    g = result.groups
    return sorted((c, lane, tuple(ids), None if not isinstance(b, str) else b, round(cost * 1e6),
                   s) for c, lane, ids, b, cost, s in zip(g.consumer_id, g.lane, g.parcel_ids,
                                                          g.box_id, g.cost, g.service))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(parcels(), st.sampled_from([12, 3]))
def test_kernels_equal_the_reference(rows, exact_limit):
    # Fits are decided as pack decides them: the reference's brute-force oracle takes up to
    # four parcels, so the core searches the same groups.
    got = consolidate(columns(rows), CAT, TARIFF, POLICY, exact_limit=exact_limit,
                      exact_max_copies=4)
    want = ref.consolidate(rows, CAT, TARIFF, POLICY, exact_limit=exact_limit,
                           exact_max_copies=4)
    assert kernel_groups(got) == sorted((c, lane, ids, b, cu, s)
                                        for c, lane, ids, b, _, cu, s in want)
    # Never worse than shipping everything alone, consumer by consumer.
    assert (got.consumers["saving"] >= -1e-9).all()
    assert sorted(got.assignments["parcel_id"]) == sorted(r["parcel_id"] for r in rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parcels())
def test_every_group_is_feasible_and_its_box_holds_it(rows):
    result = consolidate(columns(rows), CAT, TARIFF, POLICY)
    by_id = {r["parcel_id"]: r for r in rows}
    for ids, box_id, shipped_at in zip(result.groups.parcel_ids, result.groups.box_id,
                                    result.groups.shipped_at):
        ps = [by_id[i] for i in ids]
        assert len({p["consumer_id"] for p in ps}) == 1
        if len(ps) == 1:
            assert not isinstance(box_id, str) and shipped_at == ps[0]["ready"]
            continue
        box = CAT[CAT.index(box_id)]
        assert shipped_at == max(p["ready"] for p in ps)
        assert all(shipped_at <= p["deadline"] for p in ps)
        assert all(shipped_at - p["ready"] <= POLICY.max_wait for p in ps)
        weight = sum(p["weight"] for p in ps)
        assert weight <= box.max_weight and weight + box.empty_weight <= POLICY.max_weight
        assert sum(p["value"] for p in ps) <= POLICY.max_value
        assert len(ps) <= POLICY.max_parcels
        items = [Item(p["length"], p["width"], p["height"], weight=p["weight"]) for p in ps]
        one = Catalog([box])
        packing = pack(items, one)
        verify(packing, items, one)
        assert packing.n_boxes == 1


def test_pair_scores_match_hand_computation():
    rows = [dict(parcel_id="a", consumer_id=1, ready=0, deadline=10**6, length=200, width=100,
                 height=50, weight=400, value=1000),
            dict(parcel_id="b", consumer_id=1, ready=3600, deadline=10**6, length=150,
                 width=100, height=40, weight=300, value=2000)]
    scores = pair_scores(columns(rows), CAT, TARIFF, POLICY)
    assert list(scores["parcel_a"]) == ["a"] and list(scores["box_id"]) == ["S"]
    # Alone: 4.00 each. Together in S: outer 310x210x160 mm = 2,084 g billable ->
    # 0.80 + 3.20 + 4 x 1.10 = 8.40, + box 0.30, + a waits 1 h at 0.02 = 8.72.
    assert scores["saving"][0] == pytest.approx(8.00 - 8.72)


def test_per_parcel_fee_makes_grouping_pay():
    t = Tariff(divisor=5000, first_weight=5000, first_price=1.0, step_weight=500,
               step_price=0.5, per_parcel=5.0)
    rows = [dict(parcel_id=i, consumer_id=1, ready=0, deadline=10**6, length=100, width=100,
                 height=50, weight=200, value=10) for i in range(3)]
    result = consolidate(columns(rows), CAT, t, POLICY)
    assert len(result.groups) == 1 and result.groups["n_parcels"][0] == 3
    assert result.groups["saving"][0] == pytest.approx(3 * 6.0 - (0.30 + 6.0))


def test_a_box_given_no_cost_counts_no_material_as_in_pack():
    # Its inner volume in mm3 stood in as money: with boxes given no cost nothing was ever
    # consolidated (the box "cost" millions), where boxes at 0.00 grouped the three parcels.
    t = Tariff(divisor=5000, first_weight=5000, first_price=1.0, step_weight=500,
               step_price=0.5, per_parcel=5.0)
    rows = [dict(parcel_id=i, consumer_id=1, ready=0, deadline=10**6, length=100, width=100,
                 height=50, weight=200, value=10) for i in range(3)]
    free = Catalog([Box(b.id, *b.dims, max_weight=b.max_weight, outer=b.outer,
                        empty_weight=b.empty_weight) for b in CAT])
    zero = Catalog([Box(b.id, *b.dims, max_weight=b.max_weight, cost=0.0, outer=b.outer,
                        empty_weight=b.empty_weight) for b in CAT])
    got, want = consolidate(columns(rows), free, t, POLICY), consolidate(columns(rows), zero, t,
                                                                          POLICY)
    assert len(got.groups) == 1 and got.groups["n_parcels"][0] == 3
    assert got.groups["saving"][0] == pytest.approx(3 * 6.0 - 6.0)
    assert kernel_groups(got) == kernel_groups(want)
    assert ref.consolidate(rows, free, t, POLICY) == ref.consolidate(rows, zero, t, POLICY)


def test_time_window_keeps_parcels_apart():
    rows = [dict(parcel_id=i, consumer_id=1, ready=i * 100 * 3600, deadline=i * 100 * 3600 + 3600,
                 length=100, width=100, height=50, weight=200, value=10) for i in range(2)]
    t = Tariff(per_parcel=5.0, first_price=1.0, step_price=0.5)
    result = consolidate(columns(rows), CAT, t, POLICY)
    assert list(result.groups["n_parcels"]) == [1, 1]
    assert len(pair_scores(columns(rows), CAT, t, POLICY)) == 0


def test_bracket_tariff():
    t = Tariff.from_brackets([(500, 3.0), (2000, 5.0), (10_000, 9.0)], divisor=6000,
                             per_parcel=1.0)
    assert t.price(100 * 100 * 100, 400) == pytest.approx(4.0)    # 167 g volumetric
    assert t.price(300 * 300 * 300, 400) == pytest.approx(10.0)   # 4,500 g volumetric
    assert np.isnan(t.price(10, 20_000))
    with pytest.raises(ValueError, match="rise"):
        Tariff.from_brackets([(500, 3.0), (400, 5.0)])


def test_greedy_is_used_beyond_the_exact_limit_and_never_loses():
    p = datasets.cross_border_parcels(400, seed=2)
    r = consolidate(p, datasets.consolidation_catalog(), TARIFF, POLICY, exact_limit=2)
    assert "greedy" in set(r.consumers["method"])
    assert (r.consumers["saving"] >= -1e-9).all()


def test_results_do_not_depend_on_threads():
    p = datasets.cross_border_parcels(500, seed=4)
    cat = datasets.consolidation_catalog()
    a = consolidate(p, cat, TARIFF, POLICY, threads=1)
    b = consolidate(p, cat, TARIFF, POLICY, threads=2)
    assert a.groups.equals(b.groups)


def test_generator_is_reproducible_and_mostly_light():
    a = datasets.cross_border_parcels(20_000, seed=9)
    b = datasets.cross_border_parcels(20_000, seed=9)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert 0.75 < np.mean(a["weight"] < 2000) < 0.85
    per_consumer = np.bincount(a["consumer_id"])
    assert per_consumer.min() >= 1 and per_consumer.max() <= 15


@pytest.mark.parametrize("column, value, words", [
    ("length", -5, "row 1: length"),
    ("weight", "heavy", "row 1: weight"),
    ("deadline", -1, "row 1: deadline = -1 is before ready = 0$"),
    ("value", float("nan"), "row 1: value"),
])
def test_bad_rows_are_named(column, value, words):
    rows = [dict(parcel_id=i, consumer_id=1, ready=0, deadline=3600, length=100, width=100,
                 height=50, weight=200, value=10) for i in range(3)]
    rows[1][column] = value
    cols = {k: np.array([r[k] for r in rows], dtype=object) for k in rows[0]}
    with pytest.raises(ValueError, match=words):
        consolidate(cols, CAT, TARIFF, POLICY)


def test_a_deadline_at_a_fractional_ready_time_is_named_in_whole_seconds():
    # A hunt: "deadline = 0.5 is before ready = 0.5" (times count in whole seconds: ready
    # rounds up, the deadline down).
    rows = [dict(parcel_id=1, consumer_id=1, ready=0.5, deadline=0.5, length=100, width=100,
                 height=50, weight=200, value=10)]
    with pytest.raises(ValueError, match="row 0: deadline = 0.5 falls before ready = 0.5 in "
                                         "whole seconds, as times are counted: ready rounds "
                                         "up to 1, the deadline down to 0$"):
        consolidate(columns(rows), CAT, TARIFF, POLICY)


def test_missing_column_and_wrong_types_are_named():
    rows = [dict(parcel_id=1, consumer_id=1, ready=0, deadline=3600, length=100, width=100,
                 height=50, weight=200, value=10)]
    cols = columns(rows)
    del cols["value"]
    with pytest.raises(ValueError, match="value"):
        consolidate(cols, CAT, TARIFF, POLICY)
    with pytest.raises(TypeError, match="tariff"):
        consolidate(columns(rows), CAT, None, POLICY)
    with pytest.raises(ValueError, match="exact_limit"):
        consolidate(columns(rows), CAT, TARIFF, POLICY, exact_limit=0)
    with pytest.raises(ValueError, match="max_parcels"):
        ConsolidationPolicy(max_parcels=-1)
    with pytest.raises(ValueError, match="divisor"):
        Tariff(divisor=0)


def test_two_calls_at_once_keep_their_own_thread_counts():
    # Numba's thread count is per Python thread: a call with threads=1 in one thread does not
    # slow another call running at the same time, and each count is restored afterwards.
    import threading

    import numba

    from cartonize._threads import numba_threads
    before = numba.get_num_threads()
    inside, entered, leave = {}, threading.Barrier(2), threading.Event()

    def call(n):
        with numba_threads(n):
            entered.wait(timeout=30)
            inside[n] = numba.get_num_threads()
            leave.wait(timeout=30)
        inside[f"after {n}"] = numba.get_num_threads()
    most = min(2, numba.config.NUMBA_NUM_THREADS)
    threads = [threading.Thread(target=call, args=(n,)) for n in (1, most)]
    for t in threads:
        t.start()
    while len([k for k in inside if isinstance(k, int)]) < 2:
        threading.Event().wait(0.01)
    leave.set()
    for t in threads:
        t.join()
    assert inside[1] == 1 and inside[most] == most
    assert numba.get_num_threads() == before
    rows = datasets.cross_border_parcels(300, seed=3)
    results = {}

    def run(n):
        results[n] = consolidate(rows, CAT, TARIFF, POLICY, threads=n).groups["cost"].sum()
    workers = [threading.Thread(target=run, args=(n,)) for n in (1, most)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert results[1] == pytest.approx(results[most])


def test_kernels_cache_in_the_temporary_folder_where_nothing_else_is_writable(tmp_path):
    # Found by a hunt: for a user with no home over a read-only install (DynamicUser, a
    # container's --user), consolidate, simulate and design failed: "cannot cache function
    # 'price_u': no locator available". (Run as root, the test stands the writability probe
    # in for the folders a user cannot write.)
    import subprocess
    import sys
    code = f"""
import os, tempfile
tempfile.tempdir = {str(tmp_path)!r}
import cartonize._threads as t
t._writable = lambda folder: folder.startswith({str(tmp_path)!r})
import numba
from cartonize import consolidate, datasets, Tariff, ConsolidationPolicy
import pandas as pd
r = consolidate(pd.DataFrame(datasets.cross_border_parcels(30, seed=1)),
                datasets.consolidation_catalog(), Tariff(first_price=3.0), ConsolidationPolicy())
print(numba.config.CACHE_DIR, len(r.groups) > 0)
"""
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=str(tmp_path), timeout=600)
    assert out.returncode == 0, out.stderr
    cache, ran = out.stdout.split()
    assert cache.startswith(str(tmp_path / "cartonize-numba-")) and ran == "True"
    assert any(p.suffix == ".nbi" for p in (tmp_path).rglob("*"))  # the kernels cached there


def test_numba_s_own_folder_is_private_or_made_anew(tmp_path, monkeypatch):
    # A review: the folder of the temporary folder is named by the user's id: one another user
    # made first (and may write in) would feed Numba its pickles.
    import stat
    import tempfile
    from cartonize import _threads
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mine = _threads._own_folder()
    assert mine == str(tmp_path / f"cartonize-numba-{os.getuid()}")
    assert stat.S_IMODE(os.stat(mine).st_mode) == 0o700
    os.chmod(mine, 0o777)  # as one made by another, open to all
    other = _threads._own_folder()
    assert other != mine and stat.S_IMODE(os.stat(other).st_mode) == 0o700
