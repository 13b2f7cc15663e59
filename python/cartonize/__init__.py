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

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING


def _the_program() -> bool:
    """Whether this process is the `cartonize` program (its script, or python -m cartonize)."""
    import os
    import sys

    if os.path.basename(sys.argv[0]) in ("cartonize", "cartonize.exe"):  # the script
        return True
    # python -m cartonize: while the package loads, argv[0] is "-m" and the interpreter's own
    # arguments end with the module's name (a script's "-m cartonize" arguments do not count).
    orig = list(getattr(sys, "orig_argv", ()))
    return (sys.argv[0] == "-m" and len(orig) >= len(sys.argv)
            and orig[len(orig) - len(sys.argv)] == "cartonize")


try:
    from . import _core  # noqa: F401 (the extension first: a refused SIMD level fails here)
except ImportError as _error:
    # CARTONIZE_SIMD naming no level, or one this CPU cannot run: the library raises the
    # ImportError (it names both); the program says it in one line.
    if str(_error).startswith("CARTONIZE_SIMD") and _the_program():
        import sys as _sys

        print(f"cartonize: {_error}", file=_sys.stderr)
        raise SystemExit(2) from None
    raise

from . import _extras
from ._version import __version__
from .catalog import Catalog
from .model import Bag, Box, Item
from .result import PackedBox, Packing, Placement
from .packing import Order, pack
from .batch import pack_many
from .tariff import Tariff
from .on_demand import OnDemand
from .verify import verify
from ._warmup import warmup
from ._simd import simd

# Consolidation and box-set design run Numba kernels: they (and numba) load on first use, so
# that `import cartonize` and `pack` stay lean for a service that only packs orders.
_LAZY = {"consolidate": "consolidation", "pair_scores": "consolidation",
         "simulate": "consolidation", "Simulation": "consolidation",
         "ConsolidationPolicy": "consolidation", "ConsolidationResult": "consolidation",
         "design_catalog": "design", "Design": "design"}
_NEEDS = ("numba", "pandas")  # what the solvers and their result tables import
_NUMBA_FREE = {"ConsolidationPolicy"}


# Submodules a user reaches as attributes (cartonize.datasets.sample_orders()), loaded on
# first use.
_SUBMODULES = ("datasets", "reference", "dask", "consolidation", "design", "view", "cli")

if _TYPE_CHECKING:  # what __getattr__ gives, as type checkers should see it
    # ("x as x": a name the package gives, for linters and for mypy's no implicit re-export.)
    from . import consolidation as consolidation, dask as dask, datasets as datasets
    from . import design as design, reference as reference, view as view
    from .consolidation import (ConsolidationPolicy as ConsolidationPolicy,
                                ConsolidationResult as ConsolidationResult,
                                Simulation as Simulation, consolidate as consolidate,
                                pair_scores as pair_scores, simulate as simulate)
    from .design import Design as Design, design_catalog as design_catalog


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = _import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    if name not in _LAZY:
        raise AttributeError(f"module 'cartonize' has no attribute {name!r}")
    if name not in _NUMBA_FREE:
        _extras.require(_NEEDS, "consolidate" if _LAZY[name] == "consolidation" else "design",
                        f"cartonize.{name}")
    module = _import_module(f".{_LAZY[name]}", __name__)
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_SUBMODULES))


# `from cartonize import *` takes the names their extras allow here: on the base install (a
# service that packs orders) it takes the packing names, not a ModuleNotFoundError.
__all__ = ["Item", "Box", "Bag", "Catalog", "Order", "Placement", "PackedBox", "Packing", "pack",
           "pack_many", "verify", "Tariff", "warmup", "simd", "OnDemand", "__version__",
           "ConsolidationPolicy"]
if not _extras.missing(_NEEDS):
    __all__ += ["design_catalog", "Design", "ConsolidationResult", "consolidate", "pair_scores",
                "simulate", "Simulation"]
