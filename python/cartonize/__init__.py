"""cartonize: right-sized box selection for e-commerce logistics, with a C++ core.

>>> from cartonize import Item, Box, Catalog, pack, verify
>>> catalog = Catalog([Box("S", 200, 150, 100, max_weight=5_000, cost=0.30),
...                    Box("M", 300, 200, 150, max_weight=10_000, cost=0.45)])
>>> items = [Item(120, 80, 40, weight=350, quantity=2),
...          Item(250, 30, 30, weight=90, orientation="upright", id="poster")]
>>> p = pack(items, catalog)
>>> [b.box.id for b in p.boxes], p.cost
(['M'], 0.45)
>>> verify(p, items, catalog)
"""

from .catalog import Catalog
from .model import Box, Item, PackedBox, Packing, Placement
from .packing import Order, pack
from .batch import pack_many
from .consolidation import (ConsolidationPolicy, ConsolidationResult, Simulation, Tariff,
                            consolidate, pair_scores, simulate)
from .design import Design, design_catalog
from .verify import verify
from ._warmup import warmup

__all__ = ["Item", "Box", "Catalog", "Order", "Placement", "PackedBox", "Packing", "pack", "pack_many", "verify",
           "design_catalog", "Design", "Tariff", "ConsolidationPolicy", "ConsolidationResult",
           "consolidate", "pair_scores", "simulate", "Simulation", "warmup"]
__version__ = "0.1.0"
