"""Consolidation throughput on synthetic cross-border parcels, and the money it saves.

    python bench/consolidation_bench.py [--parcels 3800000] [--threads 1 2]

Generates parcels with cartonize.datasets.cross_border_parcels (seed 0), consolidates them
with the five cartons of datasets.consolidation_catalog(), a first-weight-and-steps tariff
(divisor 5000, 3.20 for the first 500 g, 1.10 per further 500 g, 0.80 per parcel) and a
policy of 30 kg, value 150.00, 10 parcels, 48 h wait at 0.02 per parcel-hour. Prints
parcels/s for each thread count (one timed run each, after a warm-up on a small set), and
the total saving against shipping every parcel alone. Target: 3.8 million parcels (one day
of a large hub) in under a minute on this 2-core machine.
"""

from __future__ import annotations

import argparse
import time

from cartonize import ConsolidationPolicy, Tariff, consolidate, datasets, warmup


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parcels", type=int, default=3_800_000)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    warmup()
    parcels = datasets.cross_border_parcels(args.parcels, seed=0)
    catalog = datasets.consolidation_catalog()
    tariff = Tariff(divisor=5000, first_weight=500, first_price=3.20, step_weight=500,
                    step_price=1.10, per_parcel=0.80)
    policy = ConsolidationPolicy(max_weight=30_000, max_value=15_000, max_parcels=10,
                                 max_wait=48 * 3600, wait_cost_per_hour=0.02)
    n = len(parcels["parcel_id"])
    print(f"{n:,} parcels, {int(parcels['consumer_id'].max()) + 1:,} consumers")
    rates = {}
    for threads in args.threads:
        t0 = time.perf_counter()
        result = consolidate(parcels, catalog, tariff, policy, threads=threads)
        seconds = time.perf_counter() - t0
        rates[threads] = n / seconds
        g = result.groups
        print(f"threads={threads}: {seconds:.1f} s, {n / seconds:,.0f} parcels/s; "
              f"{len(g):,} packages; saving {g['saving'].sum():,.2f} of "
              f"{g['cost_alone'].sum():,.2f} shipping alone "
              f"({100 * g['saving'].sum() / g['cost_alone'].sum():.1f} %)")
    if len(rates) > 1:
        lo, hi = min(rates), max(rates)
        print(f"threads={hi} / threads={lo}: {rates[hi] / rates[lo]:.2f}")
    print(result.consumers["method"].value_counts().to_string())


if __name__ == "__main__":
    main()
