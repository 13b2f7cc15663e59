"""Box-set design: which box sizes to stock, chosen from order history."""

from .catalog_design import Design, board_area, design_catalog

__all__ = ["Design", "design_catalog", "board_area"]
