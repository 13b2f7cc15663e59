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


@pytest.mark.skipif(not RESULTS.exists(), reason="../shared/data/boxpacker not beside the clone")
def test_the_command_line_reads_boxpackers_own_files_with_the_guides_columns(tmp_path, capsys):
    # docs/guides/reading-files.md: one --columns maps each file's own names (an item's
    # depth, a box's inner_depth) to ours. Read so, every order packs, in no more boxes than
    # BoxPacker used (its results, turns allowed).
    data = RESULTS.parent
    out = tmp_path / "packed.csv"
    assert main(["pack", str(data / "items.csv"), "--boxes", str(data / "boxes.csv"),
                 "--columns", "height=depth,height=inner_depth,length=inner_length,"
                 "width=inner_width,outer_height=outer_depth,id=reference",
                 "-o", str(out), "--quiet"]) == 0
    capsys.readouterr()
    with open(RESULTS, newline="") as f:
        theirs = {r["order_id"]: int(r["boxes_any"]) for r in csv.DictReader(f)}
    with open(out, newline="") as f:
        ours = {r["order_id"]: (r["status"], int(r["n_boxes"])) for r in csv.DictReader(f)}
    assert set(ours) == set(theirs)
    assert all(s == "packed" and n <= theirs[o] for o, (s, n) in ours.items())


def test_the_samples_written_end_their_lines_as_the_bundled_files_do(tmp_path):
    # Found by a new user's trial: parcels.csv and cartons.csv came with "\r\n" endings on
    # Linux (the csv module's), so a sed or awk edit of a column quietly matched nothing.
    paths = datasets.write_samples(str(tmp_path))
    for name, path in paths.items():
        data = path.read_bytes()
        assert b"\r" not in data and data.endswith(b"\n"), name
        assert data.count(b"\n") > 1, name
