"""Consolidation scoring: ship one consumer's parcels together when it pays.

The policy and the rate cards load without Numba; the solvers (consolidate, pair_scores,
simulate), which run Numba kernels, load on first use."""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING

from .._extras import require
from ..tariff import Tariff
from .policy import STRATEGIES, ConsolidationPolicy

_LAZY = {"consolidate": "solver", "ConsolidationResult": "solver", "pair_scores": "pairs",
         "simulate": "simulate", "Simulation": "simulate"}

if _TYPE_CHECKING:  # what __getattr__ gives, as type checkers should see it
    from .pairs import pair_scores
    from .simulate import Simulation, simulate
    from .solver import ConsolidationResult, consolidate


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    require(("numba", "pandas"), "consolidate", f"cartonize.{name}")
    value = getattr(_import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["Tariff", "ConsolidationPolicy", "ConsolidationResult", "consolidate", "pair_scores",
           "simulate", "Simulation", "STRATEGIES"]
