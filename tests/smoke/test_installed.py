"""Smoke tests for an installed wheel: they need only numpy and pytest, and run from outside
the source tree (cibuildwheel's test-command, `.ci/run`). With CARTONIZE_EXPECT_INSTALLED=1
they also check that the package imported is the installed one, not the sources."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cartonize
from cartonize import Box, Catalog, Item, datasets, pack, pack_many, verify

CATALOG = Catalog([Box("S", 200, 150, 100, max_weight=5_000, cost=0.30),
                   Box("M", 300, 200, 150, max_weight=10_000, cost=0.45)])
HAS_NUMBA = importlib.util.find_spec("numba") is not None


def test_the_installed_package_is_imported():
    if os.environ.get("CARTONIZE_EXPECT_INSTALLED") != "1":
        pytest.skip("only where the wheel is installed")
    here = Path(cartonize.__file__).resolve()
    assert "site-packages" in here.parts, here
    assert importlib.util.find_spec("cartonize._core").origin.startswith(str(here.parent))


def test_import_and_pack_load_neither_numba_nor_pandas():
    code = ("import sys, cartonize\n"
            "from cartonize import Box, Catalog, Item, pack\n"
            "p = pack([Item(10, 10, 10)], Catalog([Box('A', 20, 20, 20)]))\n"
            "assert p.box_ids == ('A',), p\n"
            "print(sorted(m for m in ('numba', 'llvmlite', 'pandas', 'pyarrow') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_pack_chooses_the_smaller_box_and_verifies():
    items = [Item(120, 80, 40, weight=350, quantity=2), Item(250, 30, 30, weight=90)]
    p = pack(items, CATALOG)
    # The 250-long poster is longer than every side of S (200 x 150 x 100): M.
    assert p.box_ids == ("M",)
    verify(p, items, CATALOG)
    small = pack([Item(190, 140, 90)], CATALOG)
    assert small.box_ids == ("S",) and small.proof == "proven"


def test_pack_many_on_the_bundled_sample_matches_pack():
    lines = datasets.sample_orders()
    catalog = datasets.sample_catalog()
    table = pack_many(lines, catalog, threads=2)
    assert set(table["status"]) == {"packed"}
    first = list(dict.fromkeys(lines["order_id"].tolist()))
    assert list(table["order_id"]) == first
    for k in range(0, len(first), 20):  # every 20th order, packed alone and verified
        rows = np.flatnonzero(lines["order_id"] == first[k])
        items = [Item(int(lines["length"][r]), int(lines["width"][r]), int(lines["height"][r]),
                      weight=int(lines["weight"][r]), quantity=int(lines["quantity"][r]))
                 for r in rows]
        p = pack(items, catalog)
        verify(p, items, catalog)
        assert table["box_ids"][k] == p.box_ids


def test_consolidation_loads_on_first_use_or_names_the_extra():
    if HAS_NUMBA:
        parcels = datasets.cross_border_parcels(40, seed=1)
        result = cartonize.consolidate(parcels, datasets.consolidation_catalog(),
                                       cartonize.Tariff(first_price=1.0, step_price=0.5),
                                       cartonize.ConsolidationPolicy())
        assert result.saving >= 0
    else:
        with pytest.raises(ModuleNotFoundError, match=r"cartonize\[consolidate\]"):
            cartonize.consolidate  # noqa: B018


def test_warmup_runs():
    assert cartonize.warmup() >= 0


def test_every_simd_level_this_cpu_runs_places_the_sample_alike():
    # The wheel is built for the baseline CPU of its architecture; the wider kernels inside it
    # are chosen at import. Forcing each level, the baseline first (what a CPU without AVX2
    # runs), gives the same placements.
    code = ("import hashlib, numpy as np, cartonize\n"
            "from cartonize import datasets, pack_many\n"
            "_, p = pack_many(datasets.sample_orders(), datasets.sample_catalog(),"
            " placements=True)\n"
            "rows = sorted(zip(*(np.asarray(v).tolist() for v in p.values())))\n"
            "print(cartonize.simd(), hashlib.sha256(repr(rows).encode()).hexdigest())\n")
    seen = {}
    for level in ("baseline",) + cartonize._core.simd_levels()[1:]:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=dict(os.environ, CARTONIZE_SIMD=level), check=True, cwd="/")
        name, digest = out.stdout.split()
        seen[name] = digest
    assert list(seen) == list(cartonize._core.simd_levels())
    assert len(set(seen.values())) == 1, seen
