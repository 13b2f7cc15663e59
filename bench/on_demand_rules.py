"""What the station's rules cost with a box-on-demand machine: the bundled 400 orders cut by
one machine alone, total cost with no rule and under each rule, in one run.

    python bench/on_demand_rules.py

Under a rule the compact packings that keep the rule are candidates, and where the least
volume's does not, a compact packing made under the rules too, beside the box cut around the
copies as placed; the cheapest is cut (cartonize._on_demand); the gap to "no rule" is what
the rules cost.
"""

from __future__ import annotations

import time

import numpy as np

from cartonize import Catalog, OnDemand, datasets, pack_many


def main() -> None:
    machine = OnDemand(min=(150, 100, 50), max=(1200, 800, 800), step=5, wall=3,
                       board_cost=0.45, cost=0.10)
    catalog = Catalog([], on_demand=[machine])
    orders = datasets.sample_orders()
    lines = len(orders["length"])
    runs = (("no rule", orders, {}),
            ("min_support=0.5", orders, {"min_support": 0.5}),
            ("max_load 10 kg on every line", {**orders, "max_load": np.full(lines, 10_000)}, {}),
            ("one line in five not stackable",
             {**orders, "stackable": np.arange(lines) % 5 != 0}, {}))
    for name, cols, options in runs:
        t0 = time.perf_counter()
        table = pack_many(cols, catalog, **options)
        print(f"{name:32s} total cost {table['cost'].sum():8.2f}   "
              f"({time.perf_counter() - t0:.2f} s)")


if __name__ == "__main__":
    main()
