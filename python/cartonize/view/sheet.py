"""The printed packing sheet: a PDF with a page per box (more for a box of many steps): the
order id and a Code 128 barcode of it, the box and its inner size, how it ships, then the
numbered steps, each with a small picture of the box after that step and the copy placed
(beyond 24 steps, one picture per layer) and the turn in words. Made with reportlab (the
``viz`` extra); the fonts (DejaVu Sans, shipped with matplotlib) are embedded."""

from __future__ import annotations

import io
import math
from typing import Iterable, Optional, Sequence

from ..model import Item
from .picture import BOLD, FONT, Picture, _fitted, _short, _wrap
from .._units import Units
from .steps import BoxSteps, OrderSteps, Step, order_steps

PAGES = {"A4": (595.2756, 841.8898), "Letter": (612.0, 792.0)}
MARGIN = 36.0
PER_PAGE = 24          # step pictures a page (4 columns x 6 rows)
# A box of fewer steps on one page gets larger pictures: (columns, rows) for up to n steps.
GRIDS = ((2, 2, 1), (4, 2, 2), (6, 3, 2), (9, 3, 3), (12, 4, 3), (16, 4, 4))
SHARED_LINES = 6       # lines of a step's words every picture of its box leaves room for
LAYERS_BEYOND = 24     # a box of more steps gets one picture per layer (when its layers
                       # hold three copies or more on average; else a picture per step)
PICK_LINES = 3         # lines of the header saying what to pick for the box
NO_BARCODE_WIDTH = 110.0  # where an id Code 128 cannot carry says so instead of bars
BAR_WIDTH = 0.9        # the narrowest bar, in points; down to THINNEST_BAR for a long id
THINNEST_BAR = 0.5     # (0.18 mm: what a station's laser or imager scanner reads)
BARCODE_SHARE = 0.78   # of the line across the page, at most: the heading keeps the rest


def _reportlab():
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas
    except ImportError:
        raise ModuleNotFoundError("cartonize.view.sheet needs reportlab: "
                                  "pip install 'cartonize[viz]'", name="reportlab") from None
    # DejaVu Sans (Bitstream Vera's glyphs and metrics, with Greek, Cyrillic and the Latin of
    # every European language), as matplotlib ships it: names in Vera, which reportlab ships,
    # lost their letters ("Łódź" printed "Łód", Cyrillic blank). Chinese, Japanese and Korean
    # need a font of their own.
    try:
        import matplotlib
    except ImportError:
        raise ModuleNotFoundError("cartonize.view.sheet needs matplotlib (its fonts): "
                                  "pip install 'cartonize[viz]'", name="matplotlib") from None
    from pathlib import Path
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    return canvas


def _carried(order_id: str) -> bool:  # whether Code 128 carries every character of it
    return bool(order_id) and all(32 <= ord(ch) < 127 for ch in order_id)


def _numbers(steps: Sequence[Step]) -> str:
    """The steps' numbers as runs: "1-40, 42, 45-71"."""
    runs = []
    for s in steps:
        if runs and runs[-1][1] + 1 == s.number:
            runs[-1][1] = s.number
        else:
            runs.append([s.number, s.number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _step_text(s: Step) -> list:
    return ([f"{s.number}. {s.label}", f"{s.where}, {s.dims('×')}", s.turn]
            + ([", ".join(s.notes)] if s.notes else []))


def _layers(steps: Sequence[Step]) -> list:
    """Steps grouped by the height their copy stands at, in packing order within each."""
    out = {}
    for s in steps:
        out.setdefault(s.z, []).append(s)
    return [out[z] for z in sorted(out)]


class _Sheet:
    def __init__(self, canvas_module, size):
        self.buf = io.BytesIO()
        self.c = canvas_module.Canvas(self.buf, pagesize=size, pageCompression=1,
                                      initialFontName=FONT, initialFontSize=10)
        self.c.setTitle("cartonize packing sheet")
        self.c.setAuthor("cartonize")
        self.w, self.h = size
        self.canvas_module = canvas_module
        self._picks = {}  # the pick lines of the box being drawn

    def _what(self, order: OrderSteps, box: BoxSteps) -> str:
        if not order.boxes:  # the page of an order with nothing to pack in a box
            return "No box"
        what = (f"{order.noun.capitalize()} {box.index + 1} of {len(order.boxes)}: {box.kind} "
                f"{box.box_id}, "
                f"{box.size_text}, {len(box.steps)} cop{'y' if len(box.steps) == 1 else 'ies'}")
        if box.weight_text is not None:  # for a check on the scale
            what += f"; {box.weight_text}"
        return what

    def _pick(self, box: BoxSteps) -> list:
        """The lines saying what to pick for the box, at most PICK_LINES: as many of its
        items as they hold, then how many more (the steps name them all). Worked out once a
        box (its pages each say it)."""
        if box not in self._picks:
            self._picks = {box: self._pick_lines(box)}  # one box at a time
        return self._picks[box]

    def _pick_lines(self, box: BoxSteps) -> list:
        entries = [f"{n} × {_short(label)}" for label, n in box.contents]
        width = self.w - 2 * MARGIN

        def lines(k):  # an entry stays whole on a line where it fits one
            parts = [f"{e}," for e in entries[:k]]
            if k < len(entries):
                more = len(entries) - k
                parts.append(f"and {more} more item{'s' if more > 1 else ''} (see the steps)")
            elif parts:
                parts[-1] = parts[-1][:-1]
            out, line = [], "Pick:"
            for part in parts:
                if self.c.stringWidth(f"{line} {part}", FONT, 8) <= width:
                    line = f"{line} {part}"
                    continue
                if line == "Pick:":  # an entry longer than a line: cut into pieces
                    part = f"{line} {part}"
                else:
                    out.append(line)
                pieces = _wrap(part, FONT, 8, width, self.canvas_module)
                out += pieces[:-1]
                line = pieces[-1]
            return out + [line]

        if not entries:
            return []
        if len(lines(len(entries))) <= PICK_LINES:
            return lines(len(entries))
        # The most entries that fit before "and N more", by bisection: the lines grow with k
        # (an entry more, the tail a digit shorter at most; where wrapping made them fewer,
        # fewer entries are shown than would fit, never more).
        lo, hi = 0, len(entries) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if len(lines(mid)) <= PICK_LINES:
                lo = mid
            else:
                hi = mid - 1
        return lines(lo)

    def _barcode(self, order_id: str):
        """The order id's Code 128, its bars narrowed to fit BARCODE_SHARE of the line, or
        None where the id holds a character Code 128 cannot carry (reportlab drops it:
        "BESTÄ-1" would scan as "BEST-1", another order's id) or is too long to fit even at
        THINNEST_BAR (its bars ran off the page)."""
        if not _carried(order_id):
            return None
        from reportlab.graphics.barcode.code128 import Code128
        room = (self.w - 2 * MARGIN) * BARCODE_SHARE
        bar = BAR_WIDTH
        barcode = Code128(order_id, barHeight=28, barWidth=bar, humanReadable=False)
        while barcode.width > room:  # (its quiet zones do not narrow with the bars)
            bar *= room / barcode.width * 0.999
            if bar < THINNEST_BAR:
                return None
            barcode = Code128(order_id, barHeight=28, barWidth=bar, humanReadable=False)
        return barcode

    def _no_barcode(self, order_id: str) -> tuple:  # why there is none, in two lines
        if _carried(order_id):
            return "no barcode: the id is too", "long for one on this page"
        return "no barcode: the id has", "letters Code 128 cannot carry"

    def _barcode_width(self, order_id: str) -> float:
        barcode = self._barcode(order_id)
        return NO_BARCODE_WIDTH if barcode is None else barcode.width

    def _moved(self, order: OrderSteps, order_id: str, box: BoxSteps) -> bool:
        """Whether the box line goes below the barcode (it is too long to stand beside)."""
        room = self.w - 2 * MARGIN - self._barcode_width(order_id) - 10
        return self.c.stringWidth(self._what(order, box), FONT, 10) > room

    def header_height(self, order: OrderSteps, order_id: str, box: BoxSteps) -> float:
        """How far down from the top of the page the header reaches (header draws it)."""
        return (MARGIN + 64 + (18 if self._moved(order, order_id, box) else 0)
                + 11 * len(self._pick(box)))

    def header(self, order: OrderSteps, order_id: str, box: BoxSteps, part: int, parts: int):
        c, w, h = self.c, self.w, self.h
        top = h - MARGIN
        c.setFillColorRGB(0, 0, 0)
        barcode = self._barcode(order_id)
        bw = self._barcode_width(order_id)
        c.setFont(FONT, 7)
        if barcode is not None:
            barcode.drawOn(c, w - MARGIN - bw, top - 30)
        else:  # said where the bars would be: a scanner finds nothing to read, not a wrong id
            why = self._no_barcode(order_id)
            c.drawCentredString(w - MARGIN - bw / 2, top - 14, why[0])
            c.drawCentredString(w - MARGIN - bw / 2, top - 23, why[1])
        # The id under the bars, as wide as they are at most (smaller type, then cut short).
        _fitted(c, order_id, FONT, 7, max(bw, NO_BARCODE_WIDTH), w - MARGIN - bw / 2, top - 39,
                least=4, centred=True)
        # The heading stops short of the barcode (a long order id makes both long): its type
        # shrinks to fit, down to 6 points, then it is cut (the id is under the barcode too).
        # The box line stays beside the barcode where it fits, else goes below it, whole.
        room = w - 2 * MARGIN - bw - 10
        _fitted(c, f"Order {order_id}", BOLD, 16, room, MARGIN, top - 16)
        if self._moved(order, order_id, box):
            top -= 18
            room = w - 2 * MARGIN
        _fitted(c, self._what(order, box), FONT, 10, room, MARGIN, top - 34)
        c.setFont(FONT, 10)
        ships = []
        if box.service is not None:
            ships.append(f"ships by {box.service}")
        if box.cost_text is not None:
            ships.append(box.cost_text)
        if parts > 1:
            ships.append(f"page {part} of {parts} for this {box.kind}")
        # The key to the pictures, under the barcode: where the first copy goes and which way
        # the box's length and width run (the pictures have no axes).
        key = "(0, 0, 0) is the back corner; length runs down to the left, width to the right"
        c.setFont(FONT, 7)
        c.setFillColorRGB(0, 0, 0)
        c.drawRightString(w - MARGIN, top - 50, key)
        key_width = c.stringWidth(key, FONT, 7)
        if ships:
            _fitted(c, ", ".join(ships), FONT, 10, w - 2 * MARGIN - key_width - 10, MARGIN,
                    top - 48)
        # What to pick for the box, every line of the order in it and how many copies.
        c.setFont(FONT, 8)
        for line in self._pick(box):
            top -= 11
            c.drawString(MARGIN, top - 51, line)
        c.setStrokeColorRGB(0.7, 0.7, 0.7)
        c.line(MARGIN, top - 56, w - MARGIN, top - 56)
        return top - 64

    def footer(self, order: OrderSteps):
        """Copies in no box (in red, bold) and those that ship alone, on every page of the
        order: a packer must not look for them in the boxes."""
        if order.unpacked or order.alone:
            notes = [f"{label}: in no box, {reason}" for label, reason in order.unpacked]
            notes += [f"{label}: ships in its own packaging" for label in order.alone]
            width = self.w - 2 * MARGIN
            # As many as two lines hold, then how many more (the text stays short, however
            # many: cut a character at a time it took 69 s for 1,600).
            from reportlab.pdfbase.pdfmetrics import stringWidth
            text = "Not in a box: " + notes[0]
            for k in range(1, len(notes)):
                more = f"; and {len(notes) - k} more"
                longer = f"{text}; {notes[k]}"
                if stringWidth(longer + more, BOLD, 8) > 1.9 * width:
                    text += more
                    break
                text = longer
            lines = _wrap(text, BOLD, 8, width, self.canvas_module)
            if order.unpacked:
                self.c.setFillColorRGB(0.7, 0, 0)
            # Two lines at most, the second cut short where more is left out than they hold.
            for k, line in enumerate([lines[0], " ".join(lines[1:])] if len(lines) > 1
                                     else lines):
                _fitted(self.c, line, BOLD, 8, width, MARGIN, MARGIN - 12 - 10 * k)
            self.c.setFillColorRGB(0, 0, 0)

    def cells(self, top: float, n: int, cols: int, rows: int):
        cw = (self.w - 2 * MARGIN) / cols
        ch = (top - MARGIN) / rows
        for k in range(n):
            r, col = divmod(k, cols)
            yield MARGIN + col * cw, top - (r + 1) * ch, cw, ch

    def step_pages(self, order, order_id, box: BoxSteps):
        steps = box.steps
        pages = max(1, math.ceil(len(steps) / PER_PAGE))
        cols, rows = 4, 6
        if pages == 1:  # fewer steps, larger pictures
            cols, rows = next(((c, r) for n, c, r in GRIDS if len(steps) <= n), (cols, rows))
        cw = (self.w - 2 * MARGIN) / cols
        # The pictures of the box at one scale: the room for words is the most a step needs,
        # up to SHARED_LINES (each took what its words left, and the box grew and shrank from
        # step to step); a step of more lines (a long name) shrinks its own picture alone.
        lines_of = [self._lines(_step_text(s), cw - 12) for s in steps]
        shared = min(max([len(t) for t in lines_of] + [1]), SHARED_LINES)
        for part in range(pages):
            chunk = steps[part * PER_PAGE:(part + 1) * PER_PAGE]
            top = self.header(order, order_id, box, part + 1, pages)
            for s, (x, y, cw, ch) in zip(chunk, self.cells(top, len(chunk), cols, rows)):
                # The step's words at the foot of the cell; the picture takes the rest.
                lines = lines_of[s.number - 1]
                text_h = max(shared, len(lines)) * 8.2 + 4
                pic = Picture(self.c, box, x + 4, y + text_h + 4, cw - 8,
                              max(20.0, ch - text_h - 10))
                pic.draw(steps[:s.number], [s])
                self._draw_lines(lines, x + 4, y + text_h - 7)
            if not steps:
                self.c.setFont(FONT, 10)
                self.c.drawString(MARGIN, top - 14, "This box is empty.")
            self.footer(order)
            self.c.showPage()

    def layer_pages(self, order, order_id, box: BoxSteps):
        """One picture per layer (the copies standing at one height, numbered on the
        picture), its steps listed beside it; a long list runs on in the next cells."""
        size = 6.5
        per_page = 3
        _, ch0 = self._cell_size(self.h - self.header_height(order, order_id, box), 1,
                                 per_page)
        room = int((ch0 - 16) / (size + 1.2))  # lines a cell holds beside its picture
        slots = []                             # (layer, its lines in this cell, first?)
        width = (self.w - 2 * MARGIN) * 0.55
        for layer in _layers(box.steps):
            # The copies of a layer may go in among those of others: its steps as runs.
            at = box.units.distance(layer[0].z)
            lines = [f"Layer at height {at}: step{'s' if len(layer) > 1 else ''} "
                     f"{_numbers(layer)}"]
            for s in layer:
                text = (f"{s.number}. {s.label} {s.where}, {s.dims('×')}, {s.turn}"
                        + (f"; {', '.join(s.notes)}" if s.notes else ""))
                lines += _wrap(text, FONT, size, width, self.canvas_module)
            for k in range(0, len(lines), room):
                slots.append((layer, lines[k:k + room], k == 0))
        pages = math.ceil(len(slots) / per_page)
        for part in range(pages):
            top = self.header(order, order_id, box, part + 1, pages)
            chunk = slots[part * per_page:(part + 1) * per_page]
            for (layer, lines, first), (x, y, cw, ch) in zip(
                    chunk, self.cells(top, len(chunk), 1, per_page)):
                if first:
                    pic = Picture(self.c, box, x, y + 4, cw * 0.42, ch - 8)
                    # The layer and those under it: a copy of a layer above that went in
                    # before this layer's last would hide its copies.
                    pic.draw([s for s in box.steps if s.z <= layer[0].z], layer,
                             numbers=True)
                else:
                    self.c.setFont(FONT, size)
                    at = box.units.distance(layer[0].z)
                    self.c.drawString(x, y + ch - 12, f"(layer at height {at}, continued)")
                self._text(lines, x + cw * 0.45, y + ch - 12, width, size=size, wrap=False,
                           bold_first=first)
            self.footer(order)
            self.c.showPage()

    def _cell_size(self, top, cols, rows):
        return (self.w - 2 * MARGIN) / cols, (top - MARGIN) / rows

    def _text(self, lines, x, y, width, size=7.0, wrap=True, bold_first=True):
        self._draw_lines(self._lines(lines, width, size, wrap, bold_first), x, y, size)

    def _lines(self, lines, width, size=7.0, wrap=True, bold_first=True) -> list:
        """(bold, text) of each printed line, wrapped to `width` points."""
        out = []
        for k, line in enumerate(lines):
            bold = k == 0 and bold_first
            parts = (_wrap(line, BOLD if bold else FONT, size, width,
                           self.canvas_module) if wrap else [line])
            out += [(bold, part) for part in parts]
        return out

    def _draw_lines(self, out, x, y, size=7.0):
        c = self.c
        for k, (bold, text) in enumerate(out):
            c.setFont(BOLD if bold else FONT, size)
            c.setFillColorRGB(0, 0, 0)
            c.drawString(x, y - k * (size + 1.2), text)

    def done(self) -> bytes:
        self.c.save()
        return self.buf.getvalue()


def sheet(packings, items=None, *, orders: Optional[Sequence] = None,
          page: str = "A4", unit: str = "mm", weight_unit: str = "g") -> bytes:
    """A packing sheet as PDF bytes: for each packing (a :class:`cartonize.Packing` or a list
    of them) a page per box (more for a box of many steps): the order id (``orders``, one per
    packing; by default 1, 2, ...) with its Code 128 barcode, the box, its inner size and how
    it ships, then the numbered steps, each with a picture of the box after that step (beyond
    24 steps, one picture per layer) and the turn in words. ``items``: the order as packed,
    as :func:`cartonize.view.html` takes it (a list of orders for a list of packings), when
    the packings were not made by :func:`cartonize.pack` from them. ``page``: "A4" or
    "Letter". ``unit`` (mm, cm, m, in) and ``weight_unit`` (g, kg, lb): what the sheet's
    figures are written in, the station's tape and scale.

    >>> from cartonize import Box, Catalog, Item, pack
    >>> pdf = sheet([pack([Item(120, 80, 40, quantity=2)], Catalog([Box("S", 200, 150, 100)]))],
    ...             orders=["1042"])
    >>> pdf[:5]
    b'%PDF-'
    """
    if page not in PAGES:
        raise ValueError(f"page must be one of {', '.join(map(repr, PAGES))}, got {page!r}")
    Units(unit, weight_unit)  # refused at once, where there is nothing to pack too
    many = isinstance(packings, (list, tuple))
    packings = list(packings) if many else [packings]
    if not packings:
        raise ValueError("sheet: give at least one packing (a PDF needs a page)")
    if orders is None:
        orders = [str(k + 1) for k in range(len(packings))]
    elif isinstance(orders, (str, bytes)) or not isinstance(orders, Iterable):
        if len(packings) != 1:  # one id for several packings
            raise ValueError(f"orders: give one id per packing, a list of {len(packings)}; "
                             f"got {orders!r}")
        orders = [orders]  # one packing's id: "1042", not the ids "1", "0", "4", "2"
    orders = [str(o) for o in orders]
    if len(orders) != len(packings):
        raise ValueError(f"orders has {len(orders)} ids for {len(packings)} packings")
    if items is None:
        item_lists = [None] * len(packings)
    elif not many:  # the order's items; [items], one order per packing, is taken too
        one = isinstance(items, (list, tuple)) and len(items) == 1 and \
            isinstance(items[0], (list, tuple)) and not isinstance(items[0], Item)
        item_lists = [items[0]] if one else [items]
    else:
        item_lists = list(items)
        if any(isinstance(it, Item) for it in item_lists):
            raise ValueError("items: for a list of packings give a list of orders, each a "
                             "list of Item (for one packing, pass the packing itself)")
        if len(item_lists) != len(packings):
            raise ValueError(f"items has {len(item_lists)} orders for {len(packings)} "
                             "packings")
    canvas_module = _reportlab()
    out = _Sheet(canvas_module, PAGES[page])
    for p, order_id, its in zip(packings, orders, item_lists):
        order = order_steps(p, its, f"order {order_id}", unit, weight_unit)
        if not order.boxes:
            box = BoxSteps(0, "(none)", (1, 1, 1), "box", None, None, 0, (), units=order.units)
            top = out.header(order, order_id, box, 1, 1)
            out.c.setFont(FONT, 10)
            out.c.drawString(MARGIN, top - 14, "Nothing to pack in a box.")
            out.footer(order)
            out.c.showPage()
        for box in order.boxes:
            if len(box.steps) > LAYERS_BEYOND and \
                    len(_layers(box.steps)) <= len(box.steps) / 3:
                out.layer_pages(order, order_id, box)
            else:
                out.step_pages(order, order_id, box)
    return out.done()


__all__ = ["sheet"]
