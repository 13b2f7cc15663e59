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
        save_packing(p, str(picture.temp), items, f"order {args.order}: {packages(p)}, "
                                                  f"{100 * p.utilisation:.1f} % full", args.unit)
    from ...view.steps import order_line
    print(f"{order_line(args.order, p)}; wrote {args.output}")
    return 0


def packages(p) -> str:
    """"2 boxes", "1 bag", "3 packages" (boxes and bags): what the title counts."""
    from ...view.steps import package_noun
    noun = package_noun(b.box.kind for b in p.boxes)
    plural = {"box": "boxes", "bag": "bags", "package": "packages"}[noun]
    return f"{p.n_boxes} {noun if p.n_boxes == 1 else plural}"
