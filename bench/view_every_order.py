"""Packing instructions on real orders: `cartonize view` run on every order of the bundled
sample and on the first N BoxPacker orders, each page opened from disk in the system's
headless Chromium with every request beyond the file refused, and checked as a packer would
meet it: the page draws as many boxes as the packing has, each box steps through as many
steps as it holds copies, the last step shows every copy, and the console stays clean.

    python bench/view_every_order.py [--boxpacker 100] [--chromium /usr/bin/chromium]

Prints a line per data set (orders viewed, pages that failed, boxes and steps checked, the
median time to write a page and to load it) and exits 1 if any page failed.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data

SAMPLE = Path(__file__).resolve().parent.parent / "python" / "cartonize" / "data"
# A step on the sheet: its number (starting a line, or after a layer's "continued" caption
# drawn on the same line), then, after its label, where the copy goes.
STEP = re.compile(r"(?ms)(?:^|\) )(\d+)\.\s.*?\bat \((\d+), (\d+), (\d+)\)")


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cartonize", *map(str, args)],
                          check=False, capture_output=True, text=True)


def write_boxpacker(folder: Path):
    """The BoxPacker orders and boxes as the command line's files."""
    o, b = folder / "bp_orders.csv", folder / "bp_boxes.csv"
    with open(o, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "item_id", "length", "width", "height", "weight", "quantity"])
        for oid, items in boxpacker_data.orders().items():
            for it in items:
                w.writerow([oid, it.id, it.length, it.width, it.height, it.weight, it.quantity])
    with open(b, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "length", "width", "height", "max_weight"])
        for box in boxpacker_data.catalog().boxes:
            w.writerow([box.id, box.length, box.width, box.height, box.max_weight])
    return o, b


def expected(orders_file: Path, boxes_file: Path, folder: Path) -> dict:
    """order -> [(box_id, [(x, y, z), ...]) per box], from `cartonize pack --placements`."""
    out, pl = folder / "out.csv", folder / "placements.csv"
    r = cli("pack", orders_file, "--boxes", boxes_file, "-o", out, "--placements", pl)
    if r.returncode:
        sys.exit(r.stderr)
    boxes: dict = defaultdict(lambda: defaultdict(list))
    with open(pl, newline="") as f:
        for row in csv.DictReader(f):
            boxes[row["order_id"]][int(row["box_index"])].append(
                (int(row["x"]), int(row["y"]), int(row["z"])))
    with open(out, newline="") as f:
        ids = [row["order_id"] for row in csv.DictReader(f)]
    return {o: [boxes[o][b] for b in sorted(boxes[o])] for o in ids}


def check_page(browser, path: Path, boxes: list) -> tuple[str, float]:
    """Open one page offline: what is wrong with it ('' when nothing), and its load time."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else r.abort())
    t = time.perf_counter()
    try:
        page.goto(path.as_uri())
        page.wait_for_function("window.cartonizeView !== undefined", timeout=60_000)
        load = time.perf_counter() - t
        cv = "window.cartonizeView"
        drawn = page.evaluate(f"{cv}.boxCount()")
        if drawn != len(boxes):
            return f"{drawn} boxes drawn, the packing has {len(boxes)}", load
        for b, copies in enumerate(boxes):
            n = page.evaluate(f"{cv}.stepCount({b})")
            if n != len(copies):
                return f"box {b}: {n} steps for {len(copies)} copies", load
            page.evaluate(f"{cv}.setStep({b}, {n})")
            seen = len(page.evaluate(f"{cv}.visibleCopies()"))
            if seen != n:
                return f"box {b}: {seen} copies drawn at the last step of {n}", load
        return ("console: " + errors[0]) if errors else "", load
    finally:
        page.close()


def check_sheet(path: Path, boxes: list) -> str:
    """The sheet read back: in each box, step k at the position of the packing's k-th copy.
    Read in the order the text is drawn (-raw): a row's cells wrap their words to different
    heights, so reading the page line by line (-layout) mixes their steps. Pages of a box of
    many steps go layer by layer (a layer's copies together, their step numbers kept), so a
    box's steps are matched by number."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    steps = [(int(n), (int(x), int(y), int(z))) for n, x, y, z in STEP.findall(text)]
    if len(steps) != sum(map(len, boxes)):
        return f"the sheet lists {len(steps)} steps, the packing has {sum(map(len, boxes))} copies"
    at = 0
    for b, copies in enumerate(boxes):
        mine = sorted(steps[at:at + len(copies)])
        at += len(copies)
        if [n for n, _ in mine] != list(range(1, len(copies) + 1)):
            return f"box {b}: the steps are not numbered 1..{len(copies)}"
        for n, xyz in mine:
            if xyz != copies[n - 1]:
                return f"box {b}: step {n} at {xyz}, the packing puts that copy at {copies[n - 1]}"
    return ""


def run_set(name, browser, orders_file, boxes_file, limit, folder):
    want = expected(orders_file, boxes_file, folder)
    ids = list(want)[:limit]
    failed, boxes, steps, write_t, load_t = [], 0, 0, [], []
    for oid in ids:
        page, sheet = folder / "view.html", folder / "sheet.pdf"
        t = time.perf_counter()
        r = cli("view", orders_file, "--boxes", boxes_file, "--order", oid, "-o", page)
        write_t.append(time.perf_counter() - t)
        r2 = cli("view", orders_file, "--boxes", boxes_file, "--order", oid, "-o", sheet)
        if r.returncode or r2.returncode:
            failed.append((oid, (r.stderr or r2.stderr).strip()))
            continue
        why, load = check_page(browser, page, want[oid])
        load_t.append(load)
        why = why or check_sheet(sheet, want[oid])
        if why:
            failed.append((oid, why))
        boxes += len(want[oid])
        steps += sum(map(len, want[oid]))
    print(f"{name:>10} {len(ids):>7} {len(failed):>7} {boxes:>6} {steps:>7} "
          f"{statistics.median(write_t):>8.2f} {statistics.median(load_t or [0]):>7.2f}")
    for oid, why in failed[:10]:
        print(f"   order {oid}: {why}")
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=400, help="sample orders to view (of 400)")
    ap.add_argument("--boxpacker", type=int, default=100, help="BoxPacker orders to view")
    ap.add_argument("--chromium", default=shutil.which("chromium"))
    args = ap.parse_args()
    if not args.chromium or not shutil.which("pdftotext"):
        sys.exit("needs the system's Chromium and poppler-utils (apt-get install chromium "
                 "poppler-utils)")
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        print(f"{'data':>10} {'orders':>7} {'failed':>7} {'boxes':>6} {'steps':>7} "
              f"{'write s':>8} {'load s':>7}")
        failed = run_set("sample", browser, SAMPLE / "sample_orders.csv",
                         SAMPLE / "sample_boxes.csv", args.sample, folder)
        of, bf = write_boxpacker(folder)
        failed += run_set("boxpacker", browser, of, bf, args.boxpacker, folder)
        browser.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
