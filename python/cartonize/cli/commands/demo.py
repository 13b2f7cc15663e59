"""cartonize demo: the main job on the bundled sample."""

from __future__ import annotations

import collections
import time
from pathlib import Path

import numpy as np

from ... import datasets
from ..._extras import missing
from ..._simd import simd
from ..report import Summary, view_pages
from ..outputs import WRITTEN, AtomicFile, Outputs, picture_target
from ...batch import pack_many
from ..convert import frame_items
from ..files import InputError
from ...packing import pack


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
        f"{'kernel SIMD level':<28}{simd()}",
    ]
    return "\n".join(lines)


def run(args) -> int:
    if Path(args.out_dir).exists() and not Path(args.out_dir).is_dir():  # before the run
        raise InputError(f"--out-dir: {args.out_dir} is a file, not a folder")
    print(summary_text(args.orientation, args.threads))
    # The summary needs the core alone; the picture and the report need the viz extra.
    gone = missing(("pandas", "matplotlib", "plotly"))
    if gone:
        print(f"\n(no picture or report: they need {gone[0]}: pip install 'cartonize[viz]')")
        return 0
    out = Path(args.out_dir)
    import pandas as pd
    orders = pd.DataFrame(datasets.sample_orders(args.orientation))
    catalog = datasets.sample_catalog()
    summary = Summary(catalog)
    summary.add(pack_many(orders, catalog, threads=args.threads), orders)
    # The picture: a one-box sample order with many different items (then many copies).
    best = None
    for oid, part in orders.groupby("order_id", sort=False):
        items = frame_items(part)
        p = pack(items, catalog)
        rank = (len({(i.length, i.width, i.height) for i in items}),
                sum(it.quantity for it in items))
        if p.n_boxes == 1 and (best is None or rank > best[0]):
            best = (rank, oid, items, p)
    from ... import view
    from ...render import save_packing
    out.mkdir(parents=True, exist_ok=True)
    picture, page = out / "cartonize-demo.png", out / "cartonize-demo-view.html"
    report = out / "cartonize-demo.html"
    with Outputs() as outputs:
        pic = outputs.add(picture_target(str(picture)))
        viewed = outputs.add(AtomicFile(str(page), "the view"))
        rep = outputs.add(AtomicFile(str(report), "the report"))
        title = f"sample order {best[1][:12]}: {best[0][1]} copies in {best[3].box_ids[0]}"
        save_packing(best[3], str(pic.temp), best[2], title)
        viewed.temp.write_text(view.html(best[3], best[2], title=title), encoding="utf-8")
        summary.report(str(rep.temp), catalog, "cartonize demo: the bundled sample",
                       view_page=view_pages(outputs, str(report)))
    worst = out / "cartonize-demo-worst.html"  # written when some order was worth showing
    print(f"\nwrote {page} (one packed order, step by step: open it in a browser),\n"
          f"      {picture} (the same order as a picture), {report} (batch report)"
          + (f"\n      and {worst} (its worst-filled orders, step by step)"
             if str(worst) in WRITTEN else ""))
    return 0
