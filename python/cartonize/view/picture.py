"""A box and some of its copies drawn isometrically into a cell of a reportlab canvas: the
pictures of the packing sheet (sheet.py)."""

from __future__ import annotations

import math
from typing import Sequence

from .steps import BoxSteps, Step

FONT, BOLD = "CartonizeSans", "CartonizeSans-Bold"  # the sheet's fonts (sheet._reportlab)

COS30, SIN30 = math.cos(math.pi / 6), 0.5


def _project(x, y, z):
    """Isometric, seen from above the box's front corner (+x, +y, +z)."""
    return (y - x) * COS30, z - (x + y) * SIN30


def depth_order(steps: Sequence[Step], most: int = 600) -> list:
    """The steps in the order to paint them, far to near as seen from (+x, +y, +z): a copy
    before every copy that hides part of it. Two copies whose pictures overlap are apart
    along some axis, and the one on the far side of it goes first (a copy high at the back
    before a tall one in front; by the sum x + y + z alone the high one went last and was
    drawn over the copy in front of it). Beyond `most` copies, that sum (a picture of a
    layer of many copies, which hide one another little)."""
    def key(s):
        return (s.x + s.y + s.z, s.number)
    if len(steps) > most:
        return sorted(steps, key=key)
    import heapq
    n = len(steps)
    lo = [(s.x, s.y, s.z) for s in steps]
    hi = [(s.x + s.length, s.y + s.width, s.z + s.height) for s in steps]
    # Each picture's extent: u = y - x and v = 2z - x - y over the copy's corners.
    uv = [(lo[k][1] - hi[k][0], hi[k][1] - lo[k][0], 2 * lo[k][2] - hi[k][0] - hi[k][1],
           2 * hi[k][2] - lo[k][0] - lo[k][1]) for k in range(n)]
    after = [[] for _ in range(n)]
    before = [0] * n
    for i in range(n):
        for j in range(i + 1, n):
            a, b = uv[i], uv[j]
            if a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]:
                continue  # the pictures do not overlap
            i_far = any(hi[i][d] <= lo[j][d] for d in range(3))
            j_far = any(hi[j][d] <= lo[i][d] for d in range(3))
            first, then = (i, j) if i_far and (not j_far or key(steps[i]) < key(steps[j])) \
                else (j, i)
            after[first].append(then)
            before[then] += 1
    ready = [(key(steps[k]), k) for k in range(n) if before[k] == 0]
    heapq.heapify(ready)
    out, done = [], [False] * n
    while ready:
        _, k = heapq.heappop(ready)
        out.append(steps[k])
        done[k] = True
        for m in after[k]:
            before[m] -= 1
            if before[m] == 0:
                heapq.heappush(ready, (key(steps[m]), m))
    # Copies that hide one another in a ring (three sticks crossed) cannot all be right:
    # they go last, by the sum.
    return out + sorted((steps[k] for k in range(n) if not done[k]), key=key)


def _tint(colour: str, share: float) -> tuple:
    """An "#rrggbb" colour mixed with white by `share` (0: as it is), as reportlab RGB."""
    r, g, b = (int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5))
    return tuple(v + (1 - v) * share for v in (r, g, b))


class Picture:
    """A box and some of its copies drawn isometrically into a cell of the page."""

    def __init__(self, c, box: BoxSteps, x0: float, y0: float, w: float, h: float):
        L, W, H = box.inner
        us, vs = zip(*(_project(x, y, z) for x in (0, L) for y in (0, W) for z in (0, H)))
        self.c, self.box = c, box
        self.scale = min(w / (max(us) - min(us)), h / (max(vs) - min(vs)))
        self.ox = x0 + (w - (max(us) - min(us)) * self.scale) / 2 - min(us) * self.scale
        self.oy = y0 + (h - (max(vs) - min(vs)) * self.scale) / 2 - min(vs) * self.scale

    def point(self, x, y, z):
        u, v = _project(x, y, z)
        return self.ox + u * self.scale, self.oy + v * self.scale

    def _polygon(self, pts, fill, stroke, width):
        c = self.c
        path = c.beginPath()
        path.moveTo(*pts[0])
        for p in pts[1:]:
            path.lineTo(*p)
        path.close()
        c.setLineWidth(width)
        c.setStrokeColorRGB(*stroke)
        if fill is not None:
            c.setFillColorRGB(*fill)
        c.drawPath(path, stroke=1, fill=fill is not None)

    def _edges(self, back: bool):
        L, W, H = self.box.inner
        c = self.c
        c.setLineWidth(0.5 if back else 0.8)
        c.setStrokeColorRGB(*((0.6, 0.6, 0.6) if back else (0.25, 0.25, 0.25)))
        corners = [(x, y, z) for x in (0, L) for y in (0, W) for z in (0, H)]
        for a in corners:
            for b in corners:
                if a < b and sum(p != q for p, q in zip(a, b)) == 1:
                    hidden = (min(a[0], b[0]) == 0 and a[0] == b[0]) or \
                             (min(a[1], b[1]) == 0 and a[1] == b[1]) or \
                             (a[2] == b[2] == 0)
                    if hidden == back:
                        c.line(*self.point(*a), *self.point(*b))

    def draw(self, steps: Sequence[Step], current: Sequence[Step] = (), numbers=False):
        """The box with `steps` placed, the `current` ones highlighted."""
        self._edges(back=True)
        now = {id(s) for s in current}
        for s in depth_order(steps):
            x1, y1, z1 = s.x + s.length, s.y + s.width, s.z + s.height
            hot = id(s) in now
            base = (1.0, 0.87, 0.0) if hot and not numbers else _tint(s.line.colour,
                                                                       0.0 if hot or not current
                                                                       else 0.55)
            # The copy of the step outlined thick and black: it stands out printed in black
            # and white too, where its yellow is as pale as the copies before it.
            stroke = (0.0, 0.0, 0.0) if hot else (0.2, 0.2, 0.2)
            # A layer's picture outlines all its copies: thick, 34 thin copies standing side by
            # side were one black blob (a packer's review).
            width = (0.6 if numbers else 1.8) if hot else 0.3
            top = [self.point(s.x, s.y, z1), self.point(x1, s.y, z1), self.point(x1, y1, z1),
                   self.point(s.x, y1, z1)]
            front_x = [self.point(x1, s.y, s.z), self.point(x1, y1, s.z), self.point(x1, y1, z1),
                       self.point(x1, s.y, z1)]
            front_y = [self.point(s.x, y1, s.z), self.point(x1, y1, s.z), self.point(x1, y1, z1),
                       self.point(s.x, y1, z1)]
            self._polygon(front_x, tuple(v * 0.82 for v in base), stroke, width)
            self._polygon(front_y, tuple(v * 0.92 for v in base), stroke, width)
            self._polygon(top, base, stroke, width)
            if numbers and hot:
                self._number(s, top, z1)
        self._edges(back=False)

    def _number(self, s: Step, top, z1) -> None:
        """The step's number on the copy's top, in the largest size up to 6 pt that fits
        within it; none where not even 4 pt does (a layer of 300 small copies: the numbers
        printed over each other, "102121"; the layer's list names each step's place)."""
        from reportlab.pdfbase.pdfmetrics import stringWidth
        # The top is a parallelogram (edges a, b): its chords through the centre across and
        # up the page are |a x b| / max(|a_y|, |b_y|) and |a x b| / max(|a_x|, |b_x|).
        a = (top[1][0] - top[0][0], top[1][1] - top[0][1])
        b = (top[3][0] - top[0][0], top[3][1] - top[0][1])
        area = abs(a[0] * b[1] - a[1] * b[0])
        across = area / max(abs(a[1]), abs(b[1]), 1e-9)
        up = area / max(abs(a[0]), abs(b[0]), 1e-9)
        text = str(s.number)
        size = next((z for z in (6, 5, 4) if stringWidth(text, BOLD, z) <= 0.7 * across
                     and 0.75 * z <= 0.5 * up), None)
        if size is None:
            return
        cx, cy = self.point(s.x + s.length / 2, s.y + s.width / 2, z1)
        self.c.setFillColorRGB(0, 0, 0)
        self.c.setFont(BOLD, size)
        self.c.drawCentredString(cx, cy - size / 3, text)


# Text in a cell of the page (the sheet's, beside its pictures).

# The most characters of one word the sheet wraps (an id: about three lines of a step's cell);
# a longer one (a pasted description) is cut short with an ellipsis.
_LONGEST = 80


def _wrap(text: str, font: str, size: float, width: float, canvas_module) -> list:
    """Lines of at most `width` points; a word longer than a line (a long item id) is cut
    into pieces that fit, so that it never runs into the next column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    words, lines, line = [], [], ""
    for w in text.split():
        w = _short(w)  # a pasted description: the sheet shows its start
        if stringWidth(w, font, size) <= width:
            words.append(w)
            continue
        # Cut into pieces that fit, each character measured once (kerning aside, a piece's
        # width is the sum of its characters').
        piece, used = "", 0.0
        for ch in w:
            cw = stringWidth(ch, font, size)
            if piece and used + cw > width:
                words.append(piece)
                piece, used = "", 0.0
            piece, used = piece + ch, used + cw
        words.append(piece)
    for w in words:
        trial = f"{line} {w}".strip()
        if stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = w
    if line:
        lines.append(line)
    return lines


def _fitted(c, text: str, font: str, size: float, width: float, x: float, y: float,
            least: float = 6.0, centred: bool = False) -> None:
    """Draw `text` at (x, y) (its centre there, `centred`) within `width` points: smaller
    type (down to `least` points) before cutting it short with an ellipsis."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    while size > least and stringWidth(text, font, size) > width:
        size -= 0.5
    while len(text) > 1 and stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    c.setFont(font, size)
    (c.drawCentredString if centred else c.drawString)(x, y, text)


def _short(label: str) -> str:
    """A label of at most _LONGEST characters, its end cut short."""
    return label if len(label) <= _LONGEST else label[:_LONGEST - 1] + "\u2026"
