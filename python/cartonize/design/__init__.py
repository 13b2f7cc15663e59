"""Box-set design: which box sizes to stock, chosen from order history."""

from .._extras import require

require(("numba", "pandas"), "design", "cartonize.design")

from .catalog_design import Design, board_area, design_catalog  # noqa: E402

__all__ = ["Design", "design_catalog", "board_area"]
