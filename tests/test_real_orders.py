"""Real orders: the bundled sample of BoxPacker's test data, and BoxPacker's own results."""

import csv
from pathlib import Path

import pytest

from cartonize import Item, datasets, pack, pack_many, verify
from cartonize.__main__ import main

RESULTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "boxpacker" / "boxpacker_results.csv"


def sample_orders(orientation):
    cols = datasets.sample_orders(orientation)
    orders = {}
    for k in range(len(cols["order_id"])):
        orders.setdefault(cols["order_id"][k], []).append(Item(
            int(cols["length"][k]), int(cols["width"][k]), int(cols["height"][k]),
            weight=int(cols["weight"][k]), quantity=int(cols["quantity"][k]),
            orientation=orientation))
    return orders


@pytest.mark.parametrize("orientation", ["any", "upright"])
def test_every_sample_packing_verifies(orientation):
    catalog = datasets.sample_catalog()
    orders = sample_orders(orientation)
    assert len(orders) == 400
    for items in orders.values():
        p = pack(items, catalog)
        verify(p, items, catalog)
        assert not p.unpacked


@pytest.mark.skipif(not RESULTS.exists(), reason="../shared/data/boxpacker not beside the clone")
@pytest.mark.parametrize("orientation", ["any", "upright"])
def test_never_more_boxes_than_boxpacker_on_the_sample(orientation):
    with open(RESULTS, newline="") as f:
        theirs = {r["order_id"]: int(r[f"boxes_{orientation}"]) for r in csv.DictReader(f)}
    table = pack_many(datasets.sample_orders(orientation), datasets.sample_catalog())
    worse = [(o, n, theirs[o]) for o, n in zip(table["order_id"], table["n_boxes"])
             if n > theirs[o]]
    assert worse == []
    assert table["n_boxes"].sum() <= sum(theirs[o] for o in table["order_id"])


def test_main_job_prints_a_summary_of_the_sample(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "400 real orders" in out
    assert "orders not fully packed     0" in out
    for box in ("Option 1", "Option 2", "Option 3", "Option 4"):
        assert box in out


def _over_boxpackers_limit(data, placements) -> int:
    """The boxes of a placements file that weigh more, packed, than BoxPacker's max_weight
    (which counts the box's own empty_weight), from its own files."""
    with open(data / "items.csv", newline="") as f:
        weight = [int(r["weight"]) for r in csv.DictReader(f)]
    with open(data / "boxes.csv", newline="") as f:
        box = {r["reference"]: (int(r["empty_weight"]), int(r["max_weight"]))
               for r in csv.DictReader(f)}
    packed = {}
    with open(placements, newline="") as f:
        for r in csv.DictReader(f):
            key = (r["order_id"], r["box_index"], r["box_id"])
            packed[key] = packed.get(key, 0) + weight[int(r["item_row"]) - 1]
    return sum(load + box[b][0] > box[b][1] for (_, _, b), load in packed.items())


@pytest.mark.skipif(not RESULTS.exists(), reason="../shared/data/boxpacker not beside the clone")
def test_the_command_line_reads_boxpackers_own_files_with_the_guides_columns(tmp_path, capsys):
    # docs/guides/reading-files.md: one --columns maps each file's own names (an item's
    # depth, a box's inner_depth) to ours, and its max_weight (what a box may weigh packed)
    # to our max_gross_weight. Read so, every order packs, in no more boxes than BoxPacker
    # used (its results, turns allowed), and no box weighs more than BoxPacker allows; read
    # as our max_weight (found by a trial: the guide said "as they are"), some did.
    data = RESULTS.parent
    columns = ("height=depth,height=inner_depth,length=inner_length,width=inner_width,"
               "outer_height=outer_depth,id=reference")
    out, places = tmp_path / "packed.csv", tmp_path / "placements.csv"
    assert main(["pack", str(data / "items.csv"), "--boxes", str(data / "boxes.csv"),
                 "--columns", columns + ",max_gross_weight=max_weight", "-o", str(out),
                 "--placements", str(places), "--quiet"]) == 0
    capsys.readouterr()
    with open(RESULTS, newline="") as f:
        theirs = {r["order_id"]: int(r["boxes_any"]) for r in csv.DictReader(f)}
    with open(out, newline="") as f:
        ours = {r["order_id"]: (r["status"], int(r["n_boxes"])) for r in csv.DictReader(f)}
    assert set(ours) == set(theirs)
    assert all(s == "packed" and n <= theirs[o] for o, (s, n) in ours.items())
    assert _over_boxpackers_limit(data, places) == 0
    assert main(["pack", str(data / "items.csv"), "--boxes", str(data / "boxes.csv"),
                 "--columns", columns, "-o", str(out), "--placements", str(places),
                 "--quiet"]) == 0
    assert _over_boxpackers_limit(data, places) > 0


def test_the_samples_written_end_their_lines_as_the_bundled_files_do(tmp_path):
    # Found by a new user's trial: parcels.csv and cartons.csv came with "\r\n" endings on
    # Linux (the csv module's), so a sed or awk edit of a column quietly matched nothing.
    paths = datasets.write_samples(str(tmp_path))
    for name, path in paths.items():
        data = path.read_bytes()
        assert b"\r" not in data and data.endswith(b"\n"), name
        assert data.count(b"\n") > 1, name
