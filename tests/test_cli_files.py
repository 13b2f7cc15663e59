"""The cartonize command end to end on small files: pack, consolidate, render, demo."""

import re

import numpy as np
import pandas as pd
import pytest

from cartonize import Box, Catalog, datasets, pack_many
from cartonize.cli import main

BOXES = pd.DataFrame({"id": ["S", "M", "L"], "length": [200, 300, 600], "width": [150, 200, 400],
                      "height": [100, 150, 300], "max_weight": [5000, 10000, 30000]})
CAT = Catalog([Box("S", 200, 150, 100, max_weight=5000), Box("M", 300, 200, 150, max_weight=10000),
               Box("L", 600, 400, 300, max_weight=30000)])


def orders_frame(n=60, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for o in range(n):
        for _ in range(int(rng.integers(1, 4))):
            rows.append({"order_id": 1000 + o, "length": int(rng.integers(20, 180)),
                         "width": int(rng.integers(20, 140)), "height": int(rng.integers(5, 90)),
                         "weight": int(rng.integers(10, 900)), "quantity": int(rng.integers(1, 4))})
    return pd.DataFrame(rows)


def write(df, path):
    if path.suffix == ".parquet":
        df.to_parquet(path, index=False)
    elif path.suffix == ".jsonl":
        path.write_text(df.to_json(orient="records", lines=True))
    else:
        df.to_csv(path, index=False)


def read(path):
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True)
    return pd.read_csv(path)


@pytest.mark.parametrize("fmt", [".csv", ".parquet", ".jsonl"])
def test_pack_writes_what_the_api_computes(tmp_path, fmt, capsys):
    orders = orders_frame()
    src, boxes, out = tmp_path / f"orders{fmt}", tmp_path / "boxes.csv", tmp_path / f"out{fmt}"
    write(orders, src)
    BOXES.to_csv(boxes, index=False)
    # A tiny chunk size makes the file stream in many chunks; no order may be split.
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(out), "--quiet",
                 "--chunk-rows", "7"]) == 0
    got = read(out)
    want = pack_many(orders, CAT)
    assert list(got["order_id"]) == list(want["order_id"])
    assert got["order_id"].dtype.kind == "i"  # the input's id type is kept
    assert list(got["n_boxes"]) == list(want["n_boxes"])
    ids = ["|".join(v) if isinstance(v, tuple) else v for v in want["box_ids"]]
    got_ids = ["|".join(v) if not isinstance(v, str) else v for v in got["box_ids"]]
    assert got_ids == ids
    assert "orders               60" in capsys.readouterr().out


def test_pack_placements_and_report(tmp_path):
    orders = orders_frame(20)
    src, boxes = tmp_path / "o.csv", tmp_path / "b.csv"
    write(orders, src)
    BOXES.to_csv(boxes, index=False)
    place, report = tmp_path / "p.parquet", tmp_path / "r.html"
    assert main(["pack", str(src), "--boxes", str(boxes), "--placements", str(place),
                 "--report", str(report), "--quiet", "--chunk-rows", "5"]) == 0
    rows = pd.read_parquet(place)
    assert len(rows) == orders["quantity"].sum()
    # item_row names the file's data row (1-based): its sizes are the placed copy's sizes.
    for r in rows.itertuples():
        line = orders.iloc[r.item_row - 1]
        assert sorted((r.length, r.width, r.height)) == sorted((line.length, line.width, line.height))
    text = report.read_text()
    assert text.startswith("<!doctype html>") and "data:image/png;base64," in text
    assert "Worst-filled orders" in text


@pytest.mark.parametrize("fmt", [".csv", ".parquet"])
def test_placements_file_names_each_copys_item_id(tmp_path, fmt):
    # Each placed copy's item_id is its own line's, across blocks (--chunk-rows) and with an
    # id shared by two lines of different sizes: the packer looks the copy up by it.
    orders = orders_frame(30, seed=3)
    orders["item_id"] = [f"sku-{k % 7}-{r.length}x{r.width}x{r.height}"
                         for k, r in enumerate(orders.itertuples())]
    src, boxes, place = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / f"p{fmt}"
    write(orders.sample(frac=1, random_state=1), src)  # rows not grouped by order
    BOXES.to_csv(boxes, index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "--placements", str(place),
                 "--quiet", "--chunk-rows", "7"]) == 0
    rows = read(place)
    assert list(rows.columns[:5]) == ["order_id", "box_index", "box_id", "item_row", "item_id"]
    assert len(rows) == orders["quantity"].sum()
    lines = pd.read_csv(src, dtype=str)  # (a CSV's ids are read as text: "007" stays)
    for r in rows.itertuples():
        line = lines.iloc[r.item_row - 1]
        assert r.item_id == line.item_id and str(r.order_id) == line.order_id
        assert r.item_id.endswith(f"{line.length}x{line.width}x{line.height}")


def test_item_ids_come_out_as_they_went_in(tmp_path):
    # Found by a hunt: an integer item_id column with a blank came out as floats (...993 as
    # ...992.0, a Parquet file of them refused, NaN in JSON Lines), a CSV's "00123" as 123,
    # and a Decimal id failed the JSON Lines output.
    import json
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq
    boxes = tmp_path / "b.csv"
    BOXES.to_csv(boxes, index=False)
    src = tmp_path / "o.parquet"
    pq.write_table(pa.table({"order_id": ["A", "A", "B"],
                             "item_id": pa.array([9007199254740993, None, 12345678901234567]),
                             "length": [100, 50, 60], "width": [50, 40, 30],
                             "height": [10, 10, 10]}), src)
    want = [9007199254740993, None, 12345678901234567]
    for out in (tmp_path / "p.csv", tmp_path / "p.parquet"):
        assert main(["pack", str(src), "--boxes", str(boxes), "--placements", str(out),
                     "--quiet"]) == 0
    text = pd.read_csv(tmp_path / "p.csv", dtype=str, keep_default_na=False)
    assert text.sort_values("item_row")["item_id"].tolist() == \
        ["9007199254740993", "", "12345678901234567"]
    assert pq.read_table(tmp_path / "p.parquet").sort_by("item_row")["item_id"].to_pylist() \
        == want
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(tmp_path / "e.jsonl"),
                 "--placements", "--quiet"]) == 0
    lines = (tmp_path / "e.jsonl").read_text().splitlines()
    placed = sorted((q["row"], q["item_id"]) for r in map(json.loads, lines)
                    for b in r["boxes"] for q in b["placements"])
    assert placed == list(zip((1, 2, 3), want))
    csv = tmp_path / "o.csv"
    csv.write_text("order_id,item_id,length,width,height\nA,00123,100,50,10\n")
    assert main(["pack", str(csv), "--boxes", str(boxes), "--placements",
                 str(tmp_path / "q.csv"), "--quiet"]) == 0
    assert pd.read_csv(tmp_path / "q.csv", dtype=str)["item_id"].tolist() == ["00123"]
    pq.write_table(pa.table({"order_id": ["A"], "item_id": pa.array([Decimal("1.50")]),
                             "length": [100], "width": [50], "height": [10]}), src)
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(tmp_path / "d.jsonl"),
                 "--placements", "--quiet"]) == 0
    (rec,) = map(json.loads, (tmp_path / "d.jsonl").read_text().splitlines())
    assert rec["boxes"][0]["placements"][0]["item_id"] == "1.50"


def test_the_report_says_how_full_the_worst_orders_are_by_weight(tmp_path):
    # Found by a planner's trial: the worst-filled orders read "1.6%" with no word of why a
    # smaller box was not taken; an order of a steel cube fills its box by weight.
    src, boxes, report = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / "r.html"
    pd.DataFrame({"order_id": ["steel", "pillow", "pillow"], "length": [50, 150, 40],
                  "width": [50, 150, 40], "height": [50, 150, 40],
                  "weight": [9_500, 300, 200]}).to_csv(src, index=False)
    pd.DataFrame({"id": ["S", "M"], "length": [100, 200], "width": [100, 200],
                  "height": [100, 200], "max_weight": [2_000, 10_000]}).to_csv(boxes,
                                                                              index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "--report", str(report),
                 "--quiet"]) == 0
    text = report.read_text()
    cells = lambda oid: re.search(rf"<tr><td>(?:<a [^>]*>)?{oid}(?:</a>)?</td>(.*?)</tr>",
                                  text.split("Worst-filled orders")[1]).group(1)
    assert "<th>utilisation</th><th>by weight</th>" in text
    # The cube: 125,000 of 8,000,000 mm3, and 9,500 of the 10,000 g box M may carry.
    assert cells("steel") == "<td>1</td><td>1.6%</td><td>95.0%</td>"
    assert cells("pillow") == "<td>1</td><td>43.0%</td><td>5.0%</td>"
    # Boxes of which one has no weight limit: no such column (a share of no limit).
    pd.DataFrame({"id": ["S", "M"], "length": [100, 200], "width": [100, 200],
                  "height": [100, 200], "max_weight": [2_000, None]}).to_csv(boxes,
                                                                             index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "--report", str(report),
                 "--quiet"]) == 0
    assert "by weight" not in report.read_text()
    # Boxes that all carry a limit beside a machine whose cut boxes carry none (a hunt: the
    # report failed after the whole run, summing None).
    pd.DataFrame({"id": ["S", "M"], "length": [100, 200], "width": [100, 200],
                  "height": [100, 200], "max_weight": [2_000, 10_000],
                  "cost": [0.3, 0.5]}).to_csv(boxes, index=False)
    machine = tmp_path / "m.toml"
    machine.write_text("step = 5\nwall = 3\nboard_cost = 0.45\n")
    assert main(["pack", str(src), "--boxes", str(boxes), "--on-demand", str(machine),
                 "--report", str(report), "--quiet"]) == 0
    assert "by weight" not in report.read_text()


def test_units_convert_conservatively(tmp_path):
    src, boxes, out = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / "out.csv"
    pd.DataFrame({"order_id": [1], "length": [19.96], "width": [1.0], "height": [1.0],
                  "weight": [0.5], "orientation": ["fixed"]}).to_csv(src, index=False)
    pd.DataFrame({"id": ["A", "B"], "length": [20.0, 30.0], "width": [20.0, 30.0],
                  "height": [20.0, 30.0], "max_weight": [0.5, 5.0]}).to_csv(boxes, index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(out), "--unit", "cm",
                 "--weight-unit", "kg", "--quiet"]) == 0
    # 199.6 mm rounds up to 200 and fits A (200 mm); 500 g fits A's 500 g limit.
    assert read(out)["box_ids"][0] == "A"


def test_results_give_sizes_and_weights_back_in_the_units_read(tmp_path, capsys):
    # Found by a planner's review: with --weight-unit lb the gross weight came out in grams
    # (2869 for a parcel of 6.3 lb), and placements in inches at 15 digits (8.30708661417323).
    src, boxes, tariff = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / "t.toml"
    pd.DataFrame({"order_id": ["A", "A"], "length": [8.27, 4.0], "width": [5.5, 4.0],
                  "height": [1.0, 2.0], "weight": [2.5, 1.5]}).to_csv(src, index=False)
    pd.DataFrame({"id": ["M"], "length": [12.0], "width": [10.0], "height": [6.0],
                  "max_weight": [40.0], "empty_weight": [0.5]}).to_csv(boxes, index=False)
    tariff.write_text("divisor = 5000\nfirst_weight = 500\nfirst_price = 3.2\n")
    out, places = tmp_path / "out.csv", tmp_path / "p.csv"
    assert main(["pack", str(src), "--boxes", str(boxes), "--tariff", str(tariff), "--unit",
                 "in", "--weight-unit", "lb", "-o", str(out), "--placements", str(places),
                 "--quiet"]) == 0
    # The boxes' volume in cubic feet, not m3, for files in inches: 12 x 10 x 6 in read down
    # to 304 x 254 x 152 mm, 0.414 ft3 (720 in3 would be 0.417)
    assert "box volume in all    0.414 ft3" in capsys.readouterr().out
    gross = float(read(out)["gross_weight"][0])
    # 2.5 + 1.5 lb of contents, each read up to a whole gram, and the box's 0.5 lb:
    # 1,134 + 681 + 227 g
    assert gross == round((1134 + 681 + 227) / 453.59237, 4) and abs(gross - 4.5) < 0.01
    p = pd.read_csv(places)
    for c in ("x", "y", "z", "length", "width", "height"):
        assert (p[c] == p[c].round(4)).all(), c
    # 8.27 in reads up to 211 mm: written back as 8.3071 in
    assert 8.3071 in set(p[["length", "width", "height"]].to_numpy().ravel())


def test_bad_row_fails_with_file_row_column_and_exit_2(tmp_path, capsys):
    orders = orders_frame(10)
    orders.loc[5, "width"] = -3
    src, boxes = tmp_path / "o.csv", tmp_path / "b.csv"
    write(orders, src)
    BOXES.to_csv(boxes, index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "--quiet", "--chunk-rows", "4"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"cartonize: {src}: row 6: width = -3 must be positive"


def test_skip_writes_rejects_and_counts_them(tmp_path, capsys):
    orders = orders_frame(10)
    bad_order = orders.loc[5, "order_id"]
    orders["width"] = orders["width"].astype(object)
    orders.loc[5, "width"] = "wide"
    src, boxes, out = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / "out.csv"
    write(orders, src)
    BOXES.to_csv(boxes, index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(out), "--on-error", "skip",
                 "--quiet"]) == 0
    got = read(out)
    assert bad_order not in set(got["order_id"]) and len(got) == 9
    rejects = pd.read_csv(tmp_path / "o.rejects.csv")
    assert set(rejects["order_id"]) == {bad_order}
    assert "not a number" in rejects.loc[rejects["source_row"] == 6, "reason"].iloc[0]
    assert "skipped (bad rows)   1 orders" in capsys.readouterr().out


def test_missing_column_and_unknown_file(tmp_path, capsys):
    src, boxes = tmp_path / "o.csv", tmp_path / "b.csv"
    pd.DataFrame({"order_id": [1], "len": [5], "width": [5], "height": [5]}).to_csv(src, index=False)
    BOXES.to_csv(boxes, index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "--quiet"]) == 2
    assert "missing column(s) length" in capsys.readouterr().err
    assert main(["pack", str(src), "--boxes", str(boxes), "--columns", "length=len",
                 "--quiet"]) == 0
    assert main(["pack", str(tmp_path / "nope.csv"), "--boxes", str(boxes)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_header_with_spaces_around_its_names_is_read_and_counts_are_worded(tmp_path, capsys):
    # From a new user's trial: " order_id , length , ..." (as a spreadsheet may write it)
    # was "missing column(s) order_id, ..." with a --columns hint that could not work (it
    # trims what it is given): the same error again. A name with spaces is read as the name
    # within; --columns maps it by that name; "wrote 1 orders" said of one.
    src, boxes = tmp_path / "o.csv", tmp_path / "b.csv"
    src.write_text(" order_id , length , width , height \nA, 10 , 10 , 10 \n")
    BOXES.to_csv(boxes, index=False)
    out = tmp_path / "out.csv"
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(out),
                 "--placements", str(tmp_path / "p.csv")]) == 0
    said = capsys.readouterr().out
    assert f"wrote 1 order to {out}" in said and "wrote 1 placement to" in said
    row = pd.read_csv(out).iloc[0]
    assert (row["order_id"], row["status"]) == ("A", "packed")
    want = pack_many({"order_id": ["A"], "length": [10], "width": [10], "height": [10]}, CAT)
    assert row["box_ids"] == want["box_ids"][0][0]
    src.write_text("order_id, len ,width,height\nA,10,10,10\nA,10,10,10\n")
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(out), "--columns",
                 "length=len", "--placements", str(tmp_path / "p.csv")]) == 0
    assert "wrote 2 placements" in capsys.readouterr().out


def test_a_columns_entry_no_file_has_is_refused(tmp_path, capsys):
    # From a new user's trial: --columns height=nosuch ran, reading the file's own height (a
    # typo for a column meant to stand in for it goes unnoticed): one line naming it. An
    # entry one of the files read has (the boxes file, say) is taken.
    src, boxes = tmp_path / "o.csv", tmp_path / "b.csv"
    src.write_text("order_id,length,width,height,height_mm\nA,1,1,1,10\n")
    BOXES.to_csv(boxes, index=False)
    for command, out in (("pack", "out.csv"), ("view", "v.html")):
        assert main([command, str(src), "--boxes", str(boxes), "-o", str(tmp_path / out),
                     "--columns", "height=heigth_mm"] + (["--order", "A"] if command == "view"
                                                         else [])) == 2
        err = capsys.readouterr().err.strip()
        assert err == "cartonize: --columns: height=heigth_mm: no file read has a column " \
                      "'heigth_mm'"
        assert not (tmp_path / out).exists()
    src.write_text("order_id,length,width,height_mm\nA,10,10,10\n")
    BOXES.rename(columns={"height": "depth"}).to_csv(boxes, index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "-o", str(tmp_path / "out.csv"),
                 "--columns", "height=height_mm,height=depth", "--quiet"]) == 0


def test_render_draws_a_png_of_the_expected_size(tmp_path):
    pytest.importorskip("matplotlib")
    from PIL import Image
    orders = orders_frame(5)
    src, boxes, png = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / "pic.png"
    write(orders, src)
    BOXES.to_csv(boxes, index=False)
    assert main(["render", str(src), "--boxes", str(boxes), "--order", "1002", "-o",
                 str(png)]) == 0
    n_boxes = pack_many(orders[orders.order_id == 1002], CAT)["n_boxes"][0]
    with Image.open(png) as im:
        assert im.format == "PNG"
        w, h = im.size
    # A panel for every box, side by side up to three (a row of panels each 3 boxes).
    assert w >= 500 * min(n_boxes, 3) and h >= 500 * -(-n_boxes // 3)
    assert main(["render", str(src), "--boxes", str(boxes), "--order", "77", "-o",
                 str(png)]) == 2


def test_the_picture_names_copies_as_the_sheet_does_with_units(tmp_path):
    # Found by a planner: the picture's table said "copy 0" where the sheet says "#1", cut
    # ids to 10 characters, gave no unit, and its title rounded 1.1 % to "1 % full".
    pytest.importorskip("matplotlib")
    from cartonize import Box, Catalog, Item, pack, render
    long_id = "0720290f279ed8afc3ee32b9a94df973"
    items = [Item(100, 80, 40, quantity=3, id=long_id), Item(50, 50, 50, id="mug")]
    p = pack(items, Catalog([Box("M", 300, 200, 150)]))
    fig = render.draw_packing(p, items, "order A")
    ax = next(a for a in fig.axes if a.name == "3d")
    table = "\n".join(t.get_text() for a in fig.axes for t in a.texts if "\n" in t.get_text())
    assert "   1 0720290f27…f973 #1  (0, 0, 0)" in table and "mug #1" in table
    assert "at (x, y, z) mm" in table and "size, mm" in table
    assert ax.get_title().endswith(f"{100 * p.boxes[0].utilisation:.1f} % full")
    assert [ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()] == [
        "length, mm", "width, mm", "height, mm"]


def test_consolidate_from_toml_files(tmp_path, capsys):
    parcels = pd.DataFrame(datasets.cross_border_parcels(300, seed=5))
    src, boxes = tmp_path / "parcels.parquet", tmp_path / "cartons.csv"
    parcels.to_parquet(src, index=False)
    cat = datasets.consolidation_catalog()
    pd.DataFrame({"id": [b.id for b in cat], "length": [b.length for b in cat],
                  "width": [b.width for b in cat], "height": [b.height for b in cat],
                  "max_weight": [b.max_weight for b in cat], "cost": [b.cost for b in cat],
                  "empty_weight": [b.empty_weight for b in cat],
                  "outer_length": [b.outer[0] for b in cat], "outer_width": [b.outer[1] for b in cat],
                  "outer_height": [b.outer[2] for b in cat]}).to_csv(boxes, index=False)
    tariff, policy = tmp_path / "tariff.toml", tmp_path / "policy.toml"
    tariff.write_text("divisor = 5000\nfirst_weight = 500\nfirst_price = 3.20\n"
                      "step_weight = 500\nstep_price = 1.10\nper_parcel = 0.80\n")
    policy.write_text("max_weight = 30000\nmax_value = 15000\nmax_parcels = 10\n"
                      "max_wait = 172800\nwait_cost_per_hour = 0.02\n")
    out = tmp_path / "groups.jsonl"
    assert main(["consolidate", str(src), "--boxes", str(boxes), "--tariff", str(tariff),
                 "--policy", str(policy), "-o", str(out)]) == 0
    from cartonize import ConsolidationPolicy, Tariff, consolidate
    want = consolidate(parcels, cat, Tariff(divisor=5000, first_weight=500, first_price=3.20,
                                            step_weight=500, step_price=1.10, per_parcel=0.80),
                       ConsolidationPolicy(wait_cost_per_hour=0.02))
    got = pd.read_json(out, lines=True)
    assert len(got) == len(want.groups)
    assert got["saving"].sum() == pytest.approx(want.groups["saving"].sum())
    assert "saving" in capsys.readouterr().out
    tariff.write_text("divisor = 0\n")
    assert main(["consolidate", str(src), "--boxes", str(boxes), "--tariff", str(tariff)]) == 2


def test_demo_prints_the_summary_and_writes_picture_and_report(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    assert main(["demo", "--out-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "400 real orders" in out and "orders not fully packed     0" in out
    assert (tmp_path / "cartonize-demo.png").read_bytes()[:4] == b"\x89PNG"
    assert "<h1>" in (tmp_path / "cartonize-demo.html").read_text()
    # Every file it wrote is named, the worst-filled orders' page too.
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["cartonize-demo-view.html", "cartonize-demo-worst.html",
                       "cartonize-demo.html", "cartonize-demo.png"]
    assert all(str(tmp_path / name) in out for name in written)


def test_help_reads_for_a_newcomer(capsys):
    with pytest.raises(SystemExit):
        main(["pack", "--help"])
    text = capsys.readouterr().out
    assert "--boxes" in text and "--on-error" in text and "order_id" in text


def test_version_says_the_release_and_the_kernel_level(capsys):
    # (There was no --version: a user filing a report had no way to say which build ran.)
    import cartonize
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out == (f"cartonize {cartonize.__version__} "
                                       f"(placement kernel: {cartonize.simd()})\n")


def test_utilisation_is_said_per_order_and_of_all_the_box_volume(tmp_path, capsys):
    # A planner's trial: "mean utilisation" was the mean of the orders' shares, where box-set
    # design's report gives the share of all the box volume: read as one, they differ.
    src, boxes, report = tmp_path / "o.csv", tmp_path / "b.csv", tmp_path / "r.html"
    pd.DataFrame({"order_id": ["A", "B"], "length": [100, 150], "width": [100, 150],
                  "height": [50, 150]}).to_csv(src, index=False)
    pd.DataFrame({"id": ["S", "M"], "length": [100, 200], "width": [100, 200],
                  "height": [100, 200]}).to_csv(boxes, index=False)
    assert main(["pack", str(src), "--boxes", str(boxes), "--report", str(report)]) == 0
    # A fills half of S; B 3,375,000 of M's 8,000,000 mm3 (42.2 %): a mean of 46.1 %, and
    # 3,875,000 of all 9,000,000 mm3 (43.1 %).
    said = "46.1 % per order (43.1 % of all the box volume)"
    assert f"mean utilisation     {said}" in capsys.readouterr().out
    assert f"<td>mean utilisation</td><td>{said}</td>" in report.read_text()


def test_the_report_links_its_worst_page_by_a_quoted_name(tmp_path):
    # A hunt: a report named "rép ort#1?.html" linked "rép ort#1?-worst.html#box=0", which a
    # browser reads as the page "rép ort" (the "#" starts the fragment).
    from urllib.parse import unquote
    src, boxes = tmp_path / "o.csv", tmp_path / "b.csv"
    write(orders_frame(5), src)
    BOXES.to_csv(boxes, index=False)
    report = tmp_path / "rép ort#1?.html"
    assert main(["pack", str(src), "--boxes", str(boxes), "--report", str(report),
                 "--quiet"]) == 0
    links = re.findall(r'href="([^"]+)"', report.read_text())
    assert links and all(link.startswith("r%C3%A9p%20ort%231%3F-worst.html#box=")
                         for link in links), links
    assert (tmp_path / unquote(links[0].split("#box=")[0])).is_file()
