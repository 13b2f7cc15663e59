"""`cartonize pack` on a 2.12-million-line export (400,000 orders), sorted and shuffled.

    python bench/big_file_bench.py [--orders 400000] [--seed 0] [--keep DIR]

Builds an orders file by drawing orders (with all their lines) from the shared BoxPacker
orders, with new order ids, and writes it twice as CSV and Parquet: grouped by order (as
written) and with every line shuffled (as a WMS export sorted by line rather than by order).
Runs the command on each in a fresh process, and prints the wall time and the peak memory of
that process (ru_maxrss of the child, DuckDB's memory included), and the ratio shuffled /
sorted. Checks that every run writes one row per order.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402


def build(n_orders: int, seed: int) -> pd.DataFrame:
    items = pd.read_csv(boxpacker_data.DATA / "items.csv", dtype={"order_id": str})
    items = items.rename(columns={"depth": "height"})
    groups = [g for _, g in items.groupby("order_id", sort=False)]
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(groups), n_orders)
    sizes = np.array([len(groups[k]) for k in pick])
    lines = pd.concat([groups[k] for k in pick], ignore_index=True)
    lines["order_id"] = np.repeat([f"W{k:07d}" for k in range(n_orders)], sizes)
    return lines[["order_id", "item_id", "length", "width", "height", "weight", "quantity"]]


WRAP = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def run(args: list) -> tuple:
    """(seconds, peak MB) of one command, measured by a fresh wrapper process of its own."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", WRAP, *args], check=True, capture_output=True,
                         text=True)
    return time.perf_counter() - t0, int(out.stdout.split()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orders", type=int, default=400_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", help="write the files here instead of a temporary folder")
    args = ap.parse_args()
    lines = build(args.orders, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        boxes = folder / "boxes.csv"
        cat = boxpacker_data.catalog()
        pd.DataFrame({"id": [b.id for b in cat], "length": [b.length for b in cat],
                      "width": [b.width for b in cat], "height": [b.height for b in cat],
                      "max_weight": [b.max_weight for b in cat]}).to_csv(boxes, index=False)
        shuffled = lines.sample(frac=1, random_state=args.seed).reset_index(drop=True)
        print(f"{len(lines):,} lines, {args.orders:,} orders; cartonize pack, every core, "
              f"one fresh process per run")
        print(f"{'file':<22}{'seconds':>9}{'peak MB':>9}{'orders/s':>11}")
        results = {}
        for fmt in ("csv", "parquet"):
            for name, df in (("sorted", lines), ("shuffled", shuffled)):
                src = folder / f"{name}.{fmt}"
                if fmt == "csv":
                    df.to_csv(src, index=False)
                else:
                    df.to_parquet(src, index=False)
                out = folder / f"packed-{name}-{fmt}.parquet"
                seconds, mb = run([sys.executable, "-m", "cartonize", "pack", str(src),
                                   "--boxes", str(boxes), "-o", str(out), "--quiet"])
                n = len(pd.read_parquet(out, columns=["order_id"]))
                assert n == args.orders, f"{name}.{fmt}: {n} rows for {args.orders} orders"
                results[name, fmt] = seconds
                print(f"{name + '.' + fmt:<22}{seconds:>9.1f}{mb:>9.0f}"
                      f"{args.orders / seconds:>11,.0f}")
        for fmt in ("csv", "parquet"):
            print(f"shuffled / sorted, {fmt}: {results['shuffled', fmt] / results['sorted', fmt]:.2f}")


if __name__ == "__main__":
    main()
