"""cartonize on a Dask cluster: pack_many and consolidate over dask DataFrames.

Each partition runs the local C++/Numba batch code with the worker's threads. The rows of one
order (one consumer, for consolidation) must sit in one partition: the functions check, and
with ``shuffle="auto"`` (the default) repartition by the key when some order is split (a hash
shuffle), with ``shuffle=False`` raise an error saying how to fix the input instead. With a
distributed Client, the catalogue (and tariff, policy) is one task of the graph that every
partition depends on, rather than a copy in every partition's task: a worker computes it once
and the others fetch it, and when a worker dies the scheduler makes it again (data scattered
to the workers would be lost with them); every worker warms the Numba kernels before its
first partition (a worker plugin).

    import dask.dataframe as dd  # noqa: F401 (availability)
    from distributed import Client
    import cartonize.dask as cdask
    client = Client("tcp://scheduler:8786")
    orders = dd.read_parquet("orders/")
    table = cdask.pack_many(orders, catalog)          # a dask DataFrame, lazily
    cdask.to_parquet(table, "packed/")               # its tuples as Parquet lists
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import numpy as np

from ._extras import require

try:
    import dask  # noqa: F401 (availability)
    import dask.dataframe as dd  # noqa: F401 (availability)
    import pandas as pd
except ImportError:  # one line naming the extra, whichever of its modules is missing
    require(("pandas", "pyarrow", "dask", "distributed", "numba"), "dask", "cartonize.dask")
    raise

from ._tables import LINE_REQUIRED, ORDER_COLUMNS, RowValueError, plain, table_columns
from .batch import pack_columns, pack_many as _pack_many
from .catalog import Catalog
from ._options import check_search, check_threads, check_whole
from .consolidation import STRATEGIES, ConsolidationPolicy, Tariff, consolidate as _consolidate
from .consolidation.solver import method_of
from ._dask_parquet import to_parquet  # noqa: F401 (public: cartonize.dask.to_parquet)

# The extra's other modules, named here rather than where they are first used.
require(("pyarrow", "distributed", "numba"), "dask", "cartonize.dask")

PLUGIN_NAME = "cartonize-warmup"


class _Warmup:
    """Worker plugin: compile or load the Numba kernels when a worker starts."""

    name = PLUGIN_NAME
    idempotent = True

    def setup(self, worker):
        from . import warmup
        warmup()


def _client():
    try:
        from distributed import default_client
        return default_client()
    except (ImportError, ValueError):
        return None


def _ship(obj):
    """With a distributed client: the object as one task of the graph (pure: the same object,
    the same key), which partitions depend on and a lost worker's replacement makes again;
    without one, the object itself."""
    client = _client()
    if client is None:
        return obj
    try:
        from distributed.diagnostics.plugin import WorkerPlugin

        class Plugin(_Warmup, WorkerPlugin):
            pass
        client.register_plugin(Plugin(), name=PLUGIN_NAME)
    except Exception:  # an older distributed: warm-up happens on the first partition instead
        pass
    return dask.delayed(obj, pure=True, traverse=False)


def _threads():
    try:
        from distributed import get_worker
        return get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        return None


def split_keys(ddf, key: str) -> list:
    """Key values found in more than one partition (empty when every key is in one)."""
    per_part = ddf[key].map_partitions(lambda s: pd.Series(pd.unique(s)),
                                       meta=ddf[key]._meta).compute()
    dup = per_part[per_part.duplicated()]
    return list(pd.unique(dup))[:5]


def _grouped(ddf, key: str, shuffle):
    if not (isinstance(shuffle, str) and shuffle == "auto") and not isinstance(shuffle, bool):
        raise ValueError(f"shuffle must be 'auto', True or False, got {shuffle!r}")
    if key not in ddf.columns:
        raise ValueError(f"the dask DataFrame lacks the column {key!r}")
    if shuffle is True:
        return ddf.shuffle(on=key)
    split = split_keys(ddf, key)
    if not split:
        return ddf
    if shuffle is False:
        raise ValueError(
            f"rows of one {key} sit in several partitions (for example {split[:3]}); "
            f"repartition by it first, e.g. ddf.shuffle(on={key!r}) (it stays a column: "
            f"an index of it is no {key} column), or pass shuffle='auto'")
    return ddf.shuffle(on=key)


# pack_many's keyword options but those the partitions set themselves (threads, row_names) or
# whose table the Dask frame does not take (placements): read from its signature, one list.
PACK_OPTIONS = frozenset(
    name for name, p in inspect.signature(_pack_many).parameters.items()
    if p.kind is inspect.Parameter.KEYWORD_ONLY
    and name not in ("threads", "placements", "row_names"))


def _row_names(part, partition_info):
    """What a message calls each row: its index label (it survives the shuffle), or, where
    each partition counts from 0 (a file read in blocks), its place and its partition."""
    number = (partition_info or {}).get("number", 0)
    if isinstance(part.index, pd.RangeIndex) and part.index.start == 0 and number > 0:
        return [f"{k} of partition {number}" for k in range(len(part))]
    return part.index.to_numpy()


def _named(run, part, partition_info, scales=(1.0, 1.0)):
    """run(), a bad row of `part` named by _row_names (a plain ValueError: it travels) with
    its value in the caller's units (`scales`: the command line's mm and g to them)."""
    try:
        return run()
    except RowValueError as e:
        name = plain(_row_names(part, partition_info)[e.error.row])
        raise ValueError(f"{e.what}: {e.error.in_units(*scales).at(name)}") from None


def _pack_partition(part, catalog, options, scales, partition_info=None):
    if len(part) == 0:
        return _pack_meta(part, options, catalog)
    # pack_many's work, in the caller's units (`scales`: a message quotes the file's value).
    _, cols, n = table_columns(part, LINE_REQUIRED, known=ORDER_COLUMNS)
    return pd.DataFrame(pack_columns(
        cols, n, catalog, check_threads(_threads()), False, length_scale=scales[0],
        weight_scale=scales[1], row_numbers=_row_names(part, partition_info), **options).orders)


# The dtype pandas gives a column of strings (str from pandas 3, object before): pack_many's
# tables are numpy object arrays, which pandas infers so.
_STR = pd.Series(["x"]).dtype


def _id_dtype(dtype):
    """The dtype of pack_many's order_id for an input column of `dtype`: its values' (a
    categorical's categories', Int64's int64), strings inferred as pandas infers them."""
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    string = dtype == object or isinstance(dtype, pd.StringDtype)
    return _STR if string else getattr(dtype, "numpy_dtype", dtype)


def _pack_meta(part, options=None, catalog=None) -> pd.DataFrame:
    """The columns pack_many gives with these options and this catalogue, empty."""
    landed = {}
    if catalog is not None and catalog._bags:  # kinds and the size each package is filled to
        landed.update(kinds=object, box_sizes=object)
    if (options or {}).get("tariff") is not None:
        landed.update(shipping=np.float64, services=object, gross_weight=object)
    if catalog is not None and catalog.void_fill_cost is not None:
        landed.update(void=object, void_fill=np.float64)
    if catalog is not None and catalog.on_demand:  # boxes cut to size: every box's size
        landed["box_sizes"] = object
    return _empty(part, order_id=_id_dtype(part["order_id"].dtype), status=_STR,
                  n_boxes=np.int64, box_ids=object, cost=np.float64, utilisation=np.float64,
                  n_unpacked=np.int64, proof=_STR, lower_bound=np.int64, message=_STR,
                  n_alone=np.int64, **landed)


def pack_many(ddf, catalog: Catalog, *, shuffle="auto", **options):
    """:func:`cartonize.pack_many` on a dask DataFrame: a dask DataFrame of one row per order,
    with the same columns. ``options`` are pack_many's keyword options but ``threads``,
    ``placements`` and ``row_names`` (``PACK_OPTIONS``), checked here, before any task runs;
    box stock is consumed within each partition, not across them. A message names a bad row
    by the frame's index label, or, where each partition counts from 0, by its place and its
    partition ("row 30 of partition 1").
    ``shuffle``: "auto" repartitions by order_id only when an order is split across
    partitions, True always, False raises instead."""
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
    scales = options.pop("_scales", (1.0, 1.0))  # the command line's units, to mm and g
    unknown = sorted(set(options) - PACK_OPTIONS)
    if unknown:
        raise TypeError(f"pack_many got unknown option(s) {', '.join(unknown)}; the options "
                        f"are {', '.join(sorted(PACK_OPTIONS))}")
    # An option given as an iterator (incompatible, tariff) is read once, here: the check
    # below would use it up, and the tasks take the options by value.
    options = {k: tuple(v) if isinstance(v, Iterator) else v for k, v in options.items()}
    # The options as pack_many checks them, once here: an empty order list checks them all.
    _pack_many({"order_id": np.zeros(0, np.int64), "length": np.zeros(0, np.int64),
                "width": np.zeros(0, np.int64), "height": np.zeros(0, np.int64)}, catalog,
               **options)
    table_columns(ddf._meta, LINE_REQUIRED, known=ORDER_COLUMNS)  # as pack_many, before any task
    ddf = _grouped(ddf, "order_id", shuffle)
    meta = _pack_meta(ddf._meta, options, catalog)
    return ddf.map_partitions(_pack_partition, _ship(catalog), options, scales, meta=meta,
                              align_dataframes=False)


def _empty(part, **dtypes) -> pd.DataFrame:
    """An empty frame of these columns (a dtype "id": the partition's consumer_id's)."""
    return pd.DataFrame({c: pd.Series([], dtype=part["consumer_id"].dtype if d == "id" else d)
                         for c, d in dtypes.items()})


def _groups_meta(part) -> pd.DataFrame:
    return _empty(part, group_id=np.int64, consumer_id="id", lane=object, parcel_ids=object,
                  n_parcels=np.int64, box_id=object, gross_weight=np.int64, service=object,
                  shipped_at=np.int64, cost=np.float64, cost_alone=np.float64,
                  saving=np.float64)


def _consolidate_partition(part, catalog, tariff, policy, options, scales, partition_info=None):
    if len(part) == 0:
        return _groups_meta(part)
    groups = _named(lambda: _consolidate(part, catalog, tariff, policy, threads=_threads(),
                                         **options).groups, part, partition_info, scales)
    number = partition_info["number"] if partition_info else 0
    # Group ids unique over the whole frame: the partition number in the high bits.
    groups["group_id"] = (np.int64(number) << 32) + groups["group_id"].to_numpy(np.int64)
    for c in ("box_id", "lane", "service"):
        groups[c] = groups[c].astype(object)
    return groups


class DaskConsolidation:
    """What :func:`consolidate` gives on Dask, as the local :class:`ConsolidationResult`
    gives it, with the same columns: ``groups``, ``assignments`` and ``consumers`` as dask
    DataFrames (lazy; assignments and consumers derive from groups partition by partition,
    without consolidating again), and ``lanes`` (a pandas DataFrame, computed on first use)."""

    def __init__(self, groups, exact_limit: int = 12, parcel_ids=object):
        self.groups = groups
        self._exact_limit = exact_limit
        self._ids = parcel_ids  # the dtype of parcel_id in assignments
        self._lanes = None

    @property
    def assignments(self):
        id_dtype = self._ids

        def explode(g):
            rows = [(pid, gid) for gid, ids in zip(g["group_id"], g["parcel_ids"]) for pid in ids]
            return pd.DataFrame(rows, columns=["parcel_id", "group_id"]).astype(
                {"parcel_id": id_dtype, "group_id": np.int64})
        return self.groups.map_partitions(explode, meta=_empty(None, parcel_id=id_dtype,
                                                               group_id=np.int64))

    @property
    def consumers(self):
        limit = self._exact_limit

        def per_consumer(g):
            out = g.groupby(["consumer_id", "lane"], sort=False, dropna=False).agg(
                n_parcels=("n_parcels", "sum"), cost=("cost", "sum"),
                cost_alone=("cost_alone", "sum"), saving=("saving", "sum")).reset_index()
            out.insert(3, "method", method_of(out["n_parcels"].to_numpy(), limit))
            return out.astype({"lane": _STR, "method": _STR})
        meta = _empty(self.groups._meta, consumer_id="id", lane=_STR, n_parcels=np.int64,
                      method=_STR, cost=np.float64, cost_alone=np.float64, saving=np.float64)
        return self.groups.map_partitions(per_consumer, meta=meta)

    @property
    def lanes(self) -> pd.DataFrame:
        """Per lane and in all: parcels, packages, cost, cost_alone, saving."""
        if self._lanes is None:
            per = self.groups.groupby("lane", dropna=False).agg(
                parcels=("n_parcels", "sum"), packages=("n_parcels", "count"),
                cost=("cost", "sum"), cost_alone=("cost_alone", "sum"),
                saving=("saving", "sum")).compute()
            per = per.loc[sorted(per.index, key=str)].reset_index()
            total = per.drop(columns="lane").sum().to_dict()
            self._lanes = pd.concat([per, pd.DataFrame([{"lane": "(all)", **total}])],
                                    ignore_index=True).astype(
                {"parcels": np.int64, "packages": np.int64})
        return self._lanes

    @property
    def saving(self) -> float:
        return float(self.groups["saving"].sum().compute())


def consolidate(ddf, catalog: Catalog, tariff: Tariff, policy: ConsolidationPolicy, *,
                exact_limit: int = 12, exact_max_copies: int = 8, node_limit: int = 10_000,
                shuffle="auto", _scales=(1.0, 1.0)) -> DaskConsolidation:
    """:func:`cartonize.consolidate` on a dask DataFrame of parcels, partitioned by consumer
    (``shuffle`` as for :func:`pack_many`). Returns a :class:`DaskConsolidation`: ``groups``
    (the local columns; group ids unique over the frame, though not numbered 0..n-1),
    ``assignments``, ``consumers`` and ``lanes``."""
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
    if not isinstance(tariff, (Tariff, list, tuple, dict)) or not isinstance(
            policy, (ConsolidationPolicy, dict)):
        raise TypeError("tariff must be a Tariff, a list or a dict lane -> Tariff, and policy "
                        "a ConsolidationPolicy or a dict lane -> policy")
    exact_limit = check_whole(exact_limit, "exact_limit", 1, 20)
    _, node_limit, exact_max_copies = check_search(True, node_limit, exact_max_copies)
    options = dict(exact_limit=exact_limit, exact_max_copies=exact_max_copies,
                   node_limit=node_limit)
    ddf = _grouped(ddf, "consumer_id", shuffle)
    groups = ddf.map_partitions(_consolidate_partition, _ship(catalog), _ship(tariff),
                                _ship(policy), options, _scales, meta=_groups_meta(ddf._meta),
                                align_dataframes=False)
    ids = _id_dtype(ddf._meta["parcel_id"].dtype) if "parcel_id" in ddf.columns else object
    return DaskConsolidation(groups, exact_limit, ids)


def _shipments_meta(part) -> pd.DataFrame:
    return _empty(part, consumer_id="id", lane=object, parcel_ids=object, box_id=object,
                  gross_weight=np.int64, service=object, shipped_at=np.int64, cost=np.float64,
                  cost_alone=np.float64, saving=np.float64, waits_h=object, late=np.int64,
                  note=object)


def _simulate_partition(part, catalog, tariff, policy, options, scales, partition_info=None):
    if len(part) == 0:
        return _shipments_meta(part)
    from .consolidation import simulate as _simulate
    run = _named(lambda: _simulate(part, catalog, tariff, policy, threads=_threads(),
                                   **options), part, partition_info, scales)
    s = run.shipments
    ready = dict(zip(part["parcel_id"].tolist(), part["ready"].tolist()))
    deadline = dict(zip(part["parcel_id"].tolist(), part["deadline"].tolist()))
    s["waits_h"] = [tuple((t - ready[i]) / 3600 for i in ids)
                    for ids, t in zip(s["parcel_ids"], s["shipped_at"].tolist())]
    s["late"] = [sum(t > deadline[i] for i in ids)
                 for ids, t in zip(s["parcel_ids"], s["shipped_at"].tolist())]
    for c in ("lane", "box_id", "service"):
        s[c] = s[c].astype(object)
    s["note"] = pd.Series([run.message] * len(s), index=s.index, dtype=object)
    return s


def _percentile(counts, q: float) -> float:
    """np.percentile(values, q) of the values counted in `counts` (value -> how many)."""
    counts = counts[counts > 0].sort_index()
    if not len(counts):
        return 0.0
    values, cum = counts.index.to_numpy(np.float64), np.cumsum(counts.to_numpy())
    pos = q / 100 * (cum[-1] - 1)  # the ranks either side, and the value at each
    a, b = values[np.searchsorted(cum, [np.floor(pos), np.ceil(pos)], side="right")]
    t = pos - np.floor(pos)
    return float(b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t)  # as numpy's lerp


class DaskSimulation:
    """What :func:`simulate` gives on Dask, as the local :class:`cartonize.Simulation` gives
    it: ``shipments``, a dask DataFrame with the local columns, ``summary``, the local
    summary's figures (per lane and in all; the 95th percentile of waits exact, as numpy's
    from each distinct wait's count), and ``message``, the partitions' messages (empty, or
    what a run did not weigh whole), each computed on first use."""

    def __init__(self, shipments):
        # With each shipment's parcels' waits_h and late, for summary, and its partition's
        # message.
        self._full = shipments
        self.shipments = shipments.drop(columns=["waits_h", "late", "note"])
        self._summary = None
        self._message = None

    @property
    def message(self) -> str:
        """The partitions' messages, as :attr:`cartonize.Simulation.message` gives one
        (empty, or what the run did not weigh whole), distinct ones joined by "; "."""
        if self._message is None:
            notes = self._full["note"].drop_duplicates().compute()
            self._message = "; ".join(sorted(n for n in notes if n))
        return self._message

    def persist(self) -> "DaskSimulation":
        """The run held in the cluster's memory: writing and summing it simulate once."""
        return DaskSimulation(self._full.persist())

    @property
    def summary(self) -> pd.DataFrame:
        if self._summary is None:
            self._summary = self._compute_summary()
        return self._summary

    def _compute_summary(self) -> pd.DataFrame:
        s = self._full
        per = s.groupby("lane").agg(packages=("cost", "count"), cost=("cost", "sum"),
                                    cost_alone=("cost_alone", "sum"), saving=("saving", "sum"),
                                    late=("late", "sum")).compute()
        waits = s[["lane", "waits_h"]].explode("waits_h")
        waits["waits_h"] = waits["waits_h"].astype(np.float64)
        stats = waits.groupby("lane")["waits_h"].agg(["count", "mean"]).compute()
        # How many parcels waited each whole second, per lane: small, and exact.
        counts = waits.groupby(["lane", "waits_h"]).size().compute()
        rows = []
        for lane in sorted(per.index, key=str):
            rows.append({"lane": lane, "parcels": int(stats.loc[lane, "count"]),
                         **{k: per.loc[lane, k] for k in ("packages", "cost", "cost_alone",
                                                          "saving")},
                         "mean_wait_h": float(stats.loc[lane, "mean"]),
                         "p95_wait_h": _percentile(counts.xs(lane, level="lane"), 95),
                         "late": int(per.loc[lane, "late"])})
        rows.append({"lane": "(all)", "parcels": int(stats["count"].sum()),
                     "packages": int(per["packages"].sum()), "cost": float(per["cost"].sum()),
                     "cost_alone": float(per["cost_alone"].sum()),
                     "saving": float(per["saving"].sum()),
                     "mean_wait_h": float((stats["mean"] * stats["count"]).sum()
                                          / max(1, stats["count"].sum())),
                     "p95_wait_h": _percentile(counts.groupby(level="waits_h").sum(), 95),
                     "late": int(per["late"].sum())})
        return pd.DataFrame(rows)


def simulate(ddf, catalog: Catalog, tariff, policy, *, strategy: str = "rolling", every=None,
             exact_limit: int = 12, exact_max_copies: int = 8, node_limit: int = 10_000,
             shuffle="auto", _scales=(1.0, 1.0)) -> DaskSimulation:
    """:func:`cartonize.simulate` on a dask DataFrame of parcels, partitioned by consumer as
    :func:`consolidate` is (consumers are simulated independently, so partitions are too).
    Returns a :class:`DaskSimulation`: ``shipments`` (a dask DataFrame) and ``summary``."""
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(map(repr, STRATEGIES))}, "
                         f"got {strategy!r}")
    options = dict(strategy=strategy, exact_limit=check_whole(exact_limit, "exact_limit", 1, 20),
                   every=None if every is None else check_whole(every, "every", 1, 10**9))
    _, options["node_limit"], options["exact_max_copies"] = check_search(
        True, node_limit, exact_max_copies)
    ddf = _grouped(ddf, "consumer_id", shuffle)
    shipments = ddf.map_partitions(_simulate_partition, _ship(catalog), _ship(tariff),
                                   _ship(policy), options, _scales,
                                   meta=_shipments_meta(ddf._meta), align_dataframes=False)
    return DaskSimulation(shipments)
