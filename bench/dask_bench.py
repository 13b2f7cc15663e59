"""cartonize on Dask against local pack_many, on the same orders, in one run.

    python bench/dask_bench.py [--copies 25] [--sizes 500 2000 10000]

Builds copies of the BoxPacker orders (items turn any way), each copy with its own order ids
(--copies 25: 107,200 orders). Times local pack_many with 2 threads, then the same orders on a
LocalCluster of 2 worker processes with 1 thread each, for several partition sizes (orders
per partition; partitions end at order boundaries and are persisted on the workers before
timing, so the figure is packing plus gathering the results). Prints orders/s, the ratio Dask
over local, and the overhead per partition (time beyond the largest size's rate, divided by
the number of partitions). Medians of --repeats runs.
"""

from __future__ import annotations

import argparse
import statistics
import warnings
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402
from cartonize.batch import to_columns as columns  # noqa: E402

from cartonize import pack_many  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=25)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    import dask.dataframe as dd
    from distributed import Client, LocalCluster
    import cartonize.dask as cdask

    # The set-up ships the input frames inside the graph once, before timing; say nothing.
    warnings.filterwarnings("ignore", message="Sending large graph")
    catalog = boxpacker_data.catalog()
    base = pd.DataFrame(columns(boxpacker_data.orders("any")))
    frames = [base.assign(order_id=base["order_id"] + f"-{k}") for k in range(args.copies)]
    orders = pd.concat(frames, ignore_index=True)
    n = orders["order_id"].nunique()

    def timed(fn):
        fn()
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    local = timed(lambda: pack_many(orders, catalog, threads=2))
    print(f"{n:,} orders ({len(orders):,} lines); local pack_many threads=2: "
          f"{n / local:,.0f} orders/s")
    starts = orders.index[orders["order_id"] != orders["order_id"].shift()].to_numpy()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        rates = {}
        for size in sorted(args.sizes, reverse=True):
            cuts = list(starts[::size]) + [len(orders)]
            parts = [orders.iloc[a:b] for a, b in zip(cuts[:-1], cuts[1:])]
            ddf = client.persist(dd.from_map(lambda p: p, parts, enforce_metadata=False))
            seconds = timed(lambda: cdask.pack_many(ddf, catalog, shuffle=False).compute())
            rates[size] = (seconds, len(parts))
        big = max(rates)
        per_order = rates[big][0] / n
        print(f"{'orders/partition':>17}{'partitions':>12}{'orders/s':>12}{'Dask/local':>12}"
              f"{'overhead/partition':>20}")
        for size in sorted(rates):
            seconds, parts = rates[size]
            overhead = max(0.0, seconds - per_order * n) / parts
            print(f"{size:>17,}{parts:>12,}{n / seconds:>12,.0f}{local / seconds:>12.2f}"
                  f"{1e3 * overhead:>17.2f} ms")


if __name__ == "__main__":
    main()
