"""`python -m cartonize`: pack the bundled sample of real orders and print a summary."""

from __future__ import annotations

import argparse
import collections
import sys
import time

import numpy as np

from . import datasets
from .batch import pack_many


def summary(orientation: str = "any", threads=None) -> str:
    orders = datasets.sample_orders(orientation)
    catalog = datasets.sample_catalog()
    t0 = time.perf_counter()
    table = pack_many(orders, catalog, threads=threads)
    seconds = time.perf_counter() - t0
    n = len(table["order_id"])
    per_box = collections.Counter(b for ids in table["box_ids"] for b in ids)
    per_count = collections.Counter(table["n_boxes"].tolist())
    lines = [
        f"cartonize on the bundled sample: {n} real orders, {int(orders['quantity'].sum())} "
        f"item copies, orientation {orientation!r}",
        "",
        f"{'box':<12}{'inner mm':>16}{'used':>8}",
    ]
    for box in catalog:
        dims = "x".join(str(v) for v in box.dims)
        lines.append(f"{str(box.id):<12}{dims:>16}{per_box.get(box.id, 0):>8}")
    lines += [
        "",
        f"{'boxes per order':<28}" + "  ".join(f"{k}: {v}" for k, v in sorted(per_count.items())),
        f"{'boxes in all':<28}{int(table['n_boxes'].sum())}",
        f"{'mean utilisation':<28}{np.mean(table['utilisation']):.1%}",
        f"{'orders not fully packed':<28}{int(np.sum(table['status'] != 'packed'))}",
        f"{'time':<28}{seconds * 1e3:.1f} ms ({n / seconds:,.0f} orders/s)",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="cartonize",
        description="Pack the bundled sample of 400 real orders into its four boxes and print "
                    "a summary.")
    parser.add_argument("--orientation", choices=["any", "upright", "fixed"], default="any",
                        help="which turns the items may take (default: any)")
    parser.add_argument("--threads", type=int, default=None,
                        help="worker threads (default: every core)")
    args = parser.parse_args(argv)
    print(summary(args.orientation, args.threads))
    return 0


if __name__ == "__main__":
    sys.exit(main())
