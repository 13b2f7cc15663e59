"""The interactive view of packings: one self-contained HTML page (every script and style
inline: it works opened from disk with no network) that draws each box in 3D with plotly.js,
built up copy by copy. plotly.js comes from the plotly wheel (the ``viz`` extra), written into
the page as it is; the page's own script is ``assets/viewer.js``."""

from __future__ import annotations

import html as _html
import json
from importlib import resources
from pathlib import Path

from .._units import Units
from .steps import OrderSteps, order_steps


def plotly_js() -> str:
    """plotly.js as the plotly package ships it (its licence: MIT, in the file's header)."""
    try:
        import plotly
    except ImportError:
        raise ModuleNotFoundError("cartonize.view needs plotly: pip install 'cartonize[viz]'",
                                  name="plotly") from None
    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(
        encoding="utf-8")


def _asset(name: str) -> str:
    return resources.files("cartonize.view").joinpath("assets", name).read_text(encoding="utf-8")


def _money(v: float) -> str:
    return f"{v:,.2f}"


def page_data(orders: list, units: Units = Units()) -> dict:
    """The JSON the page's script draws: every box of every order, its steps, the lines;
    lengths in `units` (the orders' figures are written in them), so the axes read in them."""
    lines, boxes = [], []
    scale = (lambda v: v) if units.length == "mm" else units.scale
    for o, order in enumerate(orders):
        offset = len(lines)
        for line in order.lines:
            lines.append({"label": line.label, "colour": line.colour})
        for b in order.boxes:
            boxes.append({
                "order": order.title, "index": b.index, "of": len(order.boxes), "id": str(b.box_id),
                "noun": order.noun,  # "box 1 of 2", "bag 1 of 1", "package 2 of 2"
                "kind": b.kind, "inner": [scale(v) for v in b.inner], "size": b.size_text,
                "service": None if b.service is None else str(b.service),
                "cost": b.cost_text,  # "cost 0.45", or "landed cost ... (shipping ...)"
                "pick": b.contents_text,  # "4 × mug, 2 × shoes": what to pick for the box
                "weight": b.weight_text,  # "weighs 1,250 g packed (contents ..., box ...)"
                "steps": [{"number": s.number, "item": s.item, "copy": s.copy,
                           "x": scale(s.x), "y": scale(s.y), "z": scale(s.z),
                           "l": scale(s.length), "w": scale(s.width), "h": scale(s.height),
                           "where": s.where, "dims": s.dims(),
                           "line": offset + s.item, "label": s.label, "turn": s.turn,
                           "notes": s.notes, "up": s.line.this_side_up,
                           "fragile": not s.line.stackable, "full": s.at_load_limit}
                          for s in b.steps]})
    # What the page's boxes leave out, said where the last box is done.
    return {"boxes": boxes, "lines": lines, "unit": units.length,
            "unpacked": sum(len(o.unpacked) for o in orders),
            "alone": sum(len(o.alone) for o in orders)}


def _side_panel(orders: list) -> str:
    parts = []
    for order in orders:
        head = f"<h2>{_html.escape(order.title)}: the order lines</h2>" if len(orders) > 1 \
            else "<h2>The order lines</h2>"
        items = []
        for line in order.lines:
            notes = line.notes(order.units)
            items.append(f'<li><span class="swatch" style="background:{line.colour}"></span>'
                         f"{_html.escape(line.label)}"
                         + "".join(f' <span class="note">{_html.escape(n)}</span>' for n in notes)
                         + "</li>")
        parts.append(head + f'<ul class="lines">{"".join(items)}</ul>')
        left = [f"<li>{_html.escape(label)}: in no box, {_html.escape(reason)}</li>"
                for label, reason in order.unpacked]
        left += [f"<li>{_html.escape(label)}: ships in its own packaging</li>"
                 for label in order.alone]
        if left:
            parts.append(f'<h2>Not in a box</h2><ul class="left-out">{"".join(left)}</ul>')
    return "".join(parts)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(orders: list, title: str) -> str:
    n_bags = sum(b.kind == "bag" for o in orders for b in o.boxes)
    n_boxes = sum(len(o.boxes) for o in orders) - n_bags
    many = f"{len(orders)} orders"
    words = [many if len(orders) > 1 and title != many else "",
             _count(n_boxes, "box", "boxes") if n_boxes or not n_bags else "",
             _count(n_bags, "bag", "bags") if n_bags else "",
             _count(sum(len(b.steps) for o in orders for b in o.boxes), "copy", "copies")]
    if all(o.priced for o in orders) and orders:
        words.append(f"landed cost {_money(sum(o.cost for o in orders))}")
    left, alone = sum(len(o.unpacked) for o in orders), sum(len(o.alone) for o in orders)
    if left:
        words.append(f"{left} in no box")
    if alone:
        words.append(f"{alone} in {'its' if alone == 1 else 'their'} own packaging")
    return " · ".join(w for w in words if w)


def render_page(orders: list, title: str, units: Units = Units()) -> str:
    """One HTML page for these orders (OrderSteps), their figures in `units`."""
    data = json.dumps(page_data(orders, units), separators=(",", ":")).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_html.escape(title)}</title>
<style>{_asset("viewer.css")}</style>
</head><body>
<header><h1>{_html.escape(title)}</h1><div class="summary">{_html.escape(_summary(orders, title))}</div></header>
<div id="controls">
<select id="box-picker" aria-label="box"></select>
<span id="box-caption"></span>
<div class="stepper"><button id="prev" title="previous step (←)">◀ previous</button>
<input id="slider" type="range" min="0" value="0" aria-label="step">
<button id="next" title="next step (→)">next ▶</button></div>
<label><input id="see-through" type="checkbox"> see-through</label>
<label><input id="labels" type="checkbox"> labels</label>
<span id="step-caption"></span>
</div>
<main><div id="plot"></div>
<figure id="print-picture"><figcaption></figcaption>
<img alt="the box as built up to the step on screen"></figure>
<aside><h2>Steps</h2>
<div id="box-check"><p id="pick"></p><p id="weight"></p></div>
<ol id="steps"></ol>{_side_panel(orders)}</aside></main>
<script type="application/json" id="cartonize-data">{data}</script>
<script>{plotly_js()}</script>
<script>{_asset("viewer.js")}</script>
</body></html>
"""


def html(packing, items=None, *, title=None, unit: str = "mm", weight_unit: str = "g") -> str:
    """One self-contained HTML page drawing each box of ``packing`` in 3D, built up step by
    step: a slider, previous / next and the arrow keys show the box as built up to step k,
    the copy of step k highlighted, beside the list of steps (item, copy, position, size as
    placed, the turn in words). Every script and style is inline: the page works opened from
    disk with no network (plotly.js, from the ``viz`` extra, is written into it).

    ``packing`` is a :class:`cartonize.Packing` (or a list of them, one page for all: the box
    picker lists every box of every order), ``items`` the order as packed (when the packing
    was not made by :func:`cartonize.pack` from them; a list of orders for a list), ``title``
    the page's title (a list of titles, one per packing, names each order). ``unit`` (mm,
    cm, m, in) and ``weight_unit`` (g, kg, lb): what the page's figures are written in, the
    station's tape and scale (a packing's own figures are whole mm and g).

    The page exposes ``window.cartonizeView``: ``boxCount()``, ``stepCount(box)``,
    ``setStep(box, k)``, ``visibleCopies()`` (the copies drawn now) and ``printReady()``
    (whether a print shows the step on screen: its picture is made).

    >>> from cartonize import Box, Catalog, Item, pack
    >>> items = [Item(120, 80, 40, quantity=2)]
    >>> page = html(pack(items, Catalog([Box("S", 200, 150, 100)])), title="order 1042")
    >>> page.startswith("<!doctype html>") and "order 1042" in page
    True
    """
    units = Units(unit, weight_unit)  # refused at once, where there is nothing to pack too
    packings = list(packing) if isinstance(packing, (list, tuple)) else [packing]
    if not packings:
        raise ValueError("html: give at least one packing")
    many = isinstance(packing, (list, tuple))
    item_lists = list(items) if many and items is not None else [items] * len(packings)
    titles = list(title) if many and isinstance(title, (list, tuple)) else None
    orders = [order_steps(p, it, titles[k] if titles else
                          (title if not many and title else f"order {k + 1}"), unit, weight_unit)
              for k, (p, it) in enumerate(zip(packings, item_lists))]
    page_title = (title if isinstance(title, str) else None) or (
        orders[0].title if len(orders) == 1 else f"{len(orders)} orders")
    return render_page(orders, page_title, units)


__all__ = ["html", "OrderSteps"]
