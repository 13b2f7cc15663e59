"""The command line's figures and its HTML batch report (matplotlib, the extra `viz`): box-set
savings against k, consolidation strategies side by side, the batch report with its
histogram and the picture of the worst-filled order."""

from __future__ import annotations

import base64
import html
import io

import numpy as np

from ..render import pyplot, quiet_glyphs


def savings_figure(ks, saved: dict, split: str, bags: bool = False):
    """What is saved (percent; `saved`: a label -> one value per k, the objective's first)
    against k, the number of sizes."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    for (label, values), marker in zip(saved.items(), ("o-", "s-", "^-")):
        ax.plot(ks, values, marker, label=label)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xticks(ks)
    ax.set_xlabel("number of box sizes k" + (" (and the bags beside them)" if bags else ""))
    ax.set_ylabel(f"saved against the current boxes, % ({split})")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _png(fig) -> str:
    buf = io.BytesIO()
    with quiet_glyphs():
        fig.savefig(buf, format="png", dpi=100)
    pyplot().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def html_report(title: str, box_counts: dict, util_hist: np.ndarray, totals: dict,
                worst: list, worst_picture=None, links=None, bags=frozenset(),
                unpacked=(), more_unpacked: int = 0, notes=(), by_weight=False) -> str:
    """A self-contained HTML page: box usage, a utilisation histogram, cost totals, the
    worst-filled orders (each linked to its view page when `links` names one) and a picture
    of the worst, images embedded as data URIs. `bags`: the ids that are bags (said so, and
    how their fill is measured). `unpacked`: (order id, status, message) of the first orders
    not fully packed, and `more_unpacked` how many others there are; `notes`: lines under the
    totals (the summary's "check units"). With `by_weight`, each worst row ends with the share
    of the weight its packages may carry: a box 3 % full by volume and 98 % by weight needs no
    other reason."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 3))
    # util_hist: orders per 5 % bin of utilisation (20 bins)
    ax.bar(np.arange(20) * 5 + 2.5, util_hist, width=4.6, color="#4477aa")
    ax.set_ylim(0, max(1, int(np.max(util_hist, initial=0))) * 1.05)  # (none: 0 to 1, not -0.05)
    ax.set_xlabel(f"utilisation of the {'packages' if bags else 'boxes'} of an order, %")
    ax.set_ylabel("orders")
    from matplotlib.ticker import MaxNLocator
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole orders, not 0.2 of one
    fig.tight_layout()
    hist = _png(fig)
    kind = (lambda k: "<td>bag</td>" if k in bags else "<td>box</td>") if bags else (lambda k: "")
    rows = "".join(f"<tr><td>{html.escape(str(k))}</td>{kind(k)}<td>{v:,}</td></tr>"
                   for k, v in sorted(box_counts.items(), key=lambda kv: -kv[1]))
    used = ("<h2>Packages used</h2><table><tr><th>package</th><th>kind</th><th>count</th></tr>"
            if bags else "<h2>Boxes used</h2><table><tr><th>box</th><th>count</th></tr>")
    fill = ("<p>A bag's fill is its contents over the block it is filled to (it takes the "
            "shape of its contents, so a bag is often near 100 %); a box's, over its inner "
            "volume.</p>" if bags else "")
    tot = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in totals.items())
    links = links or {}

    def cell(k, c, oid):
        text = html.escape(str(c))
        if k == 0 and oid in links:  # the order's interactive view page, beside the report
            return f'<td><a href="{html.escape(links[oid])}">{text}</a></td>'
        return f"<td>{text}</td>"
    bad = "".join("<tr>" + "".join(cell(k, c, r[0]) for k, c in enumerate(r)) + "</tr>"
                  for r in worst)
    pic = (f'<h2>The worst-filled order</h2><img src="data:image/png;base64,{_png(worst_picture)}">'
           if worst_picture is not None else "")
    missing = ""
    if unpacked:
        lines = "".join(f'<tr><td>{html.escape(str(oid))}</td><td>{html.escape(status)}</td>'
                        f'<td style="text-align:left">{html.escape(message)}</td></tr>'
                        for oid, status, message in unpacked)
        more = (f"<p>and {more_unpacked:,} more (the results' status and message columns "
                "name them all)</p>" if more_unpacked else "")
        missing = ('<h2 id="not-packed">Orders not fully packed</h2><table><tr><th>order</th>'
                   f'<th>status</th><th style="text-align:left">why</th></tr>{lines}</table>{more}')
    weighed = "<th>by weight</th>" if by_weight else ""
    weighed_note = ("<p>Utilisation is by volume; by weight is what the order's copies weigh "
                    "over what its packages may carry: an order of heavy copies fills its "
                    "box by weight before it fills it by volume.</p>" if by_weight else "")
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}</style></head><body>
<h1>{html.escape(title)}</h1>
<h2>Totals</h2><table>{tot}</table>
{"".join(f'<p class="note"><b>{html.escape(n)}</b></p>' for n in notes)}
{missing}
{used}{rows}</table>
<h2>Utilisation</h2><img src="data:image/png;base64,{hist}">{fill}
<h2>Worst-filled orders</h2><table><tr><th>order</th><th>{'packages' if bags else 'boxes'}</th><th>utilisation</th>{weighed}</tr>{bad}</table>{weighed_note}
{pic}</body></html>"""


def duration(seconds) -> str:
    """A span of seconds as a planner reads it: 1 h, 30 min, 90 s."""
    seconds = int(seconds)
    if seconds and seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds and seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def simulation_figure(summaries: dict, every=None):
    """Cost and wait per strategy side by side: `summaries` maps a strategy to its summary
    table (the "(all)" row is drawn)."""
    plt = pyplot()
    rows = [summaries[n].set_index("lane").loc["(all)"] for n in summaries]
    names = [n.replace("_", " ") + (" (hindsight)" if n == "offline" else "") for n in summaries]
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.8))
    x = np.arange(len(names))
    a.bar(x, [r["cost"] for r in rows], color="#4477aa", width=0.6, label="cost")
    a.plot(x, [r["cost_alone"] for r in rows], "k_", markersize=30, label="every parcel alone")
    for k, r in enumerate(rows):
        share = r["saving"] / r["cost_alone"] if r["cost_alone"] else 0.0
        said = f"saves {100 * share:.1f} %" if share >= 0 else f"{100 * -share:.1f} % dearer"
        a.annotate(said, (k, max(r["cost"], r["cost_alone"])), xytext=(0, 4),
                   textcoords="offset points", ha="center", va="bottom", fontsize=8)
    a.set_xticks(x, names)
    a.set_ylabel("cost, waiting included (currency)")
    a.margins(y=0.12)  # room for the labels above the bars
    # Below the plot, where no bar is hidden by it.
    a.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
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
    b.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    fig.suptitle("consolidation as it runs"
                 + ("" if every is None else f", waves of {duration(every)}"), fontsize=10)
    fig.tight_layout()
    return fig
