"""Type stubs for cartonize's private C++ extension (csrc/bindings/, a file per concept). Use
the public API."""

from typing import Any, Optional

import numpy as np
import numpy.typing as npt

MAX_LENGTH: int
MAX_WEIGHT: int
MAX_QUANTITY: int
MAX_COPIES: int
MAX_EXACT_COPIES: int
ORIENTATION_MASKS: dict[str, int]
STATUS_NAMES: tuple[str, ...]   # by code: packed, partial, empty, error
PROOF_NAMES: tuple[str, ...]    # proven, heuristic, unknown
REASON_NAMES: tuple[str, ...]   # "", too_large, too_heavy, unshippable
FIT_NAMES: tuple[str, ...]      # fit, no_fit, unknown
OBJECTIVE_NAMES: tuple[str, ...]  # boxes, cost
# The layouts that cross the boundary, as field names by position (csrc/bindings/layouts.hpp):
# read a position as ITEM_FIELDS.index("mask") rather than writing the number.
ITEM_FIELDS: tuple[str, ...]
"""An Item's tuple: length, width, height, weight, quantity, mask (the row the core reads:
the first six), orientation, id, group, category, max_per_box, ships_alone, stackable,
max_load."""
SERVICE_FIELDS: tuple[str, ...]
"""A service as Catalog.priced takes it: divisor, per_parcel_u, first_weight, first_price_u,
step_weight, step_price_u, bracket_up, bracket_price_u, max_weight, max_length, max_girth."""
ORDER_RESULT_FIELDS: tuple[str, ...]
"""What pack_order and pack_rows return: boxes (per box: catalogue index, end of its rows in
placements, load), placements, unpacked, proof, lower_bound, shipping, alone, timed_out
(unpacked and alone None when empty, shipping None on a catalogue not priced)."""
PLACEMENT_FIELDS: tuple[str, ...]
"""A row of placements of one order: item, copy, x, y, z, length, width, height."""
BATCH_PLACEMENT_FIELDS: tuple[str, ...]
"""A row of pack_batch's placements: order, box_index, box (catalogue index), line (the row
in the batch's line arrays), copy, x, y, z, length, width, height."""

def simd() -> str:
    """The SIMD level the placement kernel runs: baseline, avx2, avx512 or neon (chosen at
    import: the widest the CPU runs, or CARTONIZE_SIMD)."""
def simd_levels() -> tuple[str, ...]:
    """The levels this build has a kernel for and this CPU runs, narrowest first."""
def usable_cores() -> int:
    """How many threads threads=None starts: the cores this process may run on (on Linux its
    CPU affinity, and no more than its CPU quota), not always every core the machine has."""
def cpu_quota_cores(root: str = "") -> int:
    """The CPU quota of the process's control group in whole cores, rounded up (0: none);
    `root` prefixes every path read."""

class Catalog:
    """Boxes validated and sorted by (cost, volume, position); max_weight -1 = no limit.
    bag_wall[b] >= 0 makes entry b a bag of flat size length x width, at most height thick
    (-1: no limit), with that wall. fill_ppm[b] in 1..10^6: the share of its volume entry b
    may be filled to, in parts per million. void_u: void fill in micro-units a litre of a
    box's empty volume, as packings report it (cost counts the whole volume filled)."""

    def __init__(
        self,
        length: npt.NDArray[np.int64],
        width: npt.NDArray[np.int64],
        height: npt.NDArray[np.int64],
        max_weight: npt.NDArray[np.int64],
        cost: npt.NDArray[np.float64],
        bag_wall: npt.NDArray[np.int64] | None = None,
        fill_ppm: npt.NDArray[np.int64] | None = None,
        void_u: int = 0,
    ) -> None: ...
    def priced(self, outer: npt.NDArray[np.int64], empty_weight: npt.NDArray[np.int64],
               material_u: npt.NDArray[np.int64], services: list[tuple]) -> "Catalog":
        """This catalogue priced by carrier services: each an 11-tuple (divisor, per_parcel_u,
        first_weight, first_price_u, step_weight, step_price_u, bracket_up, bracket_price_u,
        max_weight, max_length, max_girth), limits -1 for none."""
    def __len__(self) -> int: ...
    @property
    def by_cost(self) -> list[int]: ...
    @property
    def usable(self) -> list[bool]: ...

class Rules:
    """Order rules: per category code a mask of the codes it may not share a box with; stock
    per box (-1 any); weight balance over splits."""

    def __init__(self, incompatible: list[int], stock: list[int] | None = None,
                 balance: bool = False) -> None: ...

def item_new(cls: type, *args: Any, **kwargs: Any) -> Any:
    """Item.__new__ for the common case (whole numbers, no rules); anything else goes to the
    Python constructor given to set_item_fallback."""

def set_item_fallback(constructor: Any) -> None:
    """The Python constructor item_new falls back to."""

def set_item_class(cls: type) -> None:
    """Makes cls(...) call item_new directly (the class's vectorcall; not inherited)."""

def pack_order(
    catalog: Catalog, rows: npt.NDArray[np.int64], exact: bool = True,
    node_limit: int = 10000, exact_max_copies: int = 8, objective: int = 0,
    rules: Any = None, group: Any = None, category: Any = None, max_per_box: Any = None,
    ships_alone: Any = None, stackable: Any = None, max_load: Any = None,
    min_support: float = 0.0, time_limit: float = 0.0, effort: int = 0,
) -> tuple[
    # boxes (k, 3): catalogue index, end of its rows in placements, weight of its copies
    npt.NDArray[np.int64],
    npt.NDArray[np.int32],  # placements (n, 8): item, copy, x, y, z, length, width, height
    Optional[npt.NDArray[np.int32]],  # unpacked (m, 3): item, copy, reason; None: none
    int,  # proof: PROOF_NAMES
    int,  # lower_bound
    # shipping (k, 3): service, price (micro-units), billable g; None: catalogue not priced
    Optional[npt.NDArray[np.int64]],
    Optional[npt.NDArray[np.int64]],  # alone (j, 5): item, copy, service, price, billable g
    bool,  # timed_out: the time limit cut the search short
]:
    """Pack one order given as (n, 6) rows: length, width, height, weight, quantity, mask.
    Orders of over 200 copies stop on Ctrl-C (KeyboardInterrupt)."""

def pack_rows(
    catalog: Catalog, rows: list[tuple[int, int, int, int, int, int]], exact: bool = True,
    node_limit: int = 10000, exact_max_copies: int = 8, objective: int = 0,
    time_limit: float = 0.0,
) -> tuple:
    """pack_order for a list of (length, width, height, weight, quantity, mask) tuples."""

def pack_items(
    catalog: Catalog, items: list[tuple] | tuple, categories: Optional[dict[Any, int]] = None,
    exact: bool = True, node_limit: int = 10000, exact_max_copies: int = 8,
    objective: int = 0, rules: Optional[Rules] = None, min_support: float = 0.0,
    time_limit: float = 0.0, effort: int = 0,
) -> tuple:
    """pack_order for a list or tuple of Items, their rule fields read from them (groups
    coded by first appearance, categories by `categories`; None: none)."""

def key_runs(keys: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.int64], bool]:
    """(rows where a run of equal values starts, row 0 first; whether the runs' values are
    proven distinct) for a 1-D object array."""

def pack_batch(
    catalog: Catalog,
    offsets: npt.NDArray[np.int64],
    length: npt.NDArray[np.int64],
    width: npt.NDArray[np.int64],
    height: npt.NDArray[np.int64],
    weight: npt.NDArray[np.int64],
    quantity: npt.NDArray[np.int64],
    mask: npt.NDArray[np.uint8],
    threads: int = 0,
    placements: bool = False,
    exact: bool = True,
    node_limit: int = 10000,
    exact_max_copies: int = 8,
    objective: int = 0,
    rules: Any = None,
    group: Any = None,
    category: Any = None,
    max_per_box: Any = None,
    ships_alone: Any = None,
    stackable: Any = None,
    max_load: Any = None,
    min_support: float = 0.0,
    time_limit: float = 0.0,
    effort: int = 0,
) -> dict[str, Any]:
    """Pack many orders given as CSR columns. Keys: status, n_boxes, n_unpacked,
    unpacked_why (uint8 per order: bit r set when a copy was left out for REASON_NAMES[r]),
    n_alone,
    cost, utilisation, box_offsets, box_ids, box_loads, box_services, box_shipping_u,
    shipping_u, material_u, proof, lower_bound, timed_out, placements (n, 11), errors
    {order: message}. Ctrl-C stops it (KeyboardInterrupt); RuntimeError when the system
    refuses to start the threads asked for (nothing packed)."""

def exact_fit(length: int, width: int, height: int, rows: npt.NDArray[np.int64],
              node_limit: int) -> tuple[int, npt.NDArray[np.int32], int]:
    """The exact search alone: (0 fit, 1 no fit, 2 unknown; placements (n, 8); nodes)."""

def exact_fit_each(boxes: list[tuple[int, int, int]], rows: npt.NDArray[np.int64],
                   node_limit: int) -> list[tuple[int, int]]:
    """The exact search in each box in turn, as the walk searches (not run again where the
    last answer without a fit is known, 0 nodes then): [(status, nodes), ...]."""

def fit_matrix(candidates: Catalog, offsets: npt.NDArray[np.int64],
               length: npt.NDArray[np.int64], width: npt.NDArray[np.int64],
               height: npt.NDArray[np.int64], weight: npt.NDArray[np.int64],
               quantity: npt.NDArray[np.int64], mask: npt.NDArray[np.uint8],
               threads: int = 0, exact_max_copies: int = 0,
               node_limit: int = 10000) -> npt.NDArray[np.uint8]:
    """(orders, candidates): 1 holds the whole order in one box, 0 not, 2 malformed order;
    exact_max_copies > 0 settles small orders with the exact search. RuntimeError when the
    system refuses to start the threads asked for."""

def hull_pack(rows: npt.NDArray[np.int64], length: int, width: int, height: int,
              stackable: npt.NDArray[np.uint8] | None = None,
              max_load: npt.NDArray[np.int64] | None = None, min_support: float = 0.0,
              grounded: bool = False, time_limit: float = 0.0, every: bool = False,
              ) -> tuple[tuple[int, int, int] | None, npt.NDArray[np.int32] | None, bool,
                         list[tuple[tuple[int, int, int], npt.NDArray[np.int32]]] | None]:
    """The most compact packing found of the order (n, 6 rows) inside length x width x height:
    ((extent x, y, z), placements (n, 8), stopped, attempts), or (None, None, stopped,
    attempts) when no attempt packs it there; attempts: with every, each attempt's packing
    (extent, placements) in attempt order (ordering, then frame), else None. With stackable, max_load (per row, -1 for none) or min_support, one that
    keeps those rules as pack does; with grounded, no copy rests on nothing off the floor.
    time_limit > 0: the best found in that many seconds (stopped: the limit stopped the
    search). Ctrl-C stops a set of over 200 copies."""

def hull_packings(offsets: npt.NDArray[np.int64], length: npt.NDArray[np.int64],
                  width: npt.NDArray[np.int64], height: npt.NDArray[np.int64],
                  weight: npt.NDArray[np.int64], quantity: npt.NDArray[np.int64],
                  mask: npt.NDArray[np.uint8], box_length: int, box_width: int,
                  box_height: int, threads: int = 0,
                  time_limits: npt.NDArray[np.float64] | None = None, every: bool = False,
                  ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64],
                             npt.NDArray[np.int32], npt.NDArray[np.uint8]]:
    """hull_pack for many sets (CSR), set o's search at most time_limits[o] seconds (<= 0 or
    None: no limit): (extents (n, 3), zeros where none; placement offsets (n + 1); placements
    (m, 8), item = the set's line; stopped (n), 1 where the limit stopped the search). With
    every, each attempt's packing: slot 6 o + a for attempt a (zeros where it failed). Ctrl-C
    stops it (KeyboardInterrupt)."""

def order_hulls(offsets: npt.NDArray[np.int64], length: npt.NDArray[np.int64],
                width: npt.NDArray[np.int64], height: npt.NDArray[np.int64],
                weight: npt.NDArray[np.int64], quantity: npt.NDArray[np.int64],
                mask: npt.NDArray[np.uint8], threads: int = 0) -> npt.NDArray[np.int32]:
    """(orders, 3) extents of a compact packing of each order (zeros if none)."""
