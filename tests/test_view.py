"""Packing instructions as a person sees them: the interactive page in headless Chromium (the
system's package, opened from disk with the network blocked), the printed sheet read back
from the PDF, the command line's `view` and `render`, and the turn in words."""

import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from cartonize import Bag, Box, Catalog, Item, PackedBox, Packing, Placement, pack, view
from cartonize.cli import main
from cartonize.view.steps import build_order, order_steps, turn_in_words

CAT = Catalog([Box("S", 200, 150, 100, cost=0.30), Box("M", 300, 200, 150, cost=0.45),
               Box("L", 600, 400, 400, cost=1.20)])
SMALL = [Item(120, 80, 40, quantity=3, orientation="upright", id="mug"),
         Item(200, 100, 30, id="book", stackable=False)]
BIG = [Item(100, 100, 50, quantity=60, id="tin"), Item(150, 100, 80, quantity=20, id="jar",
                                                       group="kit-7")]


def chromium():
    """The system's Chromium and Playwright, or a skip that says which is missing."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("needs the system's Chromium (apt-get install chromium)")
    sync = pytest.importorskip("playwright.sync_api", reason="needs playwright (the test "
                                                             "extra)")
    return path, sync


@pytest.fixture(scope="module")
def browser():
    path, sync = chromium()
    with sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield b
        b.close()


OPENED = []  # the pages a test opened, closed after it (close_pages)


@pytest.fixture(autouse=True)
def close_pages():
    """Every page a test opened closed after it: left open, each held its WebGL scene in the
    module's one browser, which grew to gigabytes and slowed until pages timed out."""
    yield
    while OPENED:
        page = OPENED.pop()
        if not page.is_closed():
            page.close()


def open_page(browser, html: str, tmp_path: Path, name="view.html"):
    """The page opened from disk with every request beyond the file refused: what a packer
    at a station without a network sees. Returns (page, errors)."""
    target = tmp_path / name
    target.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    OPENED.append(page)
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def gate(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()
    page.route("**/*", gate)
    page.goto(target.as_uri())
    page.wait_for_function("window.cartonizeView !== undefined", timeout=60_000)
    assert all(u.startswith("file:") for u in requests), requests
    return page, errors


def cube_grid(n: int):
    """n copies of a 10 mm cube laid 20 x 25 a layer in a box of 200 x 250 x 100, as a Packing
    made by hand (a box of thousands of copies without packing them), and its items."""
    placements = tuple(Placement(0, k, 10 * (k % 20), 10 * ((k // 20) % 25), 10 * (k // 500),
                                 10, 10, 10) for k in range(n))
    return (Packing((PackedBox(Box("B", 200, 250, 100), placements),)),
            [Item(10, 10, 10, quantity=n, id="cube")])


def tops_in_sight(steps) -> list:
    """The steps whose top no other of `steps` rests on (a view marks and labels those)."""
    return [s for s in steps if not any(
        t.z == s.z + s.height and t.x < s.x + s.length and s.x < t.x + t.length
        and t.y < s.y + s.width and s.y < t.y + t.width for t in steps)]


def test_a_tall_window_does_not_stretch_the_scene_past_its_width(browser, tmp_path):
    # Found by a planner: at 1280 x 2400 the plot was 760 wide and 2270 high, and the 3D
    # scene, scaled to its height, spilled out on the left.
    html = view.html(pack(SMALL, CAT), SMALL, title="order 1042")
    page, errors = open_page(browser, html, tmp_path)
    for width, height in ((1280, 2400), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        box = page.eval_on_selector("#plot", "e => e.getBoundingClientRect().toJSON()")
        assert box["height"] <= 1.2 * box["width"] and box["x"] >= 0, (width, height, box)
        scene = page.eval_on_selector("#plot canvas", "e => e.getBoundingClientRect().toJSON()")
        assert scene["x"] >= box["x"] - 1 and scene["right"] <= box["right"] + 1
    # Seen, as the sheet is, from above the corner opposite the start: a packer found the
    # page's view the mirror of the sheet's, each new copy going in behind the last.
    eye = page.evaluate("document.getElementById('plot').layout.scene.camera.eye")
    assert eye["x"] > 0 and eye["y"] > 0 and eye["z"] > 0
    assert errors == []


def test_a_step_keeps_the_picture_in_sight_and_its_line_in_the_list(browser, tmp_path):
    # Found by a packer: on a tablet (the list under the picture) each step scrolled the page
    # to its line, and the top of the picture went out of sight.
    big = pack(BIG, CAT)
    page, errors = open_page(browser, view.html(big, BIG, title="order 2077"), tmp_path)
    n = page.evaluate("window.cartonizeView.stepCount(0)")
    page.set_viewport_size({"width": 768, "height": 1024})
    for k in (1, n // 2, n):
        page.evaluate(f"window.cartonizeView.setStep(0, {k})")
        assert page.evaluate("window.scrollY") == 0
    page.set_viewport_size({"width": 1280, "height": 800})  # the list beside: it scrolls
    for k in (n, 1, n // 2):
        page.evaluate(f"window.cartonizeView.setStep(0, {k})")
        aside = page.eval_on_selector("aside", "e => e.getBoundingClientRect().toJSON()")
        line = page.eval_on_selector("#steps li.current",
                                     "e => e.getBoundingClientRect().toJSON()")
        assert aside["top"] - 1 <= line["top"] and line["bottom"] <= aside["bottom"] + 1, k
        assert page.evaluate("window.scrollY") == 0
    assert errors == []


def test_the_page_builds_each_box_step_by_step_offline(browser, tmp_path):
    small, big = pack(SMALL, CAT), pack(BIG, CAT)
    html = view.html([small, big], [SMALL, BIG], title=["order 1042", "order 2077"])
    page, errors = open_page(browser, html, tmp_path)
    cv = "window.cartonizeView"
    assert page.evaluate(f"{cv}.boxCount()") == small.n_boxes + big.n_boxes
    for b, packing in enumerate([small.boxes[0]] + list(big.boxes)):
        n = page.evaluate(f"{cv}.stepCount({b})")
        assert n == len(packing.placements)
        for k in sorted({0, 1, n // 2, n}):
            assert page.evaluate(f"{cv}.setStep({b}, {k})") == k
            shown = page.evaluate(f"{cv}.visibleCopies()")
            assert len(shown) == k
            built = [packing.placements[i] for i in build_order(packing.placements)]
            assert [(c["item"], c["copy"]) for c in shown] == [
                (p.item, p.copy) for p in built[:k]]
            assert page.locator("#steps li.current").count() == (1 if k else 0)
    # The step list names every copy of the box shown, with its turn in words.
    page.evaluate(f"{cv}.setStep(1, 3)")
    listed = page.locator("#steps li").all_inner_texts()
    assert len(listed) == len(big.boxes[0].placements)
    placed = big.boxes[0].placements
    for text, p in zip(listed, [placed[i] for i in build_order(placed)]):
        assert f"{BIG[p.item].id} #{p.copy + 1}" in text and "at (" in text
    assert any("kit kit-7" in text for text in listed)
    # Previous / next and the arrow keys move one step.
    page.click("#next")
    assert page.evaluate(f"{cv}.step()") == 4
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(f"{cv}.step()") == 2
    page.keyboard.press("End")
    assert page.evaluate(f"{cv}.step()") == len(big.boxes[0].placements)
    assert errors == []


def test_the_canvas_is_drawn(browser, tmp_path):
    page, errors = open_page(browser, view.html(pack(SMALL, CAT), SMALL, title="order 1"),
                             tmp_path)
    page.wait_for_timeout(300)
    png = page.locator("#plot").screenshot()
    from io import BytesIO
    pixels = np.asarray(__import__("matplotlib.image", fromlist=["imread"]).imread(
        BytesIO(png)))
    colours = {tuple(v) for v in pixels.reshape(-1, pixels.shape[-1])[::97].round(2).tolist()}
    assert len(colours) > 20  # not one colour: the box and its copies are drawn
    assert errors == []


def yellow_pixels(page) -> int:
    """The pixels of the picture in the step's colour (#ffdd00, a little shaded)."""
    from io import BytesIO
    import matplotlib.image as mpimg
    px = mpimg.imread(BytesIO(page.locator("#plot").screenshot()))[..., :3]
    return int(((px[..., 0] > 0.75) & (px[..., 1] > 0.6) & (px[..., 2] < 0.35)).sum())


def test_the_copy_of_the_step_is_seen_through_the_copies_placed_in_front_of_it(browser,
                                                                              tmp_path):
    # A packer's trial: from step 6 to 15 of a 44-step box the copy of the step was hidden
    # behind sheets stood on their sides nearer the eye (not a yellow pixel drawn). Here a
    # panel stands along the box's far end (nearest the eye) and a tray then goes on the
    # floor behind it: the panel is drawn see-through, the tray in sight.
    pytest.importorskip("matplotlib")
    box = Box("B", 300, 200, 300)
    items = [Item(40, 200, 300, id="panel"), Item(260, 40, 300, id="side"),
             Item(200, 150, 30, id="tray")]
    packing = Packing((PackedBox(box, (Placement(0, 0, 260, 0, 0, 40, 200, 300),
                                       Placement(1, 0, 0, 160, 0, 260, 40, 300),
                                       Placement(2, 0, 0, 0, 0, 200, 150, 30)), load=0),))
    page, errors = open_page(browser, view.html(packing, items), tmp_path)
    cv = "window.cartonizeView"
    page.evaluate(f"{cv}.setStep(0, 1)")
    page.wait_for_timeout(200)
    alone = yellow_pixels(page)  # the panel, the copy of step 1, in sight
    page.evaluate(f"{cv}.setStep(0, 3)")
    page.wait_for_timeout(200)
    seen = yellow_pixels(page)
    assert alone > 5000 and seen > 5000, seen  # (a sliver of 617 before)
    assert errors == []


def test_a_long_id_without_spaces_stays_within_the_side_panel(browser, tmp_path):
    # A packer's trial: an item id of 151 characters with no space ran past the right edge
    # of the step list, the pick line and the order lines.
    long_id = "ITEM-" + "X" * 146
    items = [Item(100, 80, 40, id=long_id, quantity=2)]
    page, errors = open_page(browser, view.html(pack(items, CAT), items), tmp_path)
    widths = page.evaluate("""() => {
        const aside = document.querySelector('aside');
        return [aside.clientWidth, aside.scrollWidth,
                ...[...aside.querySelectorAll('#steps li, #pick, .lines li')].map(
                    e => e.getBoundingClientRect().right - aside.getBoundingClientRect().right)];
    }""")
    assert widths[1] <= widths[0] + 1, widths  # nothing scrolls sideways
    assert all(over <= 1 for over in widths[2:]), widths
    assert errors == []


def test_the_page_lists_what_is_in_no_box_and_marks_this_side_up(browser, tmp_path):
    items = SMALL + [Item(900, 10, 10, id="pole"), Item(50, 50, 50, id="bike", ships_alone=True)]
    page, errors = open_page(browser, view.html(pack(items, CAT), items), tmp_path)
    left = page.locator(".left-out").inner_text()
    assert "pole #1: in no box, larger than every box" in left  # words, not a code
    assert "bike #1: ships in its own packaging" in left
    lines = page.locator(".lines").inner_text()
    assert "this side up" in lines and "nothing on top" in lines
    # The last box done does not read as the whole order packed (a packer's trial: "bag
    # done: every bag on this page is packed" beside a surfboard in no box), and the heading
    # counts the copy shipped on its own too.
    page.keyboard.press("End")
    assert page.inner_text("#step-caption").startswith(
        "box done: every box on this page is packed, but 1 copy in no box and 1 in its own "
        "packaging: see Not in a box")
    assert "1 in no box · 1 in its own packaging" in page.inner_text("body")
    assert errors == []


def test_five_thousand_copies_load_and_step(browser, tmp_path):
    packing, items = cube_grid(5000)
    page, errors = open_page(browser, view.html(packing, items, title="5,000 copies"), tmp_path)
    assert page.evaluate("window.cartonizeView.stepCount(0)") == 5000
    assert page.evaluate("window.cartonizeView.setStep(0, 2500)") == 2500
    assert len(page.evaluate("window.cartonizeView.visibleCopies()")) == 2500
    assert page.locator("#steps li").count() == 5000
    assert errors == []


def pdf_pages(pdf: bytes, tmp_path: Path) -> list:
    """The text of each page, as poppler's pdftotext reads it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils (pdftotext)")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_the_sheet_has_a_page_per_box_with_every_step(tmp_path):
    small, big = pack(SMALL, CAT), pack(BIG, CAT)
    pdf = view.sheet([small, big], orders=["1042", "2077"])
    pages = pdf_pages(pdf, tmp_path)
    order = order_steps(big, BIG)
    big_pages = [p for p in pages if "Order 2077" in p]
    assert len(pages) == 1 + len(big_pages) and "Order 1042" in pages[0]
    assert "box S, inner 200x150x100 mm" in pages[0]
    for s in order_steps(small, SMALL).boxes[0].steps:
        assert f"{s.number}. {s.label}" in pages[0]
    assert "this side up" in pages[0] and "nothing on top" in pages[0]
    # The key to the pictures, which have no axes (a packer could not tell the start corner).
    assert "(0, 0, 0) is the back corner; length runs down to the left, width to the right" \
        in pages[0]
    text = "\n".join(big_pages)
    for s in order.boxes[0].steps:  # 80 steps: pictures by layer, every step listed
        assert f"{s.number}. {s.label} at ({s.x}, {s.y}, {s.z})" in text
    assert "Layer at height 0" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "sheet.pdf")], capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in f for f in fonts)  # every font embedded
    letter = pdf_pages(view.sheet([small], page="Letter"), tmp_path)
    assert len(letter) == 1
    with pytest.raises(ValueError, match="page must be one of 'A4', 'Letter'"):
        view.sheet([small], page="A5")


def test_the_sheet_says_what_a_package_ships_for_and_where_a_bag_s_copies_lie(tmp_path,
                                                                              browser):
    # Found by a planner: under a tariff without a name the sheet said "cost 9.78" (landed,
    # but not said so, nor the shipping or the weight billed); positions had no unit; a
    # bag's copies lay "along the box's length".
    from cartonize import Tariff
    ground = Tariff(divisor=5000, first_weight=500, first_price=3.2, step_weight=500,
                    step_price=1.1)
    cat = Catalog([Bag("mailer", 350, 250, max_height=40, cost=0.12)])
    shirts = [Item(300, 210, 20, weight=200, quantity=2, id="shirt")]
    p = pack(shirts, cat, tariff=ground)
    b = p.boxes[0]
    assert b.service is None and b.billable_weight > 0  # a lone unnamed service
    text = pdf_pages(view.sheet([p], orders=["A"], items=[shirts]), tmp_path)[0]
    assert (f"landed cost {b.cost:,.2f} (shipping {b.shipping:,.2f}, billed at "
            f"{b.billable_weight:,} g)") in text
    assert "1. shirt #1" in text and "at (0, 0, 0) mm, 300×210×20" in text
    assert re.search(r"flat, 300 mm edge along the\s+bag's length", text) and "box's" not in text
    # A bag of many steps over several pages says "for this bag" (it said "for this box").
    socks = [Item(60, 40, 3, quantity=90, id="sock")]
    many = pack(socks, Catalog([Bag("mailer", 350, 250, max_height=40)]))
    assert many.n_boxes == 1 and many.boxes[0].box.kind == "bag"
    pages = pdf_pages(view.sheet([many], orders=["S"], items=[socks]), tmp_path)
    assert len(pages) > 1 and all(f"page {k} of {len(pages)} for this bag" in page
                                  for k, page in enumerate(pages, 1)), pages[0]
    assert not any("box" in page for page in pages)
    page, errors = open_page(browser, view.html(p, shirts, title="A"), tmp_path)
    assert errors == [] and "1 bag · 2 copies · landed cost" in page.inner_text("body")
    assert "shirt #1 at (0, 0, 0) mm, 300 × 210 × 20, flat, 300 mm edge along the bag's" in \
        page.inner_text("#steps")
    caption = page.inner_text("#box-caption")  # the page says what the sheet says
    assert caption.endswith(f"· landed cost {b.cost:,.2f} (shipping {b.shipping:,.2f}, "
                            f"billed at {b.billable_weight:,} g)"), caption


def test_the_sheet_and_the_page_say_what_each_package_should_weigh(tmp_path, browser):
    # A packer checks a package on the scale: a missing or wrong item shows as a weight off
    # the one expected. The sheet and the page said nothing of weight.
    box = Catalog([Box("M", 300, 200, 150, cost=0.45, empty_weight=180)])
    bag = Catalog([Bag("mailer", 350, 250, max_height=40, cost=0.12, empty_weight=25)])
    mugs = [Item(120, 80, 40, weight=350, quantity=2), Item(250, 30, 30, weight=90)]
    shirts = [Item(300, 210, 20, weight=200, quantity=2, id="shirt")]
    cases = [  # (order, catalogue, what the sheet and the page say; None: no weight at all)
        (mugs, box, "weighs 970 g packed (contents 790 g, box 180 g)"),  # 2 x 350 + 90 + 180
        (shirts, bag, "weighs 425 g packed (contents 400 g, bag 25 g)"),
        # A box whose own weight is not given: the contents alone, said so (a review found
        # "weighs 790 g packed", which the scale would fail by the box's weight).
        (mugs, Catalog([Box("M", 300, 200, 150, cost=0.45)]),
         "contents weigh 790 g (box weight not given)"),
        # Some copy without a weight: no figure (a review found one short by that copy's).
        ([Item(120, 80, 40, weight=350, quantity=2), Item(250, 30, 30)], box, None),
        ([Item(100, 100, 10)], bag, None),  # none of the items weighs anything
    ]
    for items, cat, words in cases:
        p = pack(items, cat)
        text = " ".join(pdf_pages(view.sheet([p], items=[items]), tmp_path)[0].split())
        page, errors = open_page(browser, view.html(p, items), tmp_path)
        shown = page.inner_text("#weight")
        assert errors == []
        if words is None:
            assert "weigh" not in text and shown == "" and "weigh" not in page.inner_text("body")
        else:
            assert words in text and shown == words[0].upper() + words[1:], (text, shown)


def test_the_sheet_and_the_page_say_what_to_pick_for_each_box(tmp_path, browser):
    # A packer gathers a box's items before packing it: the sheet and the page listed the
    # copies step by step only, never how many of each item go in which box.
    cat = Catalog([Box("S", 200, 150, 100, cost=0.30)])
    # Two lines of one id are one item to pick.
    items = [Item(120, 80, 40, quantity=3, id="mug"), Item(180, 120, 60, quantity=2, id="shoes"),
             Item(90, 60, 30, id="tea"), Item(120, 80, 40, id="mug")]
    p = pack(items, cat)
    assert len(p.boxes) >= 2
    ids = [it.id for it in items]
    want = []  # per box, from its placements: "n × id" in the order each id first goes in
    for pb in p.boxes:
        seq = [ids[pb.placements[k].item] for k in build_order(pb.placements)]
        firsts = sorted(set(seq), key=seq.index)
        want.append("Pick: " + ", ".join(f"{seq.count(i)} × {i}" for i in firsts))
    pages = pdf_pages(view.sheet([p], orders=["A"], items=[items]), tmp_path)
    assert [w in " ".join(text.split()) for w, text in zip(want, pages)] == [True] * len(want)
    page, errors = open_page(browser, view.html(p, items), tmp_path)
    assert errors == []
    for b, w in enumerate(want):
        page.evaluate(f"window.cartonizeView.setStep({b}, 0)")
        assert page.inner_text("#pick") == w

    # More items than the header's three lines hold: as many as fit, then how many more;
    # every step still on the pages (the header's height is counted where the layers are
    # laid out); on the page, the pick stays in sight at the last step.
    big = Catalog([Box("L", 600, 400, 400, cost=1.2)])
    many = [Item(60 + 3 * k, 50 + 2 * k, 30, quantity=1 + k % 3, id=f"SKU-{1000 + k}-blue")
            for k in range(40)]
    q = pack(many, big)
    n = len(q.boxes[0].placements)
    assert q.box_ids == ("L",) and n > 24  # pictures by layer
    text = " ".join(" ".join(pdf_pages(view.sheet([q], items=[many]), tmp_path)).split())
    shown = re.search(r"Pick: (.*?), and (\d+) more items \(see the steps\)", text)
    assert shown is not None
    listed = shown.group(1).split(", ")
    assert len(listed) + int(shown.group(2)) == 40 and len(listed) >= 5
    for k in range(1, n + 1):
        assert re.search(rf"\b{k}\. SKU-", text), k
    # Each layer's heading names exactly its steps (a review found "steps 1-71" over a layer
    # whose copies went in among those of higher layers).
    heights = {}
    placed = q.boxes[0].placements
    for k, i in enumerate(build_order(placed)):
        heights.setdefault(placed[i].z, set()).add(k + 1)
    named = {}
    for z, runs in re.findall(r"Layer at height (\d+) mm: steps? ([\d, -]+?)(?= \d+\. | \()", text):
        for run in runs.split(", "):
            a, _, b = run.partition("-")
            named.setdefault(int(z), set()).update(range(int(a), int(b or a) + 1))
    # Built from the floor up, each layer's steps follow one another.
    assert named == heights and all(max(v) - min(v) + 1 == len(v) for v in heights.values())
    assert len(heights) > 2
    page, errors = open_page(browser, view.html(q, many), tmp_path)
    page.evaluate(f"window.cartonizeView.setStep(0, {n})")
    boxes = page.evaluate("""() => ['aside', '#box-check', '#steps li.current'].map(
        s => { const r = document.querySelector(s).getBoundingClientRect();
               return [r.top, r.bottom]; })""")
    (aside_top, aside_bottom), (check_top, check_bottom), (cur_top, cur_bottom) = boxes
    assert errors == [] and aside_top - 1 <= check_top < check_bottom <= cur_top < cur_bottom \
        <= aside_bottom + 1, boxes

    # A review found "and 1 more lines", and all seven items cut to four where they fit.
    for count in (7, 13):
        few = [Item(50, 40, 30, id=f"ITEM-{k:02d}-{'x' * 28}") for k in range(count)]
        text = " ".join(pdf_pages(view.sheet([pack(few, big)], items=[few]), tmp_path)[0].split())
        listed = re.search(r"Pick: (.*?)(?:, and (\d+) more items? \(see the steps\)|(?= 1\. ))",
                           text)
        assert listed is not None, text
        more = int(listed.group(2) or 0)
        assert len(listed.group(1).split(", ")) + more == count
        assert more != 1 or "and 1 more item (see" in text


def test_a_line_whose_item_id_is_blank_is_named_as_an_item_given_none(tmp_path, capsys):
    # A packer's trial: a file's line with no item_id was named "" on the sheet and the
    # page ("Pick: 5 x mug, 1 x ", "5. #1"), where an Item given no id is "line 3".
    pytest.importorskip("matplotlib")
    src, boxes, pdf = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / "s.pdf"
    src.write_text("order_id,item_id,length,width,height,weight,quantity\n"
                   "D1,mug,120,80,40,350,3\nD1,mug,100,80,40,300,2\nD1,,50,50,50,0,1\n")
    boxes.write_text("id,length,width,height\nS,300,200,150\n")
    assert main(["view", str(src), "--boxes", str(boxes), "--order", "D1", "-o", str(pdf)]) == 0
    text = " ".join(pdf_pages(pdf.read_bytes(), tmp_path))
    assert "1 × line 3" in text  # the third line, as an Item given no id is named
    assert not re.search(r"1 × *(\n|$| {2})", text)


def test_a_large_layer_s_numbers_each_stand_on_its_own_copy(tmp_path):
    # A packer's trial: a layer of 300 copies printed its numbers over each other ("102121",
    # "103122141"). Each number is now drawn within its copy's top, or not at all.
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils (pdftotext)")
    import html as html_module
    # The trial's: 20 mm cubes, 20 x 15 a layer in a box of 400 x 300 x 250, two layers.
    placements = tuple(Placement(0, k, 20 * (k % 20), 20 * ((k // 20) % 15), 20 * (k // 300),
                                 20, 20, 20) for k in range(600))
    packing = Packing((PackedBox(Box("L", 400, 300, 250), placements),))
    items = [Item(20, 20, 20, quantity=600, id="cube")]
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(view.sheet([packing], orders=["G"], items=[items]))
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = [(float(a), float(b), float(c), float(d), html_module.unescape(w)) for a, b, c, d, w
             in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           r'yMax="([\d.]+)">([^<]*)</word>', out)]
    text_left = min(x0 for x0, _, _, _, w in words if w == "Layer")  # the steps' column
    numbers = [b for b in words if b[4].isdigit() and b[2] < text_left]
    assert len(numbers) >= 300
    # Each number's box (the font's whole line, taller and wider than its ink) meets no
    # other's but at a corner (at most a twentieth of the smaller: the old smear met a sixth).
    for k, a in enumerate(numbers):
        for b in numbers[k + 1:]:
            meet = max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(
                0.0, min(a[3], b[3]) - max(a[1], b[1]))
            least = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            assert meet <= least / 20, (a, b)


def test_the_sheet_names_the_order_under_its_barcode(tmp_path):
    pages = pdf_pages(view.sheet([pack(SMALL, CAT)], orders=["ORD-1042"]), tmp_path)
    # Once in the heading, once under the barcode (the human-readable line of the bars).
    assert pages[0].count("ORD-1042") == 2


@pytest.mark.parametrize("original, placed, words", [
    ((300, 200, 50), (300, 200, 50), "flat, 300 mm edge along the box's length"),
    ((300, 200, 50), (200, 300, 50), "flat, 300 mm edge across the box"),
    ((300, 200, 50), (300, 50, 200), "on its side, 300 mm edge along the box's length"),
    # Stood on its end, its longest side up: the edge named is the longer one it stands on.
    ((300, 200, 50), (50, 200, 300), "on its end, 200 mm edge across the box"),
    ((100, 100, 100), (100, 100, 100), "as it comes"),
    ((100, 100, 40), (100, 100, 40), "flat"),
    # Its own height up is upright, whichever of its sides that is (a packer's review: an
    # upright mug was "on its side" beside "this side up").
    ((120, 80, 100), (120, 80, 100), "upright, 120 mm edge along the box's length"),
    ((120, 80, 100), (80, 120, 100), "upright, 120 mm edge across the box"),
    ((80, 60, 200), (60, 80, 200), "upright, 80 mm edge across the box"),
    ((120, 80, 100), (120, 100, 80), "flat, 120 mm edge along the box's length"),
])
def test_the_turn_in_words(original, placed, words):
    assert turn_in_words(original, placed) == words


def test_a_packing_shows_itself_in_jupyter():
    frame = pack(SMALL, CAT)._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "cartonizeView" in frame


ORDERS = ("order_id,item_id,length,width,height,quantity,orientation\n"
          "A,mug,120,80,40,3,upright\nB,tin,100,100,50,60,any\nB,jar,150,100,80,20,any\n"
          "E,gone,10,10,10,0,any\n")
BOXES = "id,length,width,height,cost\nS,200,150,100,0.3\nM,300,200,150,0.45\nL,600,400,400,1.2\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "orders.csv").write_text(ORDERS)
    (tmp_path / "boxes.csv").write_text(BOXES)
    return tmp_path


def run(args, capsys):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err.strip()


def run_refused(args, capsys):
    """(exit code, stderr) of a command that should refuse its input: an option argparse
    refuses exits (one line, code 2) rather than returning."""
    try:
        code, _, err = run(args, capsys)
    except SystemExit as e:
        code, err = e.code, capsys.readouterr().err.strip()
    return code, err


def test_the_view_command_writes_a_page_and_a_sheet(files, capsys, browser):
    code, out, err = run(["view", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "--order", "A", "--order", "B", "-o", files / "v.html"], capsys)
    assert code == 0, err
    page, errors = open_page(browser, (files / "v.html").read_text(), files, "again.html")
    want = pack([Item(120, 80, 40, quantity=3, orientation="upright", id="mug")], CAT).n_boxes \
        + pack(BIG, CAT).n_boxes
    assert page.evaluate("window.cartonizeView.boxCount()") == want and errors == []
    code, out, err = run(["view", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "--order", "B", "-o", files / "v.pdf", "--page", "Letter"], capsys)
    assert code == 0, err
    pages = pdf_pages((files / "v.pdf").read_bytes(), files)
    assert pages and all("Order B" in p for p in pages)


@pytest.mark.parametrize("args, line", [
    (["--order", "Z", "-o", "v.html"], "orders.csv: no order with order_id 'Z'"),
    (["--order", "E", "-o", "v.html"], "orders.csv: order E has no item to pack"),
    (["--order", "A", "-o", "v.png"], "v.png: cannot write the view: unknown ending '.png'"),
])
def test_the_view_command_refuses_in_one_line_and_writes_nothing(files, capsys, monkeypatch,
                                                                 args, line):
    monkeypatch.chdir(files)
    code, out, err = run(["view", "orders.csv", "--boxes", "boxes.csv"] + args, capsys)
    assert code == 2 and line in err and "\n" not in err
    assert not any(p.name.startswith("v.") for p in files.iterdir())


def test_a_report_is_a_page_and_a_read_only_file_is_kept(files, capsys, monkeypatch):
    # From a packer's trial: `pack --report rep.png` wrote an HTML page named rep.png, and
    # `view -o keep.html` replaced a file made read-only (renamed over it, as root too).
    monkeypatch.chdir(files)
    code, out, err = run(["pack", "orders.csv", "--boxes", "boxes.csv", "--report", "rep.png"],
                         capsys)
    assert code == 2 and err.strip() == ("cartonize: rep.png: cannot write the report: "
                                         "unknown ending '.png'; the report is a page: use "
                                         ".html")
    assert not (files / "rep.png").exists()
    keep = files / "keep.html"
    keep.write_text("kept")
    keep.chmod(0o444)
    for args in (["view", "orders.csv", "--boxes", "boxes.csv", "--order", "A", "-o", keep.name],
                 ["pack", "orders.csv", "--boxes", "boxes.csv", "--report", keep.name]):
        code, out, err = run(args, capsys)
        what = "the view" if args[0] == "view" else "the report"
        assert code == 2 and err.strip() == (f"cartonize: keep.html: cannot write {what}: the "
                                             "file is read-only (make it writable to replace "
                                             "it)"), err
        assert keep.read_text() == "kept"
    # The report's page of its worst orders, read-only: refused before any order is packed
    # (a review: after the whole run, which then wrote none of its outputs).
    worst = files / "rep-worst.html"
    worst.write_text("kept")
    worst.chmod(0o444)
    code, out, err = run(["pack", "orders.csv", "--boxes", "boxes.csv", "-o", "out.csv",
                          "--report", "rep.html"], capsys)
    assert code == 2 and "rep-worst.html: cannot write the view of the worst-filled orders: " \
        "the file is read-only" in err and out == "" and worst.read_text() == "kept"
    keep.chmod(0o644)
    code, out, err = run(["view", "orders.csv", "--boxes", "boxes.csv", "--order", "A", "-o",
                          keep.name], capsys)
    assert code == 0 and keep.read_text().startswith("<!doctype html>")


def test_render_draws_every_box_and_says_what_is_in_no_box(files, capsys):
    from cartonize.render import draw_packing
    many = [Item(290, 190, 140, quantity=5), Item(900, 10, 10)]
    p = pack(many, Catalog(CAT.boxes[:2]))
    fig = draw_packing(p, many, "five boxes")
    assert len([ax for ax in fig.axes if ax.name == "3d"]) == p.n_boxes == 5
    assert "(1 copy in no box)" in fig._suptitle.get_text()
    code, out, err = run(["render", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "--order", "B", "-o", files / "b.png"], capsys)
    assert code == 0 and (files / "b.png").stat().st_size > 10_000
    # An order no box takes is said in words (it printed "order B: ; wrote ...").
    (files / "rug.csv").write_text("order_id,length,width,height\nR,3000,90,90\n")
    code, out, err = run(["render", files / "rug.csv", "--boxes", files / "boxes.csv",
                          "--order", "R", "-o", files / "r.png"], capsys)
    assert code == 0 and out.strip() == (f"order R: no box; 1 copy in no box (larger than "
                                         f"every box); wrote {files / 'r.png'}")


def test_the_batch_report_links_a_view_of_its_worst_orders(files, capsys, browser):
    code, out, err = run(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "--report", files / "r.html", "--quiet"], capsys)
    assert code == 0, err
    report = (files / "r.html").read_text()
    assert 'href="r-worst.html#box=' in report
    page, errors = open_page(browser, (files / "r-worst.html").read_text(), files, "w.html")
    assert page.evaluate("window.cartonizeView.boxCount()") >= 2 and errors == []
    # "#box=N" shows box N full, also when only the address changes (a trial: back and
    # forward between two boxes' addresses left the box shown as it was).
    view_of = "[window.cartonizeView.box(), window.cartonizeView.step()]"
    full = [[b, page.evaluate(f"window.cartonizeView.stepCount({b})")] for b in (0, 1)]
    page.evaluate("window.location.hash = '#box=1'")
    page.wait_for_function("window.cartonizeView.box() === 1")
    assert page.evaluate(view_of) == full[1]
    page.evaluate("window.cartonizeView.setStep(1, 1)")  # the packer steps back to the start
    page.evaluate("window.location.hash = '#box=0'")
    page.wait_for_function("window.cartonizeView.box() === 0")
    assert page.evaluate(view_of) == full[0]
    page.go_back()
    page.wait_for_function("window.cartonizeView.box() === 1")
    assert page.evaluate(view_of) == full[1] and errors == []


def test_the_batch_report_names_the_orders_not_fully_packed(files, capsys, browser,
                                                              monkeypatch):
    # Found by a planner's review: the report counted "not fully packed 1" and never said
    # which order, nor why; and the view page it writes beside it was not said written.
    from cartonize.cli import report as report_module
    with open(files / "orders.csv", "a") as f:
        f.write("X,beam,2000,50,50,1,any\nY,slab,900,900,900,1,any\nZ,sheet,1000,1000,1,2,any\n")
    monkeypatch.setattr(report_module, "KEEP_UNPACKED", 2)
    code, out, err = run(["pack", files / "orders.csv", "--boxes", files / "boxes.csv",
                          "--report", files / "r.html", "--quiet"], capsys)
    assert code == 0, err
    assert "not fully packed     3" in out
    assert f"wrote {files / 'r-worst.html'} (the worst-filled orders, step by step)" in out
    page = browser.new_page()
    OPENED.append(page)
    page.goto((files / "r.html").as_uri())
    shown = page.inner_text("#not-packed + table")
    rows = [r.split("\t") for r in shown.splitlines()[1:]]
    assert [r[0] for r in rows] == ["X", "Y"]  # the first two, in the file's order
    assert all(r[1] == "partial" and "too_large" in r[2] for r in rows), rows
    assert "and 1 more" in page.inner_text("body")
    page.close()


def test_long_ids_stay_in_their_column_and_clear_of_the_barcode(tmp_path):
    # Real order and item ids are often 32-character hashes: a label runs on to a second
    # line instead of into the next step's column, and the heading shrinks beside the barcode.
    oid, iid = "0000ae0e5e344078ca60238632184998", "6419caea958c585a747f649f28abdfba"
    items = [Item(297, 210, 8, quantity=9, id=iid)]
    pdf = view.sheet([pack(items, CAT)], items=[items], orders=[oid])
    (tmp_path / "s.pdf").write_bytes(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils (pdftotext)")
    layout = subprocess.run(["pdftotext", "-layout", str(tmp_path / "s.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert not re.search(r"[0-9a-f]" + iid[:8], layout)  # one id running into the next
    heading = next(line for line in layout.splitlines() if "Order " in line)
    assert f"Order {oid}" in heading
    # In a bag the box line is long (filled to ..., flat ...): below the barcode, whole.
    bags = Catalog([Bag(iid, 420, 320, max_height=60, cost=0.1)])
    packing = pack(items, bags)
    box = order_steps(packing, items).boxes[0]
    assert box.kind == "bag" and "filled to" in box.size_text
    text = pdf_pages(view.sheet(packing, items, orders=[oid]), tmp_path)[0]
    n = len(packing.boxes)
    line = f"Bag 1 of {n}: bag {iid}, {box.size_text}, {len(box.steps)} copies"
    assert line in " ".join(text.split()), text[:400]


def test_the_sheet_takes_items_as_the_page_does(tmp_path):
    # One packing: its order's items, positional as in view.html; a list of packings: a list
    # of orders, and a flat list of Items there is named, not an AttributeError deep inside.
    p = pack(SMALL, CAT)
    one = pdf_pages(view.sheet(p, SMALL, orders=["7"]), tmp_path)
    assert one == pdf_pages(view.sheet([p], items=[SMALL], orders=["7"]), tmp_path)
    assert one == pdf_pages(view.sheet(p, items=[SMALL], orders=["7"]), tmp_path)  # as before
    assert "Order 7" in one[0]
    with pytest.raises(ValueError, match="for a list of packings give a list of orders"):
        view.sheet([p], items=SMALL)
    with pytest.raises(ValueError, match="items has 2 orders for 1 packings"):
        view.sheet([p], items=[SMALL, SMALL])


def test_one_copy_is_one_copy(tmp_path):
    one = [Item(120, 80, 40, id="mug")]
    p = pack(one, CAT)
    text = pdf_pages(view.sheet(p, one, orders=["9"]), tmp_path)[0]
    assert "box S, inner 200x150x100 mm, 1 copy" in " ".join(text.split())
    assert "1 copies" not in text
    page = view.html(p, one)
    assert "1 box · 1 copy<" in page and "1 copies" not in page
    assert '" copy" : " copies"' in page  # the viewer's box line counts the same way


def test_a_pasted_description_as_an_id_is_cut_short_not_a_hang(tmp_path):
    # Each long word was cut one character at a time, measured each time: 8,000 characters
    # took 93 s and 100,000 did not finish (found in review). Now the sheet wraps the first
    # 80 characters of a word, and says it cut the rest with an ellipsis.
    iid = "y" * 100_000
    items = [Item(297, 210, 8, id=iid)]
    pdf = view.sheet([pack(items, CAT)], items=[items], orders=["A"])
    text = pdf_pages(pdf, tmp_path)[0]
    assert "y" * 20 in text and "\u2026" in text
    assert text.count("y") < 200


def test_the_sheet_and_the_page_speak_the_units_the_files_were_read_in(tmp_path, capsys,
                                                                        browser):
    # A station in the US reads its files in inches and pounds; its tape and scale read
    # them too. The sheet and the page gave positions in mm and weights in g.
    (tmp_path / "o.csv").write_text(
        "order_id,item_id,length,width,height,weight,quantity,orientation\n"
        "A,mug,4.7,3.1,1.6,0.77,4,upright\nA,book,7.9,5.5,0.8,0.66,1,any\n")
    (tmp_path / "b.csv").write_text("id,length,width,height,cost,empty_weight\n"
                                    "M,11.8,7.9,5.9,0.45,0.4\n")
    common = [tmp_path / "o.csv", "--boxes", tmp_path / "b.csv", "--unit", "in",
              "--weight-unit", "lb", "--order", "A", "-o"]
    assert run(["view"] + common + [tmp_path / "a.pdf"], capsys)[0] == 0
    assert run(["view"] + common + [tmp_path / "a.html"], capsys)[0] == 0
    # Weights are read to whole grams, each copy's rounded up, a box's down (as the API snaps
    # them); written to a hundredth of a pound, the parts adding up to the whole as written.
    lb = 453.59237
    contents = (4 * math.ceil(0.77 * lb) + math.ceil(0.66 * lb)) / lb
    box = math.floor(0.4 * lb) / lb
    text = " ".join(pdf_pages((tmp_path / "a.pdf").read_bytes(), tmp_path)[0].split())
    page, errors = open_page(browser, (tmp_path / "a.html").read_text(), tmp_path)
    body = page.inner_text("body")
    said = re.search(r"weighs ([\d.]+) lb packed \(contents ([\d.]+) lb, box ([\d.]+) lb\)",
                     text)
    assert said is not None, text
    gross, inside, own = map(float, said.groups())
    assert abs(inside - contents) <= 0.005 and abs(own - box) <= 0.005
    assert round(inside + own, 2) == gross
    assert page.inner_text("#weight") == "W" + said.group(0)[1:]
    assert "inner 11.8x7.9x5.9 in" in text and "inner 11.8x7.9x5.9 in" in \
        page.inner_text("#box-caption")
    assert "at (0, 0, 0) in, 7.9×5.5×0.8" in text and "flat, 7.9 in edge along" in text
    assert "book #1 at (0, 0, 0) in, 7.9 × 5.5 × 0.8, flat, 7.9 in edge along" in body
    for shown in (text, body):  # no figure left in mm or g
        assert errors == [] and not re.search(r"\d (mm|g)\b", shown), shown
    # The 3D axes read in inches too: the box spans 11.8 of them (the axis runs on 1 % past).
    axis = page.evaluate("document.getElementById('plot').layout.scene.xaxis")
    assert axis["title"]["text"] == "length (in)" and 11.77 < axis["range"][1] < 11.77 * 1.02

    p = pack([Item(100, 80, 40, weight=350)], Catalog([Box("S", 200, 150, 100)]))
    with pytest.raises(ValueError, match="unit must be one of mm, cm, m, in, not 'ft'"):
        view.html(p, unit="ft")
    with pytest.raises(ValueError, match="weight_unit must be one of g, kg, lb, not 'oz'"):
        view.sheet(p, weight_unit="oz")
    for make in (view.html, view.sheet):  # with nothing to pack too (a review found it taken)
        with pytest.raises(ValueError, match="not 'ft'"):
            make([], unit="ft")


def test_lengths_of_a_metre_and_more_are_written_without_a_thousands_separator(tmp_path):
    # A review found "at (0, 0, 1,000) mm" and "inner 1,200x1,000x1,400 mm": a comma inside a
    # list of figures. Weights keep theirs.
    items = [Item(1200, 1000, 500, weight=1500, quantity=3)]
    p = pack(items, Catalog([Box("PAL", 1200, 1000, 1500, empty_weight=25_000)]))
    text = " ".join(pdf_pages(view.sheet(p, items=items), tmp_path)[0].split())
    assert "at (0, 0, 1000) mm" in text and "inner 1200x1000x1500 mm" in text
    assert "weighs 29,500 g packed (contents 4,500 g, box 25,000 g)" in text


def test_the_picture_of_a_packing_is_drawn_in_the_unit_asked_for(tmp_path, capsys):
    from cartonize.render import draw_packing
    items = [Item(254, 127, 51, quantity=2, id="tray")]  # 10 x 5 x 2 in
    p = pack(items, Catalog([Box("B", 508, 254, 254)]))  # 20 x 10 x 10 in
    fig = draw_packing(p, items, "one", unit="in")
    ax = next(a for a in fig.axes if a.name == "3d")
    assert ax.get_xlabel() == "length, in" and ax.get_xlim() == pytest.approx((0, 20))
    assert "B (20x10x10 in)" in ax.get_title()
    table = "\n".join(t.get_text() for a in fig.axes for t in a.texts)
    assert "at (x, y, z) in" in table and "10x5x2" in table and "254" not in table
    (tmp_path / "o.csv").write_text("order_id,item_id,length,width,height,quantity\n"
                                    "A,tray,10,5,2,2\n")
    (tmp_path / "b.csv").write_text("id,length,width,height\nB,20,10,10\n")
    code, _, err = run(["render", tmp_path / "o.csv", "--boxes", tmp_path / "b.csv", "--unit",
                        "in", "--order", "A", "-o", tmp_path / "a.png"], capsys)
    assert code == 0 and (tmp_path / "a.png").stat().st_size > 10_000, err


def test_an_order_in_a_box_and_a_bag_counts_packages(tmp_path, browser):
    # A review found "Box 2 of 2: bag mailer": an order shipped in a box and a bag counts
    # packages; one of boxes alone counts boxes, one of bags alone bags.
    cat = Catalog([Box("M", 300, 200, 150, cost=0.45), Bag("mailer", 350, 250, max_height=40,
                                                             cost=0.12)])
    items = [Item(300, 210, 20, quantity=2, id="shirt"), Item(250, 180, 140, id="kettle")]
    p = pack(items, cat)
    assert sorted(b.box.kind for b in p.boxes) == ["bag", "box"]
    text = " ".join(" ".join(pdf_pages(view.sheet(p, items=items), tmp_path)).split())
    for k, pb in enumerate(p.boxes):
        assert f"Package {k + 1} of 2: {pb.box.kind} {pb.box.id}," in text
    page, errors = open_page(browser, view.html(p, items, title="A"), tmp_path)
    page.evaluate("window.cartonizeView.setStep(1, 0)")
    assert errors == [] and page.inner_text("#box-caption").startswith(
        f"A: package 2 of 2 · {p.boxes[1].box.kind} {p.boxes[1].box.id} ·")
    assert "Box " not in text and "Bag " not in text  # packages counted, not boxes or bags
    alone = pack([Item(250, 180, 140, id="kettle")], cat)
    assert "Box 1 of 1: box M," in pdf_pages(view.sheet(alone), tmp_path)[0]
    assert "No box" in pdf_pages(view.sheet(pack([], cat)), tmp_path)[0]


def test_each_copy_goes_in_after_every_copy_under_it_and_never_under_one_in_already():
    # Found by a packer's review: the packing's own order laid an A4 flat at z = 209, then
    # slid three copies beneath it (44 of 1,000 real orders had such a step).
    from cartonize import datasets
    orders = datasets.sample_orders()
    by_order = {}
    for r in range(len(orders["order_id"])):
        by_order.setdefault(orders["order_id"][r], []).append(
            Item(*(int(orders[c][r]) for c in ("length", "width", "height")),
                 quantity=int(orders["quantity"][r])))
    catalog = datasets.sample_catalog()
    reordered = 0
    for items in list(by_order.values())[:300]:
        packing = pack(items, catalog)
        for pb, box in zip(packing.boxes, order_steps(packing, items).boxes):
            steps = box.steps
            assert sorted((s.item, s.copy) for s in steps) == sorted(
                (p.item, p.copy) for p in pb.placements)
            assert [s.number for s in steps] == list(range(1, len(steps) + 1))
            reordered += [(s.item, s.copy) for s in steps] != [(p.item, p.copy)
                                                               for p in pb.placements]
            for i, a in enumerate(steps):
                for b in steps[i + 1:]:  # b goes in after a: not under it
                    overlap = (a.x < b.x + b.length and b.x < a.x + a.length and
                               a.y < b.y + b.width and b.y < a.y + a.width)
                    assert not (overlap and b.z + b.height <= a.z), (a, b)
    assert reordered > 0  # the packing's own order slid some copy beneath another


def test_names_in_any_european_script_print_and_an_id_bars_cannot_carry_gets_no_bars(tmp_path):
    # Found by a packer's review: in Vera "Łódź" printed "Łód" and Cyrillic blank, and the
    # Code 128 of "ЗАКАЗ-7" carried "-7" (reportlab drops what it cannot encode).
    items = [Item(120, 80, 40, id="Łódź mug"), Item(100, 60, 30, id="Ёлка"),
             Item(90, 60, 30, id="κούπα")]
    text = " ".join(pdf_pages(view.sheet([pack(items, CAT)], orders=["ЗАКАЗ-7"], items=[items]),
                              tmp_path))
    for name in ("Łódź mug #1", "Ёлка #1", "κούπα #1", "Order ЗАКАЗ-7"):
        assert name in text, name
    assert "no barcode: the id has letters Code 128 cannot carry" in " ".join(text.split())
    plain = " ".join(pdf_pages(view.sheet([pack(items, CAT)], orders=["A-7"], items=[items]),
                               tmp_path))
    assert "no barcode" not in plain


def test_the_view_command_says_a_copy_in_no_box_and_copies_on_loose_ground(tmp_path, capsys):
    # Found by a packer's review: "order S4: L" and exit 0, the rug that fits no box only in
    # the sheet's 7 pt footer as "no box (too_large)"; and copies resting on a sliver of
    # what is under them, drawn without a word (view packs as pack does: min_support 0).
    from cartonize import datasets
    orders = datasets.sample_orders()
    loose = "26dce54f3dd508ed724e5a242fbd8c9c"  # one copy rests on under half its base
    rows = [r for r in range(len(orders["order_id"])) if orders["order_id"][r] == loose]
    src, boxes = tmp_path / "o.csv", tmp_path / "b.csv"
    src.write_text("order_id,item_id,length,width,height,quantity\nS4,rug,3000,90,90,1\n"
                   "S4,mug,120,80,100,2\n" + "".join(
                       f"{loose},i{r},{orders['length'][r]},{orders['width'][r]},"
                       f"{orders['height'][r]},{orders['quantity'][r]}\n" for r in rows))
    cat = datasets.sample_catalog()
    boxes.write_text("id,length,width,height\n" + "".join(
        f"{b.id},{b.length},{b.width},{b.height}\n" for b in cat))
    common = ["view", src, "--boxes", boxes, "-o", tmp_path / "v.pdf"]
    code, out, err = run(common + ["--order", "S4"], capsys)
    assert code == 0, err
    assert "; 1 copy in no box (larger than every box)" in out.splitlines()[0]
    assert "rug #1: in no box, larger than every box" in " ".join(
        " ".join(pdf_pages((tmp_path / "v.pdf").read_bytes(), tmp_path)).split())
    code, out, err = run(common + ["--order", loose], capsys)
    assert code == 0 and "note: 1 copy rests on less than half of its base (marked \"steady " \
        "it\" or \"nothing under it\" in the steps): --min-support 0.5" in out
    # The packer reads the sheet and the page, not the terminal: the step says it there.
    # (Found by a packer's trial: steps of sheets standing on a sliver, and nothing on the
    # page or the sheet said so.)
    sheet = " ".join(" ".join(pdf_pages((tmp_path / "v.pdf").read_bytes(), tmp_path)).split())
    assert len(re.findall(r"rests on \d+% of its base: steady it", sheet)) == 1
    code, out, err = run(common[:-1] + [tmp_path / "v.html", "--order", loose], capsys)
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert code == 0 and len(re.findall(r"rests on \d+% of its base: steady it", page)) == 1
    code, out, err = run(common + ["--order", loose, "--min-support", "0.5"], capsys)
    assert code == 0 and "note:" not in out
    sheet = " ".join(" ".join(pdf_pages((tmp_path / "v.pdf").read_bytes(), tmp_path)).split())
    assert "steady it" not in sheet



def test_a_copy_resting_on_nothing_says_the_gap_to_fill_under_it(tmp_path):
    # Found by a station engineer's trial: without min_support a copy may stand over air (a
    # lid laid on a short block beside a taller one), and its step said "rests on 0% of its
    # base: steady it", which no packer can do. It says the gap to fill under it, on the
    # sheet and the page; a copy on a sliver still says "steady it".
    box = Box("B", 300, 200, 200)
    items = [Item(100, 200, 80, id="tall"), Item(200, 200, 50, id="short"),
             Item(200, 200, 10, id="lid"), Item(100, 200, 20, id="tile")]
    # The lid lies at 80 mm beside the tall block's top, over the short one (50 mm high):
    # 30 mm of air under it. The tile lies on the tall block.
    packing = Packing((PackedBox(box, (Placement(0, 0, 0, 0, 0, 100, 200, 80),
                                       Placement(1, 0, 100, 0, 0, 200, 200, 50),
                                       Placement(2, 0, 100, 0, 80, 200, 200, 10),
                                       Placement(3, 0, 0, 0, 80, 100, 200, 20)), load=0),))
    steps = {s.line.label: s for s in order_steps(packing, items).boxes[0].steps}
    assert "nothing under it: fill the 30 mm gap below first" in steps["lid"].notes
    assert not any("steady it" in n for n in steps["lid"].notes)
    assert not any("nothing under it" in n for s in ("tall", "short", "tile")
                   for n in steps[s].notes)
    sheet = " ".join(" ".join(pdf_pages(view.sheet([packing], items=[items]), tmp_path)).split())
    assert "nothing under it: fill the 30 mm gap below first" in sheet
    assert "rests on 0%" not in sheet and "rests on 0%" not in view.html(packing, items)
    assert "nothing under it: fill the 30 mm gap below first" in view.html(packing, items)

def test_the_page_walks_a_packer_through_every_box_from_its_first_step(browser, tmp_path):
    # Found by a packer's review: the page opened at the last step (the box full), next at a
    # box's last step did nothing, and a box picked opened full and kept the arrow keys.
    small, big = pack(SMALL, CAT), pack(BIG, CAT)
    boxes = small.n_boxes + big.n_boxes
    page, errors = open_page(browser, view.html([small, big], [SMALL, BIG],
                                                title=["order 1042", "order 2077"]), tmp_path)
    cv = "window.cartonizeView"
    assert (page.evaluate(f"{cv}.box()"), page.evaluate(f"{cv}.step()")) == (0, 1)
    n0 = page.evaluate(f"{cv}.stepCount(0)")
    page.evaluate(f"{cv}.setStep(0, {n0})")
    caption = page.inner_text("#step-caption")
    assert caption.startswith("box done: next ▶ goes on to order 2077, box 1 of "
                              f"{big.n_boxes} · step {n0} of {n0}: "), caption
    page.click("#next")
    assert (page.evaluate(f"{cv}.box()"), page.evaluate(f"{cv}.step()")) == (1, 1)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert (page.evaluate(f"{cv}.box()"), page.evaluate(f"{cv}.step()")) == (0, n0)
    page.select_option("#box-picker", "1")
    assert (page.evaluate(f"{cv}.box()"), page.evaluate(f"{cv}.step()")) == (1, 1)
    page.keyboard.press("ArrowRight")  # the keys are the steps' again
    assert page.evaluate(f"{cv}.step()") == 2
    last = boxes - 1
    page.evaluate(f"{cv}.setStep({last}, {page.evaluate(f'{cv}.stepCount({last})')})")
    assert page.inner_text("#step-caption").startswith("box done: every box on this page is "
                                                        "packed · step ")
    # In sight on an upright tablet: the notice goes first (the caption's end is cut).
    page.set_viewport_size({"width": 768, "height": 1024})
    shown = page.evaluate("""() => { const c = document.getElementById('step-caption');
        const r = document.createRange(); r.selectNodeContents(c);
        return [c.clientWidth, c.textContent.indexOf(' · ')]; }""")
    assert 0 < shown[1] and shown[1] * 7 < shown[0]  # under ~7 px a character: shown whole
    # The batch report's link opens a box full, to be looked at.
    page.goto((tmp_path / "view.html").as_uri() + "#box=1")
    page.wait_for_function("window.cartonizeView !== undefined")
    assert page.evaluate(f"{cv}.step()") == page.evaluate(f"{cv}.stepCount(1)")
    assert errors == []


@pytest.mark.parametrize("width, height", [(768, 1024), (390, 844), (1024, 768), (1400, 900)])
def test_the_picture_and_the_current_step_are_in_sight_on_a_tablet_and_a_desktop(
        browser, tmp_path, width, height):
    # Found by a packer's review: upright (800 px wide or less) the picture measured 0 px high
    # and spilled over the steps; lying (1024 x 768) the current step sat below the window,
    # and next moved as the caption grew.
    big = pack(BIG, CAT)
    page, errors = open_page(browser, view.html(big, BIG, title="order 2077"), tmp_path)
    page.set_viewport_size({"width": width, "height": height})
    rect = "e => e.getBoundingClientRect().toJSON()"
    n = page.evaluate("window.cartonizeView.stepCount(0)")
    where = None
    for k in range(1, n + 1):
        page.evaluate(f"window.cartonizeView.setStep(0, {k})")
        plot = page.eval_on_selector("#plot", rect)
        aside = page.eval_on_selector("aside", rect)
        line = page.eval_on_selector("#steps li.current", rect)
        nxt = page.eval_on_selector("#next", rect)
        assert plot["height"] > 0.3 * height and plot["bottom"] <= aside["top"] + 1 or \
            plot["right"] <= aside["left"] + 1, (k, plot, aside)
        assert 0 <= line["top"] and line["bottom"] <= height + 1, (k, line)
        assert nxt["bottom"] <= height and (where is None or (nxt["x"], nxt["y"]) == where), k
        where = (nxt["x"], nxt["y"])
    assert page.evaluate("document.documentElement.scrollHeight") <= height + 1
    assert errors == []


def test_labels_are_on_only_for_a_box_of_a_few_copies(browser, tmp_path):
    # Found by a packer's review: up to 60 copies labelled, the labels of those hidden inside
    # piled up beside the box.
    for n, on in ((12, True), (13, False)):
        items = [Item(50, 50, 50, quantity=n, id="tin")]
        packing = pack(items, CAT)
        assert len(packing.boxes[0].placements) == n
        page, errors = open_page(browser, view.html(packing, items), tmp_path)
        assert page.is_checked("#labels") is on and errors == []


def test_two_lines_of_one_id_number_their_copies_on():
    # Found by a packer's review: "089b…#1" at step 1 and again at step 8.
    items = [Item(120, 80, 40, quantity=3, id="mug"), Item(90, 60, 30, id="tea"),
             Item(120, 80, 40, quantity=2, id="mug")]
    order = order_steps(pack(items, CAT), items)
    labels = [s.label for b in order.boxes for s in b.steps]
    assert sorted(labels) == sorted(["mug #1", "mug #2", "mug #3", "mug #4", "mug #5",
                                     "tea #1"])


def test_the_sheet_paints_a_copy_before_the_copies_in_front_of_it():
    # A copy high at the back (on a column of others) and a tall one in front: by the sum
    # x + y + z the high one was painted last, over the copy that hides it.
    from cartonize.view.picture import depth_order
    from cartonize.view.steps import Line, Step
    line = Line(0, "a", "#4477aa", "any")
    high = Step(2, 0, 1, 0, 0, 90, 10, 10, 10, line, "flat")
    tall = Step(1, 0, 0, 20, 0, 0, 100, 50, 100, line, "flat")
    floor = Step(3, 0, 2, 0, 0, 0, 10, 10, 90, line, "flat")
    assert depth_order([tall, high, floor]) == [floor, high, tall]
    # Copies whose pictures do not overlap keep the order of the sum.
    apart = [Step(k + 1, 0, k, 200 * k, 0, 0, 10, 10, 10, line, "flat") for k in range(3)]
    assert depth_order(apart[::-1]) == apart


def test_render_numbers_and_names_the_steps_as_the_sheet_and_the_page_do():
    # render listed the copies in the packing's own order ("0 #1" for a line without an id),
    # while the sheet and the page went from the floor up, naming "line 1 #1".
    from cartonize.render import draw_packing
    items = [Item(120, 80, 40, quantity=3, id="mug"), Item(200, 100, 30),
             Item(120, 80, 40, quantity=2, id="mug")]
    p = pack(items, Catalog([Box("M", 300, 200, 150)]))
    fig = draw_packing(p, items)
    listing = [t.get_text() for ax in fig.axes if ax.name != "3d" for t in ax.texts][0]
    rows = [re.match(r"\s*(\d+)\s+(.*?)\s+\(", line).groups()
            for line in listing.splitlines()[1:]]
    want = order_steps(p, items).boxes[0].steps
    assert [(int(n), label) for n, label in rows] == [(s.number, s.label) for s in want]
    # As a packer reads it: six steps, the line without an id named by its number, the two
    # lines of "mug" numbered on across them.
    assert [int(n) for n, _ in rows] == [1, 2, 3, 4, 5, 6]
    assert sorted(label for _, label in rows) == [
        "line 2 #1", "mug #1", "mug #2", "mug #3", "mug #4", "mug #5"]


def test_render_colours_each_line_as_the_sheet_and_the_page_do():
    # From a packer's trial: the picture's colours were matplotlib's, so an item changed
    # colour from the page and the sheet to it. A kit or a category keeps a colour of its own.
    from matplotlib.colors import to_hex

    from cartonize.render import draw_packing
    items = [Item(120, 80, 40, quantity=2, id="mug"), Item(200, 100, 30, id="book"),
             Item(60, 60, 60, id="tea", group="kit")]
    p = pack(items, Catalog([Box("M", 300, 200, 150)]))
    fig = draw_packing(p, items)
    drawn = {to_hex(c.get_facecolor()[0], keep_alpha=False) for ax in fig.axes
             if ax.name == "3d" for c in ax.collections}
    lines = order_steps(p, items).lines
    assert {lines[0].colour, lines[1].colour} <= drawn and lines[2].colour not in drawn


def test_the_page_prints_the_picture_and_every_step(browser, tmp_path):
    # Found by a code review: printed (A4 is under 800 px wide) the narrow screen's rule
    # applied, the main panel collapsed to 1 px and the steps printed under the picture.
    # Then by a packer's trial, printing for real: the 3D scene printed blank at its screen
    # size, its white over the pick list and the first steps, and the page did not say
    # which box it was. Printed here to a PDF, read back and looked at.
    big = pack(BIG, CAT)
    page, errors = open_page(browser, view.html(big, BIG, title="order 2077"), tmp_path)
    page.evaluate("window.cartonizeView.setStep(0, 5)")
    page.wait_for_function("window.cartonizeView.printReady()", timeout=60_000)
    pdf = page.pdf(format="A4")
    text = " ".join(" ".join(pdf_pages(pdf, tmp_path)).split())
    n = len(big.boxes[0].placements)
    assert f"box 1 of {big.n_boxes} · box {big.boxes[0].box.id} · inner" in text
    assert f"as built up to step 5 of {n}" in text and "Pick: " in text
    assert all(f" {k}. " in f" {text}" for k in range(1, n + 1))  # every step of the box
    # The picture is there, drawn in the lines' colours, above the pick list.
    if shutil.which("pdftoppm") is None:
        pytest.skip("needs poppler-utils (pdftoppm)")
    (tmp_path / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png",
                    str(tmp_path / "page.pdf"), str(tmp_path / "page")], check=True)
    import matplotlib.image
    pixels = matplotlib.image.imread(next(tmp_path.glob("page*.png")))[..., :3]
    from cartonize.view.steps import PALETTE
    near = np.zeros(pixels.shape[:2], dtype=bool)
    for colour in PALETTE[:len(BIG)]:  # the lines' colours, shaded a little
        rgb = np.array([int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)])
        near |= np.abs(pixels - rgb).max(axis=2) < 0.12
    rows = np.flatnonzero(near.sum(axis=1) > 3)
    assert len(rows) > 0.1 * pixels.shape[0]  # the copies, drawn tall
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "page.pdf"),
                            "-"], capture_output=True, text=True, check=True).stdout
    pick = re.search(r'yMin="([\d.]+)"[^>]*>Pick:', words)
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', words).group(1))
    assert pick and rows.max() / pixels.shape[0] < float(pick.group(1)) / height
    assert errors == []


def test_a_page_printed_without_a_picture_says_why(browser, tmp_path):
    # From a review: a box of over 2,000 copies (no picture made) and a page of no box
    # printed a broken image under "as built up to step 2500 of 2500".
    page, errors = open_page(browser, view.html(*cube_grid(2500)), tmp_path)
    page.wait_for_function("window.cartonizeView.printReady()", timeout=10_000)
    page.emulate_media(media="print")
    shown = "s => getComputedStyle(document.querySelector(s)).display"
    assert page.evaluate(shown, "#print-picture img") == "none"
    assert "printed without a picture: a box of over 2,000 copies" in page.inner_text(
        "#print-picture")
    items = [Item(900, 900, 900, id="BIG")]
    page, errors2 = open_page(browser, view.html(pack(items, CAT), items), tmp_path, "e.html")
    page.emulate_media(media="print")
    assert page.evaluate(shown, "#print-picture") == "none"
    assert "nothing here is packed" in page.inner_text("body") and errors == errors2 == []


def test_a_sheet_of_many_copies_in_no_box_is_made_quickly_and_counts_them(tmp_path):
    # Found by a code review: the footer's two lines were cut a character at a time, the whole
    # text measured each time, on every page: 69 s for 1,600 copies in no box.
    # As many named as two lines hold, the rest counted.
    items = [Item(100, 80, 40, id="mug"), Item(2000, 10, 10, quantity=1600, id="pole")]
    p = pack(items, CAT)
    pdf = view.sheet([p], items=[items])
    text = " ".join(" ".join(pdf_pages(pdf, tmp_path)).split())
    assert "pole #1: in no box, larger than every box" in text and "; and 1596 more" in text


def test_render_counts_boxes_bags_and_packages_as_the_sheet_does():
    # render's title said "3 box(es)" where one package was a bag.
    from cartonize.cli.commands.render import packages
    mailer = Bag("mailer", 350, 250, max_height=40, cost=0.05)
    box = Box("L", 600, 400, 400, cost=1.2)
    assert packages(pack([Item(200, 150, 20)], Catalog([mailer, box]))) == "1 bag"
    two = pack([Item(200, 150, 20), Item(598, 398, 398)], Catalog([mailer, box]))
    assert packages(two) == "2 packages" and order_steps(two).noun == "package"
    assert packages(pack(BIG, CAT)) == "1 box"


# From a packer's trial of the page with real orders (ids of 32 characters), below.
LONG_ID = "891e20c5ba047f87f89e2c2212a3c4d5"


@pytest.mark.parametrize("width, height", [(1920, 1080), (1400, 900), (390, 844)])
def test_a_long_order_id_leaves_the_box_size_and_cost_in_sight(browser, tmp_path, width,
                                                               height):
    # The box caption, cut to one line, read "order 891e20c5…: box 1 of 5 · box Option …"
    # at every width: the inner size and the cost (only there) were never seen. On a phone
    # the page scrolled sideways past the picker of boxes.
    big = pack(BIG, CAT)
    page, errors = open_page(browser, view.html(big, BIG, title=f"order {LONG_ID}"), tmp_path)
    page.set_viewport_size({"width": width, "height": height})
    caption = page.locator("#box-caption")
    box = big.boxes[0]
    size = f"inner {box.box.length}x{box.box.width}x{box.box.height} mm"
    assert size in caption.inner_text() and caption.inner_text().endswith(
        f"cost {box.cost:,.2f}")
    # Shown whole: the caption's text takes no more room than the caption has.
    assert page.evaluate("""() => { const c = document.getElementById('box-caption');
        return c.scrollWidth <= c.clientWidth + 1 && c.scrollHeight <= c.clientHeight + 1; }""")
    # (The picture takes the new width a moment after the window does.)
    page.wait_for_function(f"document.documentElement.scrollWidth <= {width}", timeout=10_000)
    assert LONG_ID in page.inner_text("h1") and errors == []
    # Several orders whose ids share a long start (the heading then says "2 orders"): each
    # box is named by its whole order id in the picker and the caption (a review found two
    # cut to one name).
    ids = ["AMZ-2024-11-30-0000000012345", "AMZ-2024-11-30-0000000012399"]
    page, errors = open_page(browser, view.html([pack(SMALL, CAT), pack(SMALL, CAT)],
                                                [SMALL, SMALL], title=ids), tmp_path, "two.html")
    options = page.locator("#box-picker option").all_inner_texts()
    assert [o.split(" · ")[0] for o in options] == ids and errors == []
    page.evaluate("window.cartonizeView.setStep(1, 1)")
    assert page.inner_text("#box-caption").startswith(ids[1])


def test_a_page_with_nothing_in_a_box_says_so_and_its_keys_do_nothing(browser, tmp_path):
    # A 900 mm cube fits no box: the controls stayed (the style sheet showed them over
    # `hidden`), and next or an arrow key threw "Cannot read properties of undefined".
    items = [Item(900, 900, 900, id="BIG")]
    page, errors = open_page(browser, view.html(pack(items, CAT), items, title="order B"),
                             tmp_path)
    assert not page.is_visible("#controls")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    assert "nothing here is packed" in page.inner_text("#plot")
    assert "BIG #1: in no box, larger than every box" in page.inner_text("aside")
    assert page.evaluate("window.cartonizeView.visibleCopies()") == [] and errors == []


def test_labels_stand_over_the_picture_on_the_copies_in_sight(browser, tmp_path):
    # Labels were drawn at each copy's centre, inside its solid block: none could be seen.
    # Now the scene's annotations, over the picture, on the copies whose tops are in sight.
    page, errors = open_page(browser, view.html(pack(SMALL, CAT), SMALL, title="o"), tmp_path)
    n = page.evaluate("window.cartonizeView.stepCount(0)")
    for k in range(1, n + 1):
        page.evaluate(f"window.cartonizeView.setStep(0, {k})")
        shown = page.locator(".annotation-text").all_text_contents()
        steps = order_steps(pack(SMALL, CAT), SMALL).boxes[0].steps[:k]
        on_top = [s.label for s in tops_in_sight(steps)]
        assert sorted(shown) == sorted(on_top) and steps[-1].label in shown, (k, shown)
        visible = page.locator(".annotation-text").last.bounding_box()
        assert visible is not None and visible["height"] >= 12  # readable type
    assert errors == []


def test_step_numbers_of_thousands_show_every_digit(browser, tmp_path):
    page, errors = open_page(browser, view.html(*cube_grid(1200)), tmp_path)
    # The list's markers sit in its left padding: four digits and a point fit in it.
    marker = page.evaluate("""() => { const ol = document.getElementById('steps');
        const probe = document.createElement('span'); probe.textContent = '1200.';
        probe.style.font = getComputedStyle(ol.lastElementChild).font; probe.style.position = 'absolute';
        document.body.appendChild(probe); const w = probe.getBoundingClientRect().width;
        probe.remove(); return [w, parseFloat(getComputedStyle(ol).paddingLeft)]; }""")
    assert marker[0] < marker[1] and errors == []


def test_the_last_step_and_the_heading_name_what_the_page_holds(browser, tmp_path):
    # "bag done: every box on this page is packed", and "2 orders" said twice at the top.
    bags = Catalog([Bag("mailer", 350, 250, max_height=80, cost=0.1)])
    shirts = [Item(300, 210, 20, id="shirt")]
    page, errors = open_page(browser, view.html(pack(shirts, bags), shirts), tmp_path)
    page.evaluate("window.cartonizeView.setStep(0, 1)")
    assert page.inner_text("#step-caption").startswith(
        "bag done: every bag on this page is packed")
    both = view.html([pack(SMALL, CAT), pack(SMALL, CAT)], [SMALL, SMALL])
    page, errors2 = open_page(browser, both, tmp_path, "two.html")
    assert page.inner_text("header").count("2 orders") == 1 and errors == errors2 == []


def test_this_side_up_stands_on_the_tops_in_sight_and_within_the_scene(browser, tmp_path):
    # Arrows of copies under others poked through them as black triangles, and on the top
    # layer they were cut to stubs at the lid.
    cans = [Item(90, 90, 45, quantity=8, orientation="upright", id="can")]
    packing = pack(cans, Catalog([Box("S", 200, 200, 90)]))
    steps = order_steps(packing, cans).boxes[0].steps
    assert {s.z for s in steps} == {0, 45}  # two layers
    page, errors = open_page(browser, view.html(packing, cans), tmp_path)
    for k in range(1, len(steps) + 1):
        page.evaluate(f"window.cartonizeView.setStep(0, {k})")
        arrows = page.evaluate("""() => { const d = document.getElementById('plot');
            const t = d.data.find(t => t.name === 'this side up');
            return [t.x.length / 3, Math.max(...t.z.filter(z => z !== null)),
                    d._fullLayout.scene.zaxis.range[1]]; }""")
        assert arrows[0] == len(tops_in_sight(steps[:k])), (k, arrows)
        assert arrows[1] <= arrows[2] + 1e-6, (k, arrows)  # within the height axis
    assert errors == []


@pytest.mark.parametrize("length", [32, 46, 60, 80])
def test_an_order_id_of_any_length_stays_on_the_sheet_with_its_heading(tmp_path, length):
    # From a packer's trial: from about 46 characters the barcode ran off the left of the
    # page (its id under it at x = -3 pt, unscannable) and the heading was cut to "…".
    oid = ("891e20c5ba047f87f89e2c2212a3c4d5" * 3)[:length]
    pdf = view.sheet(pack(SMALL, CAT), SMALL, orders=oid)
    (tmp_path / "s.pdf").write_bytes(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils (pdftotext)")
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "s.pdf"),
                            "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', words).group(1))
    boxes = [tuple(map(float, b)) for b in re.findall(
        r'xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"', words)]
    assert boxes and all(0 <= a and b <= width for a, b in boxes)
    text = " ".join(pdf_pages(pdf, tmp_path)[0].split())
    assert f"Order {oid[:16]}" in text  # the heading keeps the id's start, legibly
    assert oid[:40] in text  # and under the bars (whole, or as much as fits their width)
    import importlib
    sheet_module = importlib.import_module("cartonize.view.sheet")  # (view.sheet: the function)
    made = sheet_module._Sheet(sheet_module._reportlab(), sheet_module.PAGES["A4"])
    bars = made._barcode(oid)
    room = (made.w - 2 * sheet_module.MARGIN) * sheet_module.BARCODE_SHARE
    if bars is None:  # too long for bars a scanner reads: said so, where they would be
        assert "no barcode: the id is too long" in text and length >= 60
    else:
        assert bars.width <= room + 1e-6 and bars.barWidth >= sheet_module.THINNEST_BAR
    assert length > 32 or bars.barWidth == sheet_module.BAR_WIDTH  # a hash's id: as before


def test_the_pictures_of_a_box_are_drawn_at_one_scale_and_fill_the_page(monkeypatch):
    # From a packer's trial: the box grew and shrank from step to step (each picture took
    # what its step's words left), and a box of a few steps used half the page.
    from cartonize.view import picture
    drawn = []  # (scale, width of the picture's cell) of each picture made
    real = picture.Picture.__init__

    def record(self, c, box, x0, y0, w, h):
        real(self, c, box, x0, y0, w, h)
        drawn.append((self.scale, w))
    monkeypatch.setattr(picture.Picture, "__init__", record)
    items = [Item(120, 80, 40, quantity=3, id="mug"), Item(200, 100, 30,
             id="a-book-with-a-title-long-enough-to-wrap-onto-more-lines", stackable=False)]
    view.sheet(pack(items, CAT), items)
    assert len(drawn) == 4 and max(drawn)[0] - min(drawn)[0] < 1e-9
    few = drawn[0][1]
    drawn.clear()
    many = [Item(30, 30, 30, quantity=20, id="cube")]
    view.sheet(pack(many, CAT), many)
    assert len(drawn) == 20 and max(drawn)[0] - min(drawn)[0] < 1e-9
    assert few > 1.9 * drawn[0][1]  # four steps: two pictures across the page, not four
    # One step of a very long name (a review: every picture of its box shrank to a
    # thumbnail to leave it room) shrinks its own picture alone.
    drawn.clear()
    many = [Item(30, 30, 30, quantity=23, id="cube"),
            Item(30, 30, 30, id="a-" + "very-long-description-" * 7, group="g", category="c")]
    view.sheet(pack(many, CAT), many)
    scales = sorted(scale for scale, _ in drawn)
    assert len(scales) == 24 and scales[1] == scales[-1] and scales[0] < scales[1]


def test_a_sheet_of_no_packing_and_an_order_given_as_one_id():
    # sheet([]) made a PDF of no page (poppler: "Invalid page count 0"), and orders="1042"
    # was read as four ids.
    with pytest.raises(ValueError, match="at least one packing"):
        view.sheet([])
    with pytest.raises(ValueError, match="at least one packing"):
        view.html([])
    with pytest.raises(ValueError, match="one id per packing"):
        view.sheet([pack(SMALL, CAT), pack(SMALL, CAT)], orders="1042")
    pdf = view.sheet(pack(SMALL, CAT), SMALL, orders="1042")
    assert b"%PDF" in pdf[:8]


def test_a_copy_flush_with_the_lid_and_a_flat_box_are_drawn_to_be_read(browser, tmp_path):
    # A station trial: the top of a copy flush with the lid lay on the end of the height
    # axis' range, was clipped there and drew as stripes, its label gone (in a bag, the top
    # copy of every order); a 15 mm box was drawn at its true shape, a sliver whose height
    # ticks printed over each other.
    shirts = [Item(300, 210, 20, weight=200, quantity=2, id="shirt")]
    packing = pack(shirts, Catalog([Box("big", 400, 300, 40)]))
    assert max(p.z + p.height for p in packing.boxes[0].placements) == 40  # flush
    page, errors = open_page(browser, view.html(packing, shirts), tmp_path)
    page.evaluate("window.cartonizeView.setStep(0, 2)")
    scene = page.evaluate("""() => { const s = document.getElementById('plot').layout.scene;
        return [s.xaxis.range, s.yaxis.range, s.zaxis.range, s.aspectratio, s.zaxis.tickvals]; }""")
    for (lo, hi), side in zip(scene[:3], (400, 300, 40)):
        assert lo < 0 and side < hi  # every face of the box within the ranges, none on an end
    assert scene[3]["z"] >= 0.2 and scene[3]["x"] == 1  # a fifth of the longest at least
    assert scene[4] == [0, 20, 40]  # three ticks on the short axis, not five
    assert "shirt #2" in page.evaluate(
        "document.getElementById('plot').layout.scene.annotations.map(a => a.text)")
    assert errors == []


def test_items_that_are_not_the_packing_s_are_refused():
    # A station trial: a service that stores packings and items apart drew instructions
    # from other items, silently ("3 x a", two copies labelled "a #2"; a line named "line 2").
    items = [Item(100, 80, 50, weight=250, quantity=2, id="a"), Item(50, 50, 50, id="b")]
    packing = pack(items, Catalog([Box("S", 200, 150, 100, cost=0.3)]))
    for wrong, words in (([Item(100, 80, 50, id="a")] * 2, "box 1 holds item 0 copy 1, and "
                                                            "item 0 has quantity 1"),
                         (items[:1], "box 1 holds item 1 copy 0, and the items have 1 line;"),
                         ([items[0], Item(60, 50, 50, id="b")],
                          "box 1 holds item 1 copy 0 as 50 x 50 x 50, no turn of its")):
        for make in (view.html, view.sheet):
            with pytest.raises(ValueError, match="items do not match the packing: " + words):
                make(packing, wrong)
    assert "a #2" in view.html(packing, items)
    # What no box holds names its items too.
    items = [Item(900, 80, 50, quantity=3, id="long"), Item(10, 10, 10, id="c")]
    packing = pack(items, Catalog([Box("S", 200, 150, 100, cost=0.3)]))
    assert packing.unpacked[-1][:2] == (0, 2)
    with pytest.raises(ValueError, match="the packing leaves out item 0 copy 2, and item 0 has "
                                         "quantity 2"):
        view.html(packing, [Item(900, 80, 50, quantity=2, id="long"), items[1]])


@pytest.mark.parametrize("copies", [30, 80, 200])
def test_render_s_step_table_stays_readable_for_many_copies(copies):
    # A station trial: past 70 copies the picture's step table printed its columns of text
    # over each other (three columns of 36 lines in a panel as wide as two).
    pytest.importorskip("matplotlib")
    from cartonize.render import draw_packing
    items = [Item(20, 15, 10, weight=5, quantity=copies, id="cube")]
    fig = draw_packing(pack(items, Catalog([Box("S", 200, 150, 100)])), items)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes if ax.name != "3d" for t in ax.texts]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for b in boxes:  # inside the picture, and apart
        assert 0 <= b.x0 and b.x1 <= fig.bbox.width and 0 <= b.y0 and b.y1 <= fig.bbox.height
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    body = "\n".join(t.get_text() for t in texts)
    shown = copies if copies <= 160 else 159  # then a last line says where the rest are
    assert all(re.search(rf"cube #{n}\b", body) for n in range(1, shown + 1))
    assert (f"… steps 160-{copies}: see cartonize view" in body) == (copies > 160)
    import matplotlib.pyplot as plt
    plt.close(fig)
