"""Corrugated board of a regular slotted carton (FEFCO 0201)."""

from __future__ import annotations

import numpy as np

GLUE_FLAP = 35  # mm, FEFCO 0201 manufacturer's joint


def board_area(length, width, height, glue_flap: float = GLUE_FLAP):
    """Corrugated board of a regular slotted carton (FEFCO 0201), in the square of the length
    unit: a blank of (2L + 2W + glue_flap) x (W + H), L >= W the horizontal inner sides."""
    if all(isinstance(v, (int, float)) for v in (length, width, height)):  # one box: no numpy
        small = min(length, width)
        return float((2 * max(length, width) + 2 * small + glue_flap) * (small + height))
    length, width, height = (np.asarray(v, dtype=np.float64) for v in (length, width, height))
    big, small = np.maximum(length, width), np.minimum(length, width)
    return (2 * big + 2 * small + glue_flap) * (small + height)
