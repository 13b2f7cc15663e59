"""Packing instructions: how long the page and the sheet take to make, how large they are, and
how long the page takes to load and to step in headless Chromium, against the copies in the
box (10, 100, 1,000, 5,000 copies of one order in one box).

    python bench/view_bench.py [--repeats 3] [--chromium /usr/bin/chromium]

Each figure is the median of `repeats` runs. The page is timed from navigation until
`window.cartonizeView` exists and the box is drawn; a step is `setStep` to the middle.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from cartonize import Box, Item, PackedBox, Packing, Placement, view


def order(n: int):
    """n copies of 10 x 10 x 10 filling a box of 20 x 25 per layer."""
    layers = -(-n // 500)
    placements = tuple(Placement(0, k, 10 * (k % 20), 10 * ((k // 20) % 25), 10 * (k // 500),
                                 10, 10, 10) for k in range(n))
    packing = Packing((PackedBox(Box("B", 200, 250, 10 * max(1, layers)), placements),))
    return packing, [Item(10, 10, 10, quantity=n, id="cube")]


def timed(f, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--chromium", default=shutil.which("chromium"))
    args = ap.parse_args()
    browser = None
    if args.chromium:
        from playwright.sync_api import sync_playwright
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
    folder = Path(tempfile.mkdtemp())
    print(f"{'copies':>7} {'page s':>8} {'page MB':>8} {'sheet s':>8} {'sheet KB':>9} "
          f"{'pages':>6} {'load s':>7} {'step ms':>8}")
    for n in (10, 100, 1000, 5000):
        packing, items = order(n)
        t_page, page = timed(lambda: view.html(packing, items, title=f"{n} copies"),
                             args.repeats)
        t_sheet, pdf = timed(lambda: view.sheet([packing], items=[items]), args.repeats)
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
        load = step = float("nan")
        if browser is not None:
            path = folder / f"view-{n}.html"
            path.write_text(page, encoding="utf-8")
            loads, steps = [], []
            for _ in range(args.repeats):
                tab = browser.new_page(viewport={"width": 1200, "height": 800})
                t = time.perf_counter()
                tab.goto(path.as_uri())
                tab.wait_for_function("window.cartonizeView && "
                                      "document.querySelector('#plot .main-svg')")
                loads.append(time.perf_counter() - t)
                t = time.perf_counter()
                tab.evaluate(f"window.cartonizeView.setStep(0, {n // 2})")
                steps.append(time.perf_counter() - t)
                tab.close()
            load, step = statistics.median(loads), statistics.median(steps) * 1e3
        print(f"{n:>7} {t_page:>8.3f} {len(page) / 1e6:>8.2f} {t_sheet:>8.3f} "
              f"{len(pdf) / 1e3:>9.0f} {pages:>6} {load:>7.2f} {step:>8.1f}")
    if browser is not None:
        browser.close()
        pw.stop()


if __name__ == "__main__":
    main()
