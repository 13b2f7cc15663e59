"""Consolidation as it runs: the three strategies on a day of a large hub.

    python bench/simulate_bench.py [--parcels 3800000] [--errors 0 6 24] [--every]

Parcels: cartonize.datasets.cross_border_parcels(n, seed=0, eta_error_hours=e) over 3 days
(the hub learns of each parcel 2-8 days before it arrives; its ETA is off by a normal error of
e hours), five lanes sharing one rate card (divisor 5000, 3.20 for the first 500 g, 1.10 per
further 500 g, 0.80 per parcel), the five cartons of datasets.consolidation_catalog(), and a
policy of 30 kg, value 150.00, 10 parcels, 48 h wait at 0.02 per parcel-hour. For each ETA
error and strategy: the saving against shipping every parcel alone, the share of the
hindsight ("offline") saving that "rolling" keeps, mean and 95th-percentile wait in hours,
late parcels, decisions, and the time of the simulate() call (every core; kernels warmed up
first). With --every, "rolling" also runs with hourly waves.
"""

from __future__ import annotations

import argparse
import time

from cartonize import ConsolidationPolicy, Tariff, datasets, simulate, warmup


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parcels", type=int, default=3_800_000)
    ap.add_argument("--errors", type=float, nargs="+", default=[0, 6, 24])
    ap.add_argument("--every", action="store_true", help="also rolling with hourly waves")
    args = ap.parse_args()
    warmup()
    catalog = datasets.consolidation_catalog()
    tariff = Tariff(divisor=5000, first_weight=500, first_price=3.20, step_weight=500,
                    step_price=1.10, per_parcel=0.80)
    policy = ConsolidationPolicy(max_weight=30_000, max_value=15_000, max_parcels=10,
                                 max_wait=48 * 3600, wait_cost_per_hour=0.02)
    runs = [("offline", None), ("rolling", None)] + ([("rolling", 3600)] if args.every else [])
    runs.append(("on_arrival", None))
    print(f"{args.parcels:,} parcels, 5 lanes; saving against every parcel shipped alone")
    print(f"{'ETA error':>9}  {'strategy':<16}{'saving':>12}{'%':>7}{'of hindsight':>14}"
          f"{'mean wait h':>13}{'p95 wait h':>12}{'late':>6}{'decisions':>11}{'time s':>8}")
    for err in args.errors:
        parcels = datasets.cross_border_parcels(args.parcels, seed=0, eta_error_hours=err)
        hindsight = None
        for strategy, every in runs:
            t0 = time.perf_counter()
            run = simulate(parcels, catalog, tariff, policy, strategy=strategy, every=every)
            seconds = time.perf_counter() - t0
            s = run.summary.set_index("lane").loc["(all)"]
            if strategy == "offline":
                hindsight = s["saving"]
            name = strategy + ("" if every is None else " 1h waves")
            print(f"{err:>8g}h  {name:<16}{s['saving']:>12,.0f}"
                  f"{100 * s['saving'] / s['cost_alone']:>7.2f}"
                  f"{100 * s['saving'] / hindsight:>13.1f}%{s['mean_wait_h']:>13.2f}"
                  f"{s['p95_wait_h']:>12.1f}{int(s['late']):>6}{run.decisions:>11,}"
                  f"{seconds:>8.1f}")


if __name__ == "__main__":
    main()
