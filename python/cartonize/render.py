"""Pictures of packings (matplotlib, the optional extra `viz`)."""

from __future__ import annotations

import contextlib
import warnings

import numpy as np

from ._units import Units


class MissingViz(ImportError):
    pass


def pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        return plt
    except ImportError:
        raise MissingViz("pictures need matplotlib: pip install 'cartonize[viz]'") from None


def _cuboid_faces(x, y, z, l, w, h):
    p = np.array([[x, y, z], [x + l, y, z], [x + l, y + w, z], [x, y + w, z],
                  [x, y, z + h], [x + l, y, z + h], [x + l, y + w, z + h], [x, y + w, z + h]])
    idx = [[0, 1, 2, 3], [4, 5, 6, 7], [0, 1, 5, 4], [2, 3, 7, 6], [1, 2, 6, 5], [0, 3, 7, 4]]
    return [p[i] for i in idx]


def draw_packing(packing, items=None, title: str = "", unit: str = "mm"):
    """A figure: every box of the packing in 3D (the box as a wireframe, one colour per kit,
    category or order line, each copy labelled with its step) above its whole packing
    sequence, which item goes in at each step and where, in `unit` (mm, cm, m, in). For
    instructions a packer follows step by step, see :mod:`cartonize.view`."""
    units = Units(unit)
    f, num = units.scale, units.number
    plt = pyplot()
    from matplotlib.gridspec import GridSpec
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection
    from .view.steps import order_steps
    boxes = packing.boxes
    # The steps as the sheet and the page give them: from the floor up, each copy named as
    # they name it (item #1, #2, ...; a line without an id, "line N").
    order = order_steps(packing, items)
    steps_of = [b.steps for b in order.boxes]
    n = max(1, len(boxes))
    cols = min(n, 3)
    rows = -(-n // cols)
    # Each box's step list under it: one column of text up to ONE_COLUMN steps, else two
    # (as many as the panel's width holds: three of 36 lines printed over each other), as
    # long as they need, up to MOST_STEPS (the page and the sheet give every step).
    text_rows = max([1] + [_table_rows(len(b.placements)) + 1 for b in boxes])
    text_h = 0.6 + (0.13 if text_rows <= ONE_COLUMN + 1 else 0.1) * text_rows
    wide = 6.4 if text_rows > ONE_COLUMN + 1 else 5.6  # two columns of steps side by side
    fig = plt.figure(figsize=(wide * cols, rows * (4.6 + text_h)))
    grid = GridSpec(2 * rows, cols, figure=fig,
                    height_ratios=[4.6, text_h] * rows)
    cmap = plt.get_cmap("tab20")
    # One colour per group (a kit), else per category, so that rules can be seen; else the
    # order line's, as the sheet and the page colour it (an item kept its colour from one
    # to the other, not in this picture: a packer's trial).
    keys = {}

    def colour(i):
        it = items[i] if items is not None else None
        if it is None or (it.group is None and it.category is None):
            return order.lines[i].colour if i < len(order.lines) else "#bbbbbb"
        key = ("g", it.group) if it.group is not None else ("c", it.category)
        return cmap(keys.setdefault(key, len(keys)) % 20)

    for k, pb in enumerate(boxes):
        r, c = divmod(k, cols)
        ax = fig.add_subplot(grid[2 * r, c], projection="3d")
        size = units.size(pb.inner)  # a bag: the block it is filled to
        L, W, H = (f(v) for v in pb.inner)  # the picture in the unit
        for face in _cuboid_faces(0, 0, 0, L, W, H):
            loop = np.vstack([face, face[:1]])
            ax.plot(loop[:, 0], loop[:, 1], loop[:, 2], color="0.35", lw=0.8)
        for p in steps_of[k]:
            ax.add_collection3d(Poly3DCollection(
                _cuboid_faces(f(p.x), f(p.y), f(p.z), f(p.length), f(p.width), f(p.height)),
                facecolors=colour(p.item), edgecolors="0.2", linewidths=0.4, alpha=0.55))
            ax.text(f(p.x + p.length / 2), f(p.y + p.width / 2), f(p.z + p.height / 2),
                    str(p.number), fontsize=7, ha="center", va="center")
        ax.view_init(elev=30, azim=45)  # from above the corner opposite (0, 0, 0), as the
        ax.set_xlim(0, L)  # sheet and the page see it
        ax.set_ylim(0, W)
        ax.set_zlim(0, H)
        # A flat box stays readable: no axis is drawn thinner than a fifth of the longest.
        top = max(L, W, H)
        # (Drawn at 0.9 of the panel: at its full size the height axis' name was cut off at
        # the figure's left edge.)
        ax.set_box_aspect(tuple(max(v, top / 5) for v in (L, W, H)), zoom=0.9)
        for axis, name in ((ax.xaxis, f"length, {unit}"), (ax.yaxis, f"width, {unit}"),
                           (ax.zaxis, f"height, {unit}")):
            axis.set_major_locator(plt.MaxNLocator(3))
            axis.label.set_text(name)
            axis.label.set_size(8)
        ax.tick_params(labelsize=7, pad=1)
        what = (f"{pb.box.id} ({size})" if pb.box.kind == "box" else
                f"bag {pb.box.id} (filled to {size})")
        ax.set_title(f"box {k + 1} of {len(boxes)}: {what}, "
                     f"{100 * pb.utilisation:.1f} % full", fontsize=9)
        tx = fig.add_subplot(grid[2 * r + 1, c])
        tx.axis("off")
        # Copies named as the sheet and the view name them (item #1, #2, ...); an id longer
        # than the column keeps its start and end.
        lines = [f"{'step':>4} {'copy':>18}  {f'at (x, y, z) {unit}':<18} size, {unit}"]
        for p in steps_of[k]:
            step = p.number
            name, _, copy = p.label.rpartition(" #")
            copy = f" #{copy}"
            if len(name) + len(copy) > 18:
                keep = 17 - len(copy)
                name = name[:keep - keep // 3] + "…" + name[len(name) - keep // 3:]
            at = f"({num(p.x)}, {num(p.y)}, {num(p.z)})"
            lines.append(f"{step:>4} {name + copy:>18}  {at:<18} "
                         f"{num(p.length)}x{num(p.width)}x{num(p.height)}")
        shown = len(steps_of[k])
        if shown > MOST_STEPS:
            lines[1 + MOST_STEPS - 1:] = [f"… steps {MOST_STEPS}-{shown}: see cartonize view"]
        per_col = _table_rows(shown)
        chunks = [lines[:1] + lines[1 + a:1 + a + per_col]
                  for a in range(0, max(1, len(lines) - 1), per_col)]
        for m, chunk in enumerate(chunks):
            tx.text(m / len(chunks), 1, "\n".join(chunk), family="monospace",
                    fontsize=7 if len(chunks) == 1 else 5.5, va="top",
                    transform=tx.transAxes)
    if not boxes:
        fig.text(0.5, 0.5, "no box: no copy fits one" if packing.unpacked else
                 "no box: nothing to pack", ha="center")
    left = len(packing.unpacked) + len(packing.alone)
    caption = title + (f" ({left} cop{'y' if left == 1 else 'ies'} in no box)" if left else "")
    if caption:
        fig.suptitle(caption, fontsize=11)
    with quiet_glyphs():
        fig.tight_layout()
    return fig


ONE_COLUMN, MOST_STEPS = 35, 160


def _table_rows(steps: int) -> int:
    """The rows of a box's step table: one column up to ONE_COLUMN steps, else two, of at
    most MOST_STEPS steps in all (the last row then says where the rest are)."""
    steps = min(steps, MOST_STEPS)
    return max(1, steps if steps <= ONE_COLUMN else -(-steps // 2))


@contextlib.contextmanager
def quiet_glyphs():
    """A context in which matplotlib does not warn of characters its font lacks (an emoji in
    an item id): the picture shows an empty box for each, and the command line's output stays
    free of one warning per character."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font",
                                category=UserWarning)
        yield


def save_figure(fig, path: str, dpi: int = 110) -> None:
    with quiet_glyphs():
        fig.savefig(path, dpi=dpi)
    pyplot().close(fig)


def save_packing(packing, path: str, items=None, title: str = "", unit: str = "mm") -> None:
    save_figure(draw_packing(packing, items, title, unit), path)
