"""cartonize pack: every order of a file, in chunks, on all cores (or on a Dask cluster)."""

from __future__ import annotations

import time
from pathlib import Path

from .._batch_report import Progress, Summary
from .._tables import LINE_COLUMNS, LINE_REQUIRED
from ..batch import pack_columns
from ..files import (InputError, TableWriter, count_rows, order_chunks, parse_columns,
                     prepare_chunk, read_boxes, convert_units)


def run(args) -> int:
    if args.scheduler:
        return run_dask(args)
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
            chunk = prepare_chunk(chunk, args, args.orders)
            lines = chunk[[c for c in LINE_COLUMNS if c in chunk.columns]]
            cols = {k: lines[k].to_numpy() for k in lines.columns}
            batch = pack_columns(cols, len(lines), catalog, args.threads or 0,
                                 places is not None, exact=args.exact)
            errors = batch.errors
            if errors and rejects is None:
                e = errors.first()
                raise InputError(f"{args.orders}: row {first + e.row}: {e.column} = "
                                 f"{e.value!r} {e.reason}")
            import pandas as pd
            table = pd.DataFrame(batch.orders)
            place = pd.DataFrame(batch.placements) if places is not None else None
            if rejects is not None and errors:
                bad_ids = set(table["order_id"][table["status"] == "error"].tolist())
                bad = chunk[chunk["order_id"].isin(bad_ids)].copy()
                bad.insert(0, "source_row", first + bad.index.to_numpy())
                bad["reason"] = [f"{errors.by_row[r].column} = {errors.by_row[r].value!r} "
                                 f"{errors.by_row[r].reason}" if r in errors.by_row
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


def run_dask(args) -> int:
    """pack on a running Dask cluster: bad orders are reported in the status and message
    columns of the output rather than stopping the run."""
    from distributed import Client
    from .. import dask as cdask
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit)
    t0 = time.perf_counter()
    with Client(args.scheduler) as client:
        ddf = cdask.read_files(args.orders, parse_columns(args.columns))
        if args.orientation and "orientation" not in ddf.columns:
            ddf = ddf.assign(orientation=args.orientation)
        missing = [c for c in LINE_REQUIRED if c not in ddf.columns]
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
            cdask.to_parquet(table, args.output)
    seconds = time.perf_counter() - t0
    print(f"orders               {n:,}\nboxes                {boxes:,}\n"
          f"box cost in all      {cost:,.2f}\nnot fully packed     {bad:,}\n"
          f"time                 {seconds:.1f} s ({n / max(seconds, 1e-9):,.0f} orders/s) on "
          f"{args.scheduler}")
    if args.output:
        print(f"wrote {args.output}/ (Parquet)")
    return 0
