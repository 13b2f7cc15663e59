"""Consolidation scoring: ship one consumer's parcels together when it pays."""

from .simulate import Simulation, simulate
from .solver import ConsolidationResult, consolidate, pair_scores
from ..tariff import Tariff
from .policy import ConsolidationPolicy

__all__ = ["Tariff", "ConsolidationPolicy", "ConsolidationResult", "consolidate", "pair_scores",
           "simulate", "Simulation"]
