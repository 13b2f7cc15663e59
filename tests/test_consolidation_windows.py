"""A consumer of more parcels than a group's mask names (62): consolidated in parts, in time
order, where it shipped every parcel alone (a new user's trial: a regular shopper in a
month's file lost every saving, and nothing said so)."""

import numpy as np
import pytest

from cartonize import consolidate

from test_consolidation import CAT, POLICY, TARIFF  # two boxes; groups of at most 4

pd = pytest.importorskip("pandas")
DAY = 86_400


def shopper(ready, deadline_after, consumer):
    """Parcels of sizes and weights that vary, ready at `ready` (ascending), each due
    `deadline_after` seconds later; consumer(i) names the consumer of parcel i."""
    n = len(ready)
    i = np.arange(n)
    return pd.DataFrame({
        "parcel_id": [f"p{k:03d}" for k in i], "consumer_id": [consumer(k) for k in i],
        "ready": np.asarray(ready, dtype=np.int64),
        "deadline": np.asarray(ready, dtype=np.int64) + deadline_after,
        "length": 120 + 17 * (i % 5), "width": 90 + 11 * (i % 3), "height": 40 + 9 * (i % 4),
        "weight": 200 + 130 * (i % 7), "value": 1_000 + 300 * (i % 5)})


def packages(groups):
    return sorted((tuple(sorted(ids)), box, round(cost, 6), t) for ids, box, cost, t in
                  zip(groups.parcel_ids, groups.box_id, groups.cost, groups.shipped_at))


def test_a_shopper_of_a_hundred_parcels_in_five_weeks_consolidates_each_week():
    # Twenty parcels a week, each due two days after it is ready: no package can hold
    # parcels of two weeks, so each week is planned alone, as if it were a consumer.
    ready = [7 * DAY * (k // 20) + 1800 * (k % 20) for k in range(100)]
    whole = consolidate(shopper(ready, 2 * DAY, lambda k: "X"), CAT, TARIFF, POLICY)
    weeks = consolidate(shopper(ready, 2 * DAY, lambda k: f"week {k // 20}"), CAT, TARIFF,
                        POLICY)
    assert packages(whole.groups) == packages(weeks.groups)
    assert whole.saving == pytest.approx(weeks.saving) and whole.saving > 0
    row = whole.consumers.iloc[0]
    assert len(whole.consumers) == 1 and row.n_parcels == 100 and row.method == "windows"
    assert row.saving == pytest.approx(weeks.consumers.saving.sum())
    assert (whole.lanes.iloc[-1].parcels, whole.lanes.iloc[-1].packages) == \
        (100, len(whole.groups))


def test_one_window_past_62_parcels_is_planned_in_near_equal_runs_in_time_order():
    # Seventy parcels an hour apart, each due a week later: one window, cut into as few runs
    # as hold it, of near-equal length (62 and 8 would strand the last few, a reviewer
    # found): its first 35 parcels in time order are one part, the last 35 another. Given in
    # a shuffled order, the parts are the same (parts follow the parcels' times, not rows).
    ready = [3600 * k for k in range(70)]
    rows = shopper(ready, 7 * DAY, lambda k: "X")
    whole = consolidate(rows.sample(frac=1, random_state=4), CAT, TARIFF, POLICY)
    parts = consolidate(shopper(ready, 7 * DAY, lambda k: "A" if k < 35 else "B"), CAT, TARIFF,
                        POLICY)
    assert packages(whole.groups) == packages(parts.groups)
    assert whole.saving > 0 and whole.consumers.method.tolist() == ["windows"]
    first = {f"p{k:03d}" for k in range(35)}
    assert all(set(ids) <= first or not set(ids) & first for ids in whole.groups.parcel_ids)


def test_a_consumer_of_62_parcels_is_settled_whole_as_before():
    # The split starts past 62: a consumer of 62 is one key, greedy, as it was.
    ready = [3600 * k for k in range(62)]
    got = consolidate(shopper(ready, 7 * DAY, lambda k: "X"), CAT, TARIFF, POLICY)
    assert got.consumers.method.tolist() == ["greedy"] and got.saving > 0


def test_the_parts_are_the_references():
    # The reference settles a consumer of more than 62 parcels in the same parts: 90 parcels
    # in nine days of ten (each due a day later: a window a day), and a day of 70 more (due a
    # week later: one window, two runs of 35, greedy both); parcels given out of time order.
    from cartonize.reference import consolidation as ref
    days = [DAY * (k // 10) + 3600 * (k % 10) for k in range(90)]
    busy = [20 * DAY + 1200 * k for k in range(70)]
    frame = pd.concat([shopper(days, DAY, lambda k: "X"),
                       shopper(busy, 7 * DAY, lambda k: "X").assign(
                           parcel_id=lambda f: "q" + f["parcel_id"])])
    frame = frame.sample(frac=1, random_state=2)
    rows = frame.to_dict("records")
    got = consolidate(frame, CAT, TARIFF, POLICY, exact_max_copies=4)
    want = ref.consolidate(rows, CAT, TARIFF, POLICY, exact_max_copies=4)
    mine = sorted((tuple(sorted(ids)), box if isinstance(box, str) else None,
                   round(cost * 1e6)) for ids, box, cost in
                  zip(got.groups.parcel_ids, got.groups.box_id, got.groups.cost))
    theirs = sorted((tuple(sorted(ids)), box, c) for _, _, ids, box, _, c, _ in want)
    assert mine == theirs
    assert got.saving > 0 and got.consumers.method.tolist() == ["windows"]


def test_offline_simulation_of_a_big_consumer_is_consolidate():
    # simulate's offline strategy is consolidate, parts and all, whatever the ETAs say.
    from cartonize import simulate
    ready = [3600 * k for k in range(70)]
    rows = shopper(ready, 7 * DAY, lambda k: "X").assign(
        eta=lambda f: f["ready"] - 7200 * (np.arange(len(f)) % 3), known=0)
    offline = simulate(rows, CAT, TARIFF, POLICY, strategy="offline").shipments
    whole = consolidate(rows, CAT, TARIFF, POLICY).groups
    assert packages(offline) == packages(whole)


def test_pair_scores_of_a_big_consumer_are_those_of_each_pair_alone():
    # pair_scores scored no pair of a consumer of more than 62 parcels (a mask names 62),
    # then only pairs within consolidate's parts (a reviewer found p061-p062 missing). Every
    # feasible pair is scored: as if each pair were a consumer of its own.
    from cartonize import pair_scores
    rows = shopper([3600 * k for k in range(70)], 7 * DAY, lambda k: "X")
    got = pair_scores(rows.sample(frac=1, random_state=5), CAT, TARIFF, POLICY)
    alone = pd.concat([rows.iloc[[i, j]].assign(consumer_id=f"{i}-{j}")
                       for i in range(70) for j in range(i + 1, 70)])
    alone["parcel_id"] = alone["consumer_id"] + "/" + alone["parcel_id"]
    want = pair_scores(alone, CAT, TARIFF, POLICY)

    def key(t, strip=lambda i: i):
        return sorted((frozenset((strip(a), strip(b))), box, round(s, 6)) for a, b, box, s in
                      zip(t.parcel_a, t.parcel_b, t.box_id, t.saving))
    assert key(got) == key(want, lambda i: i.split("/")[1])
    assert {("p061", "p062"), ("p000", "p047")} <= {tuple(sorted(p)) for p in
                                                    zip(got.parcel_a, got.parcel_b)}
    assert set(got.consumer_id) == {"X"} and len(got) > 62
