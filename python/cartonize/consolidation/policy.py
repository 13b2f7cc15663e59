"""The consolidation policy: limits of a consolidated package, and the price of waiting."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from ..tariff import to_micro


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
