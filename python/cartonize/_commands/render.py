"""cartonize render: pack one order of a file and draw it."""

from __future__ import annotations

from ..files import InputError, frame_items, order_chunks, parse_columns, prepare_chunk, read_boxes
from ..packing import pack


def run(args) -> int:
    from ..render import save_packing
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit)
    rows = None
    for chunk, _ in order_chunks(args.orders, parse_columns(args.columns), args.chunk_rows):
        chunk = prepare_chunk(chunk, args, args.orders)
        match = chunk[chunk["order_id"].astype(str) == str(args.order)]
        if len(match):
            rows = match
            break
    if rows is None:
        raise InputError(f"{args.orders}: no order with order_id {args.order!r}")
    try:
        items = frame_items(rows)
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.orders}: order {args.order}: {e}") from None
    p = pack(items, catalog, exact=args.exact)
    save_packing(p, args.output, items, f"order {args.order}: {p.n_boxes} box(es), "
                                         f"{100 * p.utilisation:.0f} % full")
    print(f"order {args.order}: {', '.join(map(str, p.box_ids))}; wrote {args.output}")
    return 0
