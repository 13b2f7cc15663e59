"""The consolidation policy: limits of a consolidated package, and the price of waiting."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from ..tariff import to_micro

# The largest value of each limit: far beyond any real package, and small enough that sums
# over a group stay exact in 64 bits. Times are seconds: MAX_TIME (3,169 years) refuses epoch
# milliseconds (1.7e12 in 2024), microseconds and nanoseconds.
MAX_TIME = 10**11
MAX_VALUE = 10**15
# How a hub decides what ships when (simulate's strategy): re-plan as news comes, each parcel
# alone when it arrives, or consolidate with hindsight.
STRATEGIES = ("rolling", "on_arrival", "offline")

LIMITS = {"max_weight": 10**15, "max_value": MAX_VALUE, "max_parcels": 10**6,
          "max_wait": MAX_TIME}


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
        for name, hi in LIMITS.items():
            v = getattr(self, name)
            lo = 1 if name == "max_parcels" else 0  # (a package holds a parcel at least)
            if isinstance(v, bool) or not isinstance(v, numbers.Integral) or not lo <= v <= hi:
                raise ValueError(f"{name} must be a whole number in {lo}..{hi}, got {v!r}")
        to_micro(self.wait_cost_per_hour, "wait_cost_per_hour")
