"""Packing instructions a packer can follow: an interactive 3D view of a packing (one
self-contained HTML page) and a printed packing sheet (a PDF), both built from the same steps
(:mod:`cartonize.view.steps`). Needs the ``viz`` extra (plotly for the page, reportlab for the
sheet).

    from cartonize import view
    page = view.html(packing, items, title="order 1042")   # str: one HTML page, no network
    pdf = view.sheet([packing], orders=["1042"], page="A4")  # bytes: a PDF, a page per box
"""

from .page import html
from .sheet import sheet

__all__ = ["html", "sheet"]
