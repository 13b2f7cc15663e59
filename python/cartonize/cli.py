"""The `cartonize` command (also `python -m cartonize`).

    cartonize demo                                  the main job on the bundled sample
    cartonize pack ORDERS --boxes BOXES -o OUT      pack an order file, in chunks, on all cores
    cartonize consolidate PARCELS --boxes B --tariff T.toml [--policy P.toml] -o OUT
    cartonize render ORDERS --boxes BOXES --order ID -o picture.png
    cartonize design ORDERS --k 6 --out designed.csv

Errors in input files are one line naming the file, row and column, with exit code 2 (a
traceback only with --debug).
"""

from __future__ import annotations

import argparse
import collections
import heapq
import sys
import time
from pathlib import Path

import numpy as np

from . import datasets
from .batch import pack_many, prepare_lines
from .files import (LENGTH_UNITS, WEIGHT_UNITS, InputError, TableWriter, convert_units,
                    count_rows, order_chunks, parse_columns, read_boxes, read_table, read_toml)
from .model import Item
from .packing import pack

REQUIRED = ("order_id", "length", "width", "height")
LINE_COLUMNS = ("order_id", "length", "width", "height", "weight", "quantity", "orientation")


class Progress:
    """A progress bar on stderr when it is a terminal (tqdm, shown after 2 s), plain log
    lines every 10 s otherwise, nothing with --quiet."""

    def __init__(self, total, quiet: bool, unit: str = "rows"):
        self.quiet, self.total, self.unit = quiet, total, unit
        self.done = self.orders = 0
        self.start = self.last = time.perf_counter()
        self.bar = None
        if not quiet and sys.stderr.isatty():
            try:
                from tqdm import tqdm
                self.bar = tqdm(total=total, unit=unit, unit_scale=True, delay=2,
                                file=sys.stderr, dynamic_ncols=True)
            except ImportError:
                pass

    def update(self, rows: int, orders: int) -> None:
        self.done += rows
        self.orders += orders
        if self.bar is not None:
            self.bar.update(rows)
            self.bar.set_postfix(orders=f"{self.orders:,}", refresh=False)
            return
        now = time.perf_counter()
        if not self.quiet and now - self.last >= 10:
            self.last = now
            rate = self.orders / (now - self.start)
            left = ""
            if self.total:
                frac = self.done / self.total
                left = f", about {(now - self.start) * (1 - frac) / max(frac, 1e-9):.0f} s left"
            print(f"cartonize: {self.done:,} of {self.total or '?':,} {self.unit}, "
                  f"{self.orders:,} orders ({rate:,.0f}/s){left}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Summary:
    """What a batch did: counts, costs, utilisation, the worst-filled orders."""

    def __init__(self, keep_worst: int = 10):
        self.orders = self.boxes = self.not_packed = self.skipped = self.skipped_rows = 0
        self.cost = 0.0
        self.box_counts = collections.Counter()
        self.hist = np.zeros(20, dtype=np.int64)  # utilisation in 5 % bins: memory stays flat
        self.util_sum = 0.0
        self.util_n = 0
        self.worst = []  # heap of (-utilisation, order_id, n_boxes)
        self.keep = keep_worst
        self.worst_items = {}

    def add(self, table, chunk) -> None:
        self.orders += len(table)
        self.boxes += int(table["n_boxes"].sum())
        self.cost += float(table["cost"].sum())
        self.not_packed += int((table["status"] != "packed").sum())
        for ids in table["box_ids"]:
            self.box_counts.update(ids)
        packed = table[table["n_boxes"] > 0]
        u = packed["utilisation"].to_numpy()
        self.hist += np.bincount(np.minimum((u * 20).astype(np.int64), 19), minlength=20)
        self.util_sum += float(u.sum())
        self.util_n += len(u)
        for oid, u, nb in zip(packed["order_id"], packed["utilisation"], packed["n_boxes"]):
            item = (-float(u), str(oid), int(nb))
            if len(self.worst) < self.keep:
                heapq.heappush(self.worst, item)
            elif item > self.worst[0]:
                heapq.heapreplace(self.worst, item)
        keep_ids = {w[1] for w in self.worst}
        rows = chunk[chunk["order_id"].astype(str).isin(keep_ids)]
        for oid, part in rows.groupby(rows["order_id"].astype(str), sort=False):
            self.worst_items[oid] = part
        self.worst_items = {k: v for k, v in self.worst_items.items() if k in keep_ids}

    @property
    def mean_util(self) -> float:
        return self.util_sum / self.util_n if self.util_n else 0.0

    def lines(self, seconds: float) -> list:
        out = [f"orders               {self.orders:,}",
               f"boxes                {self.boxes:,} ({self.boxes / max(1, self.orders):.3f} per order)",
               f"mean utilisation     {100 * self.mean_util:.1f} %",
               f"box cost in all      {self.cost:,.2f}",
               f"not fully packed     {self.not_packed:,}"]
        if self.skipped:
            out.append(f"skipped (bad rows)   {self.skipped:,} orders, {self.skipped_rows:,} rows")
        out.append(f"time                 {seconds:.1f} s ({self.orders / max(seconds, 1e-9):,.0f} orders/s)")
        return out

    def report(self, path: str, catalog, title: str) -> None:
        from .render import draw_packing, html_report
        worst = sorted(self.worst, reverse=True)
        rows = [(oid, nb, f"{-u:.1%}") for u, oid, nb in worst]
        picture = None
        if worst:
            oid = worst[0][1]
            items = _items(self.worst_items[oid])
            picture = draw_packing(pack(items, catalog), items, f"order {oid}")
        totals = {"orders": f"{self.orders:,}", "boxes": f"{self.boxes:,}",
                  "box cost": f"{self.cost:,.2f}", "not fully packed": f"{self.not_packed:,}",
                  "mean utilisation": f"{100 * self.mean_util:.1f} %"}
        Path(path).write_text(html_report(title, dict(self.box_counts), self.hist, totals, rows,
                                          picture))


def _items(rows) -> list:
    out = []
    for r in rows.to_dict("records"):
        q = r.get("quantity", 1)
        w = r.get("weight", 0)
        o = r.get("orientation", "any")
        out.append(Item(r["length"], r["width"], r["height"],
                        weight=0 if w is None or w != w else w,
                        quantity=1 if q is None or q != q else int(q),
                        orientation="any" if not isinstance(o, str) else o,
                        id=r.get("item_id")))
    return out


def _prepare_chunk(chunk, args, path):
    if getattr(args, "orientation", None) and "orientation" not in chunk.columns:
        chunk["orientation"] = args.orientation
    convert_units(chunk, ("length", "width", "height"), ("weight",), args.unit, args.weight_unit)
    missing = [c for c in REQUIRED if c not in chunk.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (columns: "
                         f"{', '.join(map(str, chunk.columns))}; map yours with --columns)")
    return chunk


def _read_dask(path: str, columns: dict):
    """A dask DataFrame from a Parquet file or folder, or CSV / JSON Lines files (globs)."""
    import dask.dataframe as dd
    p = Path(path)
    if p.is_dir() or p.suffix.lower() in (".parquet", ".pq"):
        ddf = dd.read_parquet(path)
    elif p.suffix.lower() in (".jsonl", ".ndjson"):
        ddf = dd.read_json(path, lines=True, blocksize=1 << 26)
    else:
        ddf = dd.read_csv(path, blocksize=1 << 26)
    return ddf.rename(columns=columns) if columns else ddf


def _to_parquet(ddf, path: str) -> None:
    """A dask DataFrame to a Parquet folder, tuples as lists, the schema taken from real rows
    (object columns have no type until a partition is computed)."""
    import pyarrow as pa
    ddf = ddf.map_partitions(_lists, meta=_lists(ddf._meta))
    sample = None
    for k in range(ddf.npartitions):
        sample = ddf.get_partition(k).compute()
        if len(sample):
            break
    schema = pa.Schema.from_pandas(sample, preserve_index=False)
    ddf.to_parquet(path, write_index=False, schema=schema)


def _lists(df):
    """Tuples as lists (Parquet writes lists)."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object and len(out) and isinstance(out[c].iloc[0], tuple):
            out[c] = [list(map(str, v)) for v in out[c]]
    return out


def cmd_pack_dask(args) -> int:
    """pack on a running Dask cluster: bad orders are reported in the status and message
    columns of the output rather than stopping the run."""
    from distributed import Client
    import cartonize.dask as cdask
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit)
    t0 = time.perf_counter()
    with Client(args.scheduler) as client:
        ddf = _read_dask(args.orders, parse_columns(args.columns))
        if args.orientation and "orientation" not in ddf.columns:
            ddf = ddf.assign(orientation=args.orientation)
        missing = [c for c in REQUIRED if c not in ddf.columns]
        if missing:
            raise InputError(f"{args.orders}: missing column(s) {', '.join(missing)}")
        ddf = ddf.map_partitions(convert_units, ("length", "width", "height"), ("weight",),
                                 args.unit, args.weight_unit, meta=ddf._meta)
        ddf = ddf[[c for c in LINE_COLUMNS if c in ddf.columns]]
        table = client.persist(cdask.pack_many(ddf, catalog, exact=args.exact))
        n, boxes, cost, bad = client.compute([table["n_boxes"].count(), table["n_boxes"].sum(),
                                             table["cost"].sum(),
                                             (table["status"] != "packed").sum()], sync=True)
        if args.output:
            _to_parquet(table, args.output)
    seconds = time.perf_counter() - t0
    print(f"orders               {n:,}\nboxes                {boxes:,}\n"
          f"box cost in all      {cost:,.2f}\nnot fully packed     {bad:,}\n"
          f"time                 {seconds:.1f} s ({n / max(seconds, 1e-9):,.0f} orders/s) on "
          f"{args.scheduler}")
    if args.output:
        print(f"wrote {args.output}/ (Parquet)")
    return 0


def cmd_pack(args) -> int:
    if args.scheduler:
        return cmd_pack_dask(args)
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit)
    t0 = time.perf_counter()
    progress = Progress(count_rows(args.orders), args.quiet)
    out = TableWriter(args.output) if args.output else None
    places = TableWriter(args.placements) if args.placements else None
    rejects = None
    if args.on_error == "skip":
        rejects = TableWriter(args.rejects or str(Path(args.orders).with_suffix("")) +
                              ".rejects.csv")
    summary = Summary()
    try:
        for chunk, first in order_chunks(args.orders, parse_columns(args.columns),
                                         args.chunk_rows):
            chunk = _prepare_chunk(chunk, args, args.orders)
            lines = chunk[[c for c in LINE_COLUMNS if c in chunk.columns]]
            cols = {k: lines[k].to_numpy() for k in lines.columns}
            _, errors = prepare_lines(cols, len(lines))
            if errors.message and rejects is None:
                r = min(errors.message)
                raise InputError(f"{args.orders}: row {first + r}: "
                                 f"{errors.message[r].split(': ', 1)[1]}")
            result = pack_many(lines, catalog, threads=args.threads,
                               placements=places is not None, exact=args.exact)
            table, place = result if places is not None else (result, None)
            if rejects is not None and errors.message:
                bad_ids = set(table["order_id"][table["status"] == "error"].tolist())
                bad = chunk[chunk["order_id"].isin(bad_ids)].copy()
                bad.insert(0, "source_row", first + bad.index.to_numpy())
                bad["reason"] = [errors.message[r].split(": ", 1)[1] if r in errors.message
                                 else "another row of this order is bad" for r in bad.index]
                rejects.write(bad)
                summary.skipped += len(bad_ids)
                summary.skipped_rows += len(bad)
                keep = table["status"] != "error"
                if place is not None:
                    place = place[place["order_id"].isin(table["order_id"][keep])]
                table = table[keep].reset_index(drop=True)
            summary.add(table, chunk)
            if out is not None:
                out.write(table)
            if place is not None:
                place = place.copy()
                place["item_row"] = first + place["item_row"].to_numpy()
                places.write(place)
            progress.update(len(chunk), len(table))
    finally:
        progress.close()
        for w in (out, places, rejects):
            if w is not None:
                w.close()
    print("\n".join(summary.lines(time.perf_counter() - t0)))
    if out is not None:
        print(f"wrote {out.rows:,} orders to {args.output}")
    if rejects is not None and summary.skipped:
        print(f"wrote {summary.skipped_rows:,} rejected rows to {rejects.path}")
    if args.report:
        summary.report(args.report, catalog, f"cartonize: {Path(args.orders).name}")
        print(f"wrote {args.report}")
    return 0


def cmd_render(args) -> int:
    from .render import save_packing
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit)
    rows = None
    for chunk, _ in order_chunks(args.orders, parse_columns(args.columns), args.chunk_rows):
        chunk = _prepare_chunk(chunk, args, args.orders)
        match = chunk[chunk["order_id"].astype(str) == str(args.order)]
        if len(match):
            rows = match
            break
    if rows is None:
        raise InputError(f"{args.orders}: no order with order_id {args.order!r}")
    try:
        items = _items(rows)
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.orders}: order {args.order}: {e}") from None
    p = pack(items, catalog, exact=args.exact)
    save_packing(p, args.output, items, f"order {args.order}: {p.n_boxes} box(es), "
                                         f"{100 * p.utilisation:.0f} % full")
    print(f"order {args.order}: {', '.join(map(str, p.box_ids))}; wrote {args.output}")
    return 0


def cmd_consolidate(args) -> int:
    from .consolidation import ConsolidationPolicy, Tariff, consolidate
    catalog = read_boxes(args.boxes)
    spec = read_toml(args.tariff)
    try:
        if "brackets" in spec:
            tariff = Tariff.from_brackets([tuple(b) for b in spec["brackets"]],
                                          divisor=spec.get("divisor", 5000),
                                          per_parcel=spec.get("per_parcel", 0.0))
        else:
            tariff = Tariff(**spec)
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.tariff}: {e}") from None
    try:
        policy = ConsolidationPolicy(**(read_toml(args.policy) if args.policy else {}))
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.policy}: {e}") from None
    if args.scheduler:
        return _consolidate_dask(args, catalog, tariff, policy)
    parcels = read_table(args.parcels, parse_columns(args.columns))
    t0 = time.perf_counter()
    try:
        result = consolidate(parcels, catalog, tariff, policy, exact_limit=args.exact_limit,
                             threads=args.threads)
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.parcels}: {e}") from None
    seconds = time.perf_counter() - t0
    g = result.groups
    print(f"parcels              {len(result.assignments):,}")
    print(f"consumers            {len(result.consumers):,}")
    print(f"packages             {len(g):,} ({int((g['n_parcels'] > 1).sum()):,} consolidated)")
    print(f"cost                 {g['cost'].sum():,.2f} (alone {g['cost_alone'].sum():,.2f})")
    print(f"saving               {g['saving'].sum():,.2f} "
          f"({100 * g['saving'].sum() / max(g['cost_alone'].sum(), 1e-9):.1f} %)")
    print(f"time                 {seconds:.1f} s")
    if args.output:
        w = TableWriter(args.output)
        w.write(g)
        w.close()
        print(f"wrote {len(g):,} packages to {args.output}")
    if args.assignments:
        w = TableWriter(args.assignments)
        w.write(result.assignments)
        w.close()
    return 0


def _consolidate_dask(args, catalog, tariff, policy) -> int:
    from distributed import Client
    import cartonize.dask as cdask
    t0 = time.perf_counter()
    with Client(args.scheduler) as client:
        ddf = _read_dask(args.parcels, parse_columns(args.columns))
        groups = client.persist(cdask.consolidate(ddf, catalog, tariff, policy,
                                                  exact_limit=args.exact_limit).groups)
        n, saving, alone = client.compute([groups["n_parcels"].sum(), groups["saving"].sum(),
                                           groups["cost_alone"].sum()], sync=True)
        if args.output:
            _to_parquet(groups, args.output)
    print(f"parcels              {n:,}\nsaving               {saving:,.2f} "
          f"({100 * saving / max(alone, 1e-9):.1f} %)\n"
          f"time                 {time.perf_counter() - t0:.1f} s on {args.scheduler}")
    if args.output:
        print(f"wrote {args.output}/ (Parquet)")
    return 0


def summary_text(orientation: str = "any", threads=None) -> str:
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
    single = table["n_boxes"] == 1
    proven = int(np.sum(single & (table["proof"] == "proven")))
    lines += [
        "",
        f"{'boxes per order':<28}" + "  ".join(f"{k}: {v}" for k, v in sorted(per_count.items())),
        f"{'boxes in all':<28}{int(table['n_boxes'].sum())}",
        f"{'mean utilisation':<28}{np.mean(table['utilisation']):.1%}",
        f"{'one box, proven cheapest':<28}{proven} of {int(single.sum())}",
        f"{'orders not fully packed':<28}{int(np.sum(table['status'] != 'packed'))}",
        f"{'time':<28}{seconds * 1e3:.1f} ms ({n / seconds:,.0f} orders/s)",
    ]
    return "\n".join(lines)


def cmd_demo(args) -> int:
    print(summary_text(args.orientation, args.threads))
    from .render import MissingViz
    out = Path(args.out_dir)
    try:
        import pandas as pd
        orders = pd.DataFrame(datasets.sample_orders(args.orientation))
        catalog = datasets.sample_catalog()
        summary = Summary()
        summary.add(pack_many(orders, catalog, threads=args.threads), orders)
        # The picture: a one-box sample order with many different items (then many copies).
        best = None
        for oid, part in orders.groupby("order_id", sort=False):
            items = _items(part)
            p = pack(items, catalog)
            rank = (len({(i.length, i.width, i.height) for i in items}),
                    sum(it.quantity for it in items))
            if p.n_boxes == 1 and (best is None or rank > best[0]):
                best = (rank, oid, items, p)
        from .render import save_packing
        out.mkdir(parents=True, exist_ok=True)
        picture, report = out / "cartonize-demo.png", out / "cartonize-demo.html"
        save_packing(best[3], str(picture), best[2], f"sample order {best[1][:12]}: "
                     f"{best[0][1]} copies in {best[3].box_ids[0]}")
        summary.report(str(report), catalog, "cartonize demo: the bundled sample")
        print(f"\nwrote {picture} (one packed order) and {report} (batch report)")
    except (MissingViz, ImportError) as e:
        print(f"\n(no picture or report: {e})")
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
    from .design import design_catalog
    from .render import _plt
    plt = _plt()
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


def _file_options(p, orientation=True) -> None:
    p.add_argument("--columns", help="map your column names to ours: height=depth,length=len_cm")
    p.add_argument("--unit", choices=sorted(LENGTH_UNITS), default="mm",
                   help="length unit of the files (default mm); converted conservatively")
    p.add_argument("--weight-unit", choices=sorted(WEIGHT_UNITS), default="g",
                   help="weight unit of the files (default g)")
    if orientation:
        p.add_argument("--orientation", choices=["any", "upright", "fixed"], default=None,
                       help="turns allowed when the file has no orientation column "
                            "(default any)")
    p.add_argument("--chunk-rows", type=int, default=500_000, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cartonize",
        description="Right-sized boxes for e-commerce orders. With no command, runs the demo "
                    "on the bundled sample of 400 real orders.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="pack the bundled sample: summary, picture, report",
                          description="Packs the bundled sample of 400 real orders into its "
                                      "four boxes, prints a summary, and writes a picture of "
                                      "one packed order and an HTML report.")
    demo.add_argument("--orientation", choices=["any", "upright", "fixed"], default="any")
    demo.add_argument("--threads", type=int, default=None)
    demo.add_argument("--out-dir", default=".", help="where the picture and report go")
    demo.set_defaults(run=cmd_demo)

    p = sub.add_parser(
        "pack", help="choose boxes for every order of a file",
        description="Packs every order of ORDERS (one row per order line: order_id, length, "
                    "width, height, and optionally weight, quantity, orientation) into the "
                    "boxes of BOXES (id, length, width, height, and optionally max_weight, "
                    "empty_weight, cost, outer_length, outer_width, outer_height). Files are "
                    ".csv, .parquet or .jsonl; large files stream in chunks (rows of one order "
                    "must be adjacent). Prints a summary; writes one row per order to -o.")
    p.add_argument("orders", help="the order lines")
    p.add_argument("--boxes", required=True, help="the boxes you stock")
    p.add_argument("-o", "--output", help="results, one row per order (.csv/.parquet/.jsonl)")
    p.add_argument("--placements", help="also one row per placed item copy, to this file")
    p.add_argument("--threads", type=int, default=None, help="threads (default: every core)")
    p.add_argument("--exact", action=argparse.BooleanOptionalAction, default=True,
                   help="settle boxes the heuristic fails on with the exact search (default on)")
    p.add_argument("--on-error", choices=["fail", "skip"], default="fail",
                   help="a bad row stops the run (fail, default) or its order is skipped, "
                        "counted and written to a rejects file (skip)")
    p.add_argument("--rejects", help="where skipped rows go (default ORDERS.rejects.csv)")
    p.add_argument("--report", help="write a self-contained HTML report of the batch")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--scheduler", help="run on a Dask cluster at this address (tcp://host:8786);"
                                       " ORDERS and -o may then be Parquet folders")
    _file_options(p)
    p.set_defaults(run=cmd_pack)

    c = sub.add_parser(
        "consolidate", help="group each consumer's parcels into packages when it pays",
        description="Consolidates PARCELS (parcel_id, consumer_id, ready, deadline in seconds, "
                    "length, width, height in mm, weight in g, value in minor currency units) "
                    "into the boxes of BOXES (costs in currency), priced by the TOML rate "
                    "card --tariff under the TOML --policy. See README for both files.")
    c.add_argument("parcels")
    c.add_argument("--boxes", required=True)
    c.add_argument("--tariff", required=True, help="rate card (TOML)")
    c.add_argument("--policy", help="limits and waiting cost (TOML); defaults otherwise")
    c.add_argument("-o", "--output", help="one row per package")
    c.add_argument("--assignments", help="parcel_id -> group_id, to this file")
    c.add_argument("--exact-limit", type=int, default=12,
                   help="consumers with at most this many parcels are solved exactly")
    c.add_argument("--threads", type=int, default=None)
    c.add_argument("--columns", help="map your column names to ours")
    c.add_argument("--scheduler", help="run on a Dask cluster at this address; PARCELS and -o "
                                       "may then be Parquet folders")
    c.set_defaults(run=cmd_consolidate)

    r = sub.add_parser("render", help="draw how one order is packed",
                       description="Packs one order of ORDERS and draws each box in 3D with "
                                   "the packing sequence (PNG; needs cartonize[viz]).")
    r.add_argument("orders")
    r.add_argument("--boxes", required=True)
    r.add_argument("--order", required=True, help="the order_id to draw")
    r.add_argument("-o", "--output", default="packing.png")
    r.add_argument("--exact", action=argparse.BooleanOptionalAction, default=True)
    _file_options(r)
    r.set_defaults(run=cmd_render)

    d = sub.add_parser(
        "design", help="choose which box sizes to stock, from an order file",
        description="Choose k box sizes from order history (one row per order line: "
                    "order_id, length, width, height, and optionally weight, quantity, "
                    "orientation; mm and g). Prints train and holdout figures against "
                    "--current and writes the sizes to --out.")
    d.add_argument("orders", help="orders file: .csv, .parquet or .jsonl")
    d.add_argument("--k", type=int, required=True, help="how many box sizes")
    d.add_argument("--current", help="the boxes in use now (id, length, width, height, ...)")
    d.add_argument("--objective", choices=["volume", "board"], default="volume",
                   help="minimise shipped box volume or corrugated board (FEFCO 0201)")
    d.add_argument("--out", required=True, help="where to write the designed sizes (CSV)")
    d.add_argument("--plot", help="draw volume and board saved for k = 1..K (PNG)")
    d.add_argument("--holdout", type=float, default=0.3,
                   help="share of orders held out for the honest figures (default 0.3)")
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--threads", type=int, default=None)
    d.add_argument("--orientation", choices=["any", "upright", "fixed"], default=None)
    d.add_argument("--columns", help="map your column names: height=depth,length=len")
    d.add_argument("--quiet", action="store_true", help="no progress lines")
    d.add_argument("--verbose", action="store_true", help="progress lines even when piped")
    d.set_defaults(run=cmd_design)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        args = parser.parse_args(["demo"] + list(argv or []))
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader went away (`cartonize demo | head`): end quietly
        sys.stderr.close()
        return 0
    except InputError as e:
        if args.debug:
            raise
        print(f"cartonize: {e}", file=sys.stderr)
        return 2
