"""The catalogue, the lanes' rates and the parcels' own prices, ready for the kernels: the box
fits of candidate groups from the C++ core (one batch call), prices from the Numba kernels."""

from __future__ import annotations

import numpy as np

from .. import _core, _grid
from .._tables import RowError, RowValueError, plain
from ..catalog import Catalog
from .._interrupts import held
from . import kernels
from .parcels import Parcels
from .rates import Rates

K = held(kernels)  # (Ctrl-C waits for a kernel called from here to return)
PRICE_BLOCK = 200_000  # candidate groups priced at once


class Engine:
    """The catalogue, the lanes' rates and the parcels' own prices, for the kernels."""

    def __init__(self, P: Parcels, catalog: Catalog, tariff, policy, threads,
                 exact_max_copies: int = 8, node_limit: int = 10_000):
        if not isinstance(catalog, Catalog):
            raise TypeError(f"catalog must be a Catalog, got {type(catalog).__name__}")
        if catalog.on_demand:
            raise ValueError("consolidation packs into stocked boxes: give a Catalog without "
                             "on_demand machines")
        if catalog.void_fill_cost is not None:
            raise ValueError("consolidation does not weigh void_fill_cost yet: give a Catalog "
                             "without it")
        bags = [b.id for b in catalog.boxes if b.kind == "bag"]
        if bags:
            raise ValueError(f"consolidation packs into boxes: bag {bags[0]!r} cannot hold a "
                             "consolidated package here; give a Catalog of boxes")
        self.P, self.catalog, self.threads = P, catalog, threads or 0
        self.exact_max_copies, self.node_limit = exact_max_copies, node_limit
        self.rates = R = Rates(tariff, policy, P.lanes)
        boxes = catalog.boxes
        outer = np.sort(np.array([b.outer for b in boxes], dtype=np.int64).reshape(-1, 3), axis=1)
        self.box_volume = outer.prod(axis=1)
        self.box_longest = outer[:, 2]
        self.box_girth = outer[:, 2] + 2 * (outer[:, 0] + outer[:, 1])
        self.box_empty = np.array([b.empty_weight for b in boxes], dtype=np.int64)
        self.box_limit = np.array([-1 if b.max_weight is None else b.max_weight for b in boxes],
                                  dtype=np.int64)
        from ..tariff import to_micro
        # With a tariff (consolidation always has one) a box given no cost counts no material,
        # as in pack: its volume stood in as money (a catalogue without costs consolidated
        # nothing, its boxes "costing" millions).
        self.box_cost = np.array([to_micro(b.cost, f"box {b.id!r} cost") if b._cost_given else 0
                                  for b in boxes], dtype=np.int64)
        self.max_net = R.gross - int(self.box_empty.min())
        self.alone, self.alone_service = K.alone_prices(P.volume, P.longest, P.girth, P.weight,
                                                        P.lane, R.svc_start, R.S)
        self._check_prices(self.alone, np.arange(len(self.alone)), "taken alone")

    def _check_prices(self, prices, rows, what) -> None:
        over = np.flatnonzero(prices == K.OVERFLOW)
        if len(over):
            raise OverflowError(f"parcels: row {int(self.P.perm[rows[over[0]]])}: the price of "
                                f"the parcel {what} overflows 64-bit micro-units")
        bad = np.flatnonzero(prices == -1)
        if len(bad):  # the first by the file's rows, and how many more (a hub's trial: a fix
            bad = rows[bad][np.argsort(self.P.perm[rows[bad]], kind="stable")]  # and a rerun
            i, more = bad[0], len(bad) - 1  # met the next)
            lane = self.P.lane_name[self.P.lane[i]]
            others = "".join(f", {plain(self.P.parcel_id[j])!r}" for j in bad[1:4])[2:]
            # A RowValueError: the command line names the file's row
            raise RowValueError("parcels", RowError(
                int(self.P.perm[i]), "parcel_id", plain(self.P.parcel_id[i]),
                f"is {what} at no service{f' of lane {lane!r}' if lane else ''} "
                f"({int(self.P.weight[i])} g, longest side {int(self.P.longest[i])} mm, over "
                "every service's limits)"
                + (f"; so {'are' if more > 1 else 'is'} {more:,} more ({others}"
                   f"{', ...' if more > 3 else ''})" if more else "")))

    def extend(self, cons, masks, ready=None, late=None, deadline=None, seen=None, cap=0):
        """(cons, masks, over): the groups of one more parcel (kernels.extend; with a cap,
        `seen` counts each key's candidates and `over` marks the keys past it)."""
        P, R = self.P, self.rates
        if seen is None:
            seen = np.zeros(len(P.n_local), dtype=np.int64)
        return K.extend(cons, masks, P.cstart, P.ready if ready is None else ready,
                        P.ready if late is None else late,
                        P.deadline if deadline is None else deadline, P.weight, P.value,
                        P.key_lane, self.max_net, R.value, R.parcels, R.wait, seen, cap)

    def fits(self, cons, masks):
        """(groups, boxes) uint8: does the box hold the group, decided as pack() decides."""
        P = self.P
        off, L, W, H, M = K.group_lines(cons, masks, P.cstart, P.length, P.width, P.height,
                                        P.weight)
        ones = np.ones(len(L), dtype=np.int64)
        return _core.fit_matrix(self.catalog._core, off, L, W, H, M, ones,
                                np.full(len(L), _grid.ORIENTATION_MASKS["any"], dtype=np.uint8),
                                self.threads, self.exact_max_copies, self.node_limit)

    def price(self, cons, masks, ready=None, waiting: bool = True):
        """Cost, box, service and ship time of candidate groups (waiting at the latest of
        `ready`, unless `waiting` is False: box and shipping alone): one batch fit call to the
        core."""
        P, R = self.P, self.rates
        if len(masks) == 0:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z, z
        if len(masks) > PRICE_BLOCK:  # in blocks: the fits' lines stay a few MB, not GBs
            blocks = [self.price(cons[a:a + PRICE_BLOCK], masks[a:a + PRICE_BLOCK], ready,
                                 waiting) for a in range(0, len(masks), PRICE_BLOCK)]
            return tuple(np.concatenate([b[k] for b in blocks]) for k in range(4))
        ready = P.ready if ready is None else ready
        out = K.price_groups(cons, masks, self.fits(cons, masks), P.cstart, ready, P.deadline,
                             P.weight, P.value, P.key_lane, self.box_volume, self.box_longest,
                             self.box_girth, self.box_empty, self.box_limit, self.box_cost,
                             R.gross, R.rate if waiting else np.zeros_like(R.rate),
                             R.svc_start, R.S)
        if (out[0] == K.OVERFLOW).any():
            raise OverflowError("a consolidated package's price overflows 64-bit micro-units")
        return out
