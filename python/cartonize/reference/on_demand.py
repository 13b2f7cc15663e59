"""Boxes cut to size in plain Python: the reference's pack for catalogues with box-on-demand
machines too (the stocked boxes and each machine's largest, then each box cut to size, as
``cartonize._on_demand.cut`` does, with the reference's compact packing, ``hull``)."""

from __future__ import annotations

from .._on_demand import cut
from ..model import check_items
from ..tariff import check_tariffs
from .hull import hull
from .selection import pack as pack_stocked


def pack(items, catalog, **options):
    """Same signature as :func:`cartonize.pack`, in plain Python (see selection.pack)."""
    if not getattr(catalog, "on_demand", ()):
        return pack_stocked(items, catalog, **options)
    items = check_items(items)
    p = pack_stocked(items, catalog._expanded(), **options)
    if options.get("min_support") or any(it.max_load is not None for it in items):
        return p  # compact packings do not weigh support or loads: no cutting
    return cut(p, items, catalog, check_tariffs(options.get("tariff")), hull)
