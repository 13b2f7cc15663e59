"""cartonize view: the packing instructions of some orders of a file, as an interactive 3D
page (-o .html) or a printed packing sheet (-o .pdf)."""

from __future__ import annotations

from pathlib import Path

from ...packing import pack
from ..config import packing_inputs
from ..convert import orders_of
from ..files import InputError
from ..outputs import AtomicFile, Outputs

ENDINGS = (".html", ".pdf")


def run(args) -> int:
    ending = Path(args.output).suffix.lower()
    if ending not in ENDINGS:
        raise InputError(f"{args.output}: cannot write the view: unknown ending "
                         f"{ending or '(none)'!r}; use .html (the page) or .pdf (the sheet)")
    source, catalog, options = packing_inputs(args)
    with Outputs() as outputs:
        out = outputs.add(AtomicFile(args.output, "the view"))
        orders = orders_of(source, args.order, args)
        packings = {oid: pack(items, catalog, **options) for oid, items in orders.items()}
        from ... import view
        if ending == ".html":
            # Written in the units the files were read in: the station's tape and scale.
            out.temp.write_text(view.html(list(packings.values()), list(orders.values()),
                                          title=[f"order {oid}" for oid in orders],
                                          unit=args.unit, weight_unit=args.weight_unit),
                                encoding="utf-8")
        else:
            out.temp.write_bytes(view.sheet(list(packings.values()), orders=list(orders),
                                            items=list(orders.values()), page=args.page,
                                            unit=args.unit, weight_unit=args.weight_unit))
    from ...view.steps import loosely_held, order_line
    for oid, p in packings.items():
        print(order_line(oid, p))  # a copy left out said where the packer reads, in words
    if args.min_support < 0.5:
        loose = sum(loosely_held(pb.placements) for p in packings.values() for pb in p.boxes)
        if loose:
            print(f"note: {loose:,} cop{'y rests' if loose == 1 else 'ies rest'} on less than "
                  f"half of {'its' if loose == 1 else 'their'} base (marked \"steady it\" or "
                  "\"nothing under it\" in the steps): --min-support 0.5 (or more) packs each "
                  "on firmer ground")
    print(f"wrote {args.output}")
    return 0
