"""The `cartonize` command (also `python -m cartonize`).

    cartonize                      pack the bundled sample of real orders, print a summary
    cartonize design ORDERS --k 6  choose the box sizes to stock from an order file
"""

from __future__ import annotations

import argparse
import collections
import sys
import time

import numpy as np

from . import datasets
from .batch import pack_many
from .files import InputError, parse_columns, read_boxes, read_table


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


def cmd_demo(args) -> int:
    print(summary(args.orientation, args.threads))
    return 0


def cmd_design(args) -> int:
    from .design import design_catalog
    orders = read_table(args.orders, parse_columns(args.columns))
    if args.orientation and "orientation" not in orders.columns:
        orders["orientation"] = args.orientation
    current = read_boxes(args.current) if args.current else None
    progress = not args.quiet and sys.stderr.isatty()
    try:
        d = design_catalog(orders, args.k, current=current, objective=args.objective,
                           holdout=args.holdout, seed=args.seed, threads=args.threads,
                           progress=progress or args.verbose)
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.orders}: {e}") from None
    import pandas as pd
    out = pd.DataFrame({
        "id": [b.id for b in d.catalog], "length": [b.length for b in d.catalog],
        "width": [b.width for b in d.catalog], "height": [b.height for b in d.catalog],
        "max_weight": [b.max_weight for b in d.catalog], "cost": [b.cost for b in d.catalog]})
    out.to_csv(args.out, index=False)
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print(d.report.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"\nwrote {len(out)} sizes to {args.out}")
    if args.plot:
        plot_savings(orders, current, args, d)
    return 0


def plot_savings(orders, current, args, first) -> None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--plot needs matplotlib: pip install 'cartonize[viz]'") from None
    from .design import design_catalog
    if current is None:
        raise InputError("--plot compares with the current boxes: give --current")
    ks, vol, board = [], [], []
    for k in range(1, args.k + 1):
        d = first if k == args.k else design_catalog(
            orders, k, current=current, objective=args.objective, holdout=args.holdout,
            seed=args.seed, threads=args.threads)
        r = d.report.set_index(["split", "catalog"])
        split = "holdout" if args.holdout > 0 else "train"
        cur, new = r.loc[(split, "current")], r.loc[(split, "designed")]
        ks.append(k)
        vol.append(100 * (1 - new.box_volume_m3 / cur.box_volume_m3))
        board.append(100 * (1 - new.board_m2 / cur.board_m2))
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(ks, vol, "o-", label="box volume")
    ax.plot(ks, board, "s-", label="corrugated board")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xticks(ks)
    ax.set_xlabel("number of box sizes k")
    ax.set_ylabel(f"saved against the current boxes, % ({split})")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.plot, dpi=120)
    print(f"wrote {args.plot}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cartonize",
        description="Right-sized boxes for e-commerce orders. With no command, packs the "
                    "bundled sample of 400 real orders into its four boxes and prints a summary.")
    parser.add_argument("--orientation", choices=["any", "upright", "fixed"], default="any",
                        help="which turns the items may take (default: any)")
    parser.add_argument("--threads", type=int, default=None,
                        help="worker threads (default: every core)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="pack the bundled sample and print a summary")
    demo.set_defaults(run=cmd_demo)
    design = sub.add_parser(
        "design", help="choose which box sizes to stock, from an order file",
        description="Choose k box sizes from order history (one row per order line: "
                    "order_id, length, width, height, and optionally weight, quantity, "
                    "orientation; mm and g). Prints train and holdout figures against "
                    "--current and writes the sizes to --out.")
    design.add_argument("orders", help="orders file: .csv, .parquet or .jsonl")
    design.add_argument("--k", type=int, required=True, help="how many box sizes")
    design.add_argument("--current", help="the boxes in use now (id, length, width, height, ...)")
    design.add_argument("--objective", choices=["volume", "board"], default="volume",
                        help="minimise shipped box volume or corrugated board (FEFCO 0201)")
    design.add_argument("--out", required=True, help="where to write the designed sizes (CSV)")
    design.add_argument("--plot", help="draw volume and board saved for k = 1..K (PNG)")
    design.add_argument("--holdout", type=float, default=0.3,
                        help="share of orders held out for the honest figures (default 0.3)")
    design.add_argument("--seed", type=int, default=0)
    design.add_argument("--columns", help="map your column names: height=depth,length=len")
    design.add_argument("--quiet", action="store_true", help="no progress lines")
    design.add_argument("--verbose", action="store_true", help="progress lines even when piped")
    design.set_defaults(run=cmd_design)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", cmd_demo)
    if not hasattr(args, "orientation"):
        args.orientation = "any"
    try:
        return run(args)
    except InputError as e:
        if args.debug:
            raise
        print(f"cartonize: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
