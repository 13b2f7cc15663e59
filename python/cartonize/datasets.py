"""Data bundled with cartonize: a sample of real orders and the boxes they ship in.

The sample is 400 orders of a real shop (mostly printed matter) from BoxPacker's test data;
see ``data/README.md`` for its source and licence.
"""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np

from .catalog import Catalog
from .model import Box


def _rows(name: str) -> list:
    with resources.files("cartonize").joinpath("data", name).open(newline="") as f:
        return list(csv.DictReader(f))


def sample_orders(orientation: str = "any") -> dict:
    """The bundled orders as a dict of numpy arrays, one entry per order line, ready for
    :func:`cartonize.pack_many`: order_id, item_id, length, width, height (mm), weight (g),
    quantity and orientation (the same for every line)."""
    rows = _rows("sample_orders.csv")
    out = {k: np.array([r[k] for r in rows], dtype=object) for k in ("order_id", "item_id")}
    for k in ("length", "width", "height", "weight", "quantity"):
        out[k] = np.array([int(r[k]) for r in rows], dtype=np.int64)
    out["orientation"] = np.full(len(rows), orientation, dtype=object)
    return out


def sample_catalog() -> Catalog:
    """The four boxes the bundled orders ship in (cost = inner volume)."""
    boxes = []
    for r in _rows("sample_boxes.csv"):
        boxes.append(Box(r["id"], int(r["length"]), int(r["width"]), int(r["height"]),
                         max_weight=int(r["max_weight"]), empty_weight=int(r["empty_weight"]),
                         outer=(int(r["outer_length"]), int(r["outer_width"]),
                                int(r["outer_height"]))))
    return Catalog(boxes)


def write_samples(folder=".") -> dict:
    """Copy the bundled files into ``folder`` (made if missing): ``orders.csv`` (the 400
    sample orders, one row per order line), ``boxes.csv`` (their four boxes),
    ``parcels.csv`` (2,000 cross-border parcels, see :func:`cross_border_parcels`) and
    ``cartons.csv`` (the cartons a hub repacks them into, :func:`consolidation_catalog`), to
    try the command line on. Returns {name: path}.

    >>> import tempfile
    >>> paths = write_samples(tempfile.mkdtemp())
    >>> sorted(paths)
    ['boxes', 'cartons', 'orders', 'parcels']
    """
    from pathlib import Path
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, source in (("orders", "sample_orders.csv"), ("boxes", "sample_boxes.csv")):
        paths[name] = out / f"{name}.csv"
        paths[name].write_bytes(resources.files("cartonize").joinpath("data", source)
                                .read_bytes())
    parcels = cross_border_parcels(2000, seed=0)
    paths["parcels"] = out / "parcels.csv"
    with paths["parcels"].open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")  # as the bundled files: sed and awk match
        writer.writerow(list(parcels))
        writer.writerows(zip(*(parcels[k].tolist() for k in parcels)))
    paths["cartons"] = out / "cartons.csv"
    with paths["cartons"].open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "length", "width", "height", "max_weight", "empty_weight",
                         "cost", "outer_length", "outer_width", "outer_height"])
        for b in consolidation_catalog():
            writer.writerow([b.id, b.length, b.width, b.height, b.max_weight, b.empty_weight,
                             b.cost, *b.outer])
    return paths


LANES = ("DE", "FR", "ES", "IT", "NL")
LANE_SHARES = (0.35, 0.25, 0.15, 0.15, 0.10)


def cross_border_parcels(n_parcels: int = 100_000, *, days: float = 3.0, seed: int = 0,
                         eta_error_hours: float = 0.0) -> dict:
    """A reproducible synthetic stream of cross-border parcels, as a dict of numpy arrays with
    the columns :func:`cartonize.consolidate` and :func:`cartonize.simulate` take.

    Distributions (documented so that results can be discussed):

    - parcels per consumer: 1..15, P(k) proportional to 0.5**(k - 1) (mean about 2);
    - ready times: a consumer's first parcel uniform over ``days``; each further parcel of the
      consumer after an exponential gap of mean 12 h;
    - deadlines: ready + 24..96 h, uniform;
    - weight: log-normal, median 700 g, sigma 1.2, 20 g .. 30 kg, so that about 80 % of
      parcels weigh under 2 kg (the EU's observation for e-commerce parcels);
    - size: volume = weight / density with density 0.1..0.5 g/cm3 uniform, sides in ratio
      about 1.6 : 1 : 0.6 with 20 % jitter, each 20..600 mm;
    - value: log-normal in minor currency units, median 2,500, sigma 1.0;
    - lane: the consumer's destination, one of DE, FR, ES, IT, NL with shares 35/25/15/15/10 %
      (every parcel of a consumer on one lane);
    - known (when the hub learns of the parcel, the order time): ready minus a transit time
      uniform over 2..8 days, at least 0;
    - eta (the arrival expected at `known`): ready plus a normal error of standard deviation
      ``eta_error_hours`` (0: exact), never before `known`.

    These are stated assumptions for experiments, not measured figures: transit times of a
    few days to a week and ETA errors of hours to a day are what cross-border e-commerce
    parcels commonly see; vary them to see how a strategy copes.
    """
    rng = np.random.default_rng(seed)
    k = np.arange(1, 16)
    p = 0.5 ** (k - 1)
    sizes = []
    total = 0
    while total < n_parcels:
        batch = rng.choice(k, size=max(16, (n_parcels - total) // 2 + 1), p=p / p.sum())
        for s in batch:
            s = int(min(s, n_parcels - total))
            sizes.append(s)
            total += s
            if total >= n_parcels:
                break
    sizes = np.array(sizes, dtype=np.int64)
    consumer = np.repeat(np.arange(len(sizes)), sizes)
    start = rng.uniform(0, days * 86400, len(sizes))[consumer]
    gaps = rng.exponential(12 * 3600, n_parcels)
    first = np.zeros(n_parcels, dtype=bool)
    first[np.cumsum(sizes) - sizes] = True
    gaps[first] = 0
    within = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[np.cumsum(sizes) - sizes], sizes)
    ready = np.floor(start + within).astype(np.int64)
    deadline = ready + rng.uniform(24, 96, n_parcels).astype(np.int64) * 3600
    weight = np.clip(np.exp(rng.normal(np.log(700), 1.2, n_parcels)), 20, 30_000).astype(np.int64)
    volume_mm3 = weight / rng.uniform(0.1, 0.5, n_parcels) * 1000
    unit = np.cbrt(volume_mm3 / (1.6 * 1.0 * 0.6))
    dims = [np.clip(unit * f * rng.uniform(0.8, 1.2, n_parcels), 20, 600).astype(np.int64)
            for f in (1.6, 1.0, 0.6)]
    value = np.maximum(1, np.exp(rng.normal(np.log(2500), 1.0, n_parcels))).astype(np.int64)
    # Drawn from a generator of their own, so that the columns above stay as they were.
    extra = np.random.default_rng([seed, 1])
    lane = np.array(LANES, dtype=object)[extra.choice(len(LANES), len(sizes), p=LANE_SHARES)]
    known = np.maximum(0, ready - (extra.uniform(2, 8, n_parcels) * 86400).astype(np.int64))
    error = extra.normal(0.0, 1.0, n_parcels) * float(eta_error_hours) * 3600
    eta = np.maximum(known, ready + np.round(error).astype(np.int64))
    return {"parcel_id": np.arange(n_parcels, dtype=np.int64), "consumer_id": consumer,
            "ready": ready, "deadline": deadline, "length": dims[0], "width": dims[1],
            "height": dims[2], "weight": weight, "value": value, "lane": lane[consumer],
            "known": known, "eta": eta}


def consolidation_catalog() -> Catalog:
    """Five shipping cartons for consolidated packages, costs in currency (material and
    handling), outer = inner + 6 mm, empty weights of corrugated board."""
    spec = [("C1", 250, 180, 100, 0.25, 120), ("C2", 350, 250, 150, 0.35, 220),
            ("C3", 450, 350, 250, 0.55, 380), ("C4", 550, 400, 350, 0.80, 560),
            ("C5", 650, 500, 450, 1.10, 800)]
    return Catalog([Box(i, l, w, h, max_weight=30_000, cost=c, outer=(l + 6, w + 6, h + 6),
                        empty_weight=e) for i, l, w, h, c, e in spec])
