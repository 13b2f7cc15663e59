"""Boxes cut to size in plain Python: the reference's pack for catalogues with box-on-demand
machines too (the stocked boxes and each machine's largest, then each box cut to size, as
``cartonize._on_demand.cut`` does, with the reference's compact packing, ``hull``)."""

from __future__ import annotations

from .._on_demand import pack_and_cut
from ..model import check_items
from .hull import hull
from .selection import pack as pack_stocked


def pack(items, catalog, **options):
    """Same signature as :func:`cartonize.pack`, in plain Python (see selection.pack)."""
    if not getattr(catalog, "on_demand", ()):
        return pack_stocked(items, catalog, **options)
    items = check_items(items)
    return pack_and_cut(pack_stocked, items, items, catalog, options, hull)
