"""Consolidation scoring: ship one consumer's parcels together when it pays."""

from .solver import ConsolidationResult, consolidate, pair_scores
from .tariff import ConsolidationPolicy, Tariff

__all__ = ["Tariff", "ConsolidationPolicy", "ConsolidationResult", "consolidate", "pair_scores"]
