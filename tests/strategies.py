"""Hypothesis strategies for orders and catalogues."""

from hypothesis import strategies as st

from cartonize import Box, Catalog, Item

ORIENTATIONS = ("any", "upright", "fixed")


@st.composite
def items(draw, max_lines=30, max_copies=40, max_side=30):
    n = draw(st.integers(0, max_lines))
    out, copies = [], 0
    for k in range(n):
        q = draw(st.integers(0, 4))
        if copies + q > max_copies:
            q = 0
        copies += q
        out.append(Item(draw(st.integers(1, max_side)), draw(st.integers(1, max_side)),
                        draw(st.integers(1, max_side)), weight=draw(st.integers(0, 60)),
                        quantity=q, orientation=draw(st.sampled_from(ORIENTATIONS)), id=k))
    return out


@st.composite
def catalogs(draw, max_boxes=40, max_side=60, priced=None):
    n = draw(st.integers(1, max_boxes))
    boxes = []
    if priced is None:  # every box a cost, or none (volume stands in)
        priced = draw(st.booleans())
    for k in range(n):
        cost = draw(st.integers(1, 50).map(float)) if priced else None
        limit = draw(st.one_of(st.none(), st.integers(0, 400)))
        boxes.append(Box(f"B{k}", draw(st.integers(1, max_side)), draw(st.integers(1, max_side)),
                         draw(st.integers(1, max_side)), max_weight=limit, cost=cost))
    return Catalog(boxes)


@st.composite
def parcels(draw, *, max_consumers=3, lanes=(), lane_per_consumer=False, uncertain=False,
            max_ready_h=72, max_weight=9000, text_ids=False):
    """Rows of parcels (dicts) of a few consumers: ready and deadline on the hour, sizes in
    mm, weights in g, values in minor units. ``lanes``: each parcel (or, with
    ``lane_per_consumer``, each consumer) on one of them. ``uncertain``: with ``known``
    (before ready) and ``eta`` (around it)."""
    rows = []
    for c in range(draw(st.integers(1, max_consumers))):
        lane = draw(st.sampled_from(lanes)) if lanes and lane_per_consumer else None
        for _ in range(draw(st.integers(1, 5))):
            ready = draw(st.integers(0, max_ready_h)) * 3600
            row = {"parcel_id": f"p{len(rows)}" if text_ids else len(rows), "consumer_id": c}
            if lanes:
                row["lane"] = lane if lane is not None else draw(st.sampled_from(lanes))
            if uncertain:
                row["known"] = ready - draw(st.integers(0, 96)) * 3600
                row["eta"] = ready + draw(st.integers(-24, 24)) * 3600
            row.update({"ready": ready, "deadline": ready + draw(st.integers(0, 96)) * 3600,
                        "length": draw(st.integers(20, 300)),
                        "width": draw(st.integers(20, 250)),
                        "height": draw(st.integers(10, 200)),
                        "weight": draw(st.integers(10, max_weight)),
                        "value": draw(st.integers(0, 9000))})
            rows.append(row)
    return rows


def columns(rows):
    """Rows of dicts as a dict of numpy columns."""
    import numpy as np
    return {k: np.array([r[k] for r in rows]) for k in rows[0]}
