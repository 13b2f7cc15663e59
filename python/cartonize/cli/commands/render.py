"""cartonize render: pack one order of a file and draw it."""

from __future__ import annotations

from ..outputs import Outputs, picture_target
from ..._tables import LINE_REQUIRED
from ..convert import frame_items, line_numbers, read_boxes
from ..files import InputError, Source, parse_columns, parse_delimiter
from ...packing import pack


def run(args) -> int:
    from ...render import save_packing
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    source = Source(args.orders, "orders", columns, delimiter)
    source.require(LINE_REQUIRED)
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit, columns, delimiter)
    with Outputs() as outputs:
        picture = outputs.add(picture_target(args.output))
        # The order's rows may lie anywhere in the file: gather them from every block.
        import pyarrow as pa
        import pyarrow.compute as pc
        parts = []
        for t in source.batches(args.chunk_rows):
            ids = pc.cast(t.column("order_id"), pa.string())
            match = pc.equal(ids, str(args.order))
            if pc.any(match).as_py():
                parts.append(t.filter(match))
        if not parts:
            raise InputError(f"{args.orders}: no order with order_id {args.order!r}")
        rows = pa.concat_tables(parts).to_pandas()
        if "orientation" not in rows.columns and args.orientation:
            rows["orientation"] = args.orientation
        rows = line_numbers(rows, source, args.unit, args.weight_unit)
        try:
            items = frame_items(rows)
        except (TypeError, ValueError) as e:
            raise InputError(f"{args.orders}: order {args.order}: {e}") from None
        p = pack(items, catalog, exact=args.exact)
        save_packing(p, str(picture.temp), items, f"order {args.order}: {p.n_boxes} box(es), "
                                                  f"{100 * p.utilisation:.0f} % full")
    print(f"order {args.order}: {', '.join(map(str, p.box_ids))}; wrote {args.output}")
    return 0
