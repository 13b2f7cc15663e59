"""cartonize render: pack one order of a file and draw it (a picture; for instructions a
packer follows, see `cartonize view`)."""

from __future__ import annotations

from ...packing import pack
from ..config import packing_inputs
from ..convert import orders_of
from ..outputs import Outputs, picture_target


def run(args) -> int:
    from ...render import save_packing
    source, catalog, options = packing_inputs(args)
    with Outputs() as outputs:
        picture = outputs.add(picture_target(args.output))
        items = orders_of(source, [args.order], args)[str(args.order)]
        p = pack(items, catalog, **options)
        save_packing(p, str(picture.temp), items, f"order {args.order}: {p.n_boxes} box(es), "
                                                  f"{100 * p.utilisation:.1f} % full", args.unit)
    print(f"order {args.order}: {', '.join(map(str, p.box_ids))}; wrote {args.output}")
    return 0
