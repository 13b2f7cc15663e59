"""Loading every compiled kernel before the first request.

Numba compiles a kernel on its first call (seconds) unless a cached build exists: kernels are
declared with cache=True, so the build is stored beside the module, or, when the package
folder is read-only (a system or container install), in Numba's per-user cache folder, and
where neither is writable (a user with no home) in one of the temporary folder's
(NUMBA_CACHE_DIR overrides them). warmup() runs every kernel once on a tiny input, so that a
service pays the compile or cache load at start-up, not on its first request.
"""

from __future__ import annotations

import importlib.util
import logging
import time

import numpy as np

from ._extras import require
from ._simd import simd

_log = logging.getLogger("cartonize")


def warmup() -> float:
    """Exercise the C++ core once and compile or load every Numba kernel (when numba is
    installed: the ``consolidate`` extra; without it only the core). Returns seconds. With
    numba but not pandas it says so before compiling anything. It logs, on the ``cartonize``
    logger at INFO, the SIMD level the core's kernel runs (:func:`cartonize.simd`) and the
    seconds, so that a service's start-up log says which kernel it got.

    >>> import cartonize
    >>> cartonize.warmup() >= 0
    True
    """
    from . import datasets
    from .batch import pack_many
    t0 = time.perf_counter()
    catalog = datasets.sample_catalog()
    pack_many({"order_id": np.array([0, 0]), "length": np.array([100, 50]),
               "width": np.array([80, 40]), "height": np.array([60, 30])}, catalog, threads=1)
    if importlib.util.find_spec("numba") is None:
        return _done(t0)
    require(("pandas",), "consolidate", "warmup() of the consolidation kernels")
    from .consolidation import ConsolidationPolicy, Tariff, consolidate, pair_scores, simulate
    from .design import pmedian
    parcels = datasets.cross_border_parcels(60, seed=0)
    catalog = datasets.consolidation_catalog()
    tariff = Tariff(first_price=1.0, step_price=0.5, per_parcel=0.5)
    policy = ConsolidationPolicy(wait_cost_per_hour=0.01)
    consolidate(parcels, catalog, tariff, policy, exact_limit=3)  # exact and greedy paths
    pair_scores(parcels, catalog, tariff, policy)
    simulate(parcels, catalog, tariff, policy, strategy="rolling", exact_limit=3)
    simulate(parcels, catalog, [tariff], policy, strategy="rolling", every=3600)
    fit = np.array([[1, 0], [1, 1], [0, 1]], dtype=np.uint8)
    pmedian.select(fit, np.array([1.0, 2.0]), 1)
    Tariff.from_brackets([(1000, 1.0)]).price(1000, 10)
    return _done(t0)


def _done(t0: float) -> float:
    seconds = time.perf_counter() - t0
    _log.info("cartonize warm-up: %.3f s, placement kernel simd=%s", seconds, simd())
    return seconds
