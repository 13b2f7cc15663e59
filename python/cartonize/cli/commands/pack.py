"""cartonize pack: every order of a file, in blocks of whole orders, on all cores (or on a Dask
cluster). The rows of an order may lie anywhere in the file (see _grouping); every output is
written atomically (see _outputs)."""

from __future__ import annotations

import collections
import math
import time
from pathlib import Path

import numpy as np

from ..report import (Progress, Summary, bags_text, has_costs, material_costs,
                      view_pages)
from ..config import pack_options, packing_catalog, priced_by, with_station
from ..grouping import grouped_blocks
from ..outputs import (AtomicFile, Outputs, TableOutput, cell_text, check_parquet_folder,
                       parquet_folder, scheduler_client)
from ..._tables import LINE_COLUMNS, LINE_REQUIRED, ORDER_COLUMNS, unread_columns
from ...batch import pack_columns
from ..._units import LENGTH_UNITS, WEIGHT_UNITS
from ..cluster import left_out, read_dask_files
from ..convert import block_columns, frame_items, line_numbers, read_boxes, whole_groups
from ..files import (ROW, InputError, Source, check_columns_read, parse_columns,
                     parse_delimiter, unread_text)


def run(args) -> int:
    if args.scheduler:
        return run_dask(args)
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    lf, wf = LENGTH_UNITS[args.unit], WEIGHT_UNITS[args.weight_unit]
    source = Source(args.orders, "orders", columns, delimiter)
    names = source.require(LINE_REQUIRED, known=ORDER_COLUMNS)
    embed = args.placements is True  # -o out.jsonl --placements: placements inside each order
    if embed and (not args.output or not args.output.lower().endswith((".jsonl", ".ndjson"))):
        raise InputError("--placements without a file name puts the placements into the "
                         "orders' rows: give -o OUT.jsonl (or --placements FILE)")
    catalog = shop = packing_catalog(args, columns, delimiter)
    piped = [b.id for b in catalog.boxes if "|" in str(b.id)]
    if piped and str(args.output or "").lower().endswith((".csv", ".tsv")):
        raise InputError(f"{args.boxes}: box id {piped[0]!r} holds '|', which a CSV's box_ids "
                         "cell puts between an order's boxes: write -o to .jsonl or .parquet, "
                         "or give ids without it")
    current = (with_station(read_boxes(args.current, args.unit, args.weight_unit, columns,
                                       delimiter, args.max_fill), args, args.current)
               if args.current else None)
    check_columns_read(args.columns)
    options = pack_options(args)
    priced_by(catalog, options, args)
    t0 = time.perf_counter()
    def to_items(rows):
        if "orientation" not in rows.columns and args.orientation:
            rows = rows.assign(orientation=args.orientation)
        return frame_items(line_numbers(rows, source, args.unit, args.weight_unit))
    summary = Summary(catalog, to_items=to_items, unit=args.unit)
    before = Summary(current, unit=args.unit) if current is not None else None
    with Outputs() as outputs:
        out = outputs.add(TableOutput(args.output, "the results")) if args.output else None
        places = (outputs.add(TableOutput(args.placements, "the placements"))
                  if isinstance(args.placements, str) else None)
        rejects = None
        if args.on_error == "skip":
            rejects = outputs.add(TableOutput(args.rejects, "the rejected rows"))
        report = outputs.add(AtomicFile(args.report, "the report")) if args.report else None
        if args.report and Path(args.report).suffix.lower() not in (".html", ".htm"):
            ending = Path(args.report).suffix or "(none)"  # it is a page: rep.png was HTML
            raise InputError(f"{args.report}: cannot write the report: unknown ending "
                             f"{ending!r}; the report is a page: use .html")
        pages = view_pages(outputs, args.report, args.unit, args.weight_unit) \
            if report is not None else None  # (its page's path checked now, before any work)
        progress = Progress(source.count_rows(), args.quiet)
        want_places = embed or places is not None
        item_ids = "item_id" in names and want_places  # (read where they are written)
        try:
            blocks = whole_groups(grouped_blocks(source, "order_id", args.chunk_rows,
                                                 args.threads), "order_id", args.chunk_rows)
            for chunk in _or_empty(blocks, source):
                n = chunk.num_rows
                rows = chunk.column(ROW).to_numpy()
                cols = block_columns(chunk, LINE_COLUMNS)
                if "orientation" not in cols and args.orientation:
                    cols["orientation"] = np.full(n, args.orientation, dtype=object)
                batch = pack_columns(cols, n, catalog, args.threads or 0, want_places,
                                     length_scale=lf, weight_scale=wf, row_numbers=rows,
                                     **options)
                errors = batch.errors
                if errors and rejects is None:
                    e = errors.first()
                    raise InputError(f"{args.orders}: {e.at(int(rows[e.row]))}")
                refused = batch.orders["status"] == "error"  # a bad row, or the core's limits
                if rejects is None and refused.any():  # (over the core's limits: it stops too)
                    raise InputError(f"{args.orders}: "
                                     f"{batch.orders['message'][np.argmax(refused)]} "
                                     "(--on-error skip leaves such an order out)")
                # (as Python's values: an integer column with a blank is no float of them)
                ids = np.array(chunk.column("item_id").to_pylist() + [None], dtype=object)[
                    :-1] if item_ids else None
                table, place = _frames(batch, rows, ids, lf, args.unit)
                if rejects is not None:  # (its header, should no order be rejected)
                    rejects.columns = ["source_row",
                                       *(c for c in chunk.column_names if c != ROW), "reason"]
                if rejects is not None and refused.any():
                    table, place = _reject(chunk, table, place, errors, rows, rejects, summary)
                summary.add(table, chunk)
                catalog = catalog._with_stock_used(_used(table["box_ids"]))
                if not summary.costed and "shipping" not in table:
                    table = _volume_not_cost(table)
                if before is not None:
                    was = pack_columns(cols, n, current, args.threads or 0, False,
                                       length_scale=lf, weight_scale=wf, **options)
                    keep = np.isin(was.orders["order_id"], table["order_id"].to_numpy())
                    current = current._with_stock_used(_used(was.orders["box_ids"][keep]))
                    import pandas as pd
                    before.add(pd.DataFrame({k: v[keep] for k, v in was.orders.items()}),
                               chunk)
                if out is not None:
                    table = _in_units(table, lf, wf, args.unit, args.weight_unit)
                    if embed:
                        out.write_records(_records(table, place, args.unit,
                                                   args.weight_unit))
                    else:
                        out.write(table)
                if places is not None:
                    places.write(place)
                progress.update(n, len(table))
        finally:
            progress.close()
        if report is not None:
            summary.report(str(report.temp), shop, f"cartonize: {Path(args.orders).name}",
                           before, options, pages, args.unit)
    print("\n".join(summary.lines(time.perf_counter() - t0, before)))
    if out is not None:
        print(f"wrote {many(out.rows, 'order')} to {args.output}")
    if places is not None:
        print(f"wrote {many(places.rows, 'placement')} to {args.placements}")
    if rejects is not None and summary.skipped:
        print(f"wrote {many(summary.skipped_rows, 'rejected row')} to {rejects.path}")
    if report is not None:
        print(f"wrote {args.report}")
        for page in pages.written:
            print(f"wrote {page} (the worst-filled orders, step by step)")
    return 0


def _or_empty(blocks, source):
    """The file's blocks, or where it has none (a header alone, or with blank lines after
    it) one block of no rows: its outputs still have their columns."""
    empty = True
    for block in blocks:
        empty = False
        yield block
    if empty:
        yield source.empty_block()


def _used(box_ids) -> dict:
    """How many of each box the orders' box_ids take: the stock the next block has left."""
    return collections.Counter(b for ids in box_ids for b in ids)


def _frames(batch, rows, item_ids, lf: float, unit: str):
    """The order table, and the placements with file row numbers, each line's item_id (where
    the file has the column) and lengths in the input's unit (mm when it is mm, else a
    float)."""
    import pandas as pd
    table = pd.DataFrame(batch.orders)  # box_sizes: (L, W, H) a package, written "LxWxH"
    if batch.placements is None:
        return table, None
    place = pd.DataFrame(batch.placements)
    at = place["item_row"].to_numpy()
    place["item_row"] = rows[at]
    if item_ids is not None:  # beside the row: what a packer and a service look up
        place.insert(list(place.columns).index("item_row") + 1, "item_id", item_ids[at])
    if unit != "mm":  # to four decimals, as the packages' sizes are written
        for c in ("x", "y", "z", "length", "width", "height"):
            place[c] = (place[c].to_numpy() / lf).round(4)
    return table, place


def _in_units(table, lf: float, wf: float, unit: str, weight_unit: str):
    """The order table with each package's size and gross weight in the input's units, as the
    placements are (the summary and box_volume_l were made from them in mm and g)."""
    if unit != "mm" and "box_sizes" in table:
        table = table.assign(box_sizes=[tuple(tuple(v / lf for v in size) for size in sizes)
                                        for sizes in table["box_sizes"]])
    if weight_unit != "g" and "gross_weight" in table:
        table = table.assign(gross_weight=[tuple(round(w / wf, 4) for w in weights)
                                           for weights in table["gross_weight"]])
    return table


def _volume_not_cost(table):
    """The order table with `cost` as what it is when no box has a cost: the boxes' inner
    volume, in litres, as `box_volume_l` (the file showed 16560000.0 as a cost); a bag's is
    the block it is filled to (its cost is 0)."""
    at = list(table.columns).index("cost")
    volume = table["cost"].to_numpy() / 1e6
    if "box_sizes" in table:  # bags, cut boxes: each package's own size
        volume = np.array([sum(math.prod(d) for d in sizes) for sizes in table["box_sizes"]],
                          dtype=np.float64) / 1e6
    table = table.drop(columns="cost")  # a new frame: the one given is not changed
    table.insert(at, "box_volume_l", volume.round(6))
    return table


def _reject(chunk, table, place, errors, rows, rejects, summary):
    """The rows of orders with a bad row go to the rejects file, with the reason."""
    bad_ids = table["order_id"][table["status"] == "error"]
    ids = chunk.column("order_id").to_numpy(zero_copy_only=False)
    bad = np.isin(ids, bad_ids.to_numpy())
    df = chunk.filter(bad).to_pandas()
    idx = np.flatnonzero(bad)
    df.insert(0, "source_row", rows[idx])
    df = df.drop(columns=[ROW])
    # A row's own fault; else its order's (a bad row of it, or the core's limits refused it).
    said = dict(zip(table["order_id"], table["message"]))
    with_bad_row = {ids[r] for r in errors.by_row}
    df["reason"] = [errors.by_row[r].at(int(rows[r])).split(": ", 1)[1] if r in errors.by_row
                    else "another row of this order is bad" if ids[r] in with_bad_row
                    else said.get(ids[r], "") for r in idx.tolist()]
    rejects.write(df)
    summary.skipped += len(bad_ids)
    summary.skipped_rows += len(df)
    keep = table["status"] != "error"
    if place is not None:
        place = place[place["order_id"].isin(table["order_id"][keep])]
    return table[keep].reset_index(drop=True), place


def _records(table, place, unit: str, weight_unit: str = "g"):
    """One JSON object per order: its figures and its boxes, each with its placements, and
    the units its lengths and weights are in."""
    by_order = {}
    if place is not None and len(place):
        cols = {c: place[c].tolist() for c in place.columns}
        for k in range(len(place)):
            oid = cols["order_id"][k]
            boxes = by_order.setdefault(oid, {})
            b = boxes.setdefault(cols["box_index"][k], [])
            b.append({"row": int(cols["item_row"][k]),
                      **({"item_id": cols["item_id"][k]} if "item_id" in cols else {}),
                      "copy": cols["copy"][k],
                      **{c: cols[c][k] for c in ("x", "y", "z", "length", "width", "height")}})
    for rec in table.to_dict("records"):
        placed = by_order.get(rec["order_id"], {})
        rec["box_ids"] = list(rec["box_ids"])
        if "box_sizes" in rec:
            rec["box_sizes"] = [cell_text(size) for size in rec["box_sizes"]]
        rec["unit"], rec["weight_unit"] = unit, weight_unit
        rec["boxes"] = [{"box_id": bid, "placements": placed.get(k, [])}
                        for k, bid in enumerate(rec["box_ids"])]
        yield rec


def run_dask(args) -> int:
    """pack on a running Dask cluster: an order with a bad row stops the run, or with
    --on-error skip is left out and its rows written to the rejects file, as locally."""
    from ... import dask as cdask
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    catalog = packing_catalog(args, columns, delimiter)
    for given, option, instead in ((args.current, "--current", "compare locally"),
                                   (args.placements, "--placements", "place locally, or with "
                                    "cartonize.pack for the orders that need it"),
                                   (args.report, "--report", "report locally")):
        if given:  # (each was left out without a word)
            raise InputError(f"{option} is not supported with --scheduler: {instead}")
    if args.output:
        check_parquet_folder(args.output)
    options = pack_options(args)
    t0 = time.perf_counter()
    with Outputs() as outputs:
        # (The rejects file is checked before the cluster is reached, as every output.)
        rejects = outputs.add(TableOutput(args.rejects, "the rejected rows")) \
            if args.on_error == "skip" else None
        with scheduler_client(args.scheduler) as client:
            rows = ddf = read_dask_files(args.orders, columns, delimiter)
            if args.orientation and "orientation" not in ddf.columns:
                ddf = ddf.assign(orientation=args.orientation)
            missing = [c for c in LINE_REQUIRED if c not in ddf.columns]
            if missing:
                raise InputError(f"{args.orders}: missing column(s) {', '.join(missing)}")
            unread = unread_columns(list(ddf.columns), ORDER_COLUMNS)
            if unread:  # as the local run refuses them
                raise InputError(f"{args.orders}: {unread_text(unread)}")
            ddf = ddf[[c for c in LINE_COLUMNS if c in ddf.columns]]
            # Read in the file's units (a message quotes its value as the file writes it).
            scales = (LENGTH_UNITS[args.unit], WEIGHT_UNITS[args.weight_unit])
            table = client.persist(cdask.pack_many(ddf, catalog, **options, _scales=scales))
            # (The rejects file holds the rows as read: every column, the file's values.)
            table, skipped = left_out(client, rows, table, args.orders, rejects)
            void = catalog.void_fill_cost is not None
            priced = bool(options.get("tariff"))
            has_bags = any(b.kind == "bag" for b in catalog.boxes)
            n, boxes, cost, bad, shipping, fill, bags = client.compute(
                [table["n_boxes"].count(), table["n_boxes"].sum(), table["cost"].sum(),
                 (~table["status"].isin(["packed", "empty"])).sum(),
                 table["shipping"].sum() if priced else 0.0,
                 table["void_fill"].sum() if void else 0.0,
                 table["kinds"].map(lambda ks: sum(k == "bag" for k in ks),
                                    meta=("kinds", "int64")).sum() if has_bags else 0],
                sync=True)
            if args.output:
                out = table if has_costs(catalog) or priced else table.map_partitions(
                    _volume_not_cost, meta=_volume_not_cost(table._meta))
                units = (LENGTH_UNITS[args.unit], WEIGHT_UNITS[args.weight_unit], args.unit,
                         args.weight_unit)
                parquet_folder(out.map_partitions(_in_units, *units,
                                                  meta=_in_units(out._meta, *units)),
                               args.output)
    seconds = time.perf_counter() - t0
    # Money as money: material, shipping and landed cost with a tariff; the boxes' cost when
    # they have one; nothing when the cost is each box's volume (mm3 is no money).
    if priced:
        money = (f"material             {cost - shipping - fill:,.2f}\n"
                 f"shipping             {shipping:,.2f}\nlanded cost          {cost:,.2f}\n")
    elif material_costs(catalog):
        label = "package cost in all" if has_bags else "box cost in all"  # bags are no boxes
        money = f"{label:<21}{cost:,.2f}\n"
    else:
        money = ""
    packages = (f"packages             {boxes:,} ({bags_text(int(bags))})" if has_bags else
                f"boxes                {boxes:,}")
    print(f"orders               {n:,}\n{packages}\n" + money
          + (f"void fill            {fill:,.2f} (in the cost)\n" if void else "")
          + f"not fully packed     {bad:,}\n"
          + (f"skipped (bad rows)   {skipped[0]:,} orders, {skipped[1]:,} rows\n"
             if skipped[0] else "")
          + f"time                 {seconds:.1f} s ({n / max(seconds, 1e-9):,.0f} orders/s) on "
          f"{args.scheduler}")
    if args.output:
        print(f"wrote {args.output}/ (Parquet)")
    if skipped[0]:
        print(f"wrote {many(skipped[1], 'rejected row')} to {args.rejects}")
    return 0


def many(n: int, what: str) -> str:
    """A count and its noun: "1 order", "2 orders"."""
    return f"{n:,} {what}{'' if n == 1 else 's'}"
