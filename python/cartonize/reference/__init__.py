"""Plain-Python reference implementations: readable definitions the fast code is held to.

Each module is the twin of the core file of its name: ``attempts`` (csrc/attempts.cpp),
``extreme_points``, ``lower_bounds``, ``fekete_schepers_bound``, ``support`` (csrc/support.hpp),
``groups``, ``split``,
``balance``, ``selection`` (the walk and pack itself), ``hull`` (the compact packing of boxes
cut to size), ``exact_search`` (a brute-force oracle in place of the search), ``landed_cost``;
``on_demand`` is the twin of cartonize._on_demand, ``consolidation``, ``simulation`` and
``pmedian`` of the Numba kernels.

- ``pack`` has the signature of :func:`cartonize.pack` and returns the same packing,
  placement for placement, with ``exact=False`` (boxes cut to size by machines as
  ``on_demand`` says). With the exact search, the oracle stands in for it on orders of at
  most 4 copies and beyond them none does: where the first attempts fail, the two may
  settle a box differently (``pack``'s docstring).
- ``exact_fit(items, box)``: the brute-force oracle the C++ exact search is held to.
- ``consolidate(parcels, catalog, tariff, policy)``: the definition the consolidation kernels
  are held to (parcels as a list of dicts).
- ``select_sizes(fit, cost, k)``: the exhaustive p-median the box-set design kernel is held to.
"""

from .consolidation import consolidate
from .exact_search import exact_fit
from .pmedian import select as select_sizes
from .on_demand import pack

__all__ = ["pack", "exact_fit", "consolidate", "select_sizes"]
