"""What the command line shows while a batch runs and after: progress on stderr, a summary of
the batch, and the self-contained HTML report."""

from __future__ import annotations

import collections
import heapq
import itertools
import math
import re
import sys
import time
from pathlib import Path

import numpy as np

from .convert import frame_items
from ..packing import pack


class Progress:
    """A progress bar on stderr when it is a terminal (tqdm, shown after 2 s), plain log
    lines every 10 s otherwise, nothing with --quiet."""

    def __init__(self, total, quiet: bool, unit: str = "rows"):
        self.quiet, self.total, self.unit = quiet, total, unit
        self.done = self.orders = 0
        self.start = self.last = time.perf_counter()
        self.bar = None
        if not quiet and sys.stderr.isatty():
            try:
                from tqdm import tqdm
                self.bar = tqdm(total=total, unit=unit, unit_scale=True, delay=2,
                                file=sys.stderr, dynamic_ncols=True)
            except ImportError:
                pass

    def update(self, rows: int, orders: int) -> None:
        self.done += rows
        self.orders += orders
        if self.bar is not None:
            self.bar.update(rows)
            self.bar.set_postfix(orders=f"{self.orders:,}", refresh=False)
            return
        now = time.perf_counter()
        if not self.quiet and now - self.last >= 10:
            self.last = now
            rate = self.orders / (now - self.start)
            left = ""
            if self.total:
                frac = self.done / self.total
                left = f", about {(now - self.start) * (1 - frac) / max(frac, 1e-9):.0f} s left"
            print(f"cartonize: {self.done:,} of {self.total or '?':,} {self.unit}, "
                  f"{self.orders:,} orders ({rate:,.0f}/s){left}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def material_costs(catalog) -> bool:
    """Whether the boxes cost money as material: a box given a cost, or a machine's cut
    boxes given one (else each box's "cost" is its volume in mm3, which is no money)."""
    return any(b._cost_given for b in catalog.boxes) or any(m.priced for m in catalog.on_demand)


def has_costs(catalog) -> bool:
    """Whether a packing's cost is money without a tariff: material, or void fill."""
    return material_costs(catalog) or catalog.void_fill_cost is not None


def bags_text(bags: int) -> str:
    """How many packages are bags, as the summaries say it: "373 bags", "1 bag"."""
    return f"{bags:,} bag{'s' * (bags != 1)}"


# Orders not fully packed that the report lists by name (the results name them all).
KEEP_UNPACKED = 50


class Summary:
    """What a batch did: counts, money (when there is money: boxes with a cost, a machine's
    cut boxes or a tariff), the boxes' inner volume in m3 (ft3 for files in inches),
    utilisation, the worst-filled orders. Made for the catalogue the batch packs with (its
    boxes' volumes, whether any has a cost). ``to_items`` turns the rows of one order (a
    pandas DataFrame as the file holds them) into Items, for the report's picture."""

    def __init__(self, catalog, keep_worst: int = 10, to_items=frame_items, unit: str = "mm"):
        self.orders = self.boxes = self.not_packed = self.skipped = self.skipped_rows = 0
        self.cost = self.shipping = 0.0
        self.volume = 0  # mm3, inner, of every box
        # Volumes are written in m3, or in ft3 for files read in inches.
        self.volume_unit, self.per_volume = ("ft3", 25.4 ** 3 * 1728) if unit == "in" else \
            ("m3", 1e9)
        self.volumes = {b.id: b.volume for b in catalog.boxes}
        self.bag_ids = {b.id for b in catalog.boxes if b.kind == "bag"}
        self.bags = 0  # packages that are bags
        self.void_litres = self.void_fill = 0.0  # with void_fill_cost
        self.priced = False  # with a tariff: cost is landed (material + shipping)
        self.costed = has_costs(catalog)
        self.material = material_costs(catalog)  # the boxes themselves cost money
        self.to_items = to_items
        self.box_counts = collections.Counter()
        self.hist = np.zeros(20, dtype=np.int64)  # utilisation in 5 % bins: memory stays flat
        self.util_sum = self.filled = 0.0  # (filled: the copies' volume, in the box's unit)
        self.util_n = 0
        self.worst = []  # heap of (-utilisation, order_id, n_boxes)
        self.keep = keep_worst
        self.unpacked = []  # (order_id, status, message) of the first orders not fully packed
        self.too_large = 0  # orders with a copy too large for every box
        self.worst_items = {}

    def add(self, table, chunk) -> None:
        """One block's order table (pandas) and its lines (pandas or pyarrow)."""
        n_boxes = table["n_boxes"].to_numpy()
        self.orders += len(table)
        self.boxes += int(n_boxes.sum())
        self.cost += float(table["cost"].to_numpy().sum())
        if "shipping" in table.columns:
            self.priced = True
            self.shipping += float(table["shipping"].to_numpy().sum())
        if "void_fill" in table.columns:
            self.void_fill += float(table["void_fill"].to_numpy().sum())
            self.void_litres += math.fsum(v for t in table["void"] for v in t)
        status = table["status"].to_numpy()
        short = np.flatnonzero((status != "packed") & (status != "empty"))  # nothing to pack
        self.not_packed += len(short)
        messages = table["message"].to_numpy()
        self.too_large += sum(1 for k in short.tolist()  # (not a kit's group_too_large)
                              if re.search(r"\btoo_large\b", str(messages[k])))
        for k in short[:max(0, KEEP_UNPACKED - len(self.unpacked))].tolist():
            self.unpacked.append((table["order_id"].iloc[k], str(status[k]),
                                  str(table["message"].iloc[k])))
        counts = collections.Counter(itertools.chain.from_iterable(table["box_ids"].tolist()))
        self.box_counts.update(counts)
        self.bags += sum(n for b, n in counts.items() if b in self.bag_ids)
        if "box_sizes" in table.columns:  # boxes cut to size, bags: their own sizes
            each = [sum(math.prod(size) for size in sizes) for sizes in table["box_sizes"]]
        else:
            each = [sum(self.volumes[b] for b in ids) for ids in table["box_ids"]]
        self.volume += sum(each)
        # What the copies take of it: utilisation is each order's share of its own boxes.
        self.filled += float(np.dot(table["utilisation"].to_numpy(), np.array(each, float)))
        packed = n_boxes > 0
        u = table["utilisation"].to_numpy()[packed]
        self.hist += np.bincount(np.minimum((u * 20).astype(np.int64), 19), minlength=20)
        self.util_sum += float(u.sum())
        self.util_n += len(u)
        k = min(self.keep, len(u))
        if k == 0:
            return
        # Only the k least-filled orders of this block can enter the k worst.
        pick = np.argpartition(u, k - 1)[:k]
        ids = table["order_id"].to_numpy()[packed][pick]
        nbs = n_boxes[packed][pick]
        entered = []
        for oid, uu, nb in zip(ids.tolist(), u[pick].tolist(), nbs.tolist()):
            item = (-float(uu), str(oid), int(nb))
            if len(self.worst) < self.keep:
                heapq.heappush(self.worst, item)
            elif item > self.worst[0]:
                heapq.heapreplace(self.worst, item)
            else:
                continue
            entered.append(oid)
        if not entered:
            return
        keep_ids = {w[1] for w in self.worst}
        if hasattr(chunk, "iloc"):
            rows = chunk[chunk["order_id"].isin(entered)]
        else:
            import pyarrow as pa
            import pyarrow.compute as pc
            col = chunk.column("order_id")
            rows = chunk.filter(pc.is_in(col, value_set=pa.array(entered, type=col.type)))
            rows = rows.to_pandas()
        for oid, part in rows.groupby(rows["order_id"].astype(str), sort=False):
            self.worst_items[oid] = part
        self.worst_items = {k: v for k, v in self.worst_items.items() if k in keep_ids}

    @property
    def mean_util(self) -> float:
        return self.util_sum / self.util_n if self.util_n else 0.0

    def money(self) -> list:
        """(label, value) of the boxes' totals: material, shipping and landed cost with a
        tariff; else their cost, or without costs their volume."""
        volume = [("package volume" if self.bag_ids else "box volume in all",
                   f"{self.volume / self.per_volume:,.3f} {self.volume_unit}")]
        if self.void_fill or self.void_litres:
            volume.insert(0, ("void fill", f"{self.void_litres:,.1f} L, {self.void_fill:,.2f} "
                                           "(in the cost)"))
        if self.priced:
            return [("material", f"{self.cost - self.shipping - self.void_fill:,.2f}"),
                    ("shipping", f"{self.shipping:,.2f}"),
                    ("landed cost", f"{self.cost:,.2f}")] + volume
        if self.costed:
            # Some packages are bags: their cost and filled size are no box's.
            return [("package cost in all" if self.bag_ids else "box cost in all",
                     f"{self.cost:,.2f}")] + volume
        return volume

    def lines(self, seconds: float, current=None) -> list:
        """The summary; with `current` (a Summary of the same orders packed with the current
        boxes), what the run saves against it."""
        out = [f"orders               {self.orders:,}",
               (f"boxes                {self.boxes:,} ({self.boxes / max(1, self.orders):.3f} per order)"
                if not self.bag_ids else
                f"packages             {self.boxes:,} ({self.boxes / max(1, self.orders):.3f} "
                f"per order; {bags_text(self.bags)})"),
               f"mean utilisation     {self.util_text()}"]
        out += [f"{label:<21}{value}" for label, value in self.money()]
        if current is not None:
            # Like with like: where the boxes of one side have a cost and the other's none
            # (which would count as free), landed cost is weighed as shipping alone, and box
            # cost as box volume.
            alike = self.material == current.material
            priced = self.priced and current.priced
            if priced:
                now, was, what = ((self.cost, current.cost, "landed cost") if alike else
                                  (self.shipping, current.shipping, "shipping"))
            elif alike and self.costed and current.costed:
                now, was, what = self.cost, current.cost, "box cost"
            else:
                now, was, what = self.volume, current.volume, "box volume"
            money = what != "box volume"
            why = "" if alike else ("; --current's boxes have no cost" if self.material else
                                    "; these boxes have no cost")
            saved = (was - now) if money else (was - now) / self.per_volume
            unit = "" if money else f" {self.volume_unit}"
            more = self.not_packed - current.not_packed
            # A saving, or (dearer here) how much more, never a negative saving.
            head = (f"saved vs --current   {saved:,.{2 if money else 3}f}{unit} of {what}"
                    if saved >= 0 else
                    f"over --current       {-saved:,.{2 if money else 3}f}{unit} more {what}")
            kind = "packages" if current.bag_ids or self.bag_ids else "boxes"
            out.append(f"{head} ({100 * abs(was - now) / max(was, 1e-12):.1f} %; "
                       f"{current.boxes:,} {kind} with --current, {self.boxes:,} here{why}"
                       + (f"; but {more:,} more order{'s' * (more != 1)} not fully packed here, "
                          "whose copies in no box count nothing" if more > 0 else "")
                       + ")")
        out.append(f"not fully packed     {self.not_packed:,}")
        out += self.unit_hints()
        if self.skipped:
            out.append(f"skipped (bad rows)   {self.skipped:,} orders, {self.skipped_rows:,} rows")
        out.append(f"time                 {seconds:.1f} s ({self.orders / max(seconds, 1e-9):,.0f} orders/s)")
        return out

    def util_text(self) -> str:
        """The mean of the orders' utilisation, and the share of all the box volume the
        copies fill (a planner read one for the other); a dash when no order was packed."""
        if not self.util_n:
            return "—"
        return (f"{100 * self.mean_util:.1f} % per order "
                f"({100 * self.filled / max(self.volume, 1e-12):.1f} "
                f"% of all the {'package' if self.bag_ids else 'box'} volume)")

    def unit_hints(self) -> list:
        """A line when the figures look like orders and boxes read in different units: most
        orders with a copy larger than every box, or boxes over a hundred times the volume of
        what they hold."""
        if self.orders and 2 * self.too_large > self.orders:
            return [f"check units          {self.too_large:,} of {self.orders:,} orders have a "
                    "copy larger than every box: are the orders and the boxes in one unit "
                    "(--unit)?"]
        if self.util_n and self.mean_util < 0.01:
            return ["check units          the boxes hold under 1 % of their volume: are the "
                    "orders and the boxes in one unit (--unit)?"]
        return []

    def report(self, path: str, catalog, title: str, current=None, pack_options=None,
               view_page=None, unit: str = "mm") -> None:
        """The HTML report at `path`. With `view_page([(order_id, packing, items), ...])`,
        which writes the worst-filled orders' interactive view page and returns each one's
        address relative to the report, each of those orders links to its view. The picture
        of the worst order is drawn in `unit`."""
        from ..render import draw_packing
        from .figures import html_report
        worst = sorted(self.worst, reverse=True)
        packed = []
        for _, oid, _ in worst:
            if oid in self.worst_items:
                items = self.to_items(self.worst_items[oid])
                packed.append((oid, pack(items, catalog, **(pack_options or {})), items))
        picture = draw_packing(packed[0][1], packed[0][2], f"order {packed[0][0]}", unit) \
            if packed else None
        links = view_page(packed) if view_page is not None and packed else {}
        rows = [(oid, nb, f"{-u:.1%}") for u, oid, nb in worst]
        carries = catalog.boxes and all(b.max_weight is not None for b in catalog.boxes) and \
            all(m.max_weight is not None for m in catalog.on_demand)  # (cut boxes carry its)
        if carries:  # a box low by volume is often as full as it may be by weight
            weighs = {oid: weight_share(p) for oid, p, _ in packed}
            rows = [(*r, weighs.get(r[0], "—")) for r in rows]
        totals = {"orders": f"{self.orders:,}",
                  **({"packages": f"{self.boxes:,} ({bags_text(self.bags)})"} if self.bag_ids else
                     {"boxes": f"{self.boxes:,}"}),
                  **{label.replace(" in all", ""): value for label, value in self.money()},
                  "not fully packed": f"{self.not_packed:,}",
                  "mean utilisation": self.util_text()}
        if current is not None:
            line = self.lines(0.0, current)
            said = next(x for x in line if x.startswith(("saved vs", "over --current")))
            totals["saved vs current" if said.startswith("saved") else "over current"] = said[21:]
        Path(path).write_text(html_report(title, dict(self.box_counts), self.hist, totals, rows,
                                          picture, links, bags=self.bag_ids,
                                          by_weight=bool(carries),
                                          unpacked=self.unpacked,
                                          more_unpacked=self.not_packed - len(self.unpacked),
                                          notes=["Check units: " + n.split(None, 2)[2]
                                                 for n in self.unit_hints()]))


def weight_share(packing) -> str:
    """What an order's copies weigh over what its packages may carry, as a share ("97.5 %")."""
    limits = [pb.box.max_weight for pb in packing.boxes]
    if None in limits or not sum(limits):  # (a box with no limit: no share of it)
        return "—"
    return f"{sum(pb.load for pb in packing.boxes) / sum(limits):.1%}"


def worst_page(report_path: str) -> str:
    """Where the report's page of the worst-filled orders goes: REPORT-worst.html beside it."""
    base = Path(report_path)
    return str(base.with_name(f"{base.stem}-worst.html"))


def view_pages(outputs, report_path: str, unit: str = "mm", weight_unit: str = "g"):
    """A `view_page` for Summary.report: one interactive page of the worst-filled orders,
    written atomically beside the report (REPORT-worst.html) as one more output of the run;
    each order's link opens the page at its first box; its figures in the run's units. The
    page's path, once made, is in `.written` (the run says it wrote it). The path is checked
    here, before the run packs anything (a read-only page was refused after the whole run)."""
    from urllib.parse import quote

    from .outputs import AtomicFile, _check_target
    _check_target(worst_page(report_path), "the view of the worst-filled orders")

    def write(orders) -> dict:
        from .. import view
        target = Path(worst_page(report_path))
        write.written.append(str(target))
        page = outputs.add(AtomicFile(str(target), "the view of the worst-filled orders"))
        page.temp.write_text(view.html([p for _, p, _ in orders], [it for _, _, it in orders],
                                       title=[f"order {oid}" for oid, _, _ in orders],
                                       unit=unit, weight_unit=weight_unit),
                             encoding="utf-8")
        links, first = {}, 0
        for oid, p, _ in orders:
            links[oid] = f"{quote(target.name)}#box={first}"  # ("r#1?.html" is a file)
            first += p.n_boxes
        return links
    write.written = []
    return write
