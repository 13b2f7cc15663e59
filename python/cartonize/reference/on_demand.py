"""Boxes cut to size in plain Python: the reference's pack for catalogues with box-on-demand
machines too (the stocked boxes and each machine's largest, then each box cut to size, as
``cartonize._on_demand.cut`` does, with the reference's compact packing, ``hull``)."""

from __future__ import annotations

from .._on_demand import cut, split_is_cheaper
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
    tariffs = check_tariffs(options.get("tariff"))
    p = cut(p, items, catalog, tariffs, hull)
    if options.get("effort"):  # the split, cut, where it beats the improved packing cut
        q = cut(pack_stocked(items, catalog._expanded(), **{**options, "effort": 0}), items,
                catalog, tariffs, hull)
        if split_is_cheaper(q.n_boxes, q.cost, p.n_boxes, p.cost,
                            options.get("objective", "boxes")):
            return q
    return p
