"""pytest-benchmark suites: single-order latency and batch throughput on real orders.

    pytest bench/test_bench_pack.py --benchmark-only --benchmark-columns=median,ops

Compare the medians of the threads=1 and threads=2 batch runs for the thread scaling; the
scripts beside this file print ratios against peers measured in the same run.
"""

import random

import pytest

from cartonize import Order, pack, pack_many


@pytest.fixture(scope="module")
def typical(boxpacker):
    """40 real orders of 1-6 order lines, drawn with a fixed seed."""
    every = boxpacker.orders("any")
    small = sorted(k for k, v in every.items() if 1 <= len(v) <= 6)
    return [every[k] for k in random.Random(0).sample(small, 40)]


@pytest.fixture(scope="module")
def catalog(boxpacker):
    return boxpacker.catalog()


def test_pack_typical_order_with_items(benchmark, typical, catalog):
    orders = iter(typical * 1_000_000)
    result = benchmark(lambda: pack(next(orders), catalog))
    assert result.n_boxes >= 1


def test_pack_typical_order_prepared(benchmark, typical, catalog):
    prepared = [Order(o) for o in typical]
    orders = iter(prepared * 1_000_000)
    result = benchmark(lambda: pack(next(orders), catalog))
    assert result.n_boxes >= 1


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("rotation", ["any", "upright"])
def test_pack_many_every_boxpacker_order(benchmark, boxpacker, catalog, threads, rotation):
    from cartonize.batch import to_columns as columns
    cols = columns(boxpacker.orders(rotation))
    table = benchmark.pedantic(pack_many, args=(cols, catalog), kwargs={"threads": threads},
                               rounds=7, iterations=1)
    assert len(table["order_id"]) == 4288 and (table["status"] == "packed").all()
