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
def catalogs(draw, max_boxes=40, max_side=60):
    n = draw(st.integers(1, max_boxes))
    boxes = []
    for k in range(n):
        cost = draw(st.one_of(st.none(), st.integers(1, 50).map(float)))
        limit = draw(st.one_of(st.none(), st.integers(0, 400)))
        boxes.append(Box(f"B{k}", draw(st.integers(1, max_side)), draw(st.integers(1, max_side)),
                         draw(st.integers(1, max_side)), max_weight=limit, cost=cost))
    return Catalog(boxes)
