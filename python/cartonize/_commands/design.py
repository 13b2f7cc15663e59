"""cartonize design: choose which box sizes to stock, from an order file."""

from __future__ import annotations

import sys

from ..files import InputError, parse_columns, read_boxes, read_table


def run(args) -> int:
    from ..design import design_catalog
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
    """Volume and board saved against the current boxes for k = 1..K, drawn to --plot."""
    from ..design import design_catalog
    from ..render import save_figure, savings_figure
    if current is None:
        raise InputError("--plot compares with the current boxes: give --current")
    ks, vol, board = [], [], []
    split = "holdout" if args.holdout > 0 else "train"
    for k in range(1, args.k + 1):
        d = first if k == args.k else design_catalog(
            orders, k, current=current, objective=args.objective, holdout=args.holdout,
            seed=args.seed, threads=args.threads)
        r = d.report.set_index(["split", "catalog"])
        cur, new = r.loc[(split, "current")], r.loc[(split, "designed")]
        ks.append(k)
        vol.append(100 * (1 - new.box_volume_m3 / cur.box_volume_m3))
        board.append(100 * (1 - new.board_m2 / cur.board_m2))
    save_figure(savings_figure(ks, vol, board, split), args.plot, dpi=120)
    print(f"wrote {args.plot}")
