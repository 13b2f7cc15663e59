"""Carrier rate cards, and the consolidation policy.

Money is held as integer micro-units (1e-6 of the currency) so that every sum is exact: prices
given as floats are rounded to the nearest micro-unit once, when the Tariff is made. Lengths
are mm, weights g, volumes mm^3, times seconds.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

MICRO = 1_000_000


def to_micro(amount, what: str) -> int:
    if isinstance(amount, bool) or not isinstance(amount, numbers.Real):
        raise TypeError(f"{what} must be a number, got {amount!r}")
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(f"{what} = {amount!r} must be finite and not negative")
    if amount > 1e12:
        raise ValueError(f"{what} = {amount!r} is too large")
    return int(round(float(amount) * MICRO))


def _positive_int(v, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or v != v or v <= 0 or v != int(v):
        raise ValueError(f"{what} must be a positive whole number, got {v!r}")
    return int(v)


@dataclass(frozen=True)
class Tariff:
    """A parcel rate card.

    Billable weight = max(actual weight, ceil(outer volume / divisor)): lengths in mm, weights
    in g, ``divisor`` in cm^3/kg (5000 and 6000 are common), so mm^3 / divisor is grams.
    Price = per_parcel + first_price + ceil(max(0, billable - first_weight) / step_weight) *
    step_price; or, made with :meth:`from_brackets`, per_parcel + the price of the first
    bracket whose upper weight holds the billable weight (heavier parcels cannot ship).

    >>> t = Tariff(divisor=5000, first_weight=500, first_price=3.20, step_weight=500,
    ...            step_price=1.10, per_parcel=0.80)
    >>> t.price(300 * 200 * 100, 1200)   # billable 1,200 g: 0.80 + 3.20 + 2 steps of 1.10
    6.2
    """

    divisor: int = 5000
    first_weight: int = 500
    first_price: float = 0.0
    step_weight: int = 500
    step_price: float = 0.0
    per_parcel: float = 0.0
    brackets: tuple = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "divisor", _positive_int(self.divisor, "divisor"))
        if not self.brackets:
            object.__setattr__(self, "first_weight", int(max(0, self.first_weight)))
            object.__setattr__(self, "step_weight", _positive_int(self.step_weight,
                                                                  "step_weight"))
            to_micro(self.first_price, "first_price")
            to_micro(self.step_price, "step_price")
        else:
            last = -1
            for k, pair in enumerate(self.brackets):
                if len(pair) != 2:
                    raise ValueError(f"brackets[{k}] must be (up_to_grams, price)")
                up, price = pair
                up = _positive_int(up, f"brackets[{k}] up_to_grams")
                if up <= last:
                    raise ValueError(f"brackets must rise: brackets[{k}] up to {up} g")
                to_micro(price, f"brackets[{k}] price")
                last = up
        to_micro(self.per_parcel, "per_parcel")

    @classmethod
    def from_brackets(cls, brackets, divisor: int = 5000, per_parcel: float = 0.0) -> "Tariff":
        """A rate card by weight bracket: [(up_to_grams, price), ...], rising."""
        brackets = tuple((b[0], b[1]) for b in brackets)
        if not brackets:
            raise ValueError("brackets must not be empty")
        return cls(divisor=divisor, per_parcel=per_parcel, brackets=brackets)

    def arrays(self) -> tuple:
        """The card as integers for the kernels: (divisor, per_parcel_u, first_weight,
        first_price_u, step_weight, step_price_u, bracket_up[], bracket_price_u[])."""
        up = np.array([b[0] for b in self.brackets], dtype=np.int64)
        price = np.array([to_micro(b[1], "price") for b in self.brackets], dtype=np.int64)
        return (self.divisor, to_micro(self.per_parcel, "per_parcel"), self.first_weight,
                to_micro(self.first_price, "first_price"), self.step_weight,
                to_micro(self.step_price, "step_price"), up, price)

    def billable(self, outer_volume, weight):
        """Billable grams for outer volume (mm^3) and actual weight (g); works on arrays."""
        v = np.asarray(outer_volume, dtype=np.int64)
        w = np.asarray(weight, dtype=np.int64)
        return np.maximum(w, (v + self.divisor - 1) // self.divisor)

    def price(self, outer_volume, weight):
        """The price in currency units (NaN where no bracket holds the parcel)."""
        from .kernels import price_u
        a = self.arrays()
        b = self.billable(outer_volume, weight)
        out = np.array([price_u(int(x), *a) for x in np.atleast_1d(b)], dtype=np.float64)
        out = np.where(out < 0, np.nan, out / MICRO)
        return float(out[0]) if np.ndim(outer_volume) == 0 and np.ndim(weight) == 0 else out


@dataclass(frozen=True)
class ConsolidationPolicy:
    """Limits of a consolidated package, and the price of waiting.

    ``max_weight``: gross grams (parcels plus the box's empty weight); ``max_value``: total
    declared value in minor currency units (a customs threshold); ``max_parcels`` per package;
    ``max_wait``: seconds a parcel may wait for the last one; ``wait_cost_per_hour``: currency
    per parcel per hour waited.
    """

    max_weight: int = 30_000
    max_value: int = 15_000
    max_parcels: int = 10
    max_wait: int = 48 * 3600
    wait_cost_per_hour: float = 0.0

    def __post_init__(self):
        for name in ("max_weight", "max_value", "max_parcels", "max_wait"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0:
                raise ValueError(f"{name} must be a whole number >= 0, got {v!r}")
        to_micro(self.wait_cost_per_hour, "wait_cost_per_hour")
