"""cartonize design: choose which box sizes to stock, from an order file."""

from __future__ import annotations

import sys

from ..._tables import LINE_REQUIRED, ORDER_COLUMNS, RowValueError
from ..config import load_tariff, priced_alike
from ..._units import LENGTH_UNITS, WEIGHT_UNITS
from ..convert import numbers, read_boxes
from ..files import (ROW, InputError, Source, check_columns_read, parse_columns,
                     parse_delimiter)
from ..outputs import Outputs, TableOutput, length_text, picture_target


def read_orders(args):
    """The orders file as a DataFrame with numbers converted to mm and g."""
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    source = Source(args.orders, "orders", columns, delimiter)
    source.require(LINE_REQUIRED, known=ORDER_COLUMNS)
    check_columns_read(args.columns)  # (the current boxes, if any, read already)
    orders = source.read()
    lf, wf = LENGTH_UNITS[args.unit], WEIGHT_UNITS[args.weight_unit]
    num = numbers(orders, ("length", "width", "height", "weight", "quantity"), source,
                  {"length": lf, "width": lf, "height": lf, "weight": wf},
                  optional=("weight", "quantity"))
    for c, v in num.items():
        if v is not None:
            orders[c] = v
    if args.orientation and "orientation" not in orders.columns:
        orders["orientation"] = args.orientation
    return orders, source


def run(args) -> int:
    from ...design import design_catalog
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    current = (priced_alike(read_boxes(args.current, args.unit, args.weight_unit, columns,
                                       delimiter), args.current, args)
               if args.current else None)
    if args.plot and current is None:
        raise InputError("--plot compares with the current boxes: give --current")
    tariff = None
    if args.tariff:
        tariff = load_tariff(args.tariff)
        if isinstance(tariff, dict):
            raise InputError(f"{args.tariff}: design takes one service or [[service]] tables")
    elif args.objective == "cost":
        raise InputError("--objective cost needs --tariff (the carrier services to price by)")
    with Outputs() as outputs:
        out = outputs.add(TableOutput(args.out, "the designed sizes"))
        plot = outputs.add(picture_target(args.plot, "the plot")) if args.plot else None
        orders, source = read_orders(args)
        progress = not args.quiet and sys.stderr.isatty()
        lf_in = LENGTH_UNITS[args.unit]
        if args.bags < 0:
            raise InputError(f"--bags = {args.bags} must not be negative")
        # What every design of the run takes (the plot's, k = 1 .. K, too).
        wf = WEIGHT_UNITS[args.weight_unit]
        common = dict(current=current, objective=args.objective, holdout=args.holdout,
                      max_weight=None if args.max_weight is None
                      else int(round(args.max_weight * wf)),
                      seed=args.seed, threads=args.threads, tariff=tariff, bags=args.bags,
                      bag_max_height=None if args.bag_max_height is None
                      else int(round(args.bag_max_height * lf_in)))
        try:
            d = design_catalog(orders.drop(columns=[ROW]), args.k,
                               progress=progress or args.verbose, **common)
        except RowValueError as e:
            raise source.fail(e.error.at(int(orders[ROW].iloc[e.error.row]))) from None
        except (TypeError, ValueError) as e:
            raise source.fail(str(e)) from None
        import pandas as pd
        lf = LENGTH_UNITS[args.unit]
        sizes = pd.DataFrame(_size_rows(d.catalog, lf, WEIGHT_UNITS[args.weight_unit]))
        for c in sizes.columns:  # whole numbers as written (60, not 60.0, beside a blank)
            if sizes[c].dtype.kind == "f" and (sizes[c].dropna() % 1 == 0).all():
                sizes[c] = sizes[c].astype("Int64")
        out.write(sizes)
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            # Money to the cent, utilisation in %, m3 to the litre, m2 to a tenth.
            money = {c: (lambda v: f"{v:,.2f}") for c in ("shipping", "landed_cost")
                     if c in d.report.columns}
            print(d.report.to_string(index=False, float_format=lambda v: f"{v:.4g}",
                                     formatters={**money, "utilisation":
                                                 lambda v: f"{100 * v:.1f}%",
                                                 "box_volume_m3": lambda v: f"{v:,.3f}",
                                                 "board_m2": lambda v: f"{v:,.1f}"}))
        print("utilisation: all the orders' item volume over their boxes' (pack's mean "
              "utilisation averages each order's)")
        now = d.report[d.report["catalog"] == "current"]
        if (2 * now["orders_not_packed"] > now["orders"]).any():  # most orders in no box
            print("check units: the current boxes do not pack most orders: are the orders and "
                  "the boxes in one unit (--unit)?")
        lost = int(d.report.loc[d.report["catalog"] == "designed", "orders_not_packed"].sum())
        if lost:
            print(f"{lost:,} order{'s' * (lost != 1)} not packed whole in the designed "
                  f"sizes (an item no size holds, or past the core's limits: cartonize pack "
                  f"--boxes {args.out} says why)")
        print("\n" + "\n".join(_usage_lines(d, lf, args.unit)))
        print(_carries_line(d, args, wf))
        saving = _saving_line(d.report)
        if saving:
            print(saving)
        if plot is not None:
            plot_savings(orders.drop(columns=[ROW]), args, d, str(plot.temp), common)
    print(f"\nwrote {len(sizes)} sizes to {args.out}" + (
        f" (lengths in {args.unit})" if args.unit != "mm" else ""))
    if args.plot:
        print(f"wrote {args.plot}")
    return 0


def _usage_lines(d, lf: float, unit: str) -> list:
    """Each designed size (a bag's flat size) and how many training orders ship in it alone
    (a size that serves none on its own is said so: it may still serve orders split over
    several boxes)."""
    u = d.usage
    kinds = u["kind"].tolist() if "kind" in u.columns else ["box"] * len(u)
    head = f"{'size':<6}{'kind':<6}{'length x width x height (' + unit + ')':<34}" \
           f"{'training orders alone':>22}"
    lines = [head]
    for k in range(len(u)):
        dims = [u[c].iloc[k] for c in ("length", "width", "height")]
        text = " x ".join(length_text(int(v) if lf == 1.0 else int(v) / lf)
                          for v in dims[:2 if kinds[k] == "bag" else 3])
        text += " flat" if kinds[k] == "bag" else ""  # a bag's height is its contents
        lines.append(f"{u['box_id'].iloc[k]:<6}{kinds[k]:<6}{text:<34}"
                     f"{int(u['train_orders'].iloc[k]):>12,} ({100 * u['share'].iloc[k]:.1f} %)")
    idle = int((u["train_orders"] == 0).sum())
    if idle:
        lines.append(f"{idle} of {len(u)} sizes ship no training order alone: a smaller "
                     "--k may do as well")
    return lines


def _carries_line(d, args, wf: float) -> str:
    """What the designed boxes may carry, and where that came from (the saving rests on it:
    a flat box given the heaviest box's limit takes loads the current flat box may not)."""
    limits = {b.max_weight for b in d.catalog if b.kind == "box"}
    if not limits:
        return ""
    limit = limits.pop()
    if limit is None:
        return "the designed boxes carry any weight (no --current, no --max-weight)"
    said = f"{limit / wf:,.4g} {args.weight_unit}" if wf != 1 else f"{limit:,} g"
    why = "--max-weight" if args.max_weight is not None else \
        "the heaviest limit of the --current boxes; --max-weight sets another"
    return f"each designed box carries at most {said} ({why})"


def _saving_line(report) -> str:
    """What the designed sizes save against the current ones, on the held-out orders (the
    training ones without a holdout): box volume, board and, priced, landed cost."""
    r = report.set_index(["split", "catalog"])
    split = "holdout" if (("holdout", "designed") in r.index) else "train"
    if (split, "current") not in r.index:
        return ""
    cur, new = r.loc[(split, "current")], r.loc[(split, "designed")]
    parts = [f"{what} {_change(100 * (new[column] / cur[column] - 1))}"
             for column, what in (("landed_cost", "landed cost"), ("boxes", "boxes"),
                                  ("box_volume_m3", "box volume"), ("board_m2", "board"))
             if column in r.columns and cur[column] > 0]
    return (f"designed against current, {split} orders: " + ", ".join(parts)) if parts else ""


def _change(percent: float) -> str:
    """A change in words, as --plot draws it (saved is up): "45.7 % less", not "-45.7 %"."""
    said = f"{abs(percent):.1f}"
    if said == "0.0":
        return "the same"
    return f"{said} % {'less' if percent < 0 else 'more'}"


def _size_rows(catalog, lf: float, wf: float) -> dict:
    """The designed sizes as a boxes file holds them (with bags: kind, max_height and wall,
    and no height or outer size for a bag), in the file's units."""
    boxes = list(catalog)
    bags = any(b.kind == "bag" for b in boxes)

    def box_only(f):
        return [f(b) if b.kind == "box" else None for b in boxes]
    rows = {"id": [b.id for b in boxes]}
    if bags:
        rows["kind"] = [b.kind for b in boxes]
    rows.update({"length": [_unit(b.length, lf) for b in boxes],
                 "width": [_unit(b.width, lf) for b in boxes],
                 "height": box_only(lambda b: _unit(b.height, lf)),
                 "max_weight": [None if b.max_weight is None else _unit(b.max_weight, wf)
                                for b in boxes],
                 "cost": [b.cost if b._cost_given else None for b in boxes],
                 "empty_weight": [_unit(b.empty_weight, wf) for b in boxes]})
    rows.update({f"outer_{a}": box_only(lambda b, k=k: _unit(b.outer[k], lf))
                 for k, a in enumerate(("length", "width", "height"))})
    if bags:
        rows["max_height"] = [None if b.kind == "box" or b.max_height is None
                              else _unit(b.max_height, lf) for b in boxes]
        rows["wall"] = [_unit(b.wall, lf) if b.kind == "bag" else None for b in boxes]
    return rows


def _unit(value: int, factor: float):
    """A length in mm (a weight in g) back in the file's unit; mm and g stay integers."""
    return value if factor == 1.0 else value / factor


def plot_savings(orders, args, first, path: str, common: dict) -> None:
    """Volume and board saved against the current boxes for k = 1..K (and landed cost, by
    landed cost), each design made as the run's (`common`: its options), drawn to --plot."""
    from ...design import design_catalog
    from ...render import save_figure
    from ..figures import savings_figure
    ks, saved = [], {"box volume": [], "corrugated board": []}
    if args.objective == "cost":
        saved = {"landed cost": [], **saved}
    column = {"landed cost": "landed_cost", "box volume": "box_volume_m3",
              "corrugated board": "board_m2"}
    split = "holdout" if args.holdout > 0 else "train"
    for k in range(1, args.k + 1):
        d = first if k == args.k else design_catalog(orders, k, **common)
        r = d.report.set_index(["split", "catalog"])
        cur, new = r.loc[(split, "current")], r.loc[(split, "designed")]
        ks.append(k)
        for name, values in saved.items():
            values.append(100 * (1 - new[column[name]] / cur[column[name]]))
    save_figure(savings_figure(ks, saved, split, bags=args.bags > 0), path, dpi=120)
