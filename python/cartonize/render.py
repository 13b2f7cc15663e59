"""Pictures of packings (matplotlib, the optional extra `viz`)."""

from __future__ import annotations

import numpy as np


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


def draw_packing(packing, items=None, title: str = "", max_boxes: int = 4):
    """A figure: each box in 3D (the box as a wireframe, one colour per order line, each copy
    labelled with its step in the packing sequence) above the sequence itself, which item goes
    in at each step and where, as a packer at a station would read it."""
    plt = pyplot()
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection
    boxes = packing.boxes[:max_boxes]
    n = max(1, len(boxes))
    fig = plt.figure(figsize=(5.2 * n, 8.2))
    cmap = plt.get_cmap("tab20")
    # One colour per group (a kit), else per category, else per order line, so that rules
    # can be seen.
    keys = {}

    def colour(i):
        it = items[i] if items is not None else None
        key = ("g", it.group) if it is not None and it.group is not None else \
            ("c", it.category) if it is not None and it.category is not None else ("i", i)
        return cmap(keys.setdefault(key, len(keys)) % 20)

    for k, pb in enumerate(boxes):
        ax = fig.add_subplot(2, n, k + 1, projection="3d")
        L, W, H = pb.box.dims
        for face in _cuboid_faces(0, 0, 0, L, W, H):
            loop = np.vstack([face, face[:1]])
            ax.plot(loop[:, 0], loop[:, 1], loop[:, 2], color="0.35", lw=0.8)
        for step, p in enumerate(pb.placements, start=1):
            colour_ = colour(p.item)
            ax.add_collection3d(Poly3DCollection(
                _cuboid_faces(p.x, p.y, p.z, p.length, p.width, p.height),
                facecolors=colour_, edgecolors="0.2", linewidths=0.4, alpha=0.55))
            ax.text(p.x + p.length / 2, p.y + p.width / 2, p.z + p.height / 2, str(step),
                    fontsize=7, ha="center", va="center")
        ax.set_xlim(0, L)
        ax.set_ylim(0, W)
        ax.set_zlim(0, H)
        ax.set_box_aspect((L, W, H))
        ax.set_xlabel("length x")
        ax.set_ylabel("width y")
        ax.set_zlabel("height z")
        ax.set_title(f"box {k + 1}: {pb.box.id} ({L}x{W}x{H} mm), "
                     f"{100 * pb.utilisation:.0f} % full", fontsize=9)
        tx = fig.add_subplot(2, n, n + k + 1)
        tx.axis("off")
        lines = ["step  item  copy   at (x, y, z)        size        kit / category"]
        for step, p in enumerate(pb.placements, start=1):
            name = p.item if items is None or items[p.item].id is None else items[p.item].id
            rule = ""
            if items is not None:
                it = items[p.item]
                rule = " ".join(str(v) for v in (it.group, it.category) if v is not None)
            lines.append(f"{step:>4}  {str(name)[:10]:>6}  {p.copy:>4}   "
                         f"({p.x}, {p.y}, {p.z})".ljust(38)
                         + f"{p.length}x{p.width}x{p.height}".ljust(12) + rule[:20])
        shown = lines[:34] + ([f"... {len(lines) - 34} more"] if len(lines) > 34 else [])
        tx.text(0, 1, "\n".join(shown), family="monospace", fontsize=7, va="top")
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def save_figure(fig, path: str, dpi: int = 110) -> None:
    fig.savefig(path, dpi=dpi)
    pyplot().close(fig)


def save_packing(packing, path: str, items=None, title: str = "") -> None:
    save_figure(draw_packing(packing, items, title), path)
