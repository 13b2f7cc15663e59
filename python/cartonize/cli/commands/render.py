"""cartonize render: pack one order of a file and draw it (a picture; for instructions a
packer follows, see `cartonize view`)."""

from __future__ import annotations

from ..._tables import LINE_REQUIRED
from ...packing import pack
from ..config import pack_options, packing_catalog
from ..convert import orders_of
from ..files import Source, parse_columns, parse_delimiter
from ..outputs import Outputs, picture_target


def run(args) -> int:
    from ...render import save_packing
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    source = Source(args.orders, "orders", columns, delimiter)
    source.require(LINE_REQUIRED)
    catalog = packing_catalog(args, columns, delimiter)
    options = pack_options(args)
    with Outputs() as outputs:
        picture = outputs.add(picture_target(args.output))
        items = orders_of(source, [args.order], args)[str(args.order)]
        p = pack(items, catalog, **options)
        save_packing(p, str(picture.temp), items, f"order {args.order}: {p.n_boxes} box(es), "
                                                  f"{100 * p.utilisation:.0f} % full")
    print(f"order {args.order}: {', '.join(map(str, p.box_ids))}; wrote {args.output}")
    return 0
