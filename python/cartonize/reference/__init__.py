"""Plain-Python reference implementations: readable definitions the fast code is held to.

- ``pack`` has the signature of :func:`cartonize.pack` and returns the same packing,
  placement for placement (the exact search replaced by a brute-force oracle, see ``exact``;
  boxes cut to size by machines, see ``on_demand``).
- ``exact_fit(items, box)``: the brute-force oracle the C++ exact search is held to.
- ``consolidate(parcels, catalog, tariff, policy)``: the definition the consolidation kernels
  are held to (parcels as a list of dicts).
- ``select_sizes(fit, cost, k)``: the exhaustive p-median the box-set design kernel is held to.
"""

from .consolidation import consolidate
from .exact import exact_fit
from .pmedian import select as select_sizes
from .on_demand import pack

__all__ = ["pack", "exact_fit", "consolidate", "select_sizes"]
