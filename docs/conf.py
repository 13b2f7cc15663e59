"""Sphinx configuration of cartonize's documentation site (docs/)."""

import cartonize

project = "cartonize"
author = "the cartonize authors"
copyright = "2026, the cartonize authors"
release = cartonize.__version__
version = release

# No extension that reaches the network: the site builds offline.
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.viewcode"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "undoc-members": False}
# Type hints name pandas, Arrow and polars tables that the build need not import.
nitpicky = False

html_theme = "furo"
html_title = f"cartonize {release}"
html_static_path = ["_static"]
