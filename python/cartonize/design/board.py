"""Corrugated board of a regular slotted carton (FEFCO 0201): see ``cartonize._board`` (kept
outside this package so that boxes cut to size price their board without loading design)."""

from .._board import GLUE_FLAP, board_area

__all__ = ["GLUE_FLAP", "board_area"]
