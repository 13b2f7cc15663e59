"""Pictures of packings (matplotlib, the optional extra `viz`) and the HTML batch report."""

from __future__ import annotations

import base64
import html
import io

import numpy as np


class MissingViz(ImportError):
    pass


def _plt():
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
    plt = _plt()
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
    _plt().close(fig)


def save_packing(packing, path: str, items=None, title: str = "") -> None:
    save_figure(draw_packing(packing, items, title), path)


def savings_figure(ks, volume_saved, board_saved, split: str):
    """Box volume and corrugated board saved (percent) against k, the number of sizes."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(ks, volume_saved, "o-", label="box volume")
    ax.plot(ks, board_saved, "s-", label="corrugated board")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xticks(ks)
    ax.set_xlabel("number of box sizes k")
    ax.set_ylabel(f"saved against the current boxes, % ({split})")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    _plt().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def html_report(title: str, box_counts: dict, util_hist: np.ndarray, totals: dict,
                worst: list, worst_picture=None) -> str:
    """A self-contained HTML page: box usage, a utilisation histogram, cost totals, the
    worst-filled orders (and a picture of the worst), images embedded as data URIs."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3))
    # util_hist: orders per 5 % bin of utilisation (20 bins)
    ax.bar(np.arange(20) * 5 + 2.5, util_hist, width=4.6, color="#4477aa")
    ax.set_xlabel("utilisation of the boxes of an order, %")
    ax.set_ylabel("orders")
    fig.tight_layout()
    hist = _png(fig)
    rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v:,}</td></tr>"
                   for k, v in sorted(box_counts.items(), key=lambda kv: -kv[1]))
    tot = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in totals.items())
    bad = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>"
                  for r in worst)
    pic = (f'<h2>The worst-filled order</h2><img src="data:image/png;base64,{_png(worst_picture)}">'
           if worst_picture is not None else "")
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}</style></head><body>
<h1>{html.escape(title)}</h1>
<h2>Totals</h2><table>{tot}</table>
<h2>Boxes used</h2><table><tr><th>box</th><th>count</th></tr>{rows}</table>
<h2>Utilisation</h2><img src="data:image/png;base64,{hist}">
<h2>Worst-filled orders</h2><table><tr><th>order</th><th>boxes</th><th>utilisation</th></tr>{bad}</table>
{pic}</body></html>"""


def simulation_figure(summaries: dict, every=None):
    """Cost and wait per strategy side by side: `summaries` maps a strategy to its summary
    table (the "(all)" row is drawn)."""
    plt = _plt()
    names = list(summaries)
    rows = [summaries[n].set_index("lane").loc["(all)"] for n in names]
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.8))
    x = np.arange(len(names))
    a.bar(x, [r["cost"] for r in rows], color="#4477aa", width=0.6, label="cost")
    a.plot(x, [r["cost_alone"] for r in rows], "k_", markersize=30, label="every parcel alone")
    for k, r in enumerate(rows):
        share = r["saving"] / r["cost_alone"] if r["cost_alone"] else 0.0
        a.text(k, r["cost"], f"saves {100 * share:.1f} %", ha="center", va="bottom", fontsize=8)
    a.set_xticks(x, names)
    a.set_ylabel("cost (currency)")
    a.legend(fontsize=8, loc="lower right")
    w = 0.38
    b.bar(x - w / 2, [r["mean_wait_h"] for r in rows], width=w, label="mean", color="#66aa55")
    b.bar(x + w / 2, [r["p95_wait_h"] for r in rows], width=w, label="95th percentile",
          color="#ccbb44")
    for k, r in enumerate(rows):
        if r["late"]:
            b.text(k, r["p95_wait_h"], f"{int(r['late'])} late", ha="center", va="bottom",
                   fontsize=8)
    b.set_xticks(x, names)
    b.set_ylabel("wait from arrival to departure, h")
    b.legend(fontsize=8)
    fig.suptitle("consolidation as it runs" + ("" if every is None else f", waves of {every} s"),
                 fontsize=10)
    fig.tight_layout()
    return fig
